package org.parallel4j.examples.pool;

import java.util.Collections;
import java.util.List;
import org.parallel4j.pool.MapOptions;
import org.parallel4j.pool.Pool;

/**
 * The pool workshop's speed-up measurement: 16 equal CPU-bound tasks timed on 1..N workers (threads, then worker JVMs), as a table with
 * the speed-up. {@code p4j example speedup-scan [-n max workers] [work per task]}
 */
public final class SpeedupScan {
    private SpeedupScan() {
    }

    /**
     * The workshop's CPU-bound task: the sum of i*i for i below n.
     *
     * @param n the number of terms
     * @return the sum
     */
    public static long spin(long n) {
        long s = 0;
        for (long i = 0; i < n; i++) {
            s += i * i;
        }
        return s;
    }

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        int max = Integer.getInteger("p4j.numThreads", Runtime.getRuntime().availableProcessors());
        long work = 200_000_000L;
        if (args.length > 0) {
            try {
                work = Long.parseLong(args[0]);
            } catch (NumberFormatException e) {
                work = -1;
            }
            if (work < 1 || args.length > 1) {
                throw new IllegalArgumentException("speedup-scan takes one integer of at least 1, the work per task, got "
                        + List.of(args) + " (usage: speedup-scan [-n max workers] [work per task])");
            }
        }
        List<Long> tasks = Collections.nCopies(16, work);
        for (String kind : List.of("threads", "processes")) {
            System.out.printf("%-10s %8s %8s%n", kind, "seconds", "speed-up");
            double one = 0;
            for (int w = 1; w <= max; w++) {
                try (Pool pool = kind.equals("threads") ? Pool.threads(w) : Pool.processes(w)) {
                    pool.map(SpeedupScan::spin, List.of(1L)); // started and warm
                    long t0 = System.nanoTime();
                    pool.map(SpeedupScan::spin, tasks, MapOptions.defaults().chunksize(1));
                    double t = (System.nanoTime() - t0) * 1e-9;
                    if (w == 1) {
                        one = t;
                    }
                    System.out.printf("%-10d %8.3f %7.2fx%n", w, t, one / t);
                }
            }
        }
        System.out.println("Java threads scale like processes here: Java has no GIL, so a thread pool runs Java code"
                + " on every core, where Python's ThreadPoolExecutor stays at 1x on CPU-bound work.");
    }
}
