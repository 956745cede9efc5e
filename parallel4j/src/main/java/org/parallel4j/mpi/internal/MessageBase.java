package org.parallel4j.mpi.internal;

import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.Message;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.Status;

/**
 * What every engine's matched message shares: its status, the received-once rule and its
 * message, and the whole-buffer receive. An engine subclasses it with the receives themselves.
 */
public abstract class MessageBase implements Message {
    /** The status probes report for this message. */
    protected final Status status;
    private boolean received;

    /** For subclasses: the message's status, as the engine's probe reports it. */
    protected MessageBase(Status status) {
        this.status = status;
    }

    @Override
    public final Status status() {
        return status;
    }

    @Override
    public final synchronized boolean isReceived() {
        return received;
    }

    @Override
    public final Status recv(Object buf) {
        Datatype t = Datatype.of(buf);
        return recv(buf, 0, Datatype.length(buf, t));
    }

    /** Before a receive: a REQUEST error if the message was received already. Call holding the lock. */
    protected final void once(String what) {
        if (received) {
            throw new MpiException(ErrorClass.REQUEST, "Message." + what + ": the message (source=" + status.source() + ", tag="
                    + status.tag() + ") was already received: a matched message is received exactly once");
        }
    }

    /** After a receive that succeeded. Call holding the lock. */
    protected final void markReceived() {
        received = true;
    }

    /** Whether it has been received, for {@code toString} (holding the lock or not). */
    protected final boolean receivedFlag() {
        return received;
    }
}
