package org.parallel4j.mpi.engine.mpi;

import static org.parallel4j.mpi.engine.mpi.Native.ABI;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.LockType;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.Op;
import org.parallel4j.mpi.Request;
import org.parallel4j.mpi.internal.Datatype;
import org.parallel4j.mpi.internal.WinBase;

/**
 * A window of the MPI engine: an {@code MPI_Win} of the library, every call one downcall once
 * {@link WinBase} has checked it. The library reads and writes the window's memory whenever it
 * likes, so that memory is native: a segment the program allocated, or the library's own
 * (allocated and shared windows, whose segments this window's arena bounds, so that a use after
 * {@link #free()} is an exception, not a crash). Heap origin buffers go through
 * {@link RmaStaging} and get their results at the completion that covers them.
 */
final class NativeWin extends WinBase {
    private final MpiEngine engine;
    private final NativeComm comm;
    /** The MPI_Win handle, in native memory for MPI_Win_free. */
    private final MemorySegment handleSlot;
    private final long handle;
    private final MemorySegment memory;
    /** Bounds the library's memory (allocated and shared windows); null for the program's. */
    private final Arena arena;
    private final int[] worldRanks;
    private final RmaStaging staging = new RmaStaging();
    /** The library's component for this window crashes in MPI_Compare_and_swap (see {@link #casCrashes}). */
    private final boolean casCrashes;

    private NativeWin(NativeComm comm, String name, Kind kind, long handle, MemorySegment memory, Arena arena, long[] sizes,
                      int[] units, int[] worldRanks, int myWorldRank, org.parallel4j.mpi.Info hints) {
        super(name, comm.rank(), kind, sizes, units, worldRanks, myWorldRank, hints);
        this.engine = comm.engine;
        this.comm = comm;
        this.handle = handle;
        this.handleSlot = Arena.ofAuto().allocate(8, 8);
        Scratch.writeHandle(handleSlot, handle);
        this.memory = memory;
        this.arena = arena;
        this.worldRanks = worldRanks;
        this.casCrashes = casCrashes(handle);
    }

