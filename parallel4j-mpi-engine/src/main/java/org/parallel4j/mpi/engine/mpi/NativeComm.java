package org.parallel4j.mpi.engine.mpi;

import static org.parallel4j.mpi.engine.mpi.Native.ABI;
import static org.parallel4j.mpi.internal.CollectiveChecks.countsAndDispls;
import static org.parallel4j.mpi.internal.CollectiveChecks.reduceScatterCounts;
import static org.parallel4j.mpi.internal.CollectiveChecks.requireCapacity;
import static org.parallel4j.mpi.internal.CollectiveChecks.requireDistinct;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.parallel4j.mpi.CartComm;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.Comparison;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.Group;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.ObjectRequest;
import org.parallel4j.mpi.Op;
import org.parallel4j.mpi.PersistentRequest;
import org.parallel4j.mpi.Request;
import org.parallel4j.mpi.Status;
import org.parallel4j.mpi.internal.Buffers;
import org.parallel4j.mpi.internal.CartesianMap;
import org.parallel4j.mpi.internal.CollectiveChecks;
import org.parallel4j.mpi.internal.CommBase;
import org.parallel4j.mpi.internal.Datatype;
import org.parallel4j.mpi.internal.GroupAccess;
import org.parallel4j.mpi.internal.InPlace;
import org.parallel4j.mpi.internal.Reductions;
import org.parallel4j.mpi.internal.StatusAccess;

/**
 * A communicator of the MPI engine: an {@code MPI_Comm} of the library, plus a second one (a
 * dup, made with it) that carries the object tier's messages, so an object never matches a
 * buffer receive or the reverse.
 *
 * <p>Implementation notes. A blocking receive first matches its message with
 * {@code MPI_Improbe} (polled, so that it can be interrupted and can yield), then checks it
 * against the buffer: a message that does not fit, or is not a whole number of elements, is
 * <em>kept</em> (as on the thread engine) in {@link #kept}, which later receives look at
 * before asking the library, so the order between a pair is preserved. The matched probe
 * makes this safe with many threads receiving at once. Collectives check their arguments in
 * Java first ({@link #agree}); with {@code -Dp4j.mpi.check=true} every rank also compares a
 * fingerprint of its call with the others' before the collective runs.
 */
class NativeComm extends CommBase {
    final MpiEngine engine;
    final long handle;
    /** The shadow communicator of the object tier. */
    private final long objects;
    private final String name;
    private final int rank;
    private final int size;
    private final boolean permanent;
    private volatile boolean freed;
    private volatile Group group;
    private final ArrayDeque<Matched> kept = new ArrayDeque<>();
    private volatile int keptCount;
    private final List<NativeRequest> selfSends = new java.util.ArrayList<>();

    /** A message matched by MPI_Improbe and not received yet. */
    private record Matched(long message, int source, int tag, long bytes) {
    }

    NativeComm(MpiEngine engine, long handle, String name, boolean permanent) {
        this(engine, handle, name, permanent, true);
    }

