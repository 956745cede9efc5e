package org.parallel4j.examples.loop;

import java.util.ArrayList;
import java.util.List;

/**
 * The serial baselines of the workshop's Cython lesson, as plain Java (the JIT compiles them;
 * there is no separate build step): the n-th Fibonacci number as a double ({@code fib}) and
 * the first n primes ({@code primes-list}).
 */
public final class CythonBaselines {
    private CythonBaselines() {
    }

    /**
     * The workshop's {@code fib(n)}: the loop a, b = b, a + b, n times, in doubles.
     *
     * @param n which Fibonacci number (0-based)
     * @return the n-th Fibonacci number
     */
    public static double fib(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("fib: n must be at least 0, got " + n);
        }
        double a = 0;
        double b = 1;
        for (int i = 0; i < n; i++) {
            double t = a + b;
            a = b;
            b = t;
        }
        return a;
    }

    /**
     * The workshop's {@code primes(kmax)}: the first {@code kmax} primes, by division by the primes found so far.
     *
     * @param kmax how many primes
     * @return the first {@code kmax} primes
     */
    public static List<Integer> primes(int kmax) {
        if (kmax < 0) {
            throw new IllegalArgumentException("primes: kmax must be at least 0, got " + kmax);
        }
        List<Integer> p = new ArrayList<>(kmax);
        for (int n = 2; p.size() < kmax; n++) {
            boolean prime = true;
            for (int q : p) {
                if (n % q == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) {
                p.add(n);
            }
        }
        return p;
    }

    /** {@code p4j example fib [n]} (default 30). */
    public static final class Fib {
        private Fib() {
        }

        /**
         * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
         * the class comment describes them.
         *
         * @param args the example's arguments
         */
        public static void main(String[] args) {
            int n = args.length > 0 ? Integer.parseInt(args[0]) : 30;
            System.out.println(fib(n));
        }
    }

    /** {@code p4j example primes-list [kmax]} (default 10): 2, 3, 5, ..., 29. */
    public static final class PrimesList {
        private PrimesList() {
        }

        /**
         * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
         * the class comment describes them.
         *
         * @param args the example's arguments
         */
        public static void main(String[] args) {
            int kmax = args.length > 0 ? Integer.parseInt(args[0]) : 10;
            System.out.println(primes(kmax));
        }
    }
}
