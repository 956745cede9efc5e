package org.parallel4j.mpi;

/**
 * How many threads of a rank may call message passing at once, MPI's thread support levels
 * in increasing order. {@link Mpi#threadLevel()} says what the engine grants.
 */
public enum ThreadLevel {
    /** Only one thread exists in the rank. */
    SINGLE,
    /** Only the thread that started the rank calls message passing. */
    FUNNELED,
    /** Any thread may call, but never two at once. */
    SERIALIZED,
    /**
     * Any thread may call at any time: point-to-point from any number of threads, matched
     * per (source, tag, communicator) in the order the sends happened; each communicator's
     * collectives from one thread at a time, in the same order on every rank (as MPI requires).
     */
    MULTIPLE
}
