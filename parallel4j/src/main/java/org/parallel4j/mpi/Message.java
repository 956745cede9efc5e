package org.parallel4j.mpi;

/**
 * A message that a matched probe ({@link Comm#mprobe}, {@link Comm#improbe}) took out of
 * matching: no other receive can get it, and it is received from here exactly once. A
 * receive that cannot hold it (too small, another type, a buffer receive of an object
 * message or the reverse) fails and leaves it here, to be received again with a fitting
 * buffer; a second receive after a successful one is an error.
 */
public interface Message {
    /**
     * The message's source, tag and size, as {@link Comm#probe} reports them.
     *
     * @return the message's status
     */
    Status status();

    /**
     * True once the message has been received.
     *
     * @return whether the message has been received
     */
    boolean isReceived();

    /**
     * Receives the message into {@code buf} ({@code MPI_Mrecv}).
     *
     * @param buf the receive buffer
     * @return the status of the receive
     */
    Status recv(Object buf);

    /**
     * Receives the message into {@code count} elements of {@code buf} from {@code offset}.
     *
     * @param buf the receive buffer
     * @param offset the index of the first element
     * @param count the capacity in elements
     * @return the status of the receive
     */
    Status recv(Object buf, int offset, int count);

    /**
     * Starts receiving the message into {@code buf} ({@code MPI_Imrecv}).
     *
     * @param buf the receive buffer
     * @return the request
     */
    Request irecv(Object buf);

    /**
     * Receives an object message.
     *
     * @param <T> the object's type
     * @return the object
     */
    <T> T recvObject();
}
