package org.parallel4j.examples.pool;

import java.util.List;
import org.parallel4j.pool.Pool;

/**
 * The concurrent.futures lesson on {@code ThreadPoolExecutor}: I/O-bound tasks on a thread pool: each sleeps x seconds and returns x squared, for
 * [1, 8, 1.5, 2]: [1.0, 64.0, 2.25, 4.0], serially and on a pool of 2.
 * Every result is printed as it arrives. {@code p4j example threadpool-io [time scale]} (0.1
 * runs ten times faster).
 */
public final class ThreadpoolIo {
    /** The workshop's inputs. */
    public static final List<Double> INPUTS = List.of(1.0, 8.0, 1.5, 2.0);

    private ThreadpoolIo() {
    }

    /**
     * Sleeps {@code x * scale} seconds, returns {@code x * x}.
     *
     * @param x the input, also the seconds the task sleeps (times the scale)
     * @param scale the time scale (1: the workshop's seconds)
     * @return x squared
     */
    public static double task(double x, double scale) {
        try {
            Thread.sleep((long) (x * scale * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return x * x;
    }

    /**
     * The results on a pool of 2 threads.
     *
     * @param scale the time scale (1: the workshop's seconds)
     * @return the results, in input order
     */
    public static List<Double> onPool(double scale) {
        try (Pool pool = Pool.threads(2)) {
            return pool.map(x -> task(x, scale), INPUTS, org.parallel4j.pool.MapOptions.defaults().chunksize(1));
        }
    }

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        if (!(scale >= 0)) {
            throw new IllegalArgumentException("the time scale must be a number of at least 0, got " + args[0]);
        }
        // Each result is printed as it arrives, so the run is never silent.
        long t0 = System.nanoTime();
        List<Double> serial = new java.util.ArrayList<>();
        for (double x : INPUTS) {
            serial.add(task(x, scale));
            System.out.printf("serial: task(%s) = %s at %.2f s%n", x, serial.getLast(), (System.nanoTime() - t0) * 1e-9);
        }
        double ts = (System.nanoTime() - t0) * 1e-9;
        t0 = System.nanoTime();
        Double[] pooled = new Double[INPUTS.size()];
        try (Pool pool = Pool.threads(2);
             var results = pool.imapUnordered(x -> new double[] {x, task(x, scale)}, INPUTS,
                     org.parallel4j.pool.MapOptions.defaults().chunksize(1))) {
            while (results.hasNext()) {
                double[] r = results.next();
                System.out.printf("pool:   task(%s) = %s at %.2f s%n", r[0], r[1], (System.nanoTime() - t0) * 1e-9);
                pooled[INPUTS.indexOf(r[0])] = r[1]; // in input order, as the workshop's map returns them
            }
        }
        double tp = (System.nanoTime() - t0) * 1e-9;
        System.out.printf("serial: %s in %.2f s%n", serial, ts);
        System.out.printf("pool of 2 threads: %s in %.2f s%n", java.util.Arrays.asList(pooled), tp);
    }
}
