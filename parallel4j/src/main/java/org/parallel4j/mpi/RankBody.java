package org.parallel4j.mpi;

/** The code every rank runs in {@link Mpi#run(int, RankBody)}. */
@FunctionalInterface
public interface RankBody {
    /** Runs on one rank with its world communicator. */
    void run(Comm world) throws Exception;
}
