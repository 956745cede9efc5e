package org.parallel4j.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.parallel4j.pool.MapOptions;
import org.parallel4j.pool.Pool;
import org.parallel4j.pool.PoolException;
import org.parallel4j.pool.WorkerDiedException;

/**
 * {@code p4j bench pool}: the cases of {@code shared/peers/pool_bench.py}, same names and
 * sizes, for a pool of threads ({@code parallel4j-threads}), of worker JVMs
 * ({@code parallel4j-processes}) and of the ranks of a thread-engine job ({@code parallel4j-mpi-ranks}:
 * {@code workers + 1} ranks, the root handing out the tasks, {@code Pool.ranks}).
 */
public final class PoolBench {
    private PoolBench() {
    }

    static int square(int x) {
        return x * x;
    }

    /** The peer's CPU-bound task. */
    static long spin(long n) {
        long s = 0;
        for (long i = 0; i < n; i++) {
            s += i * i;
        }
        return s;
    }

    private static void emit(PrintStream out, String kase, String impl, String metric, double value) {
        out.printf("pool\t%s\t%s\t%s\t%.3f%n", kase, impl, metric, value);
        out.flush();
    }

    private static double rate(int n, Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return n / ((System.nanoTime() - t0) * 1e-9);
    }

    /**
     * Runs every case with {@code workers} workers.
     *
     * @param workers the number of worker JVMs
     * @param out where the figures are printed
     */
    public static void run(int workers, PrintStream out) {
        for (String kind : List.of("threads", "processes", "mpi-ranks")) {
            String impl = "parallel4j-" + kind;
            long t0 = System.nanoTime();
            if (kind.equals("mpi-ranks")) {
                // workers + 1 thread ranks: the root hands the tasks to the others (Pool.ranks)
                org.parallel4j.mpi.Mpi.run(workers + 1, world -> {
                    try (Pool pool = Pool.ranks(world)) {
                        if (pool != null) {
                            cases(pool, impl, t0, out);
                        }
                    }
                });
                continue;
            }
            try (Pool pool = kind.equals("threads") ? Pool.threads(workers) : Pool.processes(workers)) {
                cases(pool, impl, t0, out);
                if (kind.equals("processes")) {
                    workerDies(pool, impl, out);
                }
            }
        }
    }

    /** Every case but the crash probe on {@code pool}, started at {@code t0}. */
    private static void cases(Pool pool, String impl, long t0, PrintStream out) {
        List<Integer> tiny = IntStream.range(0, 200_000).boxed().toList();
        List<Integer> small = tiny.subList(0, 20_000);
        pool.map(PoolBench::square, List.of(1));
        emit(out, "startup", impl, "seconds", (System.nanoTime() - t0) * 1e-9);
        // Untimed passes first, JMH-style, for three seconds: the JIT of this JVM
        // and of every worker JVM compiles what is timed (CPython has no JIT to warm). Then one
        // timed pass, the figures printed.
        long warmUntil = System.nanoTime() + 3_000_000_000L;
        boolean timed = false;
        while (!timed) {
            timed = System.nanoTime() > warmUntil;
            PrintStream o = timed ? out : new PrintStream(java.io.OutputStream.nullOutputStream());
            emit(o, "tiny_map_chunked", impl, "tasks_per_s", rate(tiny.size(), () -> pool.map(PoolBench::square, tiny)));
            emit(o, "tiny_map_chunk1", impl, "tasks_per_s",
                    rate(small.size(), () -> pool.map(PoolBench::square, small, MapOptions.defaults().chunksize(1))));
            emit(o, "tiny_imap_unordered_chunk1", impl, "tasks_per_s", rate(small.size(), () -> {
                var it = pool.imapUnordered(PoolBench::square, small, MapOptions.defaults().chunksize(1));
                while (it.hasNext()) {
                    it.next();
                }
            }));
            emit(o, "tiny_submit", impl, "tasks_per_s", rate(small.size(), () -> {
                List<CompletableFuture<Integer>> fs = new ArrayList<>(small.size());
                for (int i : small) {
                    fs.add(pool.submit(() -> square(i)));
                }
                fs.forEach(CompletableFuture::join);
            }));
            emit(o, "tiny_map_auto_batch", impl, "tasks_per_s",
                    rate(small.size(), () -> pool.map(PoolBench::square, small, MapOptions.defaults().autoBatch())));
            List<Long> work = Collections.nCopies(8, 2_000_000L);
            long s0 = System.nanoTime();
            for (long n : work) {
                spin(n);
            }
            double serial = (System.nanoTime() - s0) * 1e-9;
            s0 = System.nanoTime();
            pool.map(PoolBench::spin, work, MapOptions.defaults().chunksize(1));
            double parallel = (System.nanoTime() - s0) * 1e-9;
            emit(o, "cpu_bound_speedup", impl, "speedup", serial / parallel);
        }
    }

    /** The peer's crash probe: a worker exits in the middle of a map of 8 tasks; the pool must go on. */
    private static void workerDies(Pool pool, String impl, PrintStream out) {
        long t0 = System.nanoTime();
        String outcome;
        double seconds;
        try {
            pool.map(x -> {
                if (x == 3) {
                    System.exit(1);
                }
                return x;
            }, IntStream.range(0, 8).boxed().toList(), MapOptions.defaults().chunksize(1));
            outcome = "completed";
            seconds = (System.nanoTime() - t0) * 1e-9;
        } catch (WorkerDiedException e) {
            seconds = (System.nanoTime() - t0) * 1e-9;
            List<Integer> after = pool.map(x -> x + 1, List.of(1, 2, 3));
            outcome = after.equals(List.of(2, 3, 4)) ? "task-failed-pool-continued" : "task-failed-pool-broken";
        } catch (PoolException e) {
            seconds = (System.nanoTime() - t0) * 1e-9;
            outcome = e.getClass().getSimpleName();
        }
        out.printf("pool\tworker_dies\t%s\toutcome\t%s%n", impl, outcome);
        emit(out, "worker_dies", impl, "seconds_to_error", seconds);
    }
}
