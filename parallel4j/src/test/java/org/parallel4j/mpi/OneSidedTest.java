package org.parallel4j.mpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One-sided communication (windows) over the matrix: every synchronization mode, the atomics
 * checked for atomicity by what many ranks leave behind, results checked against a serial
 * reference, sizes on both sides of the MPI engine's staging block, and the errors of misuse.
 * Window memory is native (a segment, or allocated by the library), as the MPI engine needs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OneSidedTest {

    /**
     * Known, under study: Open MPI 4.1's default one-sided components, with more ranks than cores,
     * sometimes fail a window's creation on a split communicator (MPI_ERR_WIN). Such cells are
     * skipped with this reason on that library, never passed silently; MPICH runs them all.
     * {@code -Dp4j.test.oversubscribedWindows=true} runs them all the same (on 2026-12-04, at 4
     * processes on 2 cores: MPI_ERR_WIN from winAllocate on a split, and a post/start/complete/wait
     * exchange whose ranks stayed in start and waitExposure; MPICH at 3 and 4 passed).
     */
    private static void notOversubscribedOnOpenMpi(int ranks) {
        notOversubscribedOn(ranks, "openmpi", "Open MPI windows: a known intermittent MPI_ERR_WIN");
    }

    /** Skips a cell of more ranks than cores on the MPI engine over {@code library}, for the library's known fault. */
    private static void notOversubscribedOn(int ranks, String library, String fault) {
        int cores = Capability.nodeCores();
        boolean on = Capability.engine().equals("mpi") && library.equals(System.getProperty("p4j.mpi.library"));
        org.junit.jupiter.api.Assumptions.assumeTrue(!on || ranks <= cores || Boolean.getBoolean("p4j.test.oversubscribedWindows"), fault + " with " + ranks + " ranks on "
                + cores + " cores, see docs/mpi-engine.md");
    }

    private static MpiException expect(ErrorClass c, Runnable r, String... fragments) {
        MpiException e = assertThrows(MpiException.class, r::run);
        assertEquals(c, e.errorClass(), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "\"" + f + "\" not in: " + e.getMessage());
        }
        return e;
    }

    /** The value rank {@code r} writes at element {@code i} of its block in round {@code k}. */
    private static long value(int r, int i, int k) {
        return r * 1_000_003L + i * 7L + k;
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void fenceEpochsMovePutsAndGetsOfEverySizeToTheRightPlace(int ranks, String kind) {
        notOversubscribedOnOpenMpi(ranks);
        notOversubscribedOn(ranks, "mpich", "MPICH 4.0 over ucx: MPI_Win_free that one process leaves and the others never do");
        CommMatrix.run(ranks, kind, c -> {
            int n = c.size(), me = c.rank();
            // sizes on both sides of the MPI engine's 64 KiB staging block, the same on every rank
            int[] counts = {1, 3, 1000, 9000, 70_000};
            int slots = n * 70_000;
            try (Win win = c.winAllocate(8L * slots, 8)) {
                assertEquals(8L * slots, win.memory().byteSize());
                win.fence();
                for (int k = 0; k < counts.length; k++) {
                    int count = counts[k];
                    int right = (me + 1) % n;
                    long[] block = new long[count + 2];
                    for (int i = 0; i < count; i++) {
                        block[i + 1] = value(me, i, k);
                    }
                    // element 1.. of a heap array, at slot me * count of the right neighbour
                    win.put(block, 1, count, right, (long) me * count);
                    win.fence();
                    MemorySegment mine = win.memory();
                    int left = (me + n - 1) % n;
                    for (int i = 0; i < count; i += Math.max(1, count / 97)) {
                        assertEquals(value(left, i, k), mine.getAtIndex(ValueLayout.JAVA_LONG, (long) left * count + i), "element " + i);
                    }
                    // read back what this rank put, from its right neighbour, into a native segment
                    try (Arena a = Arena.ofConfined()) {
                        MemorySegment back = a.allocate(8L * count);
                        win.get(back, 0, 8 * count, right, (long) me * count);
                        win.fence();
                        for (int i = 0; i < count; i++) {
                            assertEquals(value(me, i, k), back.getAtIndex(ValueLayout.JAVA_LONG, i));
                        }
                    }
                }
                win.fence(Win.MODE_NOSUCCEED);
            }
        });
    }

    /**
     * Allocated windows of sizes that are not multiples of 16 bytes, the same on every rank and
     * one per rank: puts to itself and to its neighbour, under locks and fences, land where they
     * should. Found by this test: MPICH 4.0 loses puts to odd ranks of such windows (the engine
     * now rounds the allocation up).
     */
    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void allocatedWindowsOfOddSizesTakeEveryPutWhereItBelongs(int ranks, String kind) {
        notOversubscribedOnOpenMpi(ranks);
        notOversubscribedOn(ranks, "mpich", "MPICH 4.0 over ucx: MPI_Win_free that one process leaves and the others never do");
        CommMatrix.run(ranks, kind, c -> {
            int n = c.size(), me = c.rank(), right = (me + 1) % n, left = (me + n - 1) % n;
            for (int longs : new int[] {1, 3, 5, 2, 7}) {
                for (boolean perRank : new boolean[] {false, true}) {
                    int mine = perRank ? longs + me : longs;
                    try (Win win = c.winAllocate(8L * mine, 8)) {
                        String at = longs + (perRank ? " + rank" : "") + " longs";
                        assertEquals(8L * mine, win.byteSize(me));
                        int rightLast = (int) (win.byteSize(right) / 8) - 1;
                        win.lock(me);
                        win.put(new long[] {10 + me}, me, 0);
                        win.put(new long[] {11 + me}, me, mine - 1L);
                        win.unlock(me);
                        c.barrier();
                        assertEquals(mine == 1 ? 11 + me : 10 + me, win.memory().getAtIndex(ValueLayout.JAVA_LONG, 0), at + ", own put");
                        assertEquals(11 + me, win.memory().getAtIndex(ValueLayout.JAVA_LONG, mine - 1L), at + ", own put at the end");
                        c.barrier();
                        win.lock(right);
                        win.put(new long[] {20 + me}, right, 0);
                        win.unlock(right);
                        c.barrier();
                        assertEquals(20 + left, win.memory().getAtIndex(ValueLayout.JAVA_LONG, 0), at + ", the left neighbour's put");
                        c.barrier();
                        win.fence();
                        win.put(new long[] {30 + me}, right, rightLast);
                        win.fence(Win.MODE_NOSUCCEED);
                        assertEquals(30 + left, win.memory().getAtIndex(ValueLayout.JAVA_LONG, mine - 1L), at + ", a put under fences");
                    }
                }
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void accumulatesFromEveryRankAreAtomicPerElement(int ranks, String kind) {
        notOversubscribedOnOpenMpi(ranks);
        CommMatrix.run(ranks, kind, c -> {
            int n = c.size(), me = c.rank();
            int iters = 300;
            try (Win longs = c.winAllocate(8 * 4, 8); Win doubles = c.winAllocate(8 * 4, 8)) {
                c.barrier();
                longs.lockAll();
                doubles.lockAll();
                long[] one = {1, 2, 3, 4};
                double[] half = {0.5, 0.25, 1, 2};
                for (int k = 0; k < iters; k++) {
                    for (int t = 0; t < n; t++) {
                        longs.accumulate(one, t, 0, Op.SUM);
                        doubles.accumulate(half, 1, 2, t, 1, Op.SUM); // {0.25, 1} at elements 1, 2
                    }
                    if (k % 50 == 0) {
                        longs.flushAll();
                    }
                }
                longs.unlockAll();
                doubles.unlockAll();
                c.barrier();
                long[] sum = new long[4];
                double[] dsum = new double[4];
                longs.lock(LockType.SHARED, me);
                longs.get(sum, me, 0);
                longs.unlock(me);
                doubles.lock(LockType.SHARED, me);
                doubles.get(dsum, me, 0);
                doubles.unlock(me);
                long total = (long) n * iters;
                assertArrayEquals(new long[] {total, 2 * total, 3 * total, 4 * total}, sum);
                assertArrayEquals(new double[] {0, 0.25 * total, total, 0}, dsum);
                c.barrier();
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void fetchAndOpHandsOutEveryTicketExactlyOnce(int ranks, String kind) {
        notOversubscribedOnOpenMpi(ranks);
        CommMatrix.run(ranks, kind, c -> {
            int n = c.size();
            int iters = 200;
            int owner = n - 1;
            try (Win counter = c.winAllocate(c.rank() == owner ? 8 : 0, 8)) {
                long[] tickets = new long[iters];
                long[] inc = {1};
                long[] got = new long[1];
                counter.lock(LockType.SHARED, owner);
                for (int k = 0; k < iters; k++) {
                    counter.fetchAndOp(inc, got, owner, 0, Op.SUM);
                    counter.flush(owner);
                    tickets[k] = got[0];
                }
                counter.unlock(owner);
                long[] all = new long[n * iters];
                c.allgather(tickets, all);
                TreeSet<Long> seen = new TreeSet<>();
                for (long t : all) {
                    assertTrue(seen.add(t), "ticket " + t + " handed out twice");
                }
                assertEquals(0L, seen.first());
                assertEquals((long) n * iters - 1, seen.last());
                // each rank's tickets increase
                for (int k = 1; k < iters; k++) {
                    assertTrue(tickets[k] > tickets[k - 1]);
                }
                c.barrier();
            }
        });
    }

    /**
     * False where the library refuses compareAndSwap (Open MPI 4.1's osc/rdma, which crashes in
     * it), after checking that the refusal says how to get one that works. Call under a lock on rank 0.
     */
    private static boolean casWorks(Win w) {
        try {
            w.compareAndSwap(new long[] {0}, new long[] {1}, new long[1], Mpi.PROC_NULL, 0);
            long[] probe = new long[1];
            // a swap that never matches (the value is never -1): safe on every engine, and it crosses the library
            w.compareAndSwap(new long[] {0}, new long[] {-1}, probe, 0, 0);
            w.flush(0);
            return true;
        } catch (MpiException e) {
            assertEquals(ErrorClass.WIN, e.errorClass(), e.getMessage());
            assertTrue(e.getMessage().contains("-Dp4j.mpi.osc=ucx"), e.getMessage());
            return false;
        }
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void compareAndSwapElectsOneRankAndSwapAndReadAreAtomic(int ranks, String kind) {
        notOversubscribedOnOpenMpi(ranks);
        CommMatrix.run(ranks, kind, c -> {
            int n = c.size(), me = c.rank();
            try (Win w = c.winAllocate(16, 8)) {
                c.barrier();
                w.lock(LockType.SHARED, 0);
                long[] result = new long[1];
                if (!casWorks(w)) {
                    w.unlock(0);
                    c.barrier();
                    return;
                }
                w.compareAndSwap(new long[] {me + 1}, new long[] {0}, result, 0, 0);
                w.flush(0);
                boolean won = result[0] == 0;
                // an atomic swap at element 1 and an atomic read of element 0
                long[] old = new long[1];
                w.getAccumulate(new long[] {100 + me}, old, 0, 1, Op.REPLACE);
                long[] now = new long[1];
                w.fetchAndOp(null, now, 0, 0, Op.NO_OP);
                w.unlock(0);
                int winners = c.allreduce(won ? 1 : 0, Op.SUM);
                assertEquals(1, winners);
                long winner = c.allreduce(won ? me + 1L : 0L, Op.SUM);
                assertEquals(winner, now[0]);
                if (!won) {
                    assertEquals(winner, result[0]);
                }
                // the swaps form a chain: every old value but one (0) is another rank's new value
                long[] olds = new long[n];
                c.allgather(new long[] {old[0]}, olds);
                TreeSet<Long> set = new TreeSet<>();
                for (long o : olds) {
                    set.add(o);
                }
                assertEquals(n, set.size());
                assertTrue(set.contains(0L));
                c.barrier();
                // an int CAS in a segment-created window, displacement unit 4
                try (Arena a = Arena.ofShared()) {
                    MemorySegment region = a.allocate(16);
                    Win created;
                    try {
                        created = c.winCreate(region, 4);
                    } catch (MpiException e) {
                        // Open MPI 4.1's default components cannot make a window of one process: said, with the way out
                        assertTrue(n == 1 && e.getMessage().contains("-Dp4j.mpi.osc=ucx"), e.getMessage());
                        return;
                    }
                    try (Win iw = created) {
                        iw.fence();
                        int[] r = new int[1];
                        if (me == 0) {
                            iw.compareAndSwap(new int[] {7}, new int[] {0}, r, n - 1, 3);
                        }
                        iw.fence();
                        if (me == n - 1) {
                            assertEquals(7, region.get(ValueLayout.JAVA_INT, 12));
                        }
                        iw.fence(Win.MODE_NOSUCCEED);
                    }
                }
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void postStartCompleteWaitExchangesWithNeighboursForManyRounds(int ranks, String kind) {
        notOversubscribedOnOpenMpi(ranks);
        CommMatrix.run(ranks, kind, c -> {
            int n = c.size(), me = c.rank();
            int left = (me + n - 1) % n, right = (me + 1) % n;
            Group g = c.group();
            Group fromLeft = g.incl(left);
            Group toRight = g.incl(right);
            try (Win w = c.winAllocate(8 * 8, 8)) {
                for (int round = 0; round < 20; round++) {
                    w.post(fromLeft);
                    w.start(toRight);
                    w.put(new double[] {me, round, me * round}, right, 2);
                    w.complete();
                    w.waitExposure();
                    MemorySegment m = w.memory();
                    assertEquals(left, m.getAtIndex(ValueLayout.JAVA_DOUBLE, 2));
                    assertEquals(round, m.getAtIndex(ValueLayout.JAVA_DOUBLE, 3));
                    assertEquals(left * round, m.getAtIndex(ValueLayout.JAVA_DOUBLE, 4));
                }
                // testExposure polls the same epoch to its end
                w.post(fromLeft);
                w.start(toRight);
                w.accumulate(new double[] {1}, right, 7, Op.SUM);
                w.complete();
                while (!w.testExposure()) {
                    Thread.onSpinWait();
                }
                assertEquals(1.0, w.memory().getAtIndex(ValueLayout.JAVA_DOUBLE, 7));
                c.barrier();
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void requestBasedOperationsCompleteOnTheirRequests(int ranks, String kind) {
        notOversubscribedOnOpenMpi(ranks);
        CommMatrix.run(ranks, kind, c -> {
            int n = c.size(), me = c.rank();
            Random rnd = new Random(42 + n);
            int count = 1 + rnd.nextInt(20_000);
            try (Win w = c.winAllocate(8L * count * n, 8)) {
                c.barrier();
                w.lockAll();
                int right = (me + 1) % n;
                long[] data = new long[count];
                for (int i = 0; i < count; i++) {
                    data[i] = value(me, i, 9);
                }
                Request put = w.rput(data, right, (long) me * count);
                put.await();
                w.flush(right);
                long[] back = new long[count];
                Request get = w.rget(back, right, (long) me * count);
                get.await();
                assertArrayEquals(data, back);
                long[] before = new long[1];
                w.raccumulate(new long[] {5}, right, (long) me * count, Op.SUM).await();
                w.rgetAccumulate(null, before, right, (long) me * count, Op.NO_OP).await();
                assertEquals(data[0] + 5, before[0]);
                assertFalse(w.rput(data, Mpi.PROC_NULL, 0).isActive() && !w.rput(data, Mpi.PROC_NULL, 0).test());
                w.unlockAll();
                c.barrier();
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void sharedWindowRegionsAreLoadedAndStoredDirectly(int ranks) {
        notOversubscribedOnOpenMpi(ranks);
        CommMatrix.launch(ranks, world -> {
            int n = world.size(), me = world.rank();
            // regions of different sizes, one empty
            long bytes = me == 1 ? 0 : 8L * (me + 3);
            try (Win w = world.winAllocateShared(bytes, 8)) {
                assertEquals(bytes, w.memory().byteSize());
                expect(ErrorClass.RMA_SYNC, w::sync, "passive-target epoch");
                w.lockAll();
                for (int i = 0; i < bytes / 8; i++) {
                    w.memory().setAtIndex(ValueLayout.JAVA_LONG, i, value(me, i, 0));
                }
                w.sync();
                world.barrier();
                w.sync();
                for (int r = 0; r < n; r++) {
                    MemorySegment theirs = w.sharedQuery(r);
                    assertEquals(w.byteSize(r), theirs.byteSize());
                    assertEquals(8, w.dispUnit(r));
                    for (int i = 0; i < theirs.byteSize() / 8; i++) {
                        assertEquals(value(r, i, 0), theirs.getAtIndex(ValueLayout.JAVA_LONG, i));
                    }
                }
                w.unlockAll();
                world.barrier();
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void windowsOverProgramMemorySeeRemoteWrites(int ranks) {
        notOversubscribedOnOpenMpi(ranks);
        CommMatrix.launch(ranks, world -> {
            int n = world.size(), me = world.rank();
            if (Capability.ofEngine().contains(Capability.HEAP_WINDOWS)) {
                double[] mine = new double[n];
                try (Win w = world.winCreate(mine)) {
                    assertEquals(8, w.dispUnit(me));
                    w.fence();
                    for (int t = 0; t < n; t++) {
                        w.put(new double[] {me + 0.5}, t, me);
                    }
                    w.fence();
                    for (int r = 0; r < n; r++) {
                        assertEquals(r + 0.5, mine[r]);
                    }
                    w.fence(Win.MODE_NOSUCCEED);
                }
            } else {
                expect(ErrorClass.WIN, () -> world.winCreate(new double[4]), "native", "double[]");
            }
            try (Arena a = Arena.ofShared()) {
                MemorySegment mine = a.allocate(4L * n);
                try (Win w = world.winCreate(mine, 4)) {
                    w.fence();
                    for (int t = 0; t < n; t++) {
                        w.put(new int[] {me * 10}, t, me);
                    }
                    w.fence();
                    for (int r = 0; r < n; r++) {
                        assertEquals(r * 10, mine.getAtIndex(ValueLayout.JAVA_INT, r));
                    }
                    w.fence(Win.MODE_NOSUCCEED);
                }
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void misuseIsAnErrorNamingTheValuesAndTheWindowStaysUsable(int ranks) {
        notOversubscribedOnOpenMpi(ranks);
        CommMatrix.launch(ranks, world -> {
            int n = world.size(), me = world.rank();
            Win w = world.winAllocate(64, 8);
            long[] one = {1};
            expect(ErrorClass.RMA_SYNC, () -> w.put(one, 0, 0), "outside an access epoch", "lock(0)");
            expect(ErrorClass.RMA_SYNC, () -> w.flush(0), "lock(0)");
            expect(ErrorClass.RMA_SYNC, () -> w.unlock(0), "holds no lock on rank 0");
            expect(ErrorClass.RMA_SYNC, w::complete, "start(group)");
            expect(ErrorClass.RMA_SYNC, w::waitExposure, "post(group)");
            expect(ErrorClass.RANK, () -> w.lock(n), "invalid rank " + n);
            w.lock(LockType.SHARED, me);
            expect(ErrorClass.RMA_RANGE, () -> w.put(new long[2], me, 7), "2 longs (16 bytes)", "displacement 7", "byte 56",
                    "region of 64 bytes");
            expect(ErrorClass.RMA_RANGE, () -> w.get(one, me, -1), "negative");
            expect(ErrorClass.RANK, () -> w.put(one, n, 0), "invalid target rank " + n);
            expect(ErrorClass.RMA_SYNC, () -> w.lock(me), "already holds a lock on rank " + me);
            expect(ErrorClass.RMA_SYNC, w::fence, "a lock on rank " + me);
            expect(ErrorClass.RMA_SYNC, w::free, "a lock on rank " + me);
            expect(ErrorClass.OP, () -> w.accumulate(new double[2], me, 0, Op.MAXLOC), "MAXLOC", "predefined");
            expect(ErrorClass.OP, () -> w.accumulate(one, me, 0, Op.ofLongs("mine", Long::sum)), "mine");
            expect(ErrorClass.OP, () -> w.accumulate(one, me, 0, Op.NO_OP), "NO_OP");
            expect(ErrorClass.OP, () -> w.accumulate(new boolean[1], me, 0, Op.SUM), "SUM", "booleans");
            expect(ErrorClass.TYPE, () -> w.compareAndSwap(new double[1], new double[1], new double[1], me, 0), "doubles");
            expect(ErrorClass.TYPE, () -> w.fetchAndOp(new int[1], new long[1], me, 0, Op.SUM), "int[]", "long[]");
            expect(ErrorClass.COUNT, () -> w.getAccumulate(new long[1], new long[3], me, 0, Op.SUM), "origin has 1");
            expect(ErrorClass.WIN, () -> w.sharedQuery(0), "winAllocateShared");
            expect(ErrorClass.OP, () -> world.allreduce(1.0, Op.REPLACE), "one-sided");
            // still usable: the put that follows lands
            w.put(new long[] {42}, me, 3);
            w.unlock(me);
            w.lock(LockType.EXCLUSIVE, me);
            long[] back = new long[1];
            w.get(back, me, 3);
            w.unlock(me);
            assertEquals(42, back[0]);
            w.put(one, Mpi.PROC_NULL, 1_000_000); // nothing to do, no epoch needed
            w.fence();
            expect(ErrorClass.RMA_SYNC, () -> w.lock(me), "fence(Win.MODE_NOSUCCEED)");
            w.fence(Win.MODE_NOSUCCEED);
            expect(ErrorClass.ARG, () -> w.fence(1 << 20), "unknown assertion");
            w.free();
            w.free(); // twice is allowed
            expect(ErrorClass.WIN, () -> w.put(one, me, 0), "was freed");
            expect(ErrorClass.ARG, () -> world.winAllocate(8, 0), "displacement unit 0");
            expect(ErrorClass.ARG, () -> world.winAllocate(-8, 8), "negative");
            world.barrier();
        });
    }

    @Test
    @Requires({Capability.INLINE_JOBS, Capability.DEADLOCK_DETECTION})
    void aLockThatCanNeverBeTakenIsReportedAsADeadlock() {
        MpiException e = assertThrows(MpiException.class, () -> CommMatrix.launch(2, Duration.ofSeconds(20), w -> {
            try (Win win = w.winAllocate(8, 8)) {
                if (w.rank() == 0) {
                    win.lock(1);
                    w.sendObject("locked", 1, 0); // rank 1 asks for the lock only once rank 0 holds it
                    w.barrier(); // rank 1 waits for the lock, not here
                } else {
                    w.recvObject(0, 0);
                    win.lock(1);
                }
            }
        }));
        assertEquals(ErrorClass.DEADLOCK, e.errorClass(), e.getMessage());
        assertTrue(e.getMessage().contains("lock(EXCLUSIVE, 1)"), e.getMessage());
    }

    @Test
    @Requires({Capability.INLINE_JOBS, Capability.DEADLOCK_DETECTION})
    void aStartWithoutAPostIsReportedAsADeadlock() {
        MpiException e = assertThrows(MpiException.class, () -> CommMatrix.launch(2, Duration.ofSeconds(20), w -> {
            Win win = w.winAllocate(8, 8);
            if (w.rank() == 0) {
                win.start(w.group().incl(1));
            } else {
                w.barrier();
            }
        }));
        assertEquals(ErrorClass.DEADLOCK, e.errorClass(), e.getMessage());
        assertTrue(e.getMessage().contains("waiting for rank 1 to post()"), e.getMessage());
    }

    @Test
    @Requires({Capability.INLINE_JOBS})
    void manyThreadsOfOneRankShareAWindow() {
        CommMatrix.launch(3, world -> {
            try (Win w = world.winAllocate(8, 8)) {
                world.barrier();
                w.lockAll();
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    threads.add(Thread.ofPlatform().start(() -> {
                        for (int k = 0; k < 500; k++) {
                            w.accumulate(new long[] {1}, 0, 0, Op.SUM);
                        }
                    }));
                }
                for (Thread t : threads) {
                    t.join();
                }
                w.unlockAll();
                world.barrier();
                if (world.rank() == 0) {
                    w.lock(0);
                    long[] v = new long[1];
                    w.get(v, 0, 0);
                    w.unlock(0);
                    assertEquals(3 * 4 * 500, v[0]);
                }
                world.barrier();
            }
        });
    }
}
