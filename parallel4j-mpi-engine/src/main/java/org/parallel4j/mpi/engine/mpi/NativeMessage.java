package org.parallel4j.mpi.engine.mpi;

import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.Request;
import org.parallel4j.mpi.Status;
import org.parallel4j.mpi.internal.Buffers;
import org.parallel4j.mpi.internal.Datatype;
import org.parallel4j.mpi.internal.MessageBase;
import org.parallel4j.mpi.internal.StatusAccess;

/**
 * A message matched by {@code MPI_Improbe} ({@link NativePointToPoint#improbe}), received
 * with {@code MPI_Mrecv}/{@code MPI_Imrecv} on the communicator it came from (the object
 * tier's for an object message). A receive that does not fit throws and leaves the message
 * here. Null {@code matched}: the message from {@code PROC_NULL}.
 */
final class NativeMessage extends MessageBase {
    private final NativePointToPoint comm;
    private final NativePointToPoint.Matched matched;
    private final boolean object;

    NativeMessage(NativePointToPoint comm, NativePointToPoint.Matched matched, boolean object) {
        super(StatusAccess.create());
        this.comm = comm;
        this.matched = matched;
        this.object = object;
        if (matched == null) {
            StatusAccess.set(status, Mpi.PROC_NULL, Mpi.ANY_TAG, 0, 0, false);
        } else {
            StatusAccess.set(status, matched.source(), matched.tag(), object ? 1 : (int) matched.bytes(), matched.bytes(), object);
        }
    }

    @Override
    public synchronized Status recv(Object buf, int offset, int count) {
        Datatype t = Datatype.of(buf);
        Buffers.checkRegion(buf, t, offset, count, "Message.recv buffer");
        once("recv");
        Status out = StatusAccess.create();
        if (matched == null) {
            markReceived();
            return status;
        }
        refuseObject();
        comm.receiveMatched(matched, buf, t, offset, count, out, false);
        markReceived();
        return out;
    }

    @Override
    public synchronized Request irecv(Object buf) {
        Datatype t = Datatype.of(buf);
        once("irecv");
        if (matched == null) {
            markReceived();
            return NativeRequest.completed(comm, "Message.irecv", status);
        }
        refuseObject();
        NativeRequest r = comm.startMatchedReceive(matched, buf, t, Datatype.length(buf, t));
        markReceived();
        return r;
    }

    @Override
    public synchronized <T> T recvObject() {
        once("recvObject");
        if (matched == null) {
            markReceived();
            return null;
        }
        if (!object && comm.objects != comm.handle) {
            throw new MpiException(ErrorClass.TYPE, "type mismatch: the message (source=" + matched.source() + ", tag=" + matched.tag()
                    + ", comm=" + comm.name + ") holds " + matched.bytes() + " bytes (sent with send), the receive is recvObject: "
                    + "receive it into a buffer with recv; the message is kept");
        }
        T value = comm.receiveObject(matched, StatusAccess.create());
        markReceived();
        return value;
    }

    private void refuseObject() {
        if (object) {
            throw new MpiException(ErrorClass.TYPE, "type mismatch: the message (source=" + matched.source() + ", tag=" + matched.tag()
                    + ", comm=" + comm.name + ") is an object (sent with sendObject), the receive is for a buffer: receive it with "
                    + "recvObject; the message is kept");
        }
    }

    @Override
    public String toString() {
        return "Message[source=" + status.source() + ", tag=" + status.tag() + ", " + status.bytes() + " bytes"
                + (object ? ", an object" : "") + " on " + comm.name + (receivedFlag() ? ", received" : "") + "]";
    }
}
