package org.parallel4j.mpi.engine.threads;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.parallel4j.mpi.Info;
import org.parallel4j.mpi.LockType;
import org.parallel4j.mpi.Op;
import org.parallel4j.mpi.Request;
import org.parallel4j.mpi.internal.Buffers;
import org.parallel4j.mpi.internal.Datatype;
import org.parallel4j.mpi.internal.Reductions;
import org.parallel4j.mpi.internal.WinBase;

/**
 * One rank's view of a window on the thread engine. Every rank's region is memory of this JVM,
 * so an operation is a copy done at once by the origin's thread (MPI allows an operation to
 * complete as soon as it is issued); the synchronization calls only order those copies and
 * enforce MPI's epochs. What the ranks share ({@link Shared}): the regions, one monitor per
 * target that makes accumulates atomic per element, one shared/exclusive lock per target for
 * passive-target epochs, and post/complete counters per (target, origin) pair for
 * post-start-complete-wait. Every wait goes through {@link Waiting}: it leaves when the job
 * fails, and a rank blocked here is seen by the deadlock detector.
 */
final class ThreadWin extends WinBase {
    /** The state every rank of a window shares, made by rank 0. */
    static final class Shared {
        final Object[] atomics;
        final TargetLock[] locks;
        /** [target * size + origin]: posts target made for origin. */
        final AtomicLongArray posts;
        /** [target * size + origin]: completes origin made towards target. */
        final AtomicLongArray completes;
        /** Threads parked in a window wait, to wake when anything changes. */
        final Set<Thread> parked = ConcurrentHashMap.newKeySet();

        Shared(int size) {
            atomics = new Object[size];
            locks = new TargetLock[size];
            for (int i = 0; i < size; i++) {
                atomics[i] = new Object();
                locks[i] = new TargetLock();
            }
            posts = new AtomicLongArray(size * size);
            completes = new AtomicLongArray(size * size);
        }

        void signal() {
            for (Thread t : parked) {
                LockSupport.unpark(t);
            }
        }
    }

    /** A passive-target lock: 0 free, n > 0 held shared n times, -1 held exclusively. Not owned by a thread. */
    static final class TargetLock {
        private final AtomicInteger state = new AtomicInteger();

        boolean tryLock(LockType type) {
            while (true) {
                int s = state.get();
                if (type == LockType.EXCLUSIVE) {
                    return s == 0 && state.compareAndSet(0, -1);
                }
                if (s < 0) {
                    return false;
                }
                if (state.compareAndSet(s, s + 1)) {
                    return true;
                }
            }
        }

        void unlock(LockType type) {
            if (type == LockType.EXCLUSIVE) {
                state.set(0);
            } else {
                state.decrementAndGet();
            }
        }
    }

    private final ThreadComm comm;
    private final Shared shared;
    private final MemorySegment[] regions;
    /** This rank's allocation (ALLOCATED), or rank 0's node-wide block (SHARED); null when the program owns the memory. */
    private final Arena arena;
    /** Per target: posts of that target this rank's start() calls consumed. */
    private final long[] postsSeen;
    /** Per origin: posts this rank made for it. */
    private final long[] postsMade;
    private final LockType[] heldLocks;

    private ThreadWin(ThreadComm comm, String name, Kind kind, Shared shared, MemorySegment[] regions, long[] sizes, int[] units,
                      Arena arena, Info hints) {
        super(name, comm.rank, kind, sizes, units, comm.shared.worldRanks, comm.me.worldRank, hints);
        this.comm = comm;
        this.shared = shared;
        this.regions = regions;
        this.arena = arena;
        this.postsSeen = new long[comm.size];
        this.postsMade = new long[comm.size];
        this.heldLocks = new LockType[comm.size];
    }

    /**
     * Makes the window on every rank of {@code parent}: {@code region} is this rank's
     * (ignored for SHARED, where rank 0 allocates one block of every rank's {@code bytes}).
     */
    static ThreadWin create(ThreadComm parent, String what, Kind kind, MemorySegment region, long bytes, int dispUnit, Arena mine,
            Info hints) {
        Object[] all = Collectives.exchange(parent, what, new Object[] {region, bytes, dispUnit});
        int n = all.length;
        long[] sizes = new long[n];
        int[] units = new int[n];
        MemorySegment[] regions = new MemorySegment[n];
        for (int r = 0; r < n; r++) {
            Object[] e = (Object[]) all[r];
            regions[r] = (MemorySegment) e[0];
            sizes[r] = (Long) e[1];
            units[r] = (Integer) e[2];
        }
        ThreadComm c = (ThreadComm) parent.dup();
        Arena arena = mine;
        Object[] made = Collectives.exchange(c, what, c.rank == 0 ? new Object[] {new Shared(n), sharedBlock(kind, sizes)} : null);
        Object[] root = (Object[]) made[0];
        if (kind == Kind.SHARED) {
            Arena block = (Arena) ((Object[]) root[1])[0];
            MemorySegment all0 = (MemorySegment) ((Object[]) root[1])[1];
            long at = 0;
            for (int r = 0; r < n; r++) {
                regions[r] = all0.asSlice(at, sizes[r]);
                at += sizes[r];
            }
            arena = c.rank == 0 ? block : null;
        }
        return new ThreadWin(c, parent.name() + "." + what, kind, (Shared) root[0], regions, sizes, units, arena, hints);
    }

