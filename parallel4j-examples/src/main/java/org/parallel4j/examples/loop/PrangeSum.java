package org.parallel4j.examples.loop;

import org.parallel4j.loop.Parallel;
import org.parallel4j.loop.Reduction;

/** The first exercise of the Numba / Cython {@code prange} lesson: sums of 0..29 and 0..9999 with a parallel reduction. {@code p4j example prange-sum} */
public final class PrangeSum {
    private PrangeSum() {
    }

    /**
     * The sum of {@code 0..n-1}, as a parallel reduction.
     *
     * @param n the end of the range (exclusive)
     * @return the sum of 0..n-1
     */
    public static long sum(int n) {
        return Parallel.range(0, n).reduceLong(Reduction.SUM, i -> i);
    }

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        System.out.println("sum of 0..29   = " + sum(30));
        System.out.println("sum of 0..9999 = " + sum(10_000));
    }
}
