package org.parallel4j.mpi;

/** The code every rank runs in {@link Mpi#run(int, RankBody)}. */
@FunctionalInterface
public interface RankBody {
    /**
     * Runs on one rank with its world communicator.
     *
     * @param world this rank's world communicator
     * @throws java.lang.Exception whatever the rank throws; it ends the job with a report
     */
    void run(Comm world) throws Exception;
}
