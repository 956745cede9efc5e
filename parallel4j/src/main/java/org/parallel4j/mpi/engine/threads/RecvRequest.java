package org.parallel4j.mpi.engine.threads;

import java.util.concurrent.TimeUnit;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.ObjectRequest;
import org.parallel4j.mpi.internal.Datatype;

/** A posted receive or probe, linked into its mailbox's posted list until matched. */
final class RecvRequest extends ThreadRequest implements ObjectRequest<Object> {
    CommShared comm;
    int context;
    int source;
    int tag;
    Object buf;
    int offset;
    int capacity;
    Datatype type;
    boolean probe;
    boolean persistent;
    /** An object message: its codec bytes or an {@link ObjectMessage.Copied} graph. */
    Object payload;
    /** Set for the rank's blocking receive: small messages may come in {@link #inline0}/{@link #inline1}. */
    boolean inlineAllowed;
    /** Elements delivered inline, or -1 when the data went straight into {@link #buf}. */
    int inlineCount = -1;
    long inline0;
    long inline1;
    RecvRequest prev;
    RecvRequest next;
    boolean linked;

    RecvRequest(RankContext owner) {
        super(owner);
    }

    void set(CommShared comm, int source, int tag, Object buf, Datatype type, int offset, int capacity, boolean probe) {
        this.comm = comm;
        this.context = comm.context;
        this.source = source;
        this.tag = tag;
        this.buf = buf;
        this.type = type;
        this.offset = offset;
        this.capacity = capacity;
        this.probe = probe;
        this.payload = null;
        this.inlineCount = -1;
        resetPending();
    }

    boolean matches(int ctx, int src, int t) {
        return context == ctx && (source == Mpi.ANY_SOURCE || source == src) && (tag == Mpi.ANY_TAG || tag == t);
    }

    @Override
    public void start() {
        if (!persistent) {
            super.start();
        }
        restart();
        comm.post(owner, this);
    }

    @Override
    public boolean cancel() {
        return owner.mailbox.cancel(this);
    }

    @Override
    public Object get() {
        await();
        return decode();
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
        if (!await(timeout, unit)) {
            throw new MpiException(ErrorClass.TIMEOUT, "no message after " + timeout + " " + unit.toString().toLowerCase()
                    + " for " + describe());
        }
        return decode();
    }

    Object decode() {
        if (state == CANCELLED) {
            return null;
        }
        Object p = payload;
        payload = null;
        return p == null ? null : ObjectMessage.open(p, owner); // null: a receive from PROC_NULL
    }

    @Override
    public String describe() {
        String what = probe ? "probe" : type == Datatype.OBJECT ? "recvObject" : "recv";
        return what + "(source=" + (source == Mpi.ANY_SOURCE ? "ANY_SOURCE" : String.valueOf(source))
                + ", tag=" + (tag == Mpi.ANY_TAG ? "ANY_TAG" : String.valueOf(tag)) + ") on " + comm.name;
    }
}
