package org.parallel4j.mpi.engine.mpi;

import static org.parallel4j.mpi.engine.mpi.Native.ABI;
import static org.parallel4j.mpi.internal.CollectiveChecks.countsAndDispls;
import static org.parallel4j.mpi.internal.CollectiveChecks.reduceScatterCounts;
import static org.parallel4j.mpi.internal.CollectiveChecks.requireCapacity;
import static org.parallel4j.mpi.internal.CollectiveChecks.requireDistinct;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import org.parallel4j.mpi.CartComm;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.Comparison;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.Group;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.Op;
import org.parallel4j.mpi.Request;
import org.parallel4j.mpi.Win;
import org.parallel4j.mpi.internal.Buffers;
import org.parallel4j.mpi.internal.CartesianMap;
import org.parallel4j.mpi.internal.CollectiveChecks;
import org.parallel4j.mpi.internal.CommBase;
import org.parallel4j.mpi.internal.Datatype;
import org.parallel4j.mpi.internal.InPlace;
import org.parallel4j.mpi.internal.Reductions;
import org.parallel4j.mpi.internal.WinBase;

/**
 * A communicator of the MPI engine: its point-to-point operations ({@link NativePointToPoint}),
 * and here communicator management (dup, split, create, Cartesian topologies, free, and the
 * freeing of communicators a program dropped, {@link CommLifetimes}) and the collectives.
 * Collectives check their arguments in Java first ({@link #agree}); with
 * {@code -Dp4j.mpi.check=true} every rank also compares a fingerprint of its call with the
 * others' before the collective runs.
 */
class NativeComm extends NativePointToPoint {
    NativeComm(MpiEngine engine, long handle, String name, boolean permanent) {
        super(engine, handle, name, permanent);
    }

    /** A communicator over {@code handle}; {@code shadow}: see {@link NativePointToPoint}. */
    NativeComm(MpiEngine engine, long handle, String name, boolean permanent, boolean shadow) {
        super(engine, handle, name, permanent, shadow);
    }

    static NativeComm predefined(MpiEngine engine, long handle, String name, boolean shadow) {
        return new NativeComm(engine, handle, name, true, shadow);
    }

    // ---------------------------------------------------------------- communicators

    /**
     * Before a communicator is created: frees those the program dropped without freeing (see
     * {@link CommLifetimes}), so that a program that forgets {@code free()} does not run out.
     */
    private void beforeCreate() {
        live();
        engine.lifetimes.freeForgotten(engine);
    }

    /** A failed creation's error, with the likely cause when it is the library's limit on communicators. */
    private MpiException creationFailed(MpiException e) {
        return new MpiException(e.errorClass(), e.getMessage() + " (if the library ran out of communicators: free() the ones no"
                + " longer used; " + engine.lifetimes.freedForgotten() + " dropped without free() were freed for you so far)", e);
    }

    @Override
    public Comm dup() {
        beforeCreate();
        Scratch s = Scratch.get();
        try {
            check((int) Native.COMM_DUP.invokeExact(handle, s.handleA), "MPI_Comm_dup");
        } catch (MpiException e) {
            throw creationFailed(e);
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
        beforeCreate();
        if (color < 0 && color != Mpi.UNDEFINED) {
            throw new MpiException(ErrorClass.ARG, "invalid color " + color + " for split: colors are non-negative, or UNDEFINED");
        }
        Scratch s = Scratch.get();
        try {
            check((int) Native.COMM_SPLIT.invokeExact(handle, color == Mpi.UNDEFINED ? ABI.undefined : color, key, s.handleA), "MPI_Comm_split");
        } catch (MpiException e) {
            throw creationFailed(e);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        return Scratch.readHandle(s.handleA);
    }

    @Override
    public Comm create(Group members) {
        beforeCreate();
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
            throw creationFailed(e);
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
        engine.lifetimes.freeForgotten(engine);
        engine.lifetimes.untrack(handles);
        if (handles.release()) {
            check(freeHandles(handle, objects), "MPI_Comm_free");
        }
    }

    /** Frees a communicator's handle and its object tier's; the first failure's code, or 0. */
    static int freeHandles(long handle, long objects) {
        Scratch s = Scratch.get();
        try {
            Scratch.writeHandle(s.handleA, handle);
            int rc = (int) Native.COMM_FREE.invokeExact(s.handleA);
            if (objects != handle) {
                Scratch.writeHandle(s.handleA, objects);
                int second = (int) Native.COMM_FREE.invokeExact(s.handleA);
                rc = rc != 0 ? rc : second;
            }
            return rc;
        } catch (Throwable t) {
            throw unexpected(t);
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

    // ---------------------------------------------------------------- one-sided communication

    @Override
    public Win winCreate(Object memory, int dispUnit) {
        live();
        MemorySegment region = WinBase.regionOf(memory);
        WinBase.checkDispUnit(dispUnit, "winCreate");
        if (!region.isNative()) {
            throw NativeWin.heapWindow(memory);
        }
        return NativeWin.create(this, WinBase.Kind.CREATED, region, region.byteSize(), dispUnit);
    }

    @Override
    public Win winAllocate(long bytes, int dispUnit) {
        live();
        WinBase.checkBytes(bytes, "winAllocate");
        WinBase.checkDispUnit(dispUnit, "winAllocate");
        return NativeWin.create(this, WinBase.Kind.ALLOCATED, null, bytes, dispUnit);
    }

    @Override
    public Win winAllocateShared(long bytes, int dispUnit) {
        live();
        WinBase.checkBytes(bytes, "winAllocateShared");
        WinBase.checkDispUnit(dispUnit, "winAllocateShared");
        return NativeWin.create(this, WinBase.Kind.SHARED, null, bytes, dispUnit);
    }

    // ---------------------------------------------------------------- parallel I/O

    @Override
    public org.parallel4j.mpi.MpiFile fileOpen(String path, org.parallel4j.mpi.FileMode... modes) {
        live();
        return NativeFile.open(this, path, org.parallel4j.mpi.internal.FileBase.checkModes(path, modes));
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
