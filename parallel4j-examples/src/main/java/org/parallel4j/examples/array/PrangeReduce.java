package org.parallel4j.examples.array;

import org.parallel4j.array.DoubleArray;
import org.parallel4j.array.DoubleMatrix;

/**
 * Mirrors the Numba workshop's parallel reductions: the sum and the product of an array (the
 * workshop's {@code prange} reductions, here fused array reductions), and its two-dimensional
 * product reduction: a 13 x 17 array of 2s multiplied by 2, {@code n} times, so that every element
 * is 2^(n+1). {@code p4j example prange-reduce [-n threads] [n]} (default 10).
 */
public final class PrangeReduce {
    private PrangeReduce() {
    }

    /**
     * The workshop's 2-D reduction: {@code result *= 2} over a 13 x 17 array of 2s, {@code n} times.
     *
     * @param n how many times
     * @return the array, every element 2^(n+1)
     */
    public static DoubleMatrix productReduction(int n) {
        DoubleMatrix result = DoubleMatrix.full(13, 17, 2.0);
        for (int i = 0; i < n; i++) {
            result.flat().times(2.0).into(result.flat());
        }
        return result;
    }

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        int n = 10;
        if (args.length > 0) {
            try {
                n = Integer.parseInt(args[0]);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0 || n > 1000) {
                throw new IllegalArgumentException("n must be an integer from 0 to 1000, got '" + args[0] + "' (usage: prange-reduce [n])");
            }
        }
        DoubleArray a = DoubleArray.arange(1, 11, 1);
        System.out.println("array " + java.util.Arrays.toString(a.array()));
        System.out.println("sum = " + a.sum() + ", product = " + a.prod());
        DoubleArray big = DoubleArray.arange(10_000_000);
        System.out.println("sum of 0..9999999 = " + big.sum() + " (n(n-1)/2 = " + 10_000_000.0 * 9_999_999 / 2 + ")");
        DoubleMatrix r = productReduction(n);
        System.out.printf("13 x 17 array of 2s multiplied by 2, %d times: every element %.1f (2^%d = %.1f): %s%n", n, r.get(0, 0), n + 1,
                Math.pow(2, n + 1), r.flat().eq(Math.pow(2, n + 1)).all() ? "all equal" : "NOT all equal");
    }
}
