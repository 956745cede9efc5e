package org.parallel4j.mpi.engine.threads;

import org.parallel4j.mpi.internal.Datatype;

/**
 * A send that waits for its receiver: a synchronous send, a message too large to buffer, or
 * any nonblocking send (which may complete at once when buffered).
 */
final class SendRequest extends ThreadRequest {
    CommShared comm;
    int dest;
    int tag;
    Object buf;
    Datatype type;
    int offset;
    int count;
    boolean sync;
    boolean persistent;
    /** The queued envelope while unmatched, for cancel; guarded by the destination's mailbox. */
    Envelope envelope;

    SendRequest(RankContext owner) {
        super(owner);
    }

    void set(CommShared comm, int dest, int tag, Object buf, Datatype type, int offset, int count, boolean sync) {
        this.comm = comm;
        this.dest = dest;
        this.tag = tag;
        this.buf = buf;
        this.type = type;
        this.offset = offset;
        this.count = count;
        this.sync = sync;
        this.envelope = null;
        resetPending();
    }

    @Override
    public void start() {
        if (!persistent) {
            super.start();
        }
        restart();
        comm.deliver(owner, this);
    }

    @Override
    public boolean cancel() {
        return comm.cancelSend(this);
    }

    @Override
    public String describe() {
        return (sync ? "ssend" : "send") + "(dest=" + dest + ", tag=" + tag + ", " + count + " " + type.plural
                + ") on " + comm.name + ", waiting for a matching receive";
    }
}
