package org.parallel4j.examples;

import java.util.List;
import java.util.Optional;

/** The workshop examples that {@code p4j example NAME} runs, in the order of the workshops. */
public final class Examples {
    /** What {@code -n} means for an example. */
    public enum Kind {
        /** An SPMD program: {@code main} runs once per rank, {@code -n} ranks. */
        RANKS,
        /** A program that runs once and uses a thread team: {@code -n} threads. */
        THREADS
    }

    /**
     * One example.
     *
     * @param name the name on the command line
     * @param mainClass the class whose {@code main} runs
     * @param kind whether {@code -n} counts ranks or team threads
     * @param defaultN the default rank count (0 for a thread example: the team's default size)
     * @param summary one line for {@code p4j examples}
     */
    public record Example(String name, Class<?> mainClass, Kind kind, int defaultN, String summary) {
    }

    private static final List<Example> ALL = List.of(
            new Example("mpi-hello", org.parallel4j.examples.mpi.MpiHello.class, Kind.RANKS, 4, "every rank greets, then a barrier"),
            new Example("mpi-p2p", org.parallel4j.examples.mpi.MpiP2p.class, Kind.RANKS, 2, "rank 0 sends a small map to rank 1"),
            new Example("mpi-bcast", org.parallel4j.examples.mpi.MpiBcast.class, Kind.RANKS, 4, "rank 0's 0..4 as doubles broadcast to every rank"),
            new Example("mpi-random", org.parallel4j.examples.mpi.MpiRandom.class, Kind.RANKS, 4,
                    "each rank draws 3 positions in its slab from seed 1235 + rank (reproducible)"),
            new Example("mpi-pi", org.parallel4j.examples.mpi.MpiPi.class, Kind.RANKS, 4, "pi by the midpoint rule, reduced to rank 0"),
            new Example("mpi-particles", org.parallel4j.examples.mpi.MpiParticles.class, Kind.RANKS, 4,
                    "random walkers exchanged between slabs, count checked every step"),
            new Example("prange-sum", org.parallel4j.examples.loop.PrangeSum.class, Kind.THREADS, 0, "sums of 0..29 and 0..9999 by a parallel reduction"),
            new Example("thread-ids", org.parallel4j.examples.loop.ThreadIds.class, Kind.THREADS, 0, "each team thread prints its id and the team size"),
            new Example("prange-print", org.parallel4j.examples.loop.PrangePrint.class, Kind.THREADS, 0,
                    "printing inside a parallel loop: just works, in arbitrary order [n]"),
            new Example("scale-in-place", org.parallel4j.examples.loop.ScaleInPlace.class, Kind.THREADS, 0,
                    "x = alpha * x with a parallel loop, checked against the serial loop [n] [alpha]"),
            new Example("julia", org.parallel4j.examples.loop.Julia.class, Kind.THREADS, 0,
                    "Julia set escape counts, rows static,1, never-escaping fraction by reduction [N] [schedule]"),
            new Example("cfd", org.parallel4j.examples.loop.Cfd.class, Kind.THREADS, 0,
                    "cavity flow, Jacobi sweeps on the stream function [scale] [iterations] [output]"),
            new Example("primes-loop", org.parallel4j.examples.loop.PrimesLoop.class, Kind.THREADS, 0,
                    "primes in [10^8, 10^8 + 10^5) by trial division, dynamic schedule"),
            new Example("pool-pi", org.parallel4j.examples.pool.PoolPi.class, Kind.THREADS, 0,
                    "Monte-Carlo pi, 16 seeded tasks on a pool of worker JVMs [darts] [threads|processes]"),
            new Example("map", org.parallel4j.examples.pool.MapExample.class, Kind.THREADS, 0,
                    "squares of 0..9 by a loop, a stream and a pool of worker JVMs; then cubes"),
            new Example("primes-serial", org.parallel4j.examples.pool.PrimesSerial.class, Kind.THREADS, 0,
                    "the serial baseline: primes of the workshop's range A..E, count, first and last ten [range]"),
            new Example("fib", org.parallel4j.examples.loop.CythonBaselines.Fib.class, Kind.THREADS, 0,
                    "the Cython lesson's baseline: the n-th Fibonacci number as a double [n]"),
            new Example("primes-list", org.parallel4j.examples.loop.CythonBaselines.PrimesList.class, Kind.THREADS, 0,
                    "the Cython lesson's baseline: the first k primes, 2 3 5 ... 29 [k]"),
            new Example("primes-pool", org.parallel4j.examples.pool.PrimesPool.class, Kind.THREADS, 0,
                    "primes in [10^8, 10^8 + 10^5) on a pool, first and last ten [threads|processes]"),
            new Example("primes-queue", org.parallel4j.examples.pool.PrimesQueue.class, Kind.THREADS, 0,
                    "worker processes pulling ranges from a queue, sentinel to stop"),
            new Example("shared-value", org.parallel4j.examples.pool.SharedValue.class, Kind.THREADS, 0,
                    "a worker process writes a shared double and negates a shared int array"),
            new Example("gil-cpu", org.parallel4j.examples.pool.GilCpu.class, Kind.THREADS, 0,
                    "CPU-bound countdowns serially, on 2 threads and on 2 worker JVMs: Java threads scale [unit]"),
            new Example("auth", org.parallel4j.examples.pool.Auth.class, Kind.THREADS, 0,
                    "slow user lookups serially and on a thread pool [seconds per lookup]"),
            new Example("threadpool-io", org.parallel4j.examples.pool.ThreadpoolIo.class, Kind.THREADS, 0,
                    "sleeping tasks, serial vs a pool of 2 threads [time scale]"),
            new Example("speedup-scan", org.parallel4j.examples.pool.SpeedupScan.class, Kind.THREADS, 0,
                    "16 CPU-bound tasks on 1..N threads and worker JVMs, with speed-ups [work]"));

    private Examples() {
    }

    /** Every example. */
    public static List<Example> all() {
        return ALL;
    }

    /** The example called {@code name}. */
    public static Optional<Example> find(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
