package org.parallel4j.mpi;

/**
 * A communication set up once and started many times ({@link Comm#sendInit},
 * {@link Comm#recvInit}): MPI's persistent requests. Each {@link #start()} begins one
 * operation on the same buffer, which the usual {@code await}/{@code test} complete.
 * Starting a request that is still active is an {@link ErrorClass#REQUEST} error.
 */
public interface PersistentRequest extends Request {
    /** Begins one operation. */
    void start();

    /**
     * Starts every request in order.
     *
     * @param requests the requests
     */
    static void startAll(PersistentRequest... requests) {
        for (PersistentRequest r : requests) {
            r.start();
        }
    }
}
