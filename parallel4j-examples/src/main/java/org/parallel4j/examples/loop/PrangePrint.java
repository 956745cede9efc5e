package org.parallel4j.examples.loop;

import org.parallel4j.loop.Parallel;

/**
 * The workshop's lesson on printing inside a parallel loop (Cython's {@code prange} needs
 * {@code with gil:} or C's {@code printf}): in Java a loop body just prints. Each iteration
 * prints its index and the thread that ran it; the order is arbitrary, each line whole.
 * {@code p4j example [-n threads] prange-print [n]} (default 10).
 */
public final class PrangePrint {
    private PrangePrint() {
    }

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        if (n < 0) {
            throw new IllegalArgumentException("n must be at least 0, got " + n);
        }
        Parallel.range(0, n).forEachRange((lo, hi, tid) -> {
            for (int i = lo; i < hi; i++) {
                System.out.println("iteration " + i + " on thread " + tid);
            }
        });
    }
}
