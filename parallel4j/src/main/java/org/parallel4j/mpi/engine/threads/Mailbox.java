package org.parallel4j.mpi.engine.threads;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.internal.Buffers;
import org.parallel4j.mpi.internal.Datatype;
import org.parallel4j.mpi.Status;
import org.parallel4j.mpi.internal.StatusAccess;

/**
 * The receive side of one rank: posted receives and unexpected messages, matched in MPI
 * order under this object's lock (a spin lock: every section is a few list operations
 * or a copy of at most {@link #EAGER_LIMIT_BYTES}).
 *
 * <p>Implementation note: both lists are intrusive and FIFO, and every match takes the
 * first entry that fits, which is exactly MPI's non-overtaking rule (a sender's messages
 * are appended in the order it sent them). Large copies happen outside the lock: a matched
 * receive or envelope is unlinked first, so the copier owns it. Small unmatched messages
 * are copied into a pooled envelope under the lock ({@link #EAGER_LIMIT_BYTES} bounds the
 * time spent there). A receive that cannot hold a message fails and leaves the message
 * queued, so no data is lost.
 */
final class Mailbox {
    /** Messages up to this size are buffered, so a standard send returns at once. */
    static final int EAGER_LIMIT_BYTES = Settings.EAGER_LIMIT_BYTES;

