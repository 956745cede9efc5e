package org.parallel4j.mpi;

import org.parallel4j.mpi.internal.MutableStatus;

/**
 * What a receive or probe learned about a message: its source, tag and size.
 *
 * <p>Blocking receives return nothing, so that the fast path allocates nothing; pass a
 * status from {@link #create()} to the overload that takes one when you need it (as with
 * mpi4py's {@code status=} argument). Requests carry their own: {@link Request#status()}.
 */
public interface Status {
    /** A fresh status to pass to a receive or probe. */
    static Status create() {
        return new MutableStatus();
    }

    /** The rank of the sender in the communicator of the receive. */
    int source();

    /** The tag the message was sent with. */
    int tag();

    /**
     * The number of elements in the message, in the sender's element type: doubles for a
     * {@code double[]}, bytes for a {@code MemorySegment}, 1 for an object-tier message.
     */
    int count();

    /** The size of the message in bytes (serialized size for an object-tier message). */
    long bytes();

    /** True when the message was sent with the object tier ({@code sendObject}). */
    boolean isObject();

    /** True when the request this status belongs to was cancelled. */
    boolean isCancelled();
}
