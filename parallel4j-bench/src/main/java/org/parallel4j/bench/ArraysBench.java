package org.parallel4j.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.parallel4j.array.DoubleArray;
import org.parallel4j.array.DoubleExpr;
import org.parallel4j.loop.Team;

/**
 * {@code p4j bench arrays -n T}: the cases of {@code shared/peers/arrays_bench.py}, same names,
 * sizes (10M doubles) and bytes moved, best of 7 after one warm-up run, implementation
 * {@code parallel4j}, metrics {@code time_ms} and {@code bandwidth_MBps}. Every case runs in this
 * one JVM, one after the other, as a user's program would run them, after one silent pass over
 * all of them timed as the timed pass is (one call, then the best of 7: what the Java peers make
 * before they time) and with a collection before each case (each of the peers' cases starts in a
 * JVM of its own).
 */
public final class ArraysBench {
    /** The peer's array length. */
    public static final int N = 10_000_000;

    private ArraysBench() {
    }

    /**
     * Runs every case on a team of {@code threads} threads.
     *
     * @param threads the team size
     * @param out where the figures are printed
     */
    public static void run(int threads, PrintStream out) {
        run(threads, N, out);
    }

    /**
     * Runs every case over arrays of {@code n} elements.
     *
     * @param threads the team size
     * @param n the array length
     * @param out where the figures are printed
     */
    public static void run(int threads, int n, PrintStream out) {
        try (Team team = Team.create(threads)) {
            DoubleExpr a = DoubleArray.random(n, 1).on(team);
            DoubleArray b = DoubleArray.random(n, 2);
            DoubleArray c = DoubleArray.random(n, 3);
            DoubleArray d = DoubleArray.random(n, 4);
            DoubleArray result = DoubleArray.zeros(n);
            Map<String, Object[]> cases = new LinkedHashMap<>();
            // case -> {arrays read + written, the work}
            cases.put("triad", new Object[] {3, (Runnable) () -> a.plus(b.times(3.0)).eval()});
            cases.put("hypot", new Object[] {3, (Runnable) () -> a.times(a).plus(b.times(b)).sqrt().eval()});
            cases.put("poly3", new Object[] {5, (Runnable) () -> a.times(2.0).plus(b.times(3.0).times(c)).minus(d).eval()});
            cases.put("sincos", new Object[] {3, (Runnable) () -> a.sin().times(b.cos()).eval()});
            cases.put("triad_out", new Object[] {3, (Runnable) () -> a.plus(b.times(3.0)).into(result)});
            cases.put("poly3_out", new Object[] {5, (Runnable) () -> a.times(2.0).plus(b.times(3.0).times(c)).minus(d).into(result)});
            double[] sink = new double[1];
            cases.put("sum_ab", new Object[] {2, (Runnable) () -> sink[0] += a.times(b).sum()});
            cases.put("dot", new Object[] {2, (Runnable) () -> sink[0] += a.dot(b)});
            cases.put("mean", new Object[] {1, (Runnable) () -> sink[0] += a.mean()});
            cases.put("std", new Object[] {1, (Runnable) () -> sink[0] += a.std()});
            cases.put("argmax", new Object[] {1, (Runnable) () -> sink[0] += a.argmax()});
            for (var e : cases.entrySet()) { // one silent pass timed as the timed one, as the Java peers make: compiled and the heap sized
                bestMs((Runnable) e.getValue()[1]);
            }
            for (var e : cases.entrySet()) {
                int arrays = (int) e.getValue()[0];
                // Each case starts from a collected heap, as each of the peers' cases starts in a JVM of
                // its own: otherwise a case's new arrays land on pages no earlier case touched.
                System.gc();
                double ms = bestMs((Runnable) e.getValue()[1]);
                out.printf("arrays\t%s\tparallel4j\ttime_ms\t%.3f%n", e.getKey(), ms);
                out.printf("arrays\t%s\tparallel4j\tbandwidth_MBps\t%.0f%n", e.getKey(), arrays * (double) n * 8 / (ms / 1e3) / 1e6);
                out.flush();
            }
            if (sink[0] == 42) {
                out.println(); // keeps the reductions' results alive
            }
        }
    }

    private static double bestMs(Runnable r) {
        r.run();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 7; i++) {
            long t0 = System.nanoTime();
            r.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
        }
        return best;
    }
}
