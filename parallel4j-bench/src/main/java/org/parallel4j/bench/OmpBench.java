package org.parallel4j.bench;

import java.io.PrintStream;
import java.util.concurrent.locks.ReentrantLock;
import org.parallel4j.loop.Atomic;
import org.parallel4j.loop.Reduction;
import org.parallel4j.loop.Schedule;
import org.parallel4j.loop.Team;

/**
 * {@code p4j bench omp}: the EPCC overheads of {@code shared/peers/omp_overhead.c}, same cases,
 * same method (a construct wrapped around a fixed delay, minus the delay alone, best of 15),
 * same counts, on a {@link Team} (implementation {@code parallel4j}).
 */
public final class OmpBench {
    static final String IMPL = "parallel4j";
    private static final int INNER = 2000;
    private static final int OUTER = 15;
    private static final int DELAY = 100;
    private static final int ITERS_PER_THREAD = 1024;
    private static final int SDELAY = 15;
    private static volatile double sink;
    private static final double[] SHARED_X = new double[1];
    private static final ReentrantLock LOCK = new ReentrantLock();

    private OmpBench() {
    }

    /** The peer's unit of work: a dependent chain of {@code n} floating-point additions. */
    static void delay(int n) {
        double a = 0.0;
        for (int i = 0; i < n; i++) {
            a += i * 0.5;
        }
        if (a < 0) {
            sink = a;
        }
    }

    private static double timeOf(Runnable body) {
        double best = Double.MAX_VALUE;
        for (int r = 0; r < OUTER; r++) {
            long t0 = System.nanoTime();
            body.run();
            best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
        }
        return best;
    }

    /**
     * Runs every case on a team of {@code threads} threads and prints the figures.
     *
     * @param threads the number of threads
     * @param out where the figures are printed
     */
    public static void run(int threads, PrintStream out) {
        try (Team team = Team.create(threads)) {
            // A silent first pass lets the JIT compile what the second pass times.
            cases(team, new PrintStream(java.io.OutputStream.nullOutputStream()));
            cases(team, out);
        }
    }

    private static void report(PrintStream out, String name, double t, double tref, int per) {
        out.printf("omp\t%s\t%s\toverhead_us\t%.4f%n", name, IMPL, (t - tref) / per * 1e6);
    }

    private static void cases(Team team, PrintStream out) {
        int threads = team.size();
        out.printf("omp\tthreads\t%s\tcount\t%d%n", IMPL, threads);
        double tref = timeOf(() -> {
            for (int j = 0; j < INNER; j++) {
                delay(DELAY);
            }
        });
        report(out, "parallel", timeOf(() -> {
            for (int j = 0; j < INNER; j++) {
                team.region(r -> delay(DELAY));
            }
        }), tref, INNER);
        report(out, "for_static", timeOf(() -> team.region(r -> {
            for (int j = 0; j < INNER; j++) {
                r.forLoop(0, r.numThreads(), Schedule.staticBlocks(), i -> delay(DELAY));
            }
        })), tref, INNER);
        report(out, "barrier", timeOf(() -> team.region(r -> {
            for (int j = 0; j < INNER; j++) {
                delay(DELAY);
                r.barrier();
            }
        })), tref, INNER);
        report(out, "single", timeOf(() -> team.region(r -> {
            for (int j = 0; j < INNER; j++) {
                r.single(() -> delay(DELAY));
            }
        })), tref, INNER);
        report(out, "critical", timeOf(() -> team.region(r -> {
            for (int j = 0; j < INNER / r.numThreads(); j++) {
                r.critical(() -> delay(DELAY));
            }
        })), tref, INNER);
        report(out, "lock", timeOf(() -> team.region(r -> {
            for (int j = 0; j < INNER / r.numThreads(); j++) {
                LOCK.lock();
                try {
                    delay(DELAY);
                } finally {
                    LOCK.unlock();
                }
            }
        })), tref, INNER);
        report(out, "atomic", timeOf(() -> team.region(r -> {
            for (int j = 0; j < INNER * 10 / r.numThreads(); j++) {
                Atomic.add(SHARED_X, 0, 1.0);
            }
        })), 0, INNER * 10 / threads);
        report(out, "reduction", timeOf(() -> {
            for (int j = 0; j < INNER; j++) {
                sink = team.regionReduce(Reduction.SUM, r -> {
                    delay(DELAY);
                    return 1.0;
                });
            }
        }), tref, INNER);
        double sref = timeOf(() -> {
            for (int r = 0; r < 8; r++) {
                for (int j = 0; j < ITERS_PER_THREAD; j++) {
                    delay(SDELAY);
                }
            }
        });
        String[] names = {"sched_static", "sched_static_1", "sched_dynamic_1", "sched_dynamic_64", "sched_guided_1"};
        Schedule[] schedules = {Schedule.staticBlocks(), Schedule.staticChunks(1), Schedule.dynamic(1), Schedule.dynamic(64),
            Schedule.guided(1)};
        for (int k = 0; k < names.length; k++) {
            Schedule s = schedules[k];
            report(out, names[k], timeOf(() -> team.region(r -> {
                for (int rep = 0; rep < 8; rep++) {
                    r.forLoop(0, ITERS_PER_THREAD * r.numThreads(), s, i -> delay(SDELAY));
                }
            })), sref, 8 * ITERS_PER_THREAD);
        }
    }
}