    /**
     * Found by test: Open MPI 4.1's one-sided component for windows within a node, osc/rdma over
     * the vader transport, crashes the process in MPI_Compare_and_swap (C programs too; its
     * fetch-and-op and the rest work). osc/rdma is the one component whose windows carry the
     * info key {@code no_locks}, so a window of it is known; compareAndSwap on it is refused with
     * an error that says how to choose the components that work ({@code -Dp4j.mpi.osc=ucx}).
     */
    private static boolean casCrashes(long win) {
        if (ABI.family != Abi.Family.OPEN_MPI || !Native.LIB.version().contains("v4.")) {
            return false;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment info = a.allocate(8, 8);
            if ((int) Native.WIN_GET_INFO.invokeExact(win, info) != 0) {
                return false;
            }
            MemorySegment value = a.allocate(64);
            MemorySegment flag = a.allocate(4);
            int rc = (int) Native.INFO_GET.invokeExact(Scratch.readHandle(info), a.allocateFrom("no_locks"), 63, value, flag);
            int freed = (int) Native.INFO_FREE.invokeExact(info);
            return rc == 0 && flag.get(ValueLayout.JAVA_INT, 0) != 0;
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * What {@code MPI_Win_allocate} is asked for: {@code bytes} rounded up to a multiple of 64.
     * Found by test: MPICH 4.0 (ch4) puts into the wrong memory when a window's size is not a
     * multiple of 16 — with 8 or 40 bytes a rank, what any rank puts at an odd rank is lost and
     * rank 1's own put lands in rank 0's region (C programs too); rounded, every put lands.
     * The window keeps the size asked for: accesses beyond it are refused as before.
     */
    static long allocationBytes(long bytes) {
        return (bytes + 63) & ~63L;
    }

    /** Makes the window on every rank of {@code comm}; {@code region} is this rank's (CREATED) or null (the library allocates). */
    static NativeWin create(NativeComm comm, Kind kind, MemorySegment region, long bytes, int dispUnit, org.parallel4j.mpi.Info hints) {
        String what = switch (kind) {
            case CREATED -> "winCreate";
            case ALLOCATED -> "winAllocate";
            case SHARED -> "winAllocateShared";
        };
        Scratch s = Scratch.get();
        long handle;
        MemorySegment memory;
        Arena arena = null;
        long info = InfoHandles.create(hints);
        try {
            int rc;
            try {
                rc = switch (kind) {
                    case CREATED -> (int) Native.WIN_CREATE.invokeExact(region, bytes, dispUnit, info, comm.handle, s.handleB);
                    case ALLOCATED -> (int) Native.WIN_ALLOCATE.invokeExact(allocationBytes(bytes), dispUnit, info, comm.handle, s.handleA,
                            s.handleB);
                    case SHARED -> (int) Native.WIN_ALLOCATE_SHARED.invokeExact(bytes, dispUnit, info, comm.handle, s.handleA,
                            s.handleB);
                };
            } finally {
                InfoHandles.free(info);
            }
            if (rc != 0) {
                MpiException e = comm.engine.error(rc, what + " on " + comm.name());
                if (kind == Kind.CREATED && comm.size() == 1 && ABI.family == Abi.Family.OPEN_MPI) {
                    throw new MpiException(e.errorClass(), e.getMessage() + " (Open MPI 4.1's default one-sided components"
                            + " cannot create a window over a communicator of one process, C programs neither: start the job with"
                            + " -Dp4j.mpi.osc=ucx or OMPI_MCA_osc=sm,ucx, or use winAllocate)", e);
                }
                throw e;
            }
            handle = Scratch.readHandle(s.handleB);
            check(comm.engine, (int) Native.WIN_SET_ERRHANDLER.invokeExact(handle, ABI.errorsReturn), "MPI_Win_set_errhandler", what);
            if (kind == Kind.CREATED) {
                memory = region;
            } else {
                arena = Arena.ofShared();
                memory = s.handleA.get(ValueLayout.ADDRESS, 0).reinterpret(bytes, arena, null);
                memory.fill((byte) 0);
            }
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw NativeComm.unexpected(t);
        }
        // every rank's size and unit, for the range checks; the barrier it implies also orders the zeroing before any access
        long[] mine = {bytes, dispUnit};
        long[] all = new long[2 * comm.size()];
        comm.allgather(mine, all);
        long[] sizes = new long[comm.size()];
        int[] units = new int[comm.size()];
        for (int r = 0; r < sizes.length; r++) {
            sizes[r] = all[2 * r];
            units[r] = (int) all[2 * r + 1];
        }
        int[] world = comm.group().worldRanks();
        return new NativeWin(comm, comm.name() + "." + what, kind, handle, memory, arena, sizes, units, world,
                world[comm.rank()], hints);
    }

    /** The library's hints for this window ({@code MPI_Win_get_info}). */
    @Override
    public org.parallel4j.mpi.Info info() {
        live();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment slot = a.allocate(8, 8);
            check((int) Native.WIN_GET_INFO.invokeExact(handle, slot), "MPI_Win_get_info");
            return InfoHandles.read(Scratch.readHandle(slot));
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw NativeComm.unexpected(t);
        }
    }

    private static void check(MpiEngine engine, int rc, String call, String on) {
        if (rc != 0) {
            throw engine.error(rc, call + " on " + on);
        }
    }

    private void check(int rc, String what) {
        if (rc != 0) {
            throw engine.error(rc, what + " on window " + name);
        }
    }

    @Override
    public MemorySegment memory() {
        live();
        return memory;
    }

    @Override
    protected MemorySegment sharedRegion(int r) {
        Scratch s = Scratch.get();
        try {
            check((int) Native.WIN_SHARED_QUERY.invokeExact(handle, r, s.handleA, s.intA, s.handleB), "sharedQuery");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw NativeComm.unexpected(t);
        }
        long bytes = s.handleA.get(ValueLayout.JAVA_LONG, 0);
        return s.handleB.get(ValueLayout.ADDRESS, 0).reinterpret(bytes, arena, null);
    }

    // ---------------------------------------------------------------- communication

    @Override
    protected void doPut(Object origin, Datatype t, int offset, int count, int target, long disp) {
        MemorySegment from = staging.in(origin, t, offset, count, target);
        long type = ABI.datatype(t);
        try {
            check((int) Native.PUT.invokeExact(from, count, type, target, disp, count, type, handle), "put");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw NativeComm.unexpected(e);
        }
    }

    @Override
    protected void doGet(Object origin, Datatype t, int offset, int count, int target, long disp) {
        MemorySegment into = staging.out(origin, t, offset, count, target);
        long type = ABI.datatype(t);
        try {
            check((int) Native.GET.invokeExact(into, count, type, target, disp, count, type, handle), "get");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw NativeComm.unexpected(e);
        }
    }

    private static long op(Op op) {
        return ABI.ops.get(op.kind());
    }

    @Override
    protected void doAccumulate(Object origin, Datatype t, int offset, int count, int target, long disp, Op op) {
        MemorySegment from = staging.in(origin, t, offset, count, target);
        long type = ABI.datatype(t);
        try {
            check((int) Native.ACCUMULATE.invokeExact(from, count, type, target, disp, count, type, op(op), handle), "accumulate");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw NativeComm.unexpected(e);
        }
    }

    @Override
    protected void doGetAccumulate(Object origin, Object result, Datatype t, int count, int target, long disp, Op op) {
        MemorySegment from = origin == null ? MemorySegment.NULL : staging.in(origin, t, 0, count, target);
        MemorySegment into = staging.out(result, t, 0, count, target);
        long type = ABI.datatype(t);
        try {
            check((int) Native.GET_ACCUMULATE.invokeExact(from, count, type, into, count, type, target, disp, count, type, op(op),
                    handle), "getAccumulate");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw NativeComm.unexpected(e);
        }
    }

    @Override
    protected void doFetchAndOp(Object origin, Object result, Datatype t, int target, long disp, Op op) {
        MemorySegment from = origin == null ? staging.in(result, t, 0, 1, target) : staging.in(origin, t, 0, 1, target);
        MemorySegment into = staging.out(result, t, 0, 1, target);
        try {
            check((int) Native.FETCH_AND_OP.invokeExact(from, into, ABI.datatype(t), target, disp, op(op), handle), "fetchAndOp");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw NativeComm.unexpected(e);
        }
    }

    @Override
    protected void doCompareAndSwap(Object origin, Object compare, Object result, Datatype t, int target, long disp) {
        if (casCrashes) {
            throw new MpiException(ErrorClass.WIN, "compareAndSwap on window " + name + ": " + Native.LIB.version()
                    + " gives this window its osc/rdma component, which crashes the process in MPI_Compare_and_swap (C programs"
                    + " too): start the job with -Dp4j.mpi.osc=ucx (P4J_JAVA_OPTS=-Dp4j.mpi.osc=ucx for p4j) or OMPI_MCA_osc=sm,ucx"
                    + " to use the components that work, or build on fetchAndOp");
        }
        MemorySegment from = staging.in(origin, t, 0, 1, target);
        MemorySegment expected = staging.in(compare, t, 0, 1, target);
        MemorySegment into = staging.out(result, t, 0, 1, target);
        try {
            check((int) Native.COMPARE_AND_SWAP.invokeExact(from, expected, into, ABI.datatype(t), target, disp, handle),
                    "compareAndSwap");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw NativeComm.unexpected(e);
        }
    }

    @Override
    protected Request completedRequest() {
        return NativeRequest.completed(comm, "a one-sided operation to PROC_NULL", null);
    }

    @Override
    protected Request doRput(Object origin, Datatype t, int count, int target, long disp) {
        Staged st = new Staged(Staged.Mode.OWNED);
        MemorySegment from = st.in(origin, t, 0, count);
        MemorySegment slot = st.requestSlot();
        long type = ABI.datatype(t);
        try {
            check((int) Native.RPUT.invokeExact(from, count, type, target, disp, count, type, handle, slot), "rput");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw NativeComm.unexpected(e);
        }
        return new NativeRequest(comm, "rput to rank " + target + " on window " + name, st, slot, null, origin);
    }

    @Override
    protected Request doRget(Object origin, Datatype t, int count, int target, long disp) {
        Staged st = new Staged(Staged.Mode.OWNED);
        MemorySegment into = st.out(origin, t, 0, count);
        MemorySegment slot = st.requestSlot();
        long type = ABI.datatype(t);
        try {
            check((int) Native.RGET.invokeExact(into, count, type, target, disp, count, type, handle, slot), "rget");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw NativeComm.unexpected(e);
        }
        return new NativeRequest(comm, "rget from rank " + target + " on window " + name, st, slot, null, origin);
    }

    @Override
    protected Request doRaccumulate(Object origin, Datatype t, int count, int target, long disp, Op op) {
        Staged st = new Staged(Staged.Mode.OWNED);
        MemorySegment from = st.in(origin, t, 0, count);
        MemorySegment slot = st.requestSlot();
        long type = ABI.datatype(t);
        try {
            check((int) Native.RACCUMULATE.invokeExact(from, count, type, target, disp, count, type, op(op), handle, slot),
                    "raccumulate");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw NativeComm.unexpected(e);
        }
        return new NativeRequest(comm, "raccumulate to rank " + target + " on window " + name, st, slot, null, origin);
    }

    @Override
    protected Request doRgetAccumulate(Object origin, Object result, Datatype t, int count, int target, long disp, Op op) {
        Staged st = new Staged(Staged.Mode.OWNED);
        MemorySegment from = origin == null ? MemorySegment.NULL : st.in(origin, t, 0, count);
        MemorySegment into = st.out(result, t, 0, count);
        MemorySegment slot = st.requestSlot();
        long type = ABI.datatype(t);
        try {
            check((int) Native.RGET_ACCUMULATE.invokeExact(from, count, type, into, count, type, target, disp, count, type, op(op),
                    handle, slot), "rgetAccumulate");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw NativeComm.unexpected(e);
        }
        return new NativeRequest(comm, "rgetAccumulate to rank " + target + " on window " + name, st, slot, null,
                new Object[] {origin, result});
    }

    // ---------------------------------------------------------------- synchronization

    /** A blocking synchronization call, recorded as this thread's pending operation for timeout reports. */
    private interface Call {
        int run() throws Throwable;
    }

    private void blocking(String what, int peer, Call call) {
        MpiEngine.Activity a = engine.activity();
        a.begin(what, name, peer, MpiEngine.NONE);
        try {
            check(call.run(), what);
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw NativeComm.unexpected(e);
        } finally {
            a.end();
        }
    }

    @Override
    protected void doFence(int assertions) {
        int bits = ABI.assertions(assertions);
        blocking("fence", MpiEngine.NONE, () -> (int) Native.WIN_FENCE.invokeExact(bits, handle));
        staging.completed(-1);
    }

    /** An MPI group of the window ranks {@code ranks} (free it after use). */
    private long groupOf(int[] ranks) throws Throwable {
        Scratch s = Scratch.get();
        int[] world = new int[ranks.length];
        for (int i = 0; i < ranks.length; i++) {
            world[i] = worldRanks[ranks[i]];
        }
        check((int) Native.COMM_GROUP.invokeExact(ABI.commWorld, s.handleA), "MPI_Comm_group");
        long wg = Scratch.readHandle(s.handleA);
        MemorySegment list = s.ints(world, 0, Math.max(1, world.length));
        check((int) Native.GROUP_INCL.invokeExact(wg, world.length, list, s.handleB), "MPI_Group_incl");
        long g = Scratch.readHandle(s.handleB);
        Scratch.writeHandle(s.handleA, wg);
        check((int) Native.GROUP_FREE.invokeExact(s.handleA), "MPI_Group_free");
        return g;
    }

    private void freeGroup(long g) throws Throwable {
        Scratch s = Scratch.get();
        Scratch.writeHandle(s.handleA, g);
        check((int) Native.GROUP_FREE.invokeExact(s.handleA), "MPI_Group_free");
    }

    @Override
    protected void doStart(int[] targets) {
        blocking("start", MpiEngine.NONE, () -> {
            long g = groupOf(targets);
            int rc = (int) Native.WIN_START.invokeExact(g, 0, handle);
            freeGroup(g);
            return rc;
        });
    }

    @Override
    protected void doComplete(int[] targets) {
        blocking("complete", MpiEngine.NONE, () -> (int) Native.WIN_COMPLETE.invokeExact(handle));
        staging.completed(-1);
    }

    @Override
    protected void doPost(int[] origins) {
        blocking("post", MpiEngine.NONE, () -> {
            long g = groupOf(origins);
            int rc = (int) Native.WIN_POST.invokeExact(g, 0, handle);
            freeGroup(g);
            return rc;
        });
    }

    @Override
    protected void doWaitExposure(int[] origins) {
        blocking("waitExposure", MpiEngine.NONE, () -> (int) Native.WIN_WAIT.invokeExact(handle));
    }

    @Override
    protected boolean doTestExposure(int[] origins) {
        Scratch s = Scratch.get();
        try {
            check((int) Native.WIN_TEST.invokeExact(handle, s.intA), "testExposure");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw NativeComm.unexpected(e);
        }
        return s.intA.get(ValueLayout.JAVA_INT, 0) != 0;
    }

    @Override
    protected void doLock(LockType type, int target) {
        int kind = type == LockType.EXCLUSIVE ? ABI.lockExclusive : ABI.lockShared;
        blocking("lock", target, () -> (int) Native.WIN_LOCK.invokeExact(kind, target, 0, handle));
    }

    @Override
    protected void doUnlock(int target) {
        blocking("unlock", target, () -> (int) Native.WIN_UNLOCK.invokeExact(target, handle));
        staging.completed(target);
    }

    @Override
    protected void doLockAll() {
        blocking("lockAll", MpiEngine.NONE, () -> (int) Native.WIN_LOCK_ALL.invokeExact(0, handle));
    }

    @Override
    protected void doUnlockAll() {
        blocking("unlockAll", MpiEngine.NONE, () -> (int) Native.WIN_UNLOCK_ALL.invokeExact(handle));
        staging.completed(-1);
    }

    @Override
    protected void doFlush(int target, boolean local) {
        try {
            int rc = local ? (int) Native.WIN_FLUSH_LOCAL.invokeExact(target, handle) : (int) Native.WIN_FLUSH.invokeExact(target, handle);
            check(rc, local ? "flushLocal" : "flush");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw NativeComm.unexpected(e);
        }
        staging.completed(target);
    }

    @Override
    protected void doFlushAll(boolean local) {
        try {
            int rc = local ? (int) Native.WIN_FLUSH_LOCAL_ALL.invokeExact(handle) : (int) Native.WIN_FLUSH_ALL.invokeExact(handle);
            check(rc, local ? "flushLocalAll" : "flushAll");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw NativeComm.unexpected(e);
        }
        staging.completed(-1);
    }

    @Override
    protected void doSync() {
        try {
            check((int) Native.WIN_SYNC.invokeExact(handle), "sync");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw NativeComm.unexpected(e);
        }
    }

    @Override
    protected void doFree() {
        blocking("free", MpiEngine.NONE, () -> (int) Native.WIN_FREE.invokeExact(handleSlot));
        if (arena != null) {
            arena.close(); // after the library let go of the memory
        }
    }

    /** The refusal of heap memory for a window: the library would read and write memory the collector moves. */
    static MpiException heapWindow(Object memory) {
        String what = memory instanceof MemorySegment ? "a heap MemorySegment" : "a " + Datatype.of(memory).javaType;
        return new MpiException(ErrorClass.WIN, "winCreate over " + what + ": on the MPI engine a window's memory must be native"
                + " (the library reads and writes it at any time, and the collector moves heap arrays): allocate it with an Arena"
                + " (Arena.ofShared().allocate(bytes)) or use winAllocate");
    }
}
