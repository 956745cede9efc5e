package org.parallel4j.mpi.engine.mpi;

import static org.parallel4j.mpi.engine.mpi.Native.ABI;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.Group;
import org.parallel4j.mpi.Message;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.ObjectRequest;
import org.parallel4j.mpi.PersistentRequest;
import org.parallel4j.mpi.Request;
import org.parallel4j.mpi.Status;
import org.parallel4j.mpi.internal.Buffers;
import org.parallel4j.mpi.internal.CommBase;
import org.parallel4j.mpi.internal.Datatype;
import org.parallel4j.mpi.internal.GroupAccess;
import org.parallel4j.mpi.internal.StatusAccess;

/**
 * The point-to-point half of a communicator of the MPI engine ({@link NativeComm} adds
 * communicator management and the collectives): an {@code MPI_Comm} of the library, plus a
 * second one (a dup, made with it) that carries the object tier's messages, so an object never
 * matches a buffer receive or the reverse.
 *
 * <p>Implementation notes. A blocking receive first matches its message with
 * {@code MPI_Improbe} (polled, so that it can be interrupted and can yield), then checks it
 * against the buffer: a message that does not fit, or is not a whole number of elements, is
 * <em>kept</em> (as on the thread engine) in {@link #kept}, which later receives look at
 * before asking the library, so the order between a pair is preserved. The matched probe
 * makes this safe with many threads receiving at once.
 */
abstract class NativePointToPoint extends CommBase {
    final MpiEngine engine;
    final long handle;
    /** The shadow communicator of the object tier. */
    final long objects;
    volatile String name;
    final int rank;
    final int size;
    final boolean permanent;
    volatile boolean freed;
    /** Its handles as the collector's watch sees them (null for the predefined communicators). */
    final CommLifetimes.Handles handles;
    volatile Group group;
    final ArrayDeque<Matched> kept = new ArrayDeque<>();
    volatile int keptCount;
    final List<NativeRequest> selfSends = new java.util.ArrayList<>();

    /** A message matched by MPI_Improbe and not received yet. */
    record Matched(long message, int source, int tag, long bytes) {
    }

    NativePointToPoint(MpiEngine engine, long handle, String name, boolean permanent) {
        this(engine, handle, name, permanent, true);
    }

    /**
     * A communicator over {@code handle}; with {@code shadow}, the object tier gets a dup of its
     * own (collective). The world of a job shared with programs that are not parallel4j's (MPMD)
     * has none, since they would not join the dup: objects then share the world's context with
     * buffers, as in mpi4py.
     */
    NativePointToPoint(MpiEngine engine, long handle, String name, boolean permanent, boolean shadow) {
        this(engine, handle, name, permanent, shadow, handle);
    }

    /** As above, with the object tier's communicator {@code objects} already made (idup) unless {@code shadow} asks for one. */
    NativePointToPoint(MpiEngine engine, long handle, String name, boolean permanent, boolean shadow, long madeObjects) {
        this.engine = engine;
        this.handle = handle;
        this.name = name;
        this.permanent = permanent;
        Scratch s = Scratch.get();
        try {
            check((int) Native.COMM_SET_ERRHANDLER.invokeExact(handle, ABI.errorsReturn), "MPI_Comm_set_errhandler");
            check((int) Native.COMM_RANK.invokeExact(handle, s.intA), "MPI_Comm_rank");
            this.rank = s.intA.get(ValueLayout.JAVA_INT, 0);
            check((int) Native.COMM_SIZE.invokeExact(handle, s.intA), "MPI_Comm_size");
            this.size = s.intA.get(ValueLayout.JAVA_INT, 0);
            if (shadow) {
                check((int) Native.COMM_DUP.invokeExact(handle, s.handleA), "MPI_Comm_dup");
                this.objects = Scratch.readHandle(s.handleA);
                check((int) Native.COMM_SET_ERRHANDLER.invokeExact(objects, ABI.errorsReturn), "MPI_Comm_set_errhandler");
            } else {
                this.objects = madeObjects;
            }
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
        this.handles = permanent ? null : engine.lifetimes.track(this, handle, objects);
    }



    static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new MpiException(ErrorClass.INTERNAL, "MPI call failed: " + t, t);
    }

    void check(int rc, String what) {
        if (rc != 0) {
            throw engine.error(rc, what + " on " + name);
        }
    }

