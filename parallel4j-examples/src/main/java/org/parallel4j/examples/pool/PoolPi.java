package org.parallel4j.examples.pool;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.parallel4j.pool.Pool;

/**
 * The multiprocessing workshop's Monte-Carlo pi on {@code Pool.map}: 16 tasks of equal darts, each seeded by its index, so the answer
 * is the same on any number of workers. {@code p4j example pool-pi [-n workers] [darts per task] [threads|processes]}
 */
public final class PoolPi {
    /** Tasks, as in the workshop. */
    public static final int TASKS = 16;

    private PoolPi() {
    }

    /**
     * Darts of task {@code seed} that land inside the quarter circle.
     *
     * @param seed the task's seed
     * @param darts darts per task
     * @return how many darts fell inside the quarter circle
     */
    public static long hits(int seed, long darts) {
        SplittableRandom random = new SplittableRandom(seed);
        long inside = 0;
        for (long i = 0; i < darts; i++) {
            double x = random.nextDouble();
            double y = random.nextDouble();
            if (x * x + y * y <= 1.0) {
                inside++;
            }
        }
        return inside;
    }

    /**
     * The estimate from {@link #TASKS} tasks of {@code darts} darts on {@code pool}.
     *
     * @param pool the pool to run the tasks on
     * @param darts darts per task
     * @return the estimate of pi
     */
    public static double estimate(Pool pool, long darts) {
        List<Long> hits = pool.map(seed -> hits(seed, darts), IntStream.range(0, TASKS).boxed().toList());
        long total = hits.stream().mapToLong(Long::longValue).sum();
        return 4.0 * total / (TASKS * darts);
    }

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        long darts = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        boolean threads = args.length > 1 && args[1].equals("threads");
        int workers = Integer.getInteger("p4j.numThreads", Runtime.getRuntime().availableProcessors());
        try (Pool pool = threads ? Pool.threads(workers) : Pool.processes(workers)) {
            long t0 = System.nanoTime();
            double pi = estimate(pool, darts);
            System.out.printf("pi is approximately %.8f, error %.2e (%d tasks of %d darts on %d %s, %.3f s)%n", pi,
                    Math.abs(pi - Math.PI), TASKS, darts, pool.workers(), pool.kind(), (System.nanoTime() - t0) * 1e-9);
        }
    }
}
