package org.parallel4j.mpi;

/**
 * The class of an {@link MpiException}, after MPI's error classes. Tests and handlers switch
 * on it rather than parse messages.
 */
public enum ErrorClass {
    /** An invalid rank: outside {@code [0, size)} and not a wildcard or {@code PROC_NULL}. */
    RANK,
    /** An invalid tag: negative (other than {@code ANY_TAG} on a receive) or above {@link Mpi#TAG_UB}. */
    TAG,
    /** A negative count, or offset and count outside the buffer. */
    COUNT,
    /** A buffer that is not a primitive array or {@code MemorySegment}, or is null where data is needed. */
    BUFFER,
    /** A message longer than the receive buffer. The message is kept: receive it with a larger buffer. */
    TRUNCATE,
    /** The element type of a message differs from that of the receive buffer. The message is kept. */
    TYPE,
    /** An invalid root for a collective. */
    ROOT,
    /** An operation that does not apply to the buffer's element type. */
    OP,
    /** A freed or otherwise invalid communicator. */
    COMM,
    /** An invalid group or group argument. */
    GROUP,
    /** An invalid topology argument (dimensions, periods, coordinates, direction). */
    TOPOLOGY,
    /** A freed or otherwise invalid window, or a window call its memory or kind does not allow. */
    WIN,
    /** A one-sided operation that reaches outside the target's window (or a negative displacement). */
    RMA_RANGE,
    /** A one-sided operation or synchronization call outside the epoch it needs (no fence, start or lock), or in the wrong order. */
    RMA_SYNC,
    /** A file that cannot be opened, read or written as asked: missing, existing under EXCL, opened without the access the call needs, closed, or an I/O error. */
    FILE,
    /** Any other invalid argument. */
    ARG,
    /** An invalid request, or one used in a state that does not allow the call. */
    REQUEST,
    /** Ranks called different collectives, or the same one with different roots, operations or counts. */
    COLLECTIVE_MISMATCH,
    /** Every live rank is blocked and nothing in flight can release any of them. */
    DEADLOCK,
    /** A rank's program threw: the job is over. The cause is that rank's exception. */
    PROC_FAILED,
    /** Another rank failed or called {@code abort}: the job is over. */
    ABORTED,
    /** A timed wait ran out. */
    TIMEOUT,
    /** The calling thread was interrupted while it waited. */
    INTERRUPTED,
    /** An object could not be serialized or deserialized. */
    SERIALIZATION,
    /** A bug in parallel4j. Please report it with the message. */
    INTERNAL
}
