package org.parallel4j.mpi;

/** The kind of a passive-target lock ({@link Win#lock(LockType, int)}), as MPI_LOCK_EXCLUSIVE and MPI_LOCK_SHARED. */
public enum LockType {
    /** One origin at a time holds the target: for puts and gets that must not interleave with others'. */
    EXCLUSIVE,
    /** Any number of origins hold the target together: for accumulates (atomic per element) and reads. */
    SHARED
}
