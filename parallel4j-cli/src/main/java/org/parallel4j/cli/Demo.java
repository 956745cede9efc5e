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
        arrays();
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

    /**
     * A fused array expression against the same expression one operation at a time (a full
     * temporary per operation, as NumPy evaluates it) and against a plain Java loop on one thread;
     * the loop and the fused expression write into an array allocated once.
     */
    private void arrays() {
        int n = 5_000_000;
        System.out.println("== Fused arrays (Numba parallel=True / numexpr for Java): sqrt(a*a + b*b) * 2 - a, " + n + " doubles");
        org.parallel4j.array.DoubleArray a = org.parallel4j.array.DoubleArray.random(n, 1);
        org.parallel4j.array.DoubleArray b = org.parallel4j.array.DoubleArray.random(n, 2);
        double[] x = a.array();
        double[] y = b.array();
        double[] loop = new double[n];
        double[][] fused = new double[1][];
        double[][] stepwise = new double[1][];
        double tLoop = best(() -> {
            for (int i = 0; i < n; i++) {
                loop[i] = Math.sqrt(x[i] * x[i] + y[i] * y[i]) * 2 - x[i];
            }
        });
        double tSteps;
        double tFused;
        try (Team team = Team.create(workers)) {
            org.parallel4j.array.DoubleExpr ta = a.on(team);
            tSteps = best(() -> {
                org.parallel4j.array.DoubleArray aa = ta.times(a).eval();
                org.parallel4j.array.DoubleArray bb = b.on(team).times(b).eval();
                org.parallel4j.array.DoubleArray sum = aa.on(team).plus(bb).eval();
                org.parallel4j.array.DoubleArray root = sum.on(team).sqrt().eval();
                org.parallel4j.array.DoubleArray twice = root.on(team).times(2).eval();
                stepwise[0] = twice.on(team).minus(a).eval().array();
            });
            org.parallel4j.array.DoubleArray out = org.parallel4j.array.DoubleArray.zeros(n); // as the loop's, allocated once
            fused[0] = out.array();
            tFused = best(() -> ta.times(a).plus(b.times(b)).sqrt().times(2).minus(a).into(out));
        }
        boolean same = java.util.Arrays.equals(loop, fused[0]) && java.util.Arrays.equals(loop, stepwise[0]);
        System.out.printf("   results %s%n", same ? "identical, bit for bit, all three ways" : "DIFFER");
        System.out.printf("   plain loop, 1 thread: %.3f s   one op at a time, %d threads: %.3f s   fused, %d threads: %.3f s   (speed-up %.2fx over the loop)%n",
                tLoop, workers, tSteps, workers, tFused, tLoop / tFused);
        System.out.println("   try: ./p4j example go-fast, ./p4j example filter2d, ./p4j example cfd-arrays, ./p4j bench arrays");
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
