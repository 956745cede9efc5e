package org.parallel4j.mpi;

/**
 * How a file is opened ({@link Comm#fileOpen}), as MPI's {@code MPI_MODE_*}: exactly one of
 * {@link #RDONLY}, {@link #WRONLY} and {@link #RDWR}, with any of the others.
 */
public enum FileMode {
    /** Read only. */ RDONLY,
    /** Write only. */ WRONLY,
    /** Read and write. */ RDWR,
    /** Create the file if it does not exist (not with RDONLY). */ CREATE,
    /** With CREATE: the file must not exist yet. */ EXCL,
    /** Delete the file when it is closed. */ DELETE_ON_CLOSE,
    /** No other program opens the file meanwhile (a hint). */ UNIQUE_OPEN,
    /** Only the shared file pointer is used: no explicit offsets, no seek. */ SEQUENTIAL,
    /** Both file pointers start at the end of the file. */ APPEND
}
