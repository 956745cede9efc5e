package org.parallel4j.bench;

import java.io.PrintStream;
import org.parallel4j.array.DoubleArray;
import org.parallel4j.array.DoubleExpr;
import org.parallel4j.loop.Team;

/**
 * {@code p4j bench stream -n T}: the STREAM kernels of {@code shared/peers/stream.c} as array
 * expressions, same size (32M doubles), order, repetitions (best of 10) and bytes counted:
 * copy {@code c = a}, scale {@code b = 3c}, add {@code c = a + b}, triad {@code a = b + 3c},
 * dot {@code sum(a * b)}; implementation {@code parallel4j}, metric {@code bandwidth_MBps}.
 */
public final class StreamBench {
    /** The peer's array length. */
    public static final int N = 1 << 25;

    private StreamBench() {
    }

    /**
     * Runs the kernels on a team of {@code threads} threads.
     *
     * @param threads the team size
     * @param out where the figures are printed
     */
    public static void run(int threads, PrintStream out) {
        run(threads, N, out);
    }

    /**
     * Runs the kernels over arrays of {@code n} elements.
     *
     * @param threads the team size
     * @param n the array length
     * @param out where the figures are printed
     */
    public static void run(int threads, int n, PrintStream out) {
        try (Team team = Team.create(threads)) {
            DoubleArray a = DoubleArray.full(n, 1.0);
            DoubleArray b = DoubleArray.full(n, 2.0);
            DoubleArray c = DoubleArray.zeros(n);
            DoubleExpr ta = a.on(team);
            DoubleExpr tb = b.on(team);
            DoubleExpr tc = c.on(team);
            double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
            double sum = 0;
            for (int rep = 0; rep < 10; rep++) {
                long t0 = System.nanoTime();
                ta.into(c);
                best[0] = Math.min(best[0], (System.nanoTime() - t0) * 1e-9);
                t0 = System.nanoTime();
                tc.times(3.0).into(b);
                best[1] = Math.min(best[1], (System.nanoTime() - t0) * 1e-9);
                t0 = System.nanoTime();
                ta.plus(b).into(c);
                best[2] = Math.min(best[2], (System.nanoTime() - t0) * 1e-9);
                t0 = System.nanoTime();
                tb.plus(c.times(3.0)).into(a);
                best[3] = Math.min(best[3], (System.nanoTime() - t0) * 1e-9);
                t0 = System.nanoTime();
                sum += ta.dot(b);
                best[4] = Math.min(best[4], (System.nanoTime() - t0) * 1e-9);
            }
            String[] names = {"copy", "scale", "add", "triad", "dot"};
            int[] arrays = {2, 2, 3, 3, 2};
            for (int k = 0; k < 5; k++) {
                out.printf("stream\t%s\tparallel4j\tbandwidth_MBps\t%.0f%n", names[k], arrays[k] * (double) n * 8 / best[k] / 1e6);
            }
            if (sum == 42) {
                out.println("#");
            }
        }
    }
}
