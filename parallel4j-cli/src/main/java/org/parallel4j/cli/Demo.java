package org.parallel4j.cli;

import java.util.concurrent.Callable;
import org.parallel4j.examples.loop.Julia;
import org.parallel4j.examples.mpi.MpiPi;
import org.parallel4j.examples.pool.PrimesPool;
import org.parallel4j.pool.Pool;
import org.parallel4j.loop.Schedule;
import org.parallel4j.loop.Team;
import org.parallel4j.mpi.Mpi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The tour: each model on a real computation, with its time and speed-up over serial. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "A tour of parallel4j: each model on a real computation, timed against serial.")
final class Demo implements Callable<Integer> {
    @Option(names = "-n", description = "ranks / threads (default: the cores, ${DEFAULT-VALUE})")
    int workers = Math.max(2, Runtime.getRuntime().availableProcessors());

    @picocli.CommandLine.Mixin
    Heap heap;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Integer relaunched = heap.relaunch(spec);
        if (relaunched != null) {
            return relaunched;
        }
        Integer bad = P4j.atLeastOne("-n", workers, "rank or thread");
        if (bad != null) {
            return bad;
        }
        System.out.println("parallel4j demo on " + Runtime.getRuntime().availableProcessors() + " cores, JDK " + Runtime.version());
        System.out.println();
        messagePassing();
        loops();
        pools();
        return 0;
    }

    /** The prime count on a pool of threads and a pool of worker JVMs, against one worker. */
    private void pools() {
        System.out.println("== Task pools (multiprocessing / concurrent.futures for Java): primes in [10^8, 10^8 + 10^5)");
        for (boolean processes : new boolean[] {false, true}) {
            double[] times = new double[2];
            int[] found = new int[1];
            int[] sizes = {1, workers};
            for (int k = 0; k < 2; k++) {
                try (Pool pool = processes ? Pool.processes(sizes[k]) : Pool.threads(sizes[k])) {
                    PrimesPool.primes(pool); // workers started and warm
                    times[k] = best(() -> found[0] = PrimesPool.primes(pool).size());
                }
            }
            System.out.printf("   %-16s %d primes   1 worker: %.3f s   %d workers: %.3f s   speed-up %.2fx%n",
                    processes ? "worker JVMs:" : "threads:", found[0], times[0], workers, times[1], times[0] / times[1]);
        }
        System.out.println("   try: ./p4j example primes-pool, ./p4j example pool-pi, ./p4j example speedup-scan");
        System.out.println();
    }

    /** The Julia set on a thread team: best of three at 1 thread and at N threads. */
    private void loops() {
        int n = Julia.WORKSHOP_N;
        System.out.println("== Parallel loops (prange / OpenMP for Java): Julia set, " + n + " x " + n + ", rows static,1");
        int[] counts = new int[n * n];
        long[] inside = new long[1];
        double serial;
        double parallel;
        try (Team one = Team.create(1); Team team = Team.create(workers)) {
            serial = best(() -> inside[0] = Julia.compute(one, n, Schedule.staticChunks(1), counts));
            parallel = best(() -> inside[0] = Julia.compute(team, n, Schedule.staticChunks(1), counts));
        }
        System.out.printf("   fraction of cells that never escape = %s%n", (double) inside[0] / ((long) n * n));
        System.out.printf("   1 thread: %.3f s   %d threads: %.3f s   speed-up %.2fx%n", serial, workers, parallel, serial / parallel);
        System.out.println("   try: ./p4j example julia, ./p4j example cfd, ./p4j example primes-loop");
        System.out.println();
    }

    /** π by the midpoint rule on thread ranks: best of three at 1 rank and at N ranks. */
    private void messagePassing() {
        int n = 400_000_000;
        System.out.println("== Message passing (mpi4py for Java): pi by the midpoint rule, n = " + n);
        double[] result = new double[1];
        double serial = best(() -> Mpi.run(1, w -> result[0] = MpiPi.compute(w, n)));
        double parallel = best(() -> Mpi.run(workers, w -> {
            double pi = MpiPi.compute(w, n);
            if (w.rank() == 0) {
                result[0] = pi;
            }
        }));
        System.out.printf("   pi = %.15f (error %.2e)%n", result[0], Math.abs(result[0] - Math.PI));
        System.out.printf("   1 rank: %.3f s   %d ranks: %.3f s   speed-up %.2fx%n", serial, workers, parallel, serial / parallel);
        System.out.println("   try: ./p4j example -n 4 mpi-pi");
        System.out.println();
    }

    private static double best(Runnable r) {
        return org.parallel4j.bench.ScalingBench.best(r);
    }
}
