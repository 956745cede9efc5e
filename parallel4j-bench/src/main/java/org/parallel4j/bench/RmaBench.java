package org.parallel4j.bench;

import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.LockType;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.Op;
import org.parallel4j.mpi.Win;

/**
 * The one-sided cases of {@code shared/peers/mpi_bench.c} (suite {@code rma}), measured as the
 * C peer measures them: every rank exposes a window over memory it allocated itself (a native
 * segment, as the peer's malloc and mpi4py's NumPy array); rank 0, the origin, holds a shared
 * lock on rank 1 for each repetition and flushes after every operation; rank 1 waits in the
 * barrier; best of 5, the ping-pong's iteration counts. Put and get move a native segment (the
 * peer's buffer); the accumulate and the fetch-and-op take one-element Java arrays, as a Java
 * program writes them. Afterwards rank 0 checks what the operations left.
 */
final class RmaBench {
    private RmaBench() {
    }

    @FunctionalInterface
    private interface Body {
        void run();
    }

    static void cases(Comm world, PrintStream out) {
        if (world.size() < 2) {
            return;
        }
        putGet(world, true, 8, out);
        putGet(world, false, 8, out);
        putGet(world, true, 1 << 20, out);
        putGet(world, false, 1 << 20, out);
        accumulate(world, out);
        fetchAndOp(world, out);
    }

    /**
     * Seconds per operation and flush, best of 5 repetitions of {@code iters}, after untimed
     * repetitions for at least {@link MpiBench#WARMUP_SECONDS}; meaningful on rank 0. Returns
     * the time; {@code ops[0]} counts the operations run.
     */
    private static double time(Comm world, Win win, int iters, Body op, long[] ops) {
        int rank = world.rank();
        double start = Mpi.wtime();
        double best = Double.MAX_VALUE;
        for (int rep = 0; ; rep++) {
            boolean timed = rep >= 1 && world.allreduce(rank == 0 && Mpi.wtime() - start < MpiBench.WARMUP_SECONDS ? 0 : 1, Op.MIN) == 1;
            for (int r = 0; r < (timed ? 5 : 1); r++) {
                world.barrier();
                if (rank == 0) {
                    win.lock(LockType.SHARED, 1);
                    double t0 = Mpi.wtime();
                    for (int i = 0; i < iters; i++) {
                        op.run();
                        win.flush(1);
                    }
                    double t = (Mpi.wtime() - t0) / iters;
                    win.unlock(1);
                    ops[0] += iters;
                    if (timed) {
                        best = Math.min(best, t);
                    }
                }
                world.barrier();
            }
            if (timed) {
                return best;
            }
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("rma benchmark: " + what + " is wrong");
        }
    }

    private static void putGet(Comm world, boolean put, int bytes, PrintStream out) {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment memory = arena.allocate(bytes);
            memory.fill((byte) 2);
            MemorySegment buf = arena.allocate(bytes);
            buf.fill((byte) 1);
            int iters = bytes <= 4096 ? 20000 : bytes <= (1 << 20) ? 1000 : 50;
            try (Win win = world.winCreate(memory)) {
                Body op = put ? () -> win.put(buf, 0, bytes, 1, 0) : () -> win.get(buf, 0, bytes, 1, 0);
                double t = time(world, win, iters, op, new long[1]);
                if (world.rank() == 0) {
                    if (put) {
                        MemorySegment seen = arena.allocate(bytes);
                        win.lock(LockType.SHARED, 1);
                        win.get(seen, 0, bytes, 1, 0);
                        win.unlock(1);
                        check(seen.mismatch(buf) == -1, "put: the target's bytes");
                    } else {
                        MemorySegment twos = arena.allocate(bytes);
                        twos.fill((byte) 2);
                        check(buf.mismatch(twos) == -1, "get: the origin's bytes");
                    }
                }
                String name = (put ? "put-" : "get-") + bytes + "B";
                MpiBench.emit(world, out, "rma", name, "latency_us", t * 1e6);
                MpiBench.emit(world, out, "rma", name, "bandwidth_MBps", bytes / t / 1e6);
                world.barrier();
            }
        }
    }

    private static void accumulate(Comm world, PrintStream out) {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment memory = arena.allocate(8);
            double[] one = {1.0};
            long[] ops = new long[1];
            try (Win win = world.winCreate(memory)) {
                double t = time(world, win, 20000, () -> win.accumulate(one, 1, 0, Op.SUM), ops);
                if (world.rank() == 0) {
                    double[] sum = new double[1];
                    win.lock(LockType.SHARED, 1);
                    win.get(sum, 1, 0);
                    win.unlock(1);
                    check(sum[0] == ops[0], "accumulate: the target's sum");
                }
                MpiBench.emit(world, out, "rma", "accumulate-1double", "latency_us", t * 1e6);
                world.barrier();
            }
        }
    }

    private static void fetchAndOp(Comm world, PrintStream out) {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment memory = arena.allocate(8);
            long[] one = {1};
            long[] fetched = {-1};
            long[] ops = new long[1];
            try (Win win = world.winCreate(memory)) {
                double t = time(world, win, 20000, () -> win.fetchAndOp(one, fetched, 1, 0, Op.SUM), ops);
                if (world.rank() == 0) {
                    // each fetch returns the number of fetch-and-ops before it
                    check(fetched[0] == ops[0] - 1, "fetch_and_op: the last value fetched");
                }
                MpiBench.emit(world, out, "rma", "fetch_and_op-1long", "latency_us", t * 1e6);
                world.barrier();
            }
        }
    }
}
