package org.parallel4j.mpi;

import org.parallel4j.mpi.internal.StatusAccess;

/**
 * What a receive or probe learned about a message: its source, tag and size.
 *
 * <p>Blocking receives return nothing, so that the fast path allocates nothing; pass a
 * status from {@link #create()} to the overload that takes one when you need it (as with
 * mpi4py's {@code status=} argument). Requests carry their own: {@link Request#status()}.
 * Only the engines fill a status in: the class is final and has no public setters.
 */
public final class Status {
    static {
        StatusAccess.install(new StatusAccess.Writer() {
            @Override
            public Status create() {
                return new Status();
            }

            @Override
            public void set(Status s, int source, int tag, int count, long bytes, boolean object) {
                s.source = source;
                s.tag = tag;
                s.count = count;
                s.bytes = bytes;
                s.object = object;
                s.cancelled = false;
            }

            @Override
            public void setCancelled(Status s) {
                s.cancelled = true;
            }
        });
    }

    private int source = Mpi.ANY_SOURCE;
    private int tag = Mpi.ANY_TAG;
    private int count;
    private long bytes;
    private boolean object;
    private boolean cancelled;

    private Status() {
    }

    /**
     * A fresh status to pass to a receive or probe: source {@code ANY_SOURCE}, tag {@code ANY_TAG}, count 0.
     *
     * @return a fresh status to pass to a receive or probe: source {@code ANY_SOURCE}, tag {@code ANY_TAG}, count 0
     */
    public static Status create() {
        return new Status();
    }

    /**
     * The rank of the sender in the communicator of the receive ({@link Mpi#PROC_NULL} for a receive from it).
     *
     * @return the rank of the sender in the communicator of the receive ({@link Mpi#PROC_NULL} for a receive from it)
     */
    public int source() {
        return source;
    }

    /**
     * The tag the message was sent with.
     *
     * @return the tag the message was sent with
     */
    public int tag() {
        return tag;
    }

    /**
     * The number of elements in the message, in the sender's element type: doubles for a
     * {@code double[]}, bytes for a {@code MemorySegment}, 1 for an object-tier message. After
     * a receive, the elements received. After a probe on the MPI engine, whose messages carry
     * bytes and not types, this is the number of bytes: to size a receive buffer in a program
     * that runs on either engine, use {@link #count(Class)}, as mpi4py's
     * {@code Get_count(datatype)}.
     *
     * @return the number of elements in the message
     */
    public int count() {
        return count;
    }

    /**
     * The number of {@code elementType} elements the message holds, on every engine: its bytes
     * divided by the element's size (as MPI_Get_count with that datatype).
     *
     * @param elementType {@code double.class}, {@code long.class} ... ({@code byte.class} for a segment)
     * @return the number of such elements
     * @throws MpiException ({@link ErrorClass#TYPE}) when the message is not a whole number of
     *     them, or is an object-tier message (receive it with {@code recvObject})
     */
    public int count(Class<?> elementType) {
        int size = elementType == boolean.class ? 1 : org.parallel4j.mpi.internal.Datatype.ofElementClass(elementType, "Status.count:"
                + " the element type").size;
        if (object) {
            throw new MpiException(ErrorClass.TYPE, "Status.count(" + elementType + "): the message from rank " + source + ", tag " + tag
                    + " is an object-tier message of " + bytes + " serialized bytes: receive it with recvObject");
        }
        if (bytes % size != 0) {
            throw new MpiException(ErrorClass.TYPE, "Status.count(" + elementType + "): the message from rank " + source + ", tag " + tag
                    + " has " + bytes + " bytes, not a whole number of " + size + "-byte elements");
        }
        return Math.toIntExact(bytes / size);
    }

    /**
     * The size of the message in bytes (serialized size for an object-tier message).
     *
     * @return the size of the message in bytes (serialized size for an object-tier message)
     */
    public long bytes() {
        return bytes;
    }

    /**
     * True when the message was sent with the object tier ({@code sendObject}).
     *
     * @return true when the message was sent with the object tier ({@code sendObject})
     */
    public boolean isObject() {
        return object;
    }

    /**
     * True when the request this status belongs to was cancelled.
     *
     * @return true when the request this status belongs to was cancelled
     */
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public String toString() {
        return "Status[source=" + source + ", tag=" + tag + ", count=" + count + ", bytes=" + bytes
                + (object ? ", object" : "") + (cancelled ? ", cancelled" : "") + "]";
    }
}