    private static final VarHandle LOCK;

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(Mailbox.class, "locked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** 1 while held. A test-and-test-and-set lock: sections are short and never block. */
    private volatile int locked;
    private RecvRequest postedHead;
    private RecvRequest postedTail;
    private Envelope unexpectedHead;
    private Envelope unexpectedTail;
    private Envelope free;

    /**
     * Delivers a message from comm rank {@code source}. Returns true when the send is complete
     * on return (matched, or buffered); false when {@code req} completes later (rendezvous or
     * synchronous send), in which case {@code req} must not be null.
     */
    boolean deliver(CommShared comm, int source, int tag, Object buf, Datatype type, int offset, int count, SendRequest req) {
        return deliver(comm, source, tag, buf, type, offset, count, req, null, -1);
    }

    /**
     * {@link #deliver(CommShared, int, int, Object, Datatype, int, int, SendRequest)} in a send
     * mode: {@code buffered} (a bsend: the message is copied whatever its size, its bytes
     * charged to the sender's attached buffer until received, a BUFFER error when they do not
     * fit) or ready ({@code readyDest} the destination, not negative: an rsend, an ARG error,
     * nothing delivered, when no matching receive is posted).
     */
    boolean deliver(CommShared comm, int source, int tag, Object buf, Datatype type, int offset, int count, SendRequest req,
                    BufferedSends buffered, int readyDest) {
        boolean sync = req != null && req.sync;
        boolean isObject = type == Datatype.OBJECT;
        long bytes = isObject ? ObjectMessage.bytes(buf) : (long) count * type.size;
        RecvRequest match;
        MpiException mismatch = null;
        boolean complete = true;
        lock();
        try {
            match = takePosted(comm.context, source, tag, isObject ? 1 : count, bytes, isObject, buf);
            if (match != null) {
                mismatch = check(match, type, count, source, tag);
            } else if (readyDest >= 0) {
                throw new MpiException(ErrorClass.ARG, "rsend(dest=" + readyDest + ", tag=" + tag + ") on " + comm.name
                        + ": no matching receive is posted; a ready send is only correct after the receiver has posted its "
                        + "receive (use send or ssend otherwise); the message was not delivered");
            }
            if (match == null || mismatch != null) {
                long charged = buffered == null ? 0 : buffered.reserve(bytes, source, tag, comm.name);
                Envelope e = obtain();
                e.buffered = buffered;
                e.charged = charged;
                e.context = comm.context;
                e.source = source;
                e.tag = tag;
                e.type = type;
                e.count = count;
                e.sender = null;
                boolean eager = isObject || buffered != null || (!sync && bytes <= EAGER_LIMIT_BYTES);
                if (isObject) {
                    e.data = buf;
                    e.dataOffset = 0;
                } else if (eager) {
                    Object s = e.storage(type, count);
                    Buffers.copy(buf, type, offset, s, type.storageType(), 0, count);
                    e.data = s;
                    e.dataOffset = 0;
                } else {
                    e.data = buf;
                    e.dataOffset = offset;
                }
                if (!eager || sync) {
                    e.sender = req;
                    req.envelope = e;
                    complete = false;
                }
                append(e);
            }
        } finally {
            unlock();
        }
        if (mismatch != null) {
            match.fail(mismatch);
            return complete;
        }
        if (match != null) {
            if (isObject) {
                match.payload = buf;
            } else if (match.inlineAllowed && type == match.type && InlineData.fits(type, count)) {
                InlineData.pack(buf, type, offset, count, match);
            } else {
                Buffers.copy(buf, type, offset, match.buf, match.type, match.offset, count);
            }
            match.setStatus(source, tag, isObject ? 1 : count, bytes, isObject);
            match.complete();
        }
        return complete;
    }

    /** Matches {@code r} against the unexpected messages, or posts it to wait for one. */
    void post(RecvRequest r) {
        Envelope e;
        MpiException error;
        lock();
        try {
            e = findUnexpected(r.context, r.source, r.tag);
            if (e == null) {
                appendPosted(r);
                return;
            }
            if (r.probe) {
                r.setStatus(e.source, e.tag, e.statusCount(), e.type == Datatype.OBJECT
                        ? ObjectMessage.serializedBytes(e.data, r.owner) : e.bytes(), e.type == Datatype.OBJECT);
                r.complete();
                return;
            }
            error = check(r, e.type, e.count, e.source, e.tag);
            if (error == null) {
                unlink(e);
                releaseCharge(e);
                r.setStatus(e.source, e.tag, e.statusCount(), e.bytes(), e.type == Datatype.OBJECT);
                if (e.type == Datatype.OBJECT) {
                    r.payload = e.data;
                } else if (e.data == e.store) {
                    copyOut(e, r);
                }
                if (e.sender == null) {
                    recycle(e);
                    e = null;
                }
            }
        } finally {
            unlock();
        }
        if (error != null) {
            r.fail(error);
            return;
        }
        if (e != null) {
            // Rendezvous or synchronous: the sender waits for this copy.
            if (e.data != e.store && e.type != Datatype.OBJECT) {
                copyOut(e, r);
            }
            SendRequest s = e.sender;
            lock();
        try {
                recycle(e);
            } finally {
            unlock();
        }
            s.envelope = null;
            s.setStatus(s.dest, s.tag, s.count, (long) s.count * s.type.size, false);
            s.complete();
        }
        r.complete();
    }

    /** The status of the first matching unexpected message, or null. */
    boolean iprobe(int context, int source, int tag, Status into, RankContext receiver) {
        lock();
        try {
            Envelope e = findUnexpected(context, source, tag);
            if (e == null) {
                return false;
            }
            StatusAccess.set(into, e.source, e.tag, e.statusCount(), e.type == Datatype.OBJECT
                    ? ObjectMessage.serializedBytes(e.data, receiver) : e.bytes(), e.type == Datatype.OBJECT);
            return true;
        } finally {
            unlock();
        }
    }

    /** Cancels an unmatched receive. */
    boolean cancel(RecvRequest r) {
        lock();
        try {
            if (!r.linked) {
                return false;
            }
            unlinkPosted(r);
        } finally {
            unlock();
        }
        r.markCancelled();
        return true;
    }

    /** Cancels an unmatched send queued here. */
    boolean cancel(SendRequest s) {
        lock();
        try {
            Envelope e = s.envelope;
            if (e == null || !e.queued || e.sender != s) {
                return false;
            }
            unlink(e);
            recycle(e);
            s.envelope = null;
        } finally {
            unlock();
        }
        s.markCancelled();
        return true;
    }

    private void lock() {
        if (LOCK.compareAndSet(this, 0, 1)) {
            return;
        }
        int spins = 0;
        do {
            if (++spins > 64) {
                Thread.yield(); // the holder may be descheduled (more ranks than cores)
            } else {
                Thread.onSpinWait();
            }
        } while (locked != 0 || !LOCK.compareAndSet(this, 0, 1));
    }

    private void unlock() {
        LOCK.setRelease(this, 0);
    }

    private static void copyOut(Envelope e, RecvRequest r) {
        copyOut(e, r.buf, r.type, r.offset);
    }

    /** Copies an envelope's data into {@code buf} from {@code offset}. */
    static void copyOut(Envelope e, Object buf, Datatype type, int offset) {
        Object src = e.data;
        Datatype st = e.type;
        if (st == Datatype.SEGMENT && src == e.store) {
            src = MemorySegment.ofArray((byte[]) src);
        }
        Buffers.copy(src, st, e.dataOffset, buf, type, offset, e.count);
    }

    /** Gives a buffered message's bytes back to its sender's attached buffer, once it is received. */
    private static void releaseCharge(Envelope e) {
        if (e.buffered != null) {
            e.buffered.release(e.charged);
            e.buffered = null;
        }
    }

    /**
     * A matched probe: takes the first unexpected message that matches out of the list, for a
     * {@link ThreadMessage} to receive; null when none does.
     */
    Envelope takeUnexpected(int context, int source, int tag) {
        lock();
        try {
            Envelope e = findUnexpected(context, source, tag);
            if (e != null) {
                unlink(e);
            }
            return e;
        } finally {
            unlock();
        }
    }

    /**
     * After a matched message's receive: gives back its charge, completes a waiting sender
     * (rendezvous or synchronous) and recycles the envelope.
     */
    void finishTaken(Envelope e) {
        releaseCharge(e);
        SendRequest s = e.sender;
        lock();
        try {
            recycle(e);
        } finally {
            unlock();
        }
        if (s != null) {
            s.envelope = null;
            s.setStatus(s.dest, s.tag, s.count, (long) s.count * s.type.size, false);
            s.complete();
        }
    }

    /** The error a receive gets for a message it cannot hold, or null when it fits (the common case allocates nothing). */
    private static MpiException check(RecvRequest r, Datatype type, int count, int source, int tag) {
        return check(r.type, r.capacity, r.comm.name, type, count, source, tag);
    }

    /** The error a receive into {@code capacity} elements of {@code rtype} gets for a message of {@code count} {@code type}, or null. */
    static MpiException check(Datatype rtype, int capacity, String comm, Datatype type, int count, int source, int tag) {
        if (type == rtype) {
            return type == Datatype.OBJECT || count <= capacity ? null : truncated(capacity, comm, type, count, source, tag);
        }
        if (type == Datatype.OBJECT) {
            return new MpiException(ErrorClass.TYPE, "type mismatch: the message " + where(comm, source, tag)
                    + " is an object (sent with sendObject), the receive is for a " + rtype.javaType
                    + ": receive it with recvObject; the message is kept");
        }
        if (rtype == Datatype.OBJECT) {
            return new MpiException(ErrorClass.TYPE, "type mismatch: the message " + where(comm, source, tag) + " holds " + count + " "
                    + type.plural + " (sent with send), the receive is recvObject: receive it into a "
                    + type.javaType + " with recv; the message is kept");
        }
        int elements = Buffers.compatible(type, rtype) ? Buffers.elementsIn(type, count, rtype) : -1;
        if (elements < 0) {
            return new MpiException(ErrorClass.TYPE, "type mismatch: the message " + where(comm, source, tag) + " holds " + count + " "
                    + type.plural + ", the receive buffer is a " + rtype.javaType + ": receive it into a "
                    + type.javaType + "; the message is kept");
        }
        return elements <= capacity ? null : truncated(capacity, comm, type, count, source, tag);
    }

    private static MpiException truncated(int capacity, String comm, Datatype type, int count, int source, int tag) {
        return new MpiException(ErrorClass.TRUNCATE, "recv buffer too small: message has " + count + " " + type.plural
                + ", buffer holds " + capacity + " " + where(comm, source, tag)
                + "; the message is kept: receive it with a larger buffer");
    }

    private static String where(String comm, int source, int tag) {
        return "(source=" + source + ", tag=" + tag + ", comm=" + comm + ")";
    }

    // ---- lists (all under the lock)

    private RecvRequest takePosted(int context, int source, int tag, int statusCount, long bytes, boolean isObject, Object payload) {
        RecvRequest r = postedHead;
        while (r != null) {
            RecvRequest next = r.next;
            if (r.matches(context, source, tag)) {
                unlinkPosted(r);
                if (!r.probe) {
                    return r;
                }
                r.setStatus(source, tag, statusCount, isObject ? ObjectMessage.serializedBytes(payload, r.owner) : bytes, isObject);
                r.complete();
            }
            r = next;
        }
        return null;
    }

    private Envelope findUnexpected(int context, int source, int tag) {
        for (Envelope e = unexpectedHead; e != null; e = e.next) {
            if (e.context == context && (source == org.parallel4j.mpi.Mpi.ANY_SOURCE || source == e.source)
                    && (tag == org.parallel4j.mpi.Mpi.ANY_TAG || tag == e.tag)) {
                return e;
            }
        }
        return null;
    }

    private void appendPosted(RecvRequest r) {
        r.prev = postedTail;
        r.next = null;
        if (postedTail == null) {
            postedHead = r;
        } else {
            postedTail.next = r;
        }
        postedTail = r;
        r.linked = true;
    }

    private void unlinkPosted(RecvRequest r) {
        if (r.prev == null) {
            postedHead = r.next;
        } else {
            r.prev.next = r.next;
        }
        if (r.next == null) {
            postedTail = r.prev;
        } else {
            r.next.prev = r.prev;
        }
        r.prev = null;
        r.next = null;
        r.linked = false;
    }

    private void append(Envelope e) {
        e.prev = unexpectedTail;
        e.next = null;
        if (unexpectedTail == null) {
            unexpectedHead = e;
        } else {
            unexpectedTail.next = e;
        }
        unexpectedTail = e;
        e.queued = true;
    }

    private void unlink(Envelope e) {
        if (e.prev == null) {
            unexpectedHead = e.next;
        } else {
            e.prev.next = e.next;
        }
        if (e.next == null) {
            unexpectedTail = e.prev;
        } else {
            e.next.prev = e.prev;
        }
        e.prev = null;
        e.next = null;
        e.queued = false;
    }

    private Envelope obtain() {
        Envelope e = free;
        if (e == null) {
            return new Envelope();
        }
        free = e.next;
        e.next = null;
        return e;
    }

    private void recycle(Envelope e) {
        e.data = null;
        e.buffered = null;
        e.sender = null;
        e.prev = null;
        e.next = free;
        free = e;
    }

    /** Removes a receive that its waiter abandoned (interrupt, job failure), if still posted. */
    void withdraw(RecvRequest r) {
        lock();
        try {
            if (r.linked) {
                unlinkPosted(r);
            }
        } finally {
            unlock();
        }
    }
}