    /** TAG_UB of the library (at least 32767 by the standard; ours is Integer.MAX_VALUE). */
    long tagUpperBound() {
        Scratch s = Scratch.get();
        int keyval = ABI.family == Abi.Family.OPEN_MPI ? 0 : 0x64400001;
        try {
            check((int) Native.COMM_GET_ATTR.invokeExact(handle, keyval, s.handleA, s.intA), "MPI_Comm_get_attr(MPI_TAG_UB)");
            if (s.intA.get(ValueLayout.JAVA_INT, 0) == 0) {
                return Integer.MAX_VALUE;
            }
            return s.handleA.get(ValueLayout.ADDRESS, 0).reinterpret(4).get(ValueLayout.JAVA_INT, 0);
        } catch (MpiException e) {
            return 32767;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---------------------------------------------------------------- environment

    @Override
    protected int ranks() {
        return size;
    }

    @Override
    public boolean isFreed() {
        return freed;
    }

    @Override
    public int rank() {
        live();
        return rank;
    }

    @Override
    public int size() {
        live();
        return size;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void setName(String newName) {
        live();
        checkName(newName);
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            check((int) Native.COMM_SET_NAME.invokeExact(handle, arena.allocateFrom(newName)), "MPI_Comm_set_name");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
        name = newName;
    }

    @Override
    public Group group() {
        live();
        Group g = group;
        if (g == null) {
            int[] world = translateToWorld();
            g = GroupAccess.create(world, engine.world().rank());
            group = g;
        }
        return g;
    }

    int[] translateToWorld() {
        Scratch s = Scratch.get();
        int[] mine = new int[size];
        for (int i = 0; i < size; i++) {
            mine[i] = i;
        }
        try {
            check((int) Native.COMM_GROUP.invokeExact(handle, s.handleA), "MPI_Comm_group");
            long g = Scratch.readHandle(s.handleA);
            check((int) Native.COMM_GROUP.invokeExact(ABI.commWorld, s.handleB), "MPI_Comm_group");
            long wg = Scratch.readHandle(s.handleB);
            MemorySegment in = s.ints(mine, 0, size);
            MemorySegment out = s.ints(new int[size], 1, size);
            check((int) Native.GROUP_TRANSLATE_RANKS.invokeExact(g, size, in, wg, out), "MPI_Group_translate_ranks");
            int[] world = out.toArray(ValueLayout.JAVA_INT);
            check((int) Native.GROUP_FREE.invokeExact(s.handleA), "MPI_Group_free");
            check((int) Native.GROUP_FREE.invokeExact(s.handleB), "MPI_Group_free");
            return world;
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public void abort(int code) {
        System.out.flush();
        System.err.println("p4j: rank " + engine.world().rank() + " called abort(" + code + ") on " + name + "; ending the job");
        engine.abortJob(code);
    }

    // ---------------------------------------------------------------- point-to-point, blocking

    static int mpiSource(int source) {
        return source == Mpi.ANY_SOURCE ? ABI.anySource : source == Mpi.PROC_NULL ? ABI.procNull : source;
    }

    static int mpiTag(int tag) {
        return tag == Mpi.ANY_TAG ? ABI.anyTag : tag;
    }

    void checkTagBound(int tag) {
        if (tag > engine.tagUpperBound) {
            throw new MpiException(ErrorClass.TAG, "tag " + tag + " is above the MPI library's TAG_UB, " + engine.tagUpperBound
                    + " (" + ABI.family.label + "): use a smaller tag");
        }
    }

    /** The status MPI wrote at {@code st}, counted in elements of {@code t}. */
    Status statusOf(MemorySegment st, Datatype t) {
        long bytes = byteCount(st);
        int source = st.get(ValueLayout.JAVA_INT, ABI.statusSourceOffset);
        int tag = st.get(ValueLayout.JAVA_INT, ABI.statusTagOffset);
        Status s = StatusAccess.create();
        StatusAccess.set(s, source == ABI.procNull ? Mpi.PROC_NULL : source, tag == ABI.anyTag ? Mpi.ANY_TAG : tag,
                (int) (bytes / t.size), bytes, t == Datatype.OBJECT);
        return s;
    }

    /** The bytes that arrived, as the status says (read in place: one downcall less per message). */
    static long byteCount(MemorySegment st) {
        return ABI.statusBytes(st);
    }

    @Override
    public void send(Object buf, int offset, int count, int dest, int tag) {
        blockingSend(handle, buf, offset, count, dest, tag, SendMode.STANDARD);
    }

    @Override
    public void ssend(Object buf, int offset, int count, int dest, int tag) {
        blockingSend(handle, buf, offset, count, dest, tag, SendMode.SYNCHRONOUS);
    }

    @Override
    public void bsend(Object buf, int offset, int count, int dest, int tag) {
        blockingSend(handle, buf, offset, count, dest, tag, SendMode.BUFFERED);
    }

    @Override
    public void rsend(Object buf, int dest, int tag) {
        blockingSend(handle, buf, 0, lengthOf(buf), dest, tag, SendMode.READY);
    }

    void blockingSend(long comm, Object buf, int offset, int count, int dest, int tag, SendMode mode) {
        live();
        checkDest(dest);
        checkSendTag(tag);
        checkTagBound(tag);
        Datatype t = Datatype.of(buf);
        Buffers.checkRegion(buf, t, offset, count, "send buffer");
        if (dest == Mpi.PROC_NULL) {
            return;
        }
        if (mode == SendMode.BUFFERED) {
            engine.requireAttachedBuffer(mode.blocking, dest, tag, name);
        }
        if (dest == rank && mode == SendMode.STANDARD) {
            sendToSelf(startSend(comm, buf, t, offset, count, dest, tag, mode, "send"));
            return;
        }
        if (engine.polled && mode != SendMode.BUFFERED) {
            startSend(comm, buf, t, offset, count, dest, tag, mode, mode.blocking).await();
            return;
        }
        MpiEngine.Activity a = engine.activity();
        a.begin(mode.blocking, name, dest, tag);
        try {
            Staged st = new Staged(engine.heapCritical ? Staged.Mode.HEAP : Staged.Mode.SCRATCH);
            MemorySegment seg = st.in(buf, t, offset, count);
            long type = ABI.datatype(t);
            int rc;
            if (st.critical()) {
                rc = switch (mode) {
                    case STANDARD -> (int) Native.SEND_HEAP.invokeExact(seg, count, type, dest, tag, comm);
                    case SYNCHRONOUS -> (int) Native.SSEND_HEAP.invokeExact(seg, count, type, dest, tag, comm);
                    case BUFFERED -> (int) Native.BSEND_HEAP.invokeExact(seg, count, type, dest, tag, comm);
                    case READY -> (int) Native.RSEND_HEAP.invokeExact(seg, count, type, dest, tag, comm);
                };
            } else {
                rc = switch (mode) {
                    case STANDARD -> (int) Native.SEND.invokeExact(seg, count, type, dest, tag, comm);
                    case SYNCHRONOUS -> (int) Native.SSEND.invokeExact(seg, count, type, dest, tag, comm);
                    case BUFFERED -> (int) Native.BSEND.invokeExact(seg, count, type, dest, tag, comm);
                    case READY -> (int) Native.RSEND.invokeExact(seg, count, type, dest, tag, comm);
                };
            }
            check(rc, mode.blocking);
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            a.end();
        }
    }

    /**
     * A blocking send to this rank returns at once, as on the thread engine (MPI_Send to self
     * of a large message would wait forever for the receive this thread has yet to post): the
     * send runs on as a request, kept here (with its staged copy) until it completes.
     */
    void sendToSelf(NativeRequest r) {
        synchronized (selfSends) {
            selfSends.removeIf(NativeRequest::test);
            if (!r.test()) {
                selfSends.add(r);
            }
        }
    }

    @Override
    public void recv(Object buf, int offset, int count, int source, int tag, Status status) {
        live();
        checkSource(source);
        checkRecvTag(tag);
        Datatype t = Datatype.of(buf);
        Buffers.checkRegion(buf, t, offset, count, "recv buffer");
        if (source == Mpi.PROC_NULL) {
            StatusAccess.fill(status, Mpi.PROC_NULL, Mpi.ANY_TAG, 0, 0, false);
            return;
        }
        MpiEngine.Activity a = engine.activity();
        a.begin("recv", name, source, tag);
        try {
            receiveMatched(match(source, tag), buf, t, offset, count, status, true);
        } finally {
            a.end();
        }
    }

    /** The next message from {@code source} with {@code tag}: a kept one first, else one matched in the library. */
    Matched match(int source, int tag) {
        if (keptCount > 0) {
            Matched k = takeKept(source, tag, true);
            if (k != null) {
                return k;
            }
        }
        return matchIn(handle, source, tag);
    }

    Matched matchIn(long comm, int source, int tag) {
        Scratch s = Scratch.get();
        int src = mpiSource(source);
        int tg = mpiTag(tag);
        try {
            for (int n = 0; ; n++) {
                check((int) Native.IMPROBE.invokeExact(src, tg, comm, s.intA, s.handleA, s.status), "MPI_Improbe");
                if (s.intA.get(ValueLayout.JAVA_INT, 0) != 0) {
                    return new Matched(Scratch.readHandle(s.handleA), s.status.get(ValueLayout.JAVA_INT, ABI.statusSourceOffset),
                            s.status.get(ValueLayout.JAVA_INT, ABI.statusTagOffset), byteCount(s.status));
                }
                engine.pause(n);
            }
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    Matched takeKept(int source, int tag, boolean remove) {
        synchronized (kept) {
            for (Iterator<Matched> it = kept.iterator(); it.hasNext(); ) {
                Matched m = it.next();
                if ((source == Mpi.ANY_SOURCE || m.source() == source) && (tag == Mpi.ANY_TAG || m.tag() == tag)) {
                    if (remove) {
                        it.remove();
                        keptCount = kept.size();
                    }
                    return m;
                }
            }
        }
        return null;
    }

    void keep(Matched m) {
        synchronized (kept) {
            kept.addFirst(m);
            keptCount = kept.size();
        }
    }

    String where(Matched m) {
        return "(source=" + m.source() + ", tag=" + m.tag() + ", comm=" + name + ")";
    }

    /**
     * Receives matched message {@code m}; one that does not fit is kept for a later receive
     * ({@code keep}) or left to the caller (a {@link NativeMessage} holds it itself).
     */
    void receiveMatched(Matched m, Object buf, Datatype t, int offset, int capacity, Status status, boolean keep) {
        if (m.bytes() % t.size != 0) {
            String where = where(m);
            if (keep) {
                keep(m);
            }
            throw new MpiException(ErrorClass.TYPE, "type mismatch: the message " + where + " holds " + m.bytes()
                    + " bytes, not a whole number of " + t.plural + ": receive it into a buffer of its type; the message is kept");
        }
        int elements = (int) (m.bytes() / t.size);
        if (elements > capacity) {
            String where = where(m);
            if (keep) {
                keep(m);
            }
            throw new MpiException(ErrorClass.TRUNCATE, "recv buffer too small: message has " + elements + " " + t.plural
                    + ", buffer holds " + capacity + " " + where + "; the message is kept: receive it with a larger buffer");
        }
        Scratch s = Scratch.get();
        Scratch.writeHandle(s.handleA, m.message());
        long type = ABI.datatype(t);
        try {
            if (engine.polled) {
                Staged st = new Staged(Staged.Mode.SCRATCH);
                MemorySegment seg = st.out(buf, t, offset, elements);
                check((int) Native.IMRECV.invokeExact(seg, elements, type, s.handleA, s.handleB), "MPI_Imrecv");
                awaitInline(s.handleB, "recv");
                st.finish();
            } else {
                Staged st = new Staged(engine.heapCritical ? Staged.Mode.HEAP : Staged.Mode.SCRATCH);
                MemorySegment seg = st.out(buf, t, offset, elements);
                int rc = st.critical() ? (int) Native.MRECV_HEAP.invokeExact(seg, elements, type, s.handleA, s.status)
                        : (int) Native.MRECV.invokeExact(seg, elements, type, s.handleA, s.status);
                check(rc, "recv");
                st.finish();
            }
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        }
        StatusAccess.fill(status, m.source(), m.tag(), elements, m.bytes(), false);
    }

    /** Tests the request at {@code slot} until it completes, yielding between tests (this thread's blocking wait). */
    void awaitInline(MemorySegment slot, String what) {
        Scratch s = Scratch.get();
        try {
            for (int n = 0; ; n++) {
                check((int) Native.TEST.invokeExact(slot, s.intA, s.status), what);
                if (s.intA.get(ValueLayout.JAVA_INT, 0) != 0) {
                    return;
                }
                engine.pause(n);
            }
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    @Override
    public void sendrecv(Object sendBuf, int dest, int sendTag, Object recvBuf, int source, int recvTag, Status status) {
        live();
        checkDest(dest);
        checkSendTag(sendTag);
        checkSource(source);
        checkRecvTag(recvTag);
        // The send goes from a copy (OWNED staging), so the two buffers may be the same array.
        Request send = isend(sendBuf, dest, sendTag);
        try {
            recv(recvBuf, 0, lengthOf(recvBuf), source, recvTag, status);
        } finally {
            send.await();
        }
    }

    @Override
    public void sendrecvReplace(Object buf, int dest, int sendTag, int source, int recvTag, Status status) {
        sendrecv(buf, dest, sendTag, buf, source, recvTag, status);
    }

    @Override
    public Status probe(int source, int tag) {
        return pollFor("probe", source, tag, () -> iprobe(source, tag));
    }

    /** A blocking probe: {@code attempt} (a nonblocking probe) polled until it finds something, yielding between tries. */
    private <T> T pollFor(String kind, int source, int tag, java.util.function.Supplier<T> attempt) {
        live();
        checkSource(source);
        checkRecvTag(tag);
        MpiEngine.Activity a = engine.activity();
        a.begin(kind, name, source, tag);
        try {
            for (int n = 0; ; n++) {
                T found = attempt.get();
                if (found != null) {
                    return found;
                }
                engine.pause(n);
            }
        } finally {
            a.end();
        }
    }

    @Override
    public Status iprobe(int source, int tag) {
        live();
        checkSource(source);
        checkRecvTag(tag);
        if (source == Mpi.PROC_NULL) {
            Status s = StatusAccess.create();
            StatusAccess.set(s, Mpi.PROC_NULL, Mpi.ANY_TAG, 0, 0, false);
            return s;
        }
        if (keptCount > 0) {
            Matched k = takeKept(source, tag, false);
            if (k != null) {
                Status s = StatusAccess.create();
                StatusAccess.set(s, k.source(), k.tag(), (int) k.bytes(), k.bytes(), false);
                return s;
            }
        }
        // Buffer messages first, then object messages (they travel on the shadow communicator).
        Scratch sc = Scratch.get();
        try {
            check((int) Native.IPROBE.invokeExact(mpiSource(source), mpiTag(tag), handle, sc.intA, sc.status), "MPI_Iprobe");
            if (sc.intA.get(ValueLayout.JAVA_INT, 0) != 0) {
                return statusOf(sc.status, Datatype.BYTE);
            }
            check((int) Native.IPROBE.invokeExact(mpiSource(source), mpiTag(tag), objects, sc.intA, sc.status), "MPI_Iprobe");
            if (sc.intA.get(ValueLayout.JAVA_INT, 0) != 0) {
                Status s = statusOf(sc.status, Datatype.BYTE);
                StatusAccess.set(s, s.source(), s.tag(), 1, s.bytes(), true);
                return s;
            }
            return null;
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---------------------------------------------------------------- point-to-point, nonblocking

    @Override
    public Request isend(Object buf, int offset, int count, int dest, int tag) {
        return checkedStartSend(handle, buf, offset, count, dest, tag, SendMode.STANDARD);
    }

    @Override
    public Request issend(Object buf, int dest, int tag) {
        return checkedStartSend(handle, buf, 0, lengthOf(buf), dest, tag, SendMode.SYNCHRONOUS);
    }

    @Override
    public Request ibsend(Object buf, int dest, int tag) {
        return checkedStartSend(handle, buf, 0, lengthOf(buf), dest, tag, SendMode.BUFFERED);
    }

    @Override
    public Request irsend(Object buf, int dest, int tag) {
        return checkedStartSend(handle, buf, 0, lengthOf(buf), dest, tag, SendMode.READY);
    }

    NativeRequest checkedStartSend(long comm, Object buf, int offset, int count, int dest, int tag, SendMode mode) {
        live();
        checkDest(dest);
        checkSendTag(tag);
        checkTagBound(tag);
        Datatype t = Datatype.of(buf);
        Buffers.checkRegion(buf, t, offset, count, "send buffer");
        if (dest == Mpi.PROC_NULL) {
            return NativeRequest.completed(this, mode.started, null);
        }
        if (mode == SendMode.BUFFERED) {
            engine.requireAttachedBuffer(mode.started, dest, tag, name);
        }
        return startSend(comm, buf, t, offset, count, dest, tag, mode, mode.started);
    }

    NativeRequest startSend(long comm, Object buf, Datatype t, int offset, int count, int dest, int tag, SendMode mode, String kind) {
        Staged st = new Staged(Staged.Mode.OWNED);
        MemorySegment seg = st.in(buf, t, offset, count);
        MemorySegment slot = st.requestSlot();
        long type = ABI.datatype(t);
        try {
            int rc = switch (mode) {
                case STANDARD -> (int) Native.ISEND.invokeExact(seg, count, type, dest, tag, comm, slot);
                case SYNCHRONOUS -> (int) Native.ISSEND.invokeExact(seg, count, type, dest, tag, comm, slot);
                case BUFFERED -> (int) Native.IBSEND.invokeExact(seg, count, type, dest, tag, comm, slot);
                case READY -> (int) Native.IRSEND.invokeExact(seg, count, type, dest, tag, comm, slot);
            };
            check(rc, kind);
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        }
        return new NativeRequest(this, kind + "(peer=" + dest + ", tag=" + tag + ")", st, slot, null, buf);
    }

    @Override
    public Request irecv(Object buf, int offset, int count, int source, int tag) {
        live();
        checkSource(source);
        checkRecvTag(tag);
        Datatype t = Datatype.of(buf);
        Buffers.checkRegion(buf, t, offset, count, "recv buffer");
        if (source == Mpi.PROC_NULL) {
            Status s = StatusAccess.create();
            StatusAccess.set(s, Mpi.PROC_NULL, Mpi.ANY_TAG, 0, 0, false);
            return NativeRequest.completed(this, "irecv", s);
        }
        Staged st = new Staged(Staged.Mode.OWNED);
        MemorySegment seg = st.out(buf, t, offset, count);
        MemorySegment slot = st.requestSlot();
        try {
            check((int) Native.IRECV.invokeExact(seg, count, ABI.datatype(t), mpiSource(source), mpiTag(tag), handle, slot), "irecv");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        }
        return new NativeRequest(this, "irecv(peer=" + source + ", tag=" + tag + ")", st, slot, t, buf);
    }

    // ---------------------------------------------------------------- matched probes

    @Override
    public Message mprobe(int source, int tag) {
        return pollFor("mprobe", source, tag, () -> improbe(source, tag));
    }

    @Override
    public Message improbe(int source, int tag) {
        live();
        checkSource(source);
        checkRecvTag(tag);
        if (source == Mpi.PROC_NULL) {
            return new NativeMessage(this, null, false);
        }
        if (keptCount > 0) {
            Matched k = takeKept(source, tag, true);
            if (k != null) {
                return new NativeMessage(this, k, false);
            }
        }
        // Buffer messages first, then object messages (they travel on the shadow communicator), as iprobe.
        Matched m = improbeIn(handle, source, tag);
        if (m != null) {
            return new NativeMessage(this, m, false);
        }
        m = objects == handle ? null : improbeIn(objects, source, tag);
        return m == null ? null : new NativeMessage(this, m, true);
    }

    /** One MPI_Improbe on {@code comm}: the message matched, or null. */
    private Matched improbeIn(long comm, int source, int tag) {
        Scratch s = Scratch.get();
        try {
            check((int) Native.IMPROBE.invokeExact(mpiSource(source), mpiTag(tag), comm, s.intA, s.handleA, s.status), "MPI_Improbe");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (s.intA.get(ValueLayout.JAVA_INT, 0) == 0) {
            return null;
        }
        return new Matched(Scratch.readHandle(s.handleA), s.status.get(ValueLayout.JAVA_INT, ABI.statusSourceOffset),
                s.status.get(ValueLayout.JAVA_INT, ABI.statusTagOffset), byteCount(s.status));
    }

    /** Starts receiving matched message {@code m} into {@code buf} (MPI_Imrecv), after the same checks as a blocking receive. */
    NativeRequest startMatchedReceive(Matched m, Object buf, Datatype t, int count) {
        if (m.bytes() % t.size != 0 || m.bytes() / t.size > count) {
            receiveMatched(m, buf, t, 0, 0, null, false); // throws the blocking receive's error, naming the sizes
        }
        int elements = (int) (m.bytes() / t.size);
        Staged st = new Staged(Staged.Mode.OWNED);
        MemorySegment seg = st.out(buf, t, 0, elements);
        MemorySegment slot = st.requestSlot();
        Scratch s = Scratch.get();
        Scratch.writeHandle(s.handleA, m.message());
        try {
            check((int) Native.IMRECV.invokeExact(seg, elements, ABI.datatype(t), s.handleA, slot), "MPI_Imrecv");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        }
        return new NativeRequest(this, "Message.irecv(peer=" + m.source() + ", tag=" + m.tag() + ")", st, slot, t, buf);
    }

    // ---------------------------------------------------------------- point-to-point, persistent

    @Override
    public PersistentRequest sendInit(Object buf, int dest, int tag) {
        live();
        checkDest(dest);
        checkSendTag(tag);
        Datatype.of(buf);
        return new Persistent(() -> isend(buf, dest, tag), "sendInit(peer=" + dest + ", tag=" + tag + ") on " + name);
    }

    @Override
    public PersistentRequest recvInit(Object buf, int source, int tag) {
        live();
        checkSource(source);
        checkRecvTag(tag);
        Datatype.of(buf);
        return new Persistent(() -> irecv(buf, source, tag), "recvInit(peer=" + source + ", tag=" + tag + ") on " + name);
    }

    /**
     * A persistent request: each {@code start()} starts the operation afresh on the buffer's
     * current contents (as MPI_Start does), through the nonblocking call.
     */
    static final class Persistent implements PersistentRequest {
        private final java.util.function.Supplier<Request> starter;
        private final String what;
        private Request current;

        Persistent(java.util.function.Supplier<Request> starter, String what) {
            this.starter = starter;
            this.what = what;
        }

        @Override
        public synchronized void start() {
            if (current != null && current.isActive()) {
                throw new MpiException(ErrorClass.REQUEST, "start() of " + what + ", which is still active: wait for it first");
            }
            current = starter.get();
        }

        synchronized Request current() {
            return current;
        }

        @Override
        public Status await() {
            Request r = current();
            return r == null ? null : r.await();
        }

        @Override
        public boolean await(long timeout, TimeUnit unit) {
            Request r = current();
            return r == null || r.await(timeout, unit);
        }

        @Override
        public boolean test() {
            Request r = current();
            return r == null || r.test();
        }

        @Override
        public boolean cancel() {
            Request r = current();
            return r != null && r.cancel();
        }

        @Override
        public Status status() {
            Request r = current();
            return r == null ? null : r.status();
        }

        @Override
        public boolean isActive() {
            Request r = current();
            return r != null && r.isActive();
        }

        @Override
        public boolean isComplete() {
            Request r = current();
            return r == null || r.isComplete();
        }

        @Override
        public java.util.concurrent.CompletableFuture<Status> toCompletableFuture() {
            Request r = current();
            return r == null ? java.util.concurrent.CompletableFuture.completedFuture(null) : r.toCompletableFuture();
        }

        @Override
        public String toString() {
            return "PersistentRequest[" + what + "]";
        }
    }

    // ---------------------------------------------------------------- point-to-point, objects (on the shadow communicator)

    @Override
    public void sendObject(Object value, int dest, int tag) {
        objectSend(value, dest, tag, SendMode.STANDARD);
    }

    @Override
    public void ssendObject(Object value, int dest, int tag) {
        objectSend(value, dest, tag, SendMode.SYNCHRONOUS);
    }

    /** An object's bytes sent on the shadow communicator in {@code mode}. */
    private void objectSend(Object value, int dest, int tag, SendMode mode) {
        live();
        checkDest(dest);
        checkSendTag(tag);
        if (dest == Mpi.PROC_NULL) {
            return;
        }
        byte[] bytes = objectCodec().encode(value);
        blockingSend(objects, bytes, 0, bytes.length, dest, tag, mode);
    }

    @Override
    public <T> T recvObject(int source, int tag, Status status) {
        live();
        checkSource(source);
        checkRecvTag(tag);
        if (source == Mpi.PROC_NULL) {
            StatusAccess.fill(status, Mpi.PROC_NULL, Mpi.ANY_TAG, 0, 0, true);
            return null;
        }
        MpiEngine.Activity a = engine.activity();
        a.begin("recvObject", name, source, tag);
        try {
            Matched m = matchIn(objects, source, tag);
            return receiveObject(m, status);
        } finally {
            a.end();
        }
    }

    @SuppressWarnings("unchecked")
    <T> T receiveObject(Matched m, Status status) {
        byte[] bytes = new byte[(int) m.bytes()];
        Scratch s = Scratch.get();
        Scratch.writeHandle(s.handleA, m.message());
        try {
            Staged st = new Staged(engine.heapCritical && !engine.polled ? Staged.Mode.HEAP : Staged.Mode.SCRATCH);
            MemorySegment seg = st.out(bytes, Datatype.BYTE, 0, bytes.length);
            int rc = st.critical() ? (int) Native.MRECV_HEAP.invokeExact(seg, bytes.length, ABI.datatype(Datatype.BYTE), s.handleA, s.status)
                    : (int) Native.MRECV.invokeExact(seg, bytes.length, ABI.datatype(Datatype.BYTE), s.handleA, s.status);
            check(rc, "recvObject");
            st.finish();
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        }
        StatusAccess.fill(status, m.source(), m.tag(), 1, bytes.length, true);
        return (T) objectCodec().decode(bytes, 0, bytes.length, Thread.currentThread().getContextClassLoader());
    }

    @Override
    public Request isendObject(Object value, int dest, int tag) {
        return startObjectSend(value, dest, tag, SendMode.STANDARD);
    }

    @Override
    public Request issendObject(Object value, int dest, int tag) {
        return startObjectSend(value, dest, tag, SendMode.SYNCHRONOUS);
    }

    private NativeRequest startObjectSend(Object value, int dest, int tag, SendMode mode) {
        live();
        checkDest(dest);
        checkSendTag(tag);
        if (dest == Mpi.PROC_NULL) {
            return NativeRequest.completed(this, mode.started + "Object", null);
        }
        byte[] bytes = objectCodec().encode(value);
        return checkedStartSend(objects, bytes, 0, bytes.length, dest, tag, mode);
    }

    @Override
    public <T> ObjectRequest<T> irecvObject(int source, int tag) {
        live();
        checkSource(source);
        checkRecvTag(tag);
        return new ObjectReceive<>(source, tag);
    }

    /** An object receive: matched by MPI_Improbe on the shadow communicator when tested, then received at once. */
    final class ObjectReceive<T> extends NativeRequest implements ObjectRequest<T> {
        private final int source;
        private final int tag;
        private T value;

        ObjectReceive(int source, int tag) {
            super(NativePointToPoint.this, "irecvObject(peer=" + source + ", tag=" + tag + ")", null, null, null, null);
            this.source = source;
            this.tag = tag;
            if (source == Mpi.PROC_NULL) {
                Status s = StatusAccess.create();
                StatusAccess.set(s, Mpi.PROC_NULL, Mpi.ANY_TAG, 0, 0, true);
                complete(null, s);
            }
        }

        @Override
        void pollNative() {
            Scratch s = Scratch.get();
            try {
                check((int) Native.IMPROBE.invokeExact(mpiSource(source), mpiTag(tag), objects, s.intA, s.handleA, s.status), "MPI_Improbe");
                if (s.intA.get(ValueLayout.JAVA_INT, 0) == 0) {
                    return;
                }
                Matched m = new Matched(Scratch.readHandle(s.handleA), s.status.get(ValueLayout.JAVA_INT, ABI.statusSourceOffset),
                        s.status.get(ValueLayout.JAVA_INT, ABI.statusTagOffset), byteCount(s.status));
                Status st = StatusAccess.create();
                value = receiveObject(m, st);
                complete(null, st);
            } catch (MpiException e) {
                complete(e, null);
            } catch (Throwable t) {
                complete(new MpiException(ErrorClass.INTERNAL, "irecvObject failed: " + t, t), null);
            }
        }

        @Override
        public boolean cancel() {
            synchronized (this) {
                if (poll()) {
                    return false;
                }
                complete(null, cancelledStatus());
                return true;
            }
        }

        @Override
        public T get() {
            await();
            return value;
        }

        @Override
        public T get(long timeout, TimeUnit unit) {
            if (!await(timeout, unit)) {
                throw new MpiException(ErrorClass.TIMEOUT, "no object after " + timeout + " " + unit.toString().toLowerCase(java.util.Locale.ROOT)
                        + " in " + describe());
            }
            return value;
        }
    }

}
