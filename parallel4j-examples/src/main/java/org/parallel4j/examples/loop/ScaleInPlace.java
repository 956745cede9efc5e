package org.parallel4j.examples.loop;

import org.parallel4j.loop.Parallel;

/**
 * The OpenMP deck's {@code x = alpha * x} with a parallel loop, in place: every element scaled, each
 * by the thread that owns its block. {@code p4j example [-n threads] scale-in-place [n] [alpha]}
 * (default 10,000,000 and 2.5) prints the first elements and a check against the serial loop.
 */
public final class ScaleInPlace {
    private ScaleInPlace() {
    }

    /**
     * {@code x[i] = alpha * x[i]} for every i, in parallel.
     *
     * @param x the array, scaled in place
     * @param alpha the factor
     */
    public static void scale(double[] x, double alpha) {
        Parallel.range(0, x.length).forEachRange((lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                x[i] = alpha * x[i];
            }
        });
    }

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        double alpha = args.length > 1 ? Double.parseDouble(args[1]) : 2.5;
        if (n < 0) {
            throw new IllegalArgumentException("n must be at least 0, got " + n);
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        long t0 = System.nanoTime();
        scale(x, alpha);
        double s = (System.nanoTime() - t0) * 1e-9;
        boolean ok = true;
        for (int i = 0; i < n && ok; i++) {
            ok = x[i] == alpha * i;
        }
        System.out.println("x[:5] = " + java.util.Arrays.toString(java.util.Arrays.copyOf(x, Math.min(5, n))));
        System.out.printf("scaled %d elements by %s in %.3f s; equal to the serial loop: %s%n", n, alpha, s, ok);
    }
}