    /** Rank 0's block of a shared window: every rank's region, one after the other (zeroed, 64-byte aligned). */
    private static Object[] sharedBlock(Kind kind, long[] sizes) {
        if (kind != Kind.SHARED) {
            return null;
        }
        long total = 0;
        for (long s : sizes) {
            total += s;
        }
        Arena a = Arena.ofShared();
        return new Object[] {a, a.allocate(total, 64)};
    }

    @Override
    public MemorySegment memory() {
        live();
        return regions[rank];
    }

    @Override
    protected MemorySegment sharedRegion(int r) {
        return regions[r];
    }

    /** The target's bytes an operation touches. */
    private MemorySegment at(int target, long disp, Datatype t, int count) {
        return regions[target].asSlice(byteOffset(target, disp), (long) count * t.size);
    }

    // ---------------------------------------------------------------- communication: done at once

    /** Copies {@code count} elements of {@code t} from {@code from} into {@code to} at {@code offset}. */
    private static void read(MemorySegment from, Object to, Datatype t, int offset, int count) {
        Buffers.copy(from, Datatype.SEGMENT, 0, to, t, offset, count * t.size);
    }

    @Override
    protected void doPut(Object origin, Datatype t, int offset, int count, int target, long disp) {
        Buffers.copy(origin, t, offset, at(target, disp, t, count), Datatype.SEGMENT, 0, count);
    }

    @Override
    protected void doGet(Object origin, Datatype t, int offset, int count, int target, long disp) {
        read(at(target, disp, t, count), origin, t, offset, count);
    }

    @Override
    protected void doAccumulate(Object origin, Datatype t, int offset, int count, int target, long disp, Op op) {
        combine(origin, t, offset, count, target, disp, op, null);
    }

    @Override
    protected void doGetAccumulate(Object origin, Object result, Datatype t, int count, int target, long disp, Op op) {
        combine(origin, t, 0, count, target, disp, op, result);
    }

    @Override
    protected void doFetchAndOp(Object origin, Object result, Datatype t, int target, long disp, Op op) {
        combine(origin, t, 0, 1, target, disp, op, result);
    }

    /**
     * {@code result = target; target = target op origin} for {@code count} elements, under the
     * target's atomics monitor: every accumulate to a target is one step for every other.
     */
    private void combine(Object origin, Datatype t, int offset, int count, int target, long disp, Op op, Object result) {
        MemorySegment bytes = at(target, disp, t, count);
        synchronized (shared.atomics[target]) {
            if (result != null) {
                read(bytes, result, t, 0, count);
            }
            switch (op.kind()) {
                case NO_OP -> { }
                case REPLACE -> Buffers.copy(origin, t, offset, bytes, Datatype.SEGMENT, 0, count);
                default -> {
                    Object array = bytes.heapBase().orElse(null);
                    long at = bytes.address();
                    if (array != null && Datatype.of(array) == t && at % t.size == 0) {
                        int index = (int) (at / t.size);
                        Reductions.apply(op, t, array, index, origin, offset, array, index, count);
                    } else {
                        Object values = t.newArray(count);
                        read(bytes, values, t, 0, count);
                        Reductions.apply(op, t, values, 0, origin, offset, values, 0, count);
                        Buffers.copy(values, t, 0, bytes, Datatype.SEGMENT, 0, count);
                    }
                }
            }
        }
    }

    @Override
    protected void doCompareAndSwap(Object origin, Object compare, Object result, Datatype t, int target, long disp) {
        MemorySegment bytes = at(target, disp, t, 1);
        synchronized (shared.atomics[target]) {
            read(bytes, result, t, 0, 1);
            byte[] now = bytes.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            byte[] expected = new byte[t.size];
            Buffers.copy(compare, t, 0, MemorySegment.ofArray(expected), Datatype.SEGMENT, 0, 1);
            if (java.util.Arrays.equals(now, expected)) {
                Buffers.copy(origin, t, 0, bytes, Datatype.SEGMENT, 0, 1);
            }
        }
    }

    @Override
    protected Request completedRequest() {
        return new Done(comm.me, "a one-sided operation to PROC_NULL on " + name);
    }

