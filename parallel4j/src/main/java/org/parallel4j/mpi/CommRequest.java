package org.parallel4j.mpi;

/** The request of {@link Comm#idup()}: complete once the new communicator is ready. */
public interface CommRequest extends Request {
    /**
     * The new communicator: waits for the request first if it is not complete.
     *
     * @return the new communicator
     */
    Comm comm();
}