    /**
     * A communicator over {@code handle}; with {@code shadow}, the object tier gets a dup of its
     * own (collective). The world of a job shared with programs that are not parallel4j's (MPMD)
     * has none, since they would not join the dup: objects then share the world's context with
     * buffers, as in mpi4py.
     */
    NativeComm(MpiEngine engine, long handle, String name, boolean permanent, boolean shadow) {
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
                this.objects = handle;
            }
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static NativeComm predefined(MpiEngine engine, long handle, String name, boolean shadow) {
        return new NativeComm(engine, handle, name, true, shadow);
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

    private void check(int rc, String what) {
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

    private int[] translateToWorld() {
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

    // ---------------------------------------------------------------- communicators

    @Override
    public Comm dup() {
        live();
        Scratch s = Scratch.get();
        try {
            check((int) Native.COMM_DUP.invokeExact(handle, s.handleA), "MPI_Comm_dup");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
        return new NativeComm(engine, Scratch.readHandle(s.handleA), name + ".dup", false);
    }

    @Override
    public Comm split(int color, int key) {
        long h = splitHandle(color, key);
        return h == ABI.commNull ? null : new NativeComm(engine, h, name + ".split(" + color + ")", false);
    }

    private long splitHandle(int color, int key) {
        live();
        if (color < 0 && color != Mpi.UNDEFINED) {
            throw new MpiException(ErrorClass.ARG, "invalid color " + color + " for split: colors are non-negative, or UNDEFINED");
        }
        Scratch s = Scratch.get();
        try {
            check((int) Native.COMM_SPLIT.invokeExact(handle, color == Mpi.UNDEFINED ? ABI.undefined : color, key, s.handleA), "MPI_Comm_split");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
        return Scratch.readHandle(s.handleA);
    }

    @Override
    public Comm create(Group members) {
        live();
        if (members == null) {
            throw new MpiException(ErrorClass.GROUP, "create: the group is null");
        }
        int[] mine = group().worldRanks();
        int[] wanted = members.worldRanks();
        for (int w : wanted) {
            if (Arrays.stream(mine).noneMatch(m -> m == w)) {
                throw new MpiException(ErrorClass.GROUP, "create: the group holds world rank " + w
                        + ", which is not in communicator " + name + " " + Arrays.toString(mine));
            }
        }
        Scratch s = Scratch.get();
        try {
            check((int) Native.COMM_GROUP.invokeExact(ABI.commWorld, s.handleA), "MPI_Comm_group");
            long wg = Scratch.readHandle(s.handleA);
            MemorySegment ranks = s.ints(wanted, 0, Math.max(1, wanted.length));
            check((int) Native.GROUP_INCL.invokeExact(wg, wanted.length, ranks, s.handleB), "MPI_Group_incl");
            long g = Scratch.readHandle(s.handleB);
            check((int) Native.COMM_CREATE.invokeExact(handle, g, s.handleA), "MPI_Comm_create");
            long made = Scratch.readHandle(s.handleA);
            Scratch.writeHandle(s.handleB, g);
            check((int) Native.GROUP_FREE.invokeExact(s.handleB), "MPI_Group_free");
            Scratch.writeHandle(s.handleB, wg);
            check((int) Native.GROUP_FREE.invokeExact(s.handleB), "MPI_Group_free");
            return made == ABI.commNull ? null : new NativeComm(engine, made, name + ".create", false);
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public Comparison compare(Comm other) {
        live();
        if (!(other instanceof NativeComm o)) {
            return Comparison.UNEQUAL;
        }
        Scratch s = Scratch.get();
        try {
            check((int) Native.COMM_COMPARE.invokeExact(handle, o.handle, s.intA), "MPI_Comm_compare");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
        return Comparison.values()[Math.clamp(s.intA.get(ValueLayout.JAVA_INT, 0), 0, 3)];
    }

    @Override
    public CartComm createCart(int[] dims, boolean[] periods, boolean reorder) {
        live();
        CartesianMap map = new CartesianMap(dims, periods);
        if (map.size() > size) {
            throw new MpiException(ErrorClass.TOPOLOGY, "grid " + Arrays.toString(dims) + " needs " + map.size()
                    + " ranks but communicator " + name + " has " + size);
        }
        return cartOf(rank < map.size() ? 0 : Mpi.UNDEFINED, rank, map, name + ".cart" + Arrays.toString(dims));
    }

    /** A split whose parts are Cartesian communicators over {@code map} (for createCart and sub). */
    final CartComm cartOf(int color, int key, CartesianMap map, String newName) {
        long h = splitHandle(color, key);
        return h == ABI.commNull ? null : new NativeCartComm(engine, h, newName, map);
    }

    @Override
    public void free() {
        if (permanent) {
            throw new MpiException(ErrorClass.COMM, "communicator " + name + " cannot be freed: it lives as long as the job");
        }
        if (freed) {
            return;
        }
        freed = true;
        Scratch s = Scratch.get();
        try {
            Scratch.writeHandle(s.handleA, handle);
            check((int) Native.COMM_FREE.invokeExact(s.handleA), "MPI_Comm_free");
            if (objects != handle) {
                Scratch.writeHandle(s.handleA, objects);
                check((int) Native.COMM_FREE.invokeExact(s.handleA), "MPI_Comm_free");
            }
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---------------------------------------------------------------- point-to-point, blocking

    private static int mpiSource(int source) {
        return source == Mpi.ANY_SOURCE ? ABI.anySource : source == Mpi.PROC_NULL ? ABI.procNull : source;
    }

    private static int mpiTag(int tag) {
        return tag == Mpi.ANY_TAG ? ABI.anyTag : tag;
    }

    private void checkTagBound(int tag) {
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
    private static long byteCount(MemorySegment st) {
        return ABI.statusBytes(st);
    }

    @Override
    public void send(Object buf, int offset, int count, int dest, int tag) {
        blockingSend(handle, buf, offset, count, dest, tag, false);
    }

    @Override
    public void ssend(Object buf, int offset, int count, int dest, int tag) {
        blockingSend(handle, buf, offset, count, dest, tag, true);
    }

    private void blockingSend(long comm, Object buf, int offset, int count, int dest, int tag, boolean sync) {
        live();
        checkDest(dest);
        checkSendTag(tag);
        checkTagBound(tag);
        Datatype t = Datatype.of(buf);
        Buffers.checkRegion(buf, t, offset, count, "send buffer");
        if (dest == Mpi.PROC_NULL) {
            return;
        }
        if (dest == rank && !sync) {
            sendToSelf(startSend(comm, buf, t, offset, count, dest, tag, false, "send"));
            return;
        }
        if (engine.polled) {
            startSend(comm, buf, t, offset, count, dest, tag, sync, sync ? "ssend" : "send").await();
            return;
        }
        MpiEngine.Activity a = engine.activity();
        a.begin(sync ? "ssend" : "send", name, dest, tag);
        try {
            Staged st = new Staged(engine.heapCritical ? Staged.Mode.HEAP : Staged.Mode.SCRATCH);
            MemorySegment seg = st.in(buf, t, offset, count);
            long type = ABI.datatype(t);
            int rc;
            if (st.critical()) {
                rc = sync ? (int) Native.SSEND_HEAP.invokeExact(seg, count, type, dest, tag, comm)
                        : (int) Native.SEND_HEAP.invokeExact(seg, count, type, dest, tag, comm);
            } else {
                rc = sync ? (int) Native.SSEND.invokeExact(seg, count, type, dest, tag, comm)
                        : (int) Native.SEND.invokeExact(seg, count, type, dest, tag, comm);
            }
            check(rc, sync ? "ssend" : "send");
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
    private void sendToSelf(NativeRequest r) {
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
            receiveMatched(match(source, tag), buf, t, offset, count, status);
        } finally {
            a.end();
        }
    }

    /** The next message from {@code source} with {@code tag}: a kept one first, else one matched in the library. */
    private Matched match(int source, int tag) {
        if (keptCount > 0) {
            Matched k = takeKept(source, tag, true);
            if (k != null) {
                return k;
            }
        }
        return matchIn(handle, source, tag);
    }

    private Matched matchIn(long comm, int source, int tag) {
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

    private Matched takeKept(int source, int tag, boolean remove) {
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

    private void keep(Matched m) {
        synchronized (kept) {
            kept.addFirst(m);
            keptCount = kept.size();
        }
    }

    private String where(Matched m) {
        return "(source=" + m.source() + ", tag=" + m.tag() + ", comm=" + name + ")";
    }

    private void receiveMatched(Matched m, Object buf, Datatype t, int offset, int capacity, Status status) {
        if (m.bytes() % t.size != 0) {
            String where = where(m);
            keep(m);
            throw new MpiException(ErrorClass.TYPE, "type mismatch: the message " + where + " holds " + m.bytes()
                    + " bytes, not a whole number of " + t.plural + ": receive it into a buffer of its type; the message is kept");
        }
        int elements = (int) (m.bytes() / t.size);
        if (elements > capacity) {
            String where = where(m);
            keep(m);
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
    private void awaitInline(MemorySegment slot, String what) {
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
        live();
        checkSource(source);
        checkRecvTag(tag);
        MpiEngine.Activity a = engine.activity();
        a.begin("probe", name, source, tag);
        try {
            for (int n = 0; ; n++) {
                Status s = iprobe(source, tag);
                if (s != null) {
                    return s;
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
        return checkedStartSend(handle, buf, offset, count, dest, tag, false);
    }

    @Override
    public Request issend(Object buf, int dest, int tag) {
        return checkedStartSend(handle, buf, 0, lengthOf(buf), dest, tag, true);
    }

    private NativeRequest checkedStartSend(long comm, Object buf, int offset, int count, int dest, int tag, boolean sync) {
        live();
        checkDest(dest);
        checkSendTag(tag);
        checkTagBound(tag);
        Datatype t = Datatype.of(buf);
        Buffers.checkRegion(buf, t, offset, count, "send buffer");
        if (dest == Mpi.PROC_NULL) {
            return NativeRequest.completed(this, "isend", null);
        }
        return startSend(comm, buf, t, offset, count, dest, tag, sync, sync ? "issend" : "isend");
    }

    private NativeRequest startSend(long comm, Object buf, Datatype t, int offset, int count, int dest, int tag, boolean sync, String kind) {
        Staged st = new Staged(Staged.Mode.OWNED);
        MemorySegment seg = st.in(buf, t, offset, count);
        MemorySegment slot = st.requestSlot();
        long type = ABI.datatype(t);
        try {
            int rc = sync ? (int) Native.ISSEND.invokeExact(seg, count, type, dest, tag, comm, slot)
                    : (int) Native.ISEND.invokeExact(seg, count, type, dest, tag, comm, slot);
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
        live();
        checkDest(dest);
        checkSendTag(tag);
        if (dest == Mpi.PROC_NULL) {
            return;
        }
        byte[] bytes = objectCodec().encode(value);
        blockingSend(objects, bytes, 0, bytes.length, dest, tag, false);
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
    private <T> T receiveObject(Matched m, Status status) {
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
        live();
        checkDest(dest);
        checkSendTag(tag);
        if (dest == Mpi.PROC_NULL) {
            return NativeRequest.completed(this, "isendObject", null);
        }
        byte[] bytes = objectCodec().encode(value);
        return checkedStartSend(objects, bytes, 0, bytes.length, dest, tag, false);
    }

    @Override
    public <T> ObjectRequest<T> irecvObject(int source, int tag) {
        live();
        checkSource(source);
        checkRecvTag(tag);
        return new ObjectReceive<>(source, tag);
    }

    /** An object receive: matched by MPI_Improbe on the shadow communicator when tested, then received at once. */
    private final class ObjectReceive<T> extends NativeRequest implements ObjectRequest<T> {
        private final int source;
        private final int tag;
        private T value;

        ObjectReceive(int source, int tag) {
            super(NativeComm.this, "irecvObject(peer=" + source + ", tag=" + tag + ")", null, null, null, null);
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

    // ---------------------------------------------------------------- collectives: checks and agreement

    @FunctionalInterface
    private interface Check {
        void run();
    }

    private static MpiException problem(Check c) {
        try {
            c.run();
            return null;
        } catch (MpiException e) {
            return e;
        }
    }

    /**
     * Before a collective: throws this rank's argument error, if any. In checking mode
     * ({@code -Dp4j.mpi.check=true}) every rank first compares a fingerprint of its call (kind,
     * root, operation, count and type, as the thread engine does) and whether its arguments are
     * good with every other rank's, in one allreduce, so that a mismatch or one rank's bad
     * argument is reported on every rank instead of leaving the others waiting.
     */
    private void agree(String kind, int root, Op op, long count, Datatype type, MpiException problem) {
        if (engine.checkCollectives) {
            StringBuilder d = new StringBuilder(kind).append('(');
            if (root >= 0) {
                d.append("root=").append(root).append(", ");
            }
            if (op != null) {
                d.append("op=").append(op.name()).append(", ");
            }
            if (type != null && count >= 0) {
                d.append(count).append(' ').append(type.plural);
            }
            String mine = d.append(')').toString().replace(", )", ")");
            String identity = mine + (op == null || op.isBuiltin() ? "" : "/user/" + op.itemWidth());
            long fingerprint = problem != null ? Long.MIN_VALUE + 1 : identity.hashCode();
            long[] in = {fingerprint, -fingerprint};
            long[] out = new long[2];
            directAllreduce(in, out, Op.MAX);
            if (out[0] != -out[1]) {
                List<String> all = ObjectTierCalls.allgather(this, problem == null ? "ok|" + mine
                        : "bad|" + problem.errorClass().name() + "|" + problem.getMessage());
                for (int r = 0; r < all.size(); r++) {
                    String[] f = all.get(r).split("\\|", 3);
                    if (f[0].equals("bad")) {
                        throw problem != null ? problem : new MpiException(ErrorClass.valueOf(f[1]), kind + " on " + name + ": rank " + r
                                + ": " + f[2] + " (reported on every rank)");
                    }
                }
                StringBuilder b = new StringBuilder("collective mismatch on " + name + ": ");
                for (int r = 0; r < all.size(); r++) {
                    b.append(r == 0 ? "" : ", ").append("rank ").append(r).append(" called ").append(all.get(r).substring(3));
                }
                throw new MpiException(ErrorClass.COLLECTIVE_MISMATCH, b.append(": every rank must call the same collective with the same root, "
                        + "operation and counts").toString());
            }
        }
        if (problem != null) {
            throw problem;
        }
    }

    /** The object allgather of the checking mode, which must not itself be checked. */
    private static final class ObjectTierCalls {
        static List<String> allgather(NativeComm c, String mine) {
            byte[] b = mine.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int[] lengths = new int[c.size];
            c.directAllgatherInt(b.length, lengths);
            int[] displs = new int[c.size];
            int total = 0;
            for (int r = 0; r < c.size; r++) {
                displs[r] = total;
                total += lengths[r];
            }
            byte[] all = new byte[total];
            c.callAllgatherv(b, Datatype.BYTE, b.length, all, lengths, displs);
            List<String> out = new java.util.ArrayList<>();
            for (int r = 0; r < c.size; r++) {
                out.add(new String(all, displs[r], lengths[r], java.nio.charset.StandardCharsets.UTF_8));
            }
            return out;
        }
    }

    /** The shared type check, for two real buffers of array types (IN_PLACE, a missing buffer or a segment matches anything here). */
    private static void requireSameType(Object a, Object b, String names) {
        if (a == null || b == null || InPlace.is(a) || InPlace.is(b) || a instanceof MemorySegment || b instanceof MemorySegment) {
            return;
        }
        CollectiveChecks.requireSameType(a, b, names);
    }

    private void requireInPlaceAllowed(Object buf, boolean allowed, String kind, String which) {
        if (InPlace.is(buf) && !allowed) {
            throw new MpiException(ErrorClass.BUFFER, kind + ": Mpi.IN_PLACE is not allowed as " + which
                    + (kind.startsWith("reduce") || kind.startsWith("gather") || kind.startsWith("scatter") ? " on a rank other than the root" : ""));
        }
    }

    private static Datatype typeOf(Object a, Object b) {
        if (a != null && !InPlace.is(a)) {
            return Datatype.of(a);
        }
        return Datatype.of(b);
    }

    private int[] uniform(int count) {
        int[] c = new int[size];
        Arrays.fill(c, count);
        return c;
    }

    private int[] blocks(int count) {
        int[] d = new int[size];
        for (int k = 0; k < size; k++) {
            d[k] = k * count;
        }
        return d;
    }

    private Staged blockingStaging(boolean upcall) {
        return new Staged(engine.polled || upcall || !engine.heapCritical ? Staged.Mode.SCRATCH : Staged.Mode.HEAP);
    }

    private void finishCollective(String kind, int rc, Staged st, Op op) {
        check(rc, kind);
        st.finish();
    }

    /**
     * After a reduction with a Java operation: whether it threw on any rank (it runs wherever
     * the library combines, which may not be where it throws), and if so the same error on
     * every rank, naming the rank and what it threw.
     */
    private void agreeOnUpcalls(String kind, Op op) {
        RuntimeException mine = Ops.takeUpcallFailure();
        long[] in = {mine == null ? -1 : rank, 0};
        long[] out = new long[2];
        directAllreduce(in, out, Op.MAX);
        if (out[0] < 0) {
            return;
        }
        int thrower = (int) out[0];
        List<String> texts = ObjectTierCalls.allgather(this, mine == null ? "" : String.valueOf(mine));
        String text = texts.get(thrower);
        throw new MpiException(ErrorClass.OP, kind + " on " + name + ": operation " + op.name() + " threw on rank " + thrower + ": " + text,
                mine != null ? mine : new RuntimeException(text));
    }

    // ---------------------------------------------------------------- collectives, buffers

    @Override
    public void barrier() {
        live();
        agree("barrier", -1, null, -1, null, null);
        MpiEngine.Activity a = engine.activity();
        a.begin("barrier", name, MpiEngine.NONE, MpiEngine.NONE);
        try {
            Scratch s = Scratch.get();
            if (engine.polled) {
                check((int) Native.IBARRIER.invokeExact(handle, s.handleB), "barrier");
                awaitInline(s.handleB, "barrier");
            } else {
                check((int) Native.BARRIER.invokeExact(handle), "barrier");
            }
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            a.end();
        }
    }

    @Override
    public void bcast(Object buf, int offset, int count, int root) {
        live();
        checkRoot(root);
        Datatype t = Datatype.of(buf);
        agree("bcast", root, null, count, t, problem(() -> Buffers.checkRegion(buf, t, offset, count, "bcast buffer")));
        MpiEngine.Activity a = engine.activity();
        a.begin("bcast", name, root, MpiEngine.NONE);
        try {
            Staged st = blockingStaging(false);
            MemorySegment seg = rank == root ? st.in(buf, t, offset, count) : st.out(buf, t, offset, count);
            long type = ABI.datatype(t);
            int rc;
            if (engine.polled) {
                Scratch s = Scratch.get();
                rc = (int) Native.IBCAST.invokeExact(seg, count, type, root, handle, s.handleB);
                check(rc, "bcast");
                awaitInline(s.handleB, "bcast");
            } else {
                rc = st.critical() ? (int) Native.BCAST_HEAP.invokeExact(seg, count, type, root, handle)
                        : (int) Native.BCAST.invokeExact(seg, count, type, root, handle);
            }
            finishCollective("bcast", rc, st, null);
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            a.end();
        }
    }

    @Override
    public void scatter(Object sendBuf, Object recvBuf, int root) {
        live();
        checkRoot(root);
        boolean inPlace = rank == root && InPlace.is(recvBuf);
        int block = inPlace ? (sendBuf == null ? 0 : lengthOf(sendBuf) / size) : lengthOf(recvBuf);
        MpiException p = problem(() -> {
            requireInPlaceAllowed(recvBuf, rank == root, "scatter", "recvBuf");
            requireInPlaceAllowed(sendBuf, false, "scatter", "sendBuf");
            if (rank == root) {
                Datatype.of(sendBuf);
                requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
                requireDistinct(sendBuf, recvBuf, "scatter");
                requireCapacity(sendBuf, (long) block * size, "sendBuf");
            }
        });
        agree("scatter", root, null, block, typeOf(recvBuf, sendBuf), p);
        callScatterv(rank == root ? sendBuf : null, uniform(block), blocks(block), recvBuf, block, root, "scatter");
    }

    @Override
    public void scatterv(Object sendBuf, int[] sendCounts, int[] displs, Object recvBuf, int recvCount, int root) {
        live();
        checkRoot(root);
        MpiException p = problem(() -> {
            requireInPlaceAllowed(recvBuf, rank == root, "scatterv", "recvBuf");
            if (!InPlace.is(recvBuf)) {
                Buffers.checkRegion(recvBuf, Datatype.of(recvBuf), 0, recvCount, "recvBuf");
            }
            if (rank == root) {
                requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
                requireDistinct(sendBuf, recvBuf, "scatterv");
                countsAndDispls(sendBuf, sendCounts, displs, size, "sendCounts");
                if (!InPlace.is(recvBuf) && sendCounts[rank] != recvCount) {
                    throw new MpiException(ErrorClass.COUNT, "scatterv: the root sends itself " + sendCounts[rank]
                            + " elements but its recvCount is " + recvCount);
                }
            }
        });
        agree("scatterv", root, null, -1, null, p);
        callScatterv(rank == root ? sendBuf : null, sendCounts, displs, recvBuf, recvCount, root, "scatterv");
    }

    private void callScatterv(Object sendBuf, int[] counts, int[] displs, Object recvBuf, int recvCount, int root, String kind) {
        Datatype t = typeOf(sendBuf, recvBuf);
        MpiEngine.Activity a = engine.activity();
        a.begin(kind, name, root, MpiEngine.NONE);
        try {
            Staged st = blockingStaging(false);
            Scratch s = Scratch.get();
            int total = sendBuf == null ? 0 : lengthOf(sendBuf);
            MemorySegment sb = st.in(sendBuf, t, 0, total);
            MemorySegment rb = st.out(recvBuf, t, 0, recvCount);
            MemorySegment c = rank == root ? s.ints(counts, 0, size) : MemorySegment.NULL;
            MemorySegment d = rank == root ? s.ints(displs, 1, size) : MemorySegment.NULL;
            long type = ABI.datatype(t);
            int rc;
            if (engine.polled) {
                rc = (int) Native.ISCATTERV.invokeExact(sb, c, d, type, rb, recvCount, type, root, handle, s.handleB);
                check(rc, kind);
                awaitInline(s.handleB, kind);
            } else {
                rc = st.critical() ? (int) Native.SCATTERV_HEAP.invokeExact(sb, c, d, type, rb, recvCount, type, root, handle)
                        : (int) Native.SCATTERV.invokeExact(sb, c, d, type, rb, recvCount, type, root, handle);
            }
            finishCollective(kind, rc, st, null);
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            a.end();
        }
    }

    @Override
    public void gather(Object sendBuf, Object recvBuf, int root) {
        live();
        checkRoot(root);
        boolean inPlace = rank == root && InPlace.is(sendBuf);
        int block = inPlace ? lengthOf(recvBuf) / size : lengthOf(sendBuf);
        MpiException p = problem(() -> {
            requireInPlaceAllowed(sendBuf, rank == root, "gather", "sendBuf");
            requireInPlaceAllowed(recvBuf, false, "gather", "recvBuf");
            if (rank == root) {
                requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
                requireDistinct(sendBuf, recvBuf, "gather");
                requireCapacity(recvBuf, (long) block * size, "recvBuf");
            }
        });
        agree("gather", root, null, block, typeOf(sendBuf, recvBuf), p);
        callGatherv(sendBuf, block, rank == root ? recvBuf : null, uniform(block), blocks(block), root, "gather");
    }

    @Override
    public void gatherv(Object sendBuf, int sendCount, Object recvBuf, int[] recvCounts, int[] displs, int root) {
        live();
        checkRoot(root);
        MpiException p = problem(() -> {
            requireInPlaceAllowed(sendBuf, rank == root, "gatherv", "sendBuf");
            if (!InPlace.is(sendBuf)) {
                Buffers.checkRegion(sendBuf, Datatype.of(sendBuf), 0, sendCount, "sendBuf");
            }
            if (rank == root) {
                requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
                requireDistinct(sendBuf, recvBuf, "gatherv");
                countsAndDispls(recvBuf, recvCounts, displs, size, "recvCounts");
                if (!InPlace.is(sendBuf) && recvCounts[rank] != sendCount) {
                    throw new MpiException(ErrorClass.COUNT, "gatherv: the root sends " + sendCount
                            + " elements but its recvCounts[" + rank + "] is " + recvCounts[rank]);
                }
            }
        });
        agree("gatherv", root, null, -1, null, p);
        callGatherv(sendBuf, sendCount, rank == root ? recvBuf : null, recvCounts, displs, root, "gatherv");
    }

    private void callGatherv(Object sendBuf, int sendCount, Object recvBuf, int[] counts, int[] displs, int root, String kind) {
        Datatype t = typeOf(sendBuf, recvBuf);
        MpiEngine.Activity a = engine.activity();
        a.begin(kind, name, root, MpiEngine.NONE);
        try {
            Staged st = blockingStaging(false);
            Scratch s = Scratch.get();
            MemorySegment sb = st.in(sendBuf, t, 0, sendCount);
            MemorySegment rb = recvBuf == null ? MemorySegment.NULL
                    : InPlace.is(sendBuf) ? st.out(recvBuf, t, 0, lengthOf(recvBuf)) : st.out(recvBuf, t, 0, lengthOf(recvBuf));
            MemorySegment c = rank == root ? s.ints(counts, 0, size) : MemorySegment.NULL;
            MemorySegment d = rank == root ? s.ints(displs, 1, size) : MemorySegment.NULL;
            long type = ABI.datatype(t);
            int rc;
            if (engine.polled) {
                rc = (int) Native.IGATHERV.invokeExact(sb, sendCount, type, rb, c, d, type, root, handle, s.handleB);
                check(rc, kind);
                awaitInline(s.handleB, kind);
            } else {
                rc = st.critical() ? (int) Native.GATHERV_HEAP.invokeExact(sb, sendCount, type, rb, c, d, type, root, handle)
                        : (int) Native.GATHERV.invokeExact(sb, sendCount, type, rb, c, d, type, root, handle);
            }
            finishCollective(kind, rc, st, null);
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            a.end();
        }
    }

    @Override
    public void allgather(Object sendBuf, Object recvBuf) {
        live();
        boolean inPlace = InPlace.is(sendBuf);
        int block = inPlace ? lengthOf(recvBuf) / size : lengthOf(sendBuf);
        MpiException p = problem(() -> {
            requireInPlaceAllowed(recvBuf, false, "allgather", "recvBuf");
            requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
            requireDistinct(sendBuf, recvBuf, "allgather");
            requireCapacity(recvBuf, (long) block * size, "recvBuf");
        });
        agree("allgather", -1, null, block, typeOf(sendBuf, recvBuf), p);
        callAllgatherv(sendBuf, typeOf(sendBuf, recvBuf), block, recvBuf, uniform(block), blocks(block));
    }

    @Override
    public void allgatherv(Object sendBuf, int sendCount, Object recvBuf, int[] recvCounts, int[] displs) {
        live();
        MpiException p = problem(() -> {
            requireInPlaceAllowed(recvBuf, false, "allgatherv", "recvBuf");
            if (!InPlace.is(sendBuf)) {
                Buffers.checkRegion(sendBuf, Datatype.of(sendBuf), 0, sendCount, "sendBuf");
            }
            requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
            requireDistinct(sendBuf, recvBuf, "allgatherv");
            countsAndDispls(recvBuf, recvCounts, displs, size, "recvCounts");
            if (!InPlace.is(sendBuf) && recvCounts[rank] != sendCount) {
                throw new MpiException(ErrorClass.COUNT, "allgatherv: rank " + rank + " sends " + sendCount
                        + " elements but its recvCounts[" + rank + "] is " + recvCounts[rank]);
            }
        });
        agree("allgatherv", -1, null, -1, null, p);
        callAllgatherv(sendBuf, typeOf(sendBuf, recvBuf), sendCount, recvBuf, recvCounts, displs);
    }

    private void callAllgatherv(Object sendBuf, Datatype t, int sendCount, Object recvBuf, int[] counts, int[] displs) {
        MpiEngine.Activity a = engine.activity();
        a.begin("allgather", name, MpiEngine.NONE, MpiEngine.NONE);
        try {
            Staged st = blockingStaging(false);
            Scratch s = Scratch.get();
            MemorySegment sb = st.in(sendBuf, t, 0, sendCount);
            MemorySegment rb = InPlace.is(sendBuf) ? st.out(recvBuf, t, 0, lengthOf(recvBuf)) : st.out(recvBuf, t, 0, lengthOf(recvBuf));
            MemorySegment c = s.ints(counts, 0, size);
            MemorySegment d = s.ints(displs, 1, size);
            long type = ABI.datatype(t);
            int rc;
            if (engine.polled) {
                rc = (int) Native.IALLGATHERV.invokeExact(sb, sendCount, type, rb, c, d, type, handle, s.handleB);
                check(rc, "allgather");
                awaitInline(s.handleB, "allgather");
            } else {
                rc = st.critical() ? (int) Native.ALLGATHERV_HEAP.invokeExact(sb, sendCount, type, rb, c, d, type, handle)
                        : (int) Native.ALLGATHERV.invokeExact(sb, sendCount, type, rb, c, d, type, handle);
            }
            finishCollective("allgather", rc, st, null);
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            a.end();
        }
    }

    /** An allgather of one int per rank, unchecked (for the checking mode itself). */
    void directAllgatherInt(int value, int[] out) {
        callAllgatherv(new int[] {value}, Datatype.INT, 1, out, uniform(1), blocks(1));
    }

    @Override
    public void alltoall(Object sendBuf, Object recvBuf) {
        live();
        boolean inPlace = InPlace.is(sendBuf);
        int length = inPlace ? lengthOf(recvBuf) : lengthOf(sendBuf);
        int block = length / size;
        MpiException p = problem(() -> {
            requireInPlaceAllowed(recvBuf, false, "alltoall", "recvBuf");
            requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
            requireDistinct(sendBuf, recvBuf, "alltoall");
            if (length % size != 0) {
                throw new MpiException(ErrorClass.COUNT, (inPlace ? "recvBuf" : "sendBuf") + " holds " + length
                        + " elements, not a multiple of the " + size + " ranks");
            }
            requireCapacity(recvBuf, length, "recvBuf");
        });
        agree("alltoall", -1, null, block, typeOf(sendBuf, recvBuf), p);
        callAlltoallv(sendBuf, uniform(block), blocks(block), recvBuf, uniform(block), blocks(block));
    }

    @Override
    public void alltoallv(Object sendBuf, int[] sendCounts, int[] sendDispls, Object recvBuf, int[] recvCounts, int[] recvDispls) {
        live();
        MpiException p = problem(() -> {
            requireInPlaceAllowed(recvBuf, false, "alltoallv", "recvBuf");
            requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
            requireDistinct(sendBuf, recvBuf, "alltoallv");
            if (!InPlace.is(sendBuf)) {
                countsAndDispls(sendBuf, sendCounts, sendDispls, size, "sendCounts");
            }
            countsAndDispls(recvBuf, recvCounts, recvDispls, size, "recvCounts");
        });
        agree("alltoallv", -1, null, -1, null, p);
        callAlltoallv(sendBuf, sendCounts, sendDispls, recvBuf, recvCounts, recvDispls);
    }

    private void callAlltoallv(Object sendBuf, int[] sc, int[] sd, Object recvBuf, int[] rcounts, int[] rd) {
        Datatype t = typeOf(sendBuf, recvBuf);
        MpiEngine.Activity a = engine.activity();
        a.begin("alltoall", name, MpiEngine.NONE, MpiEngine.NONE);
        try {
            Staged st = blockingStaging(false);
            Scratch s = Scratch.get();
            MemorySegment sb = st.in(sendBuf, t, 0, InPlace.is(sendBuf) ? 0 : lengthOf(sendBuf));
            MemorySegment rb = InPlace.is(sendBuf) ? st.out(recvBuf, t, 0, lengthOf(recvBuf)) : st.out(recvBuf, t, 0, lengthOf(recvBuf));
            MemorySegment c1 = InPlace.is(sendBuf) ? MemorySegment.NULL : s.ints(sc, 0, size);
            MemorySegment d1 = InPlace.is(sendBuf) ? MemorySegment.NULL : s.ints(sd, 1, size);
            MemorySegment c2 = s.ints(rcounts, 2, size);
            MemorySegment d2 = s.ints(rd, 3, size);
            long type = ABI.datatype(t);
            int rc;
            if (engine.polled) {
                rc = (int) Native.IALLTOALLV.invokeExact(sb, c1, d1, type, rb, c2, d2, type, handle, s.handleB);
                check(rc, "alltoall");
                awaitInline(s.handleB, "alltoall");
            } else {
                rc = st.critical() ? (int) Native.ALLTOALLV_HEAP.invokeExact(sb, c1, d1, type, rb, c2, d2, type, handle)
                        : (int) Native.ALLTOALLV.invokeExact(sb, c1, d1, type, rb, c2, d2, type, handle);
            }
            finishCollective("alltoall", rc, st, null);
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            a.end();
        }
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public void reduce(Object sendBuf, Object recvBuf, Op op, int root) {
        live();
        checkRoot(root);
        boolean inPlace = InPlace.is(sendBuf);
        int count = inPlace ? (recvBuf == null ? 0 : lengthOf(recvBuf)) : lengthOf(sendBuf);
        Datatype t = inPlace ? (recvBuf == null ? Datatype.BYTE : Datatype.of(recvBuf)) : Datatype.of(sendBuf);
        MpiException p = problem(() -> {
            requireInPlaceAllowed(sendBuf, rank == root, "reduce", "sendBuf");
            Reductions.check(op, t, count);
            if (rank == root) {
                requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
                requireDistinct(sendBuf, recvBuf, "reduce");
                requireCapacity(recvBuf, count, "recvBuf");
            }
        });
        agree("reduce", root, op, count, t, p);
        Object send = sendBuf;
        if (inPlace && root != 0 && ABI.family == Abi.Family.MPICH && !engine.polled) {
            // MPICH 4.0's blocking MPI_Reduce reads MPI_IN_PLACE as an address at a root other
            // than 0 and crashes (C programs too): reduce from a copy there instead.
            send = InPlace.copyOf(recvBuf);
        }
        reduction("reduce", send, rank == root ? recvBuf : null, t, count, op, root, null);
    }

    @Override
    public void allreduce(Object sendBuf, Object recvBuf, Op op) {
        live();
        boolean inPlace = InPlace.is(sendBuf);
        Datatype t = Datatype.of(inPlace ? recvBuf : sendBuf);
        int count = Datatype.length(inPlace ? recvBuf : sendBuf, t);
        if (!engine.checkCollectives && op.isBuiltin() && !inPlace && count == 1 && !engine.polled && engine.heapCritical
                && recvBuf != sendBuf && Datatype.of(recvBuf) == t && t != Datatype.BOOLEAN && t != Datatype.SEGMENT) {
            Reductions.check(op, t, count);
            singleAllreduce(sendBuf, recvBuf, t, op);
            return;
        }
        MpiException p = problem(() -> {
            Reductions.check(op, t, count);
            requireInPlaceAllowed(recvBuf, false, "allreduce", "recvBuf");
            requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
            requireDistinct(sendBuf, recvBuf, "allreduce");
            requireCapacity(recvBuf, count, "recvBuf");
        });
        agree("allreduce", -1, op, count, t, p);
        reduction("allreduce", sendBuf, recvBuf, t, count, op, -1, null);
    }

    /** The one-element allreduce of a built-in operation (the scalar allreduce's path): no staging, no counts. */
    private void singleAllreduce(Object sendBuf, Object recvBuf, Datatype t, Op op) {
        Ops.Resolved r = Ops.resolve(op, t);
        if (r.upcall()) {
            reduction("allreduce", sendBuf, recvBuf, t, 1, op, -1, null);
            return;
        }
        MpiEngine.Activity a = engine.activity();
        a.begin("allreduce", name, MpiEngine.NONE, MpiEngine.NONE);
        try {
            Staged st = new Staged(Staged.Mode.HEAP);
            check((int) Native.ALLREDUCE_HEAP.invokeExact(st.in(sendBuf, t, 0, 1), st.out(recvBuf, t, 0, 1), 1, r.datatype(), r.op(), handle),
                    "allreduce");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            a.end();
        }
    }

    /** An allreduce of longs, unchecked (for the checking mode itself). */
    void directAllreduce(long[] in, long[] out, Op op) {
        reduction("allreduce", in, out, Datatype.LONG, in.length, op, -1, null);
    }

    @Override
    public void reduceScatter(Object sendBuf, Object recvBuf, int[] recvCounts, Op op) {
        live();
        boolean inPlace = InPlace.is(sendBuf);
        Datatype t = Datatype.of(inPlace ? recvBuf : sendBuf);
        int n = Datatype.length(inPlace ? recvBuf : sendBuf, t);
        MpiException p = problem(() -> {
            Reductions.check(op, t, n);
            requireInPlaceAllowed(recvBuf, false, "reduceScatter", "recvBuf");
            requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
            requireDistinct(sendBuf, recvBuf, "reduceScatter");
            reduceScatterCounts(recvCounts, size, op, n);
            if (!inPlace) {
                requireCapacity(recvBuf, recvCounts[rank], "recvBuf");
            }
        });
        agree("reduceScatter", -1, op, n, t, p);
        reduction("reduceScatter", sendBuf, recvBuf, t, n, op, -1, recvCounts);
    }

    @Override
    public void scan(Object sendBuf, Object recvBuf, Op op) {
        prefix("scan", sendBuf, recvBuf, op);
    }

    @Override
    public void exscan(Object sendBuf, Object recvBuf, Op op) {
        prefix("exscan", sendBuf, recvBuf, op);
    }

    private void prefix(String kind, Object sendBuf, Object recvBuf, Op op) {
        live();
        boolean inPlace = InPlace.is(sendBuf);
        Datatype t = Datatype.of(inPlace ? recvBuf : sendBuf);
        int count = Datatype.length(inPlace ? recvBuf : sendBuf, t);
        MpiException p = problem(() -> {
            Reductions.check(op, t, count);
            requireInPlaceAllowed(recvBuf, false, kind, "recvBuf");
            requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
            requireDistinct(sendBuf, recvBuf, kind);
            requireCapacity(recvBuf, count, "recvBuf");
        });
        agree(kind, -1, op, count, t, p);
        reduction(kind, sendBuf, recvBuf, t, count, op, -1, null);
    }

    /**
     * Every reduction: the operation resolved to the library's handles ({@link Ops}), items
     * counted in the operation's item width, buffers staged by the wait mode, the rank-0
     * exscan result left as the thread engine leaves it (untouched).
     */
    private void reduction(String kind, Object sendBuf, Object recvBuf, Datatype t, int count, Op op, int root, int[] recvCounts) {
        Ops.Resolved r = Ops.resolve(op, t);
        int items = count / r.itemWidth();
        MpiEngine.Activity a = engine.activity();
        a.begin(kind, name, root >= 0 ? root : MpiEngine.NONE, MpiEngine.NONE);
        try {
            Staged st = blockingStaging(r.upcall());
            Scratch s = Scratch.get();
            boolean inPlace = InPlace.is(sendBuf);
            MemorySegment sb = st.in(sendBuf, t, 0, inPlace ? 0 : count);
            int recvLength = recvBuf == null ? 0 : recvCounts != null && !inPlace ? recvCounts[rank] : count;
            MemorySegment rb = recvBuf == null ? MemorySegment.NULL
                    : inPlace || kind.equals("exscan") ? st.out(recvBuf, t, 0, recvLength) : st.out(recvBuf, t, 0, recvLength);
            int rc;
            if (recvCounts != null) {
                int[] itemCounts = new int[size];
                for (int k = 0; k < size; k++) {
                    itemCounts[k] = recvCounts[k] / r.itemWidth();
                }
                MemorySegment c = s.ints(itemCounts, 0, size);
                if (engine.polled) {
                    rc = (int) Native.IREDUCE_SCATTER.invokeExact(sb, rb, c, r.datatype(), r.op(), handle, s.handleB);
                    check(rc, kind);
                    awaitInline(s.handleB, kind);
                } else {
                    rc = st.critical() ? (int) Native.REDUCE_SCATTER_HEAP.invokeExact(sb, rb, c, r.datatype(), r.op(), handle)
                            : (int) Native.REDUCE_SCATTER.invokeExact(sb, rb, c, r.datatype(), r.op(), handle);
                }
            } else if (engine.polled) {
                rc = switch (kind) {
                    case "reduce" -> (int) Native.IREDUCE.invokeExact(sb, rb, items, r.datatype(), r.op(), root, handle, s.handleB);
                    case "allreduce" -> (int) Native.IALLREDUCE.invokeExact(sb, rb, items, r.datatype(), r.op(), handle, s.handleB);
                    case "scan" -> (int) Native.ISCAN.invokeExact(sb, rb, items, r.datatype(), r.op(), handle, s.handleB);
                    default -> (int) Native.IEXSCAN.invokeExact(sb, rb, items, r.datatype(), r.op(), handle, s.handleB);
                };
                check(rc, kind);
                awaitInline(s.handleB, kind);
            } else if (st.critical()) {
                rc = switch (kind) {
                    case "reduce" -> (int) Native.REDUCE_HEAP.invokeExact(sb, rb, items, r.datatype(), r.op(), root, handle);
                    case "allreduce" -> (int) Native.ALLREDUCE_HEAP.invokeExact(sb, rb, items, r.datatype(), r.op(), handle);
                    case "scan" -> (int) Native.SCAN_HEAP.invokeExact(sb, rb, items, r.datatype(), r.op(), handle);
                    default -> (int) Native.EXSCAN_HEAP.invokeExact(sb, rb, items, r.datatype(), r.op(), handle);
                };
            } else {
                rc = switch (kind) {
                    case "reduce" -> (int) Native.REDUCE.invokeExact(sb, rb, items, r.datatype(), r.op(), root, handle);
                    case "allreduce" -> (int) Native.ALLREDUCE.invokeExact(sb, rb, items, r.datatype(), r.op(), handle);
                    case "scan" -> (int) Native.SCAN.invokeExact(sb, rb, items, r.datatype(), r.op(), handle);
                    default -> (int) Native.EXSCAN.invokeExact(sb, rb, items, r.datatype(), r.op(), handle);
                };
            }
            check(rc, kind);
            if (kind.equals("exscan") && rank == 0 && !inPlace) {
                // MPI leaves rank 0's recvbuf undefined; the thread engine leaves it as it was: skip the copy-back.
                st = null;
            }
            if (st != null) {
                st.finish();
            }
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            a.end();
        }
        if (r.upcall()) {
            agreeOnUpcalls(kind, op);
        }
    }

    // ---------------------------------------------------------------- collectives, nonblocking

    @Override
    public Request ibarrier() {
        live();
        Staged st = new Staged(Staged.Mode.OWNED);
        MemorySegment slot = st.requestSlot();
        try {
            check((int) Native.IBARRIER.invokeExact(handle, slot), "ibarrier");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        }
        return new NativeRequest(this, "ibarrier", st, slot, null, null);
    }

    @Override
    public Request ibcast(Object buf, int root) {
        live();
        checkRoot(root);
        Datatype t = Datatype.of(buf);
        int count = lengthOf(buf);
        Staged st = new Staged(Staged.Mode.OWNED);
        MemorySegment seg = rank == root ? st.in(buf, t, 0, count) : st.out(buf, t, 0, count);
        MemorySegment slot = st.requestSlot();
        try {
            check((int) Native.IBCAST.invokeExact(seg, count, ABI.datatype(t), root, handle, slot), "ibcast");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        }
        return new NativeRequest(this, "ibcast(root=" + root + ")", st, slot, null, buf);
    }

    @Override
    public Request iallreduce(Object sendBuf, Object recvBuf, Op op) {
        live();
        boolean inPlace = InPlace.is(sendBuf);
        Datatype t = Datatype.of(inPlace ? recvBuf : sendBuf);
        int count = Datatype.length(inPlace ? recvBuf : sendBuf, t);
        Reductions.check(op, t, count);
        requireInPlaceAllowed(recvBuf, false, "iallreduce", "recvBuf");
        requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
        requireDistinct(sendBuf, recvBuf, "iallreduce");
        requireCapacity(recvBuf, count, "recvBuf");
        Ops.Resolved r = Ops.resolve(op, t);
        Staged st = new Staged(Staged.Mode.OWNED);
        MemorySegment sb = st.in(sendBuf, t, 0, inPlace ? 0 : count);
        MemorySegment rb = inPlace ? st.out(recvBuf, t, 0, count) : st.out(recvBuf, t, 0, count);
        MemorySegment slot = st.requestSlot();
        try {
            check((int) Native.IALLREDUCE.invokeExact(sb, rb, count / r.itemWidth(), r.datatype(), r.op(), handle, slot), "iallreduce");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        }
        return new NativeRequest(this, "iallreduce(op=" + op.name() + ")", st, slot, null, new Object[] {sendBuf, recvBuf});
    }

    @Override
    public String toString() {
        return "Comm[" + name + ", rank " + rank + " of " + size + ", " + ABI.family.label + "]";
    }
}
