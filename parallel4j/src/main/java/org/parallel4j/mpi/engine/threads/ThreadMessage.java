package org.parallel4j.mpi.engine.threads;

import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.Request;
import org.parallel4j.mpi.Status;
import org.parallel4j.mpi.internal.Buffers;
import org.parallel4j.mpi.internal.Datatype;
import org.parallel4j.mpi.internal.MessageBase;
import org.parallel4j.mpi.internal.StatusAccess;

/**
 * A message a matched probe took out of its receiver's mailbox ({@link Mailbox#takeUnexpected}):
 * it holds the envelope until a receive that fits takes the data, then completes a waiting
 * sender and recycles the envelope ({@link Mailbox#finishTaken}). Null envelope: the message
 * from {@code PROC_NULL}.
 */
final class ThreadMessage extends MessageBase {
    private final ThreadComm comm;
    private final Envelope envelope;

    ThreadMessage(ThreadComm comm, Envelope envelope) {
        super(StatusAccess.create());
        this.comm = comm;
        this.envelope = envelope;
        if (envelope == null) {
            StatusAccess.set(status, Mpi.PROC_NULL, Mpi.ANY_TAG, 0, 0, false);
        } else {
            boolean object = envelope.type == Datatype.OBJECT;
            StatusAccess.set(status, envelope.source, envelope.tag, envelope.statusCount(),
                    object ? ObjectMessage.serializedBytes(envelope.data, comm.me) : envelope.bytes(), object);
        }
    }

    @Override
    public synchronized Status recv(Object buf, int offset, int count) {
        Datatype t = Datatype.of(buf);
        Buffers.checkRegion(buf, t, offset, count, "Message.recv buffer");
        once("recv");
        if (envelope == null) {
            markReceived();
            return status;
        }
        MpiException e = Mailbox.check(t, count, comm.shared.name, envelope.type, envelope.count, envelope.source, envelope.tag);
        if (e != null) {
            throw e;
        }
        Mailbox.copyOut(envelope, buf, t, offset);
        Status out = StatusAccess.create();
        StatusAccess.set(out, envelope.source, envelope.tag, envelope.count, envelope.bytes(), false);
        finish(); // the envelope may be reused from here on
        return out;
    }

    @Override
    public Request irecv(Object buf) {
        // The data is already here: the receive completes at once.
        Datatype t = Datatype.of(buf);
        RecvRequest done = new RecvRequest(comm.me);
        done.set(comm.shared, status.source(), status.tag(), buf, t, 0, Datatype.length(buf, t), false);
        Status s = recv(buf);
        done.setStatus(s.source(), s.tag(), s.count(), s.bytes(), false);
        done.complete();
        return done;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> T recvObject() {
        once("recvObject");
        if (envelope == null) {
            markReceived();
            return null;
        }
        MpiException e = Mailbox.check(Datatype.OBJECT, 1, comm.shared.name, envelope.type, envelope.count, envelope.source, envelope.tag);
        if (e != null) {
            throw e;
        }
        Object payload = envelope.data;
        finish();
        return (T) ObjectMessage.open(payload, comm.me);
    }

    private void finish() {
        markReceived();
        comm.me.mailbox.finishTaken(envelope);
    }

    @Override
    public String toString() {
        return "Message[source=" + status.source() + ", tag=" + status.tag() + ", " + status.count() + (status.isObject() ? " object" : " elements")
                + " on " + comm.shared.name + (receivedFlag() ? ", received" : "") + "]";
    }
}
