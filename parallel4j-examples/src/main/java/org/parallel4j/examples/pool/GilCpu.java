package org.parallel4j.examples.pool;

import java.util.List;
import org.parallel4j.pool.MapOptions;
import org.parallel4j.pool.Pool;

/**
 * The workshop's lesson that threads do not help CPU-bound Python (the GIL): the same
 * countdown tasks of [1, 8, 1.5, 2] units, serially, on a pool of 2 threads and on a pool of
 * 2 worker JVMs, with the times. In Java threads run in parallel: the thread pool gains what
 * the task sizes allow (the 8-unit task alone is 8 of 12.5 units: at most 1.56x on 2 workers)
 * without the worker JVMs' start-up and copying. {@code p4j example gil-cpu [units]} (one
 * unit: 10^8 decrements by default).
 */
public final class GilCpu {
    /** The workshop's task sizes, in units. */
    public static final List<Double> UNITS = List.of(1.0, 8.0, 1.5, 2.0);

    private GilCpu() {
    }

    /**
     * Counts down from {@code units * unit} to 0; returns the number of steps (the JIT cannot drop the loop).
     *
     * @param units the size of the task, in units
     * @param unit decrements per unit
     * @return the number of odd steps, so that the loop cannot be dropped
     */
    public static long countdown(double units, long unit) {
        long n = (long) (units * unit);
        long steps = 0;
        while (n > 0) {
            n--;
            steps += n & 1;
        }
        return steps;
    }

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        long unit = args.length > 0 ? Long.parseLong(args[0]) : 100_000_000L;
        if (unit < 1) {
            throw new IllegalArgumentException("a unit must be at least 1 decrement, got " + unit);
        }
        countdown(1, unit); // compiled before timing
        long t0 = System.nanoTime();
        List<Long> serial = UNITS.stream().map(u -> countdown(u, unit)).toList();
        double ts = (System.nanoTime() - t0) * 1e-9;
        System.out.printf("serial:             %s in %.3f s%n", serial, ts);
        for (boolean processes : new boolean[] {false, true}) {
            try (Pool pool = processes ? Pool.processes(2) : Pool.threads(2)) {
                org.parallel4j.pool.SerializableFunction<Double, Long> task = u -> countdown(u, unit);
                pool.map(task, UNITS, MapOptions.defaults().chunksize(1)); // workers started, the task compiled
                t0 = System.nanoTime();
                List<Long> r = pool.map(task, UNITS, MapOptions.defaults().chunksize(1));
                double t = (System.nanoTime() - t0) * 1e-9;
                System.out.printf("%-19s %s in %.3f s (%.2fx serial)%n", processes ? "2 worker JVMs:" : "2 threads:", r, t, ts / t);
            }
        }
    }
}
