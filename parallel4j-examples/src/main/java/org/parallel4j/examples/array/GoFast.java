package org.parallel4j.examples.array;

import org.parallel4j.array.DoubleMatrix;

/**
 * Mirrors the Numba workshop's {@code go_fast}: on a 1000 x 1000 array holding 0..999999, the
 * sum of tanh of the diagonal (999.0: tanh(0) is 0 and tanh of every other diagonal element
 * rounds to 1) is added to every element; then the parallel version on a 10000 x 10000 array,
 * where 9999.0 is added. Both as array expressions: the diagonal is a strided view, the
 * addition one fused parallel pass. {@code p4j example go-fast [-n threads] [size of the large array]}
 */
public final class GoFast {
    private GoFast() {
    }

    /**
     * The workshop's function: {@code a + sum(tanh(diag(a)))}.
     *
     * @param a the array
     * @return a new array, each element of {@code a} plus the trace of tanh
     */
    public static DoubleMatrix goFast(DoubleMatrix a) {
        double trace = a.diag().tanh().sum();
        return a.map(a.flat().plus(trace));
    }

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        int large = 10_000;
        if (args.length > 0) {
            try {
                large = Integer.parseInt(args[0]);
            } catch (NumberFormatException e) {
                large = 0;
            }
            if (large < 2 || (long) large * large > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("the large array's size must be an integer from 2 to 46340, got '" + args[0]
                        + "' (usage: go-fast [size])");
            }
        }
        for (int n : new int[] {1000, large}) {
            DoubleMatrix a = DoubleMatrix.arange(n, n);
            goFast(a); // compiled before timing
            long t0 = System.nanoTime();
            DoubleMatrix r = goFast(a);
            double ms = (System.nanoTime() - t0) / 1e6;
            System.out.printf("go_fast on a %d x %d array: %.1f added to every element (r[0, 0] = %.1f, r[%d, %d] = %.1f) in %.1f ms%n",
                    n, n, r.get(0, 0) - a.get(0, 0), r.get(0, 0), n - 1, n - 1, r.get(n - 1, n - 1), ms);
        }
    }
}
