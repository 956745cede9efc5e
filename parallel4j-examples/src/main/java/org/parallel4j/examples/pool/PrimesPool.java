package org.parallel4j.examples.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.parallel4j.examples.loop.PrimesLoop;
import org.parallel4j.pool.Pool;

/**
 * The multiprocessing workshop's primes exercise on {@code Pool.map}: which numbers in
 * [10^8, 10^8 + 10^5) are prime, by trial division on a pool of worker JVMs
 * (or threads): 5411, with the first and last ten. {@code p4j example primes-pool [-n workers] [threads|processes]}
 */
public final class PrimesPool {
    private PrimesPool() {
    }

    /**
     * The primes in the workshop's range, in order.
     *
     * @param pool the pool to run the tasks on
     * @return the primes of the range, in order
     */
    public static List<Integer> primes(Pool pool) {
        List<Integer> numbers = IntStream.range(PrimesLoop.START, PrimesLoop.START + PrimesLoop.COUNT).boxed().toList();
        List<Boolean> isPrime = pool.map(n -> PrimesLoop.isPrime(n), numbers);
        List<Integer> primes = new ArrayList<>();
        for (int i = 0; i < numbers.size(); i++) {
            if (isPrime.get(i)) {
                primes.add(numbers.get(i));
            }
        }
        return primes;
    }

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        boolean threads = args.length > 0 && args[0].equals("threads");
        int workers = Integer.getInteger("p4j.numThreads", Runtime.getRuntime().availableProcessors());
        try (Pool pool = threads ? Pool.threads(workers) : Pool.processes(workers)) {
            long t0 = System.nanoTime();
            List<Integer> primes = primes(pool);
            System.out.printf("%d primes in [%d, %d) on %d %s (%.3f s)%n", primes.size(), PrimesLoop.START,
                    PrimesLoop.START + PrimesLoop.COUNT, pool.workers(), pool.kind(), (System.nanoTime() - t0) * 1e-9);
            System.out.println("first ten: " + primes.subList(0, 10));
            System.out.println("last ten:  " + primes.subList(primes.size() - 10, primes.size()));
        }
    }
}
