package org.parallel4j.mpi;

/** How {@link Comm#splitType} groups ranks (MPI's {@code MPI_COMM_TYPE_*}). */
public enum SplitType {
    /** Ranks that can share memory: those on one node ({@code MPI_COMM_TYPE_SHARED}). */
    SHARED
}