    @Override
    protected Request doRput(Object origin, Datatype t, int count, int target, long disp) {
        doPut(origin, t, 0, count, target, disp);
        return new Done(comm.me, "rput to rank " + target + " on " + name);
    }

    @Override
    protected Request doRget(Object origin, Datatype t, int count, int target, long disp) {
        doGet(origin, t, 0, count, target, disp);
        return new Done(comm.me, "rget from rank " + target + " on " + name);
    }

    @Override
    protected Request doRaccumulate(Object origin, Datatype t, int count, int target, long disp, Op op) {
        doAccumulate(origin, t, 0, count, target, disp, op);
        return new Done(comm.me, "raccumulate to rank " + target + " on " + name);
    }

    @Override
    protected Request doRgetAccumulate(Object origin, Object result, Datatype t, int count, int target, long disp, Op op) {
        doGetAccumulate(origin, result, t, count, target, disp, op);
        return new Done(comm.me, "rgetAccumulate to rank " + target + " on " + name);
    }

    /** The request of an operation that completed when it was issued. */
    private static final class Done extends ThreadRequest {
        private final String what;

        Done(RankContext owner, String what) {
            super(owner);
            this.what = what;
            complete();
        }

        @Override
        public String describe() {
            return what;
        }
    }

    // ---------------------------------------------------------------- synchronization

    /** Waits until {@code done} holds, as every wait of the engine does. */
    private void await(BooleanSupplier done, String what) {
        Waitable w = new Waitable() {
            @Override
            public boolean isDone() {
                return done.getAsBoolean();
            }

            @Override
            public void setParkedWaiter(Thread thread) {
                if (thread != null) {
                    shared.parked.add(thread);
                } else {
                    shared.parked.remove(Thread.currentThread());
                }
            }

            @Override
            public String describe() {
                return what;
            }
        };
        Waiting.await(comm.me, w, 0);
    }

    @Override
    protected void doFence(int assertions) {
        // Operations are complete when issued; the barrier orders them before every rank's next access.
        Collectives.barrier(comm);
    }

    @Override
    protected void doStart(int[] targets) {
        int n = comm.size;
        for (int t : targets) {
            long want = postsSeen[t] + 1;
            int index = t * n + rank;
            await(() -> shared.posts.get(index) >= want, "start on " + name + ", waiting for rank " + t + " to post()");
            postsSeen[t] = want;
        }
    }

    @Override
    protected void doComplete(int[] targets) {
        int n = comm.size;
        for (int t : targets) {
            shared.completes.incrementAndGet(t * n + rank);
        }
        shared.signal();
    }

    @Override
    protected void doPost(int[] origins) {
        int n = comm.size;
        for (int o : origins) {
            postsMade[o]++;
            shared.posts.incrementAndGet(rank * n + o);
        }
        shared.signal();
    }

    private boolean allCompleted(int[] origins) {
        int n = comm.size;
        for (int o : origins) {
            if (shared.completes.get(rank * n + o) < postsMade[o]) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected void doWaitExposure(int[] origins) {
        await(() -> allCompleted(origins), "waitExposure on " + name + ", waiting for the origins of post() to complete()");
    }

    @Override
    protected boolean doTestExposure(int[] origins) {
        return allCompleted(origins);
    }

    @Override
    protected void doLock(LockType type, int target) {
        TargetLock l = shared.locks[target];
        if (!l.tryLock(type)) {
            boolean[] got = new boolean[1];
            await(() -> got[0] || (got[0] = l.tryLock(type)),
                    "lock(" + type + ", " + target + ") on " + name + ", waiting for another rank to unlock(" + target + ")");
        }
        heldLocks[target] = type;
    }

    @Override
    protected void doUnlock(int target) {
        shared.locks[target].unlock(heldLocks[target]);
        heldLocks[target] = null;
        shared.signal();
    }

    @Override
    protected void doLockAll() {
        for (int t = 0; t < comm.size; t++) {
            doLock(LockType.SHARED, t);
        }
    }

    @Override
    protected void doUnlockAll() {
        for (int t = 0; t < comm.size; t++) {
            shared.locks[t].unlock(LockType.SHARED);
            heldLocks[t] = null;
        }
        shared.signal();
    }

    @Override
    protected void doFlush(int target, boolean local) {
        java.lang.invoke.VarHandle.fullFence();
    }

    @Override
    protected void doFlushAll(boolean local) {
        java.lang.invoke.VarHandle.fullFence();
    }

    @Override
    protected void doSync() {
        java.lang.invoke.VarHandle.fullFence();
    }

    @Override
    protected void doFree() {
        Collectives.barrier(comm);
        if (arena != null) {
            arena.close();
        }
        comm.free();
    }
}
