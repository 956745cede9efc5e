package org.parallel4j.mpi;

/** The result of comparing two communicators or two groups, as MPI defines it. */
public enum Comparison {
    /** The same communicator (or the same group). */
    IDENT,
    /** Different communicators with the same members in the same order. */
    CONGRUENT,
    /** The same members in a different order. */
    SIMILAR,
    /** Different members. */
    UNEQUAL
}
