package org.parallel4j.bench;

import java.io.PrintStream;
import org.parallel4j.examples.loop.Cfd;
import org.parallel4j.examples.loop.Julia;
import org.parallel4j.loop.Schedule;
import org.parallel4j.loop.Team;

/**
 * {@code p4j bench scaling -n N}: the loop examples' wall time at 1, 2, 4, ... N threads
 * (best of three), in the peer format: suite {@code scaling}, metric {@code seconds_Tthreads}.
 */
public final class ScalingBench {
    private ScalingBench() {
    }

    /**
     * Times julia (2001^2, static,1) and cfd (scale 4, 2000 sweeps) at thread counts up to {@code maxThreads}.
     *
     * @param maxThreads the largest team size measured
     * @param out where the figures are printed
     */
    public static void run(int maxThreads, PrintStream out) {
        int n = Julia.WORKSHOP_N;
        int[] counts = new int[n * n];
        for (int t = 1; t <= maxThreads; t = t < maxThreads && t * 2 > maxThreads ? maxThreads : t * 2) {
            try (Team team = Team.create(t)) {
                double julia = best(() -> Julia.compute(team, n, Schedule.staticChunks(1), counts));
                out.printf("scaling\tjulia-2001\tparallel4j\tseconds_%dthreads\t%.4f%n", t, julia);
                double cfd = best(() -> Cfd.solve(team, 4, 2000));
                out.printf("scaling\tcfd-4-2000\tparallel4j\tseconds_%dthreads\t%.4f%n", t, cfd);
                out.flush();
            }
        }
    }

    /**
     * The best of three timings of {@code r}, in seconds.
     *
     * @param r the work to time
     * @return the best of several timings, in seconds
     */
    public static double best(Runnable r) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            r.run();
            best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
        }
        return best;
    }
}
