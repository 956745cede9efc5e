package org.parallel4j.examples.loop;

import org.parallel4j.loop.Parallel;
import org.parallel4j.loop.Schedule;

/**
 * The workshop's primes exercise as a Numba {@code prange} loop: counts the primes in
 * [10^8, 10^8 + 10^5) by trial division, with a dynamic schedule (the
 * cost of a test varies with the number). {@code p4j example primes-loop} prints 5411.
 */
public final class PrimesLoop {
    /** The first number tested. */
    public static final int START = 100_000_000;
    /** How many numbers are tested. */
    public static final int COUNT = 100_000;

    private PrimesLoop() {
    }

    /**
     * Trial division by 2 and the odd numbers up to the square root.
     *
     * @param n the number to test
     * @return whether {@code n} is prime
     */
    public static boolean isPrime(long n) {
        if (n < 2) {
            return false;
        }
        if (n % 2 == 0) {
            return n == 2;
        }
        for (long d = 3; d * d <= n; d += 2) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The number of primes in {@code [start, start + count)}.
     *
     * @param start the first number
     * @param count how many numbers, from {@code start}
     * @return how many of the numbers are prime
     */
    public static long count(int start, int count) {
        return Parallel.range(start, start + count).schedule(Schedule.dynamic(100)).count(PrimesLoop::isPrime);
    }

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        long t0 = System.nanoTime();
        long primes = count(START, COUNT);
        System.out.printf("%d primes in [%d, %d) (%.3f s)%n", primes, START, START + COUNT, (System.nanoTime() - t0) * 1e-9);
    }
}
