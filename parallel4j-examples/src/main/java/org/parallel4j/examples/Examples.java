package org.parallel4j.examples;

import java.util.List;
import java.util.Optional;

/** The workshop examples that {@code p4j example NAME} runs, grouped by model, in the order of the workshops. */
public final class Examples {
    /** The programming model an example teaches, as {@code p4j examples} groups them. */
    public enum Model {
        /** SPMD programs on communicators (the mpi4py workshop): {@code main} runs once per rank. */
        MESSAGE_PASSING("Message passing (mpi4py): -n counts ranks"),
        /** Parallel loops on a thread team (Numba, Cython + OpenMP): {@code -n} sizes the team. */
        LOOPS("Parallel loops (Numba, Cython + OpenMP): -n sizes the loop team"),
        /** Fused parallel array expressions (Numba's parallel=True, numexpr): {@code -n} sizes the loop team. */
        ARRAYS("Fused arrays (Numba parallel=True, numexpr): -n sizes the loop team"),
        /** Task pools of threads or worker JVMs (multiprocessing, concurrent.futures): {@code -n} counts workers. */
        POOLS("Task pools (multiprocessing, concurrent.futures): -n counts pool workers"),
        /** The workshops' case study, a cross-validated SVM grid search (scikit-learn's GridSearchCV): {@code -n} counts pool workers. */
        CASE_STUDY("The case study (scikit-learn GridSearchCV over LIBSVM): -n counts pool workers");

        private final String title;

        Model(String title) {
            this.title = title;
        }

        /**
         * The heading {@code p4j examples} prints above the model's examples.
         *
         * @return the heading
         */
        public String title() {
            return title;
        }
    }

    /** What {@code -n} means for an example. */
    public enum Kind {
        /** An SPMD program: {@code main} runs once per rank, {@code -n} ranks. */
        RANKS,
        /** A program that runs once, in this JVM: {@code -n} sets {@code p4j.numThreads}. */
        THREADS
    }

    /**
     * One example.
     *
     * @param name the name on the command line
     * @param mainClass the class whose {@code main} runs
     * @param model the model it teaches
     * @param defaultN the default rank count of a message-passing example (0 otherwise)
     * @param runsOn what does the work, as {@code p4j examples} labels it: "ranks", "loop team",
     *     "serial", "thread pool", "worker JVMs", or several joined with " + " (" | " where an
     *     argument chooses)
     * @param summary one line for {@code p4j examples}
     */
    public record Example(String name, Class<?> mainClass, Model model, int defaultN, String runsOn, String summary) {
        /**
         * Whether {@code -n} counts ranks (a message-passing example) or sets the thread count of one JVM.
         *
         * @return what {@code -n} means for it
         */
        public Kind kind() {
            return model == Model.MESSAGE_PASSING ? Kind.RANKS : Kind.THREADS;
        }
    }

    private static Example ranks(String name, Class<?> main, int n, String summary) {
        return new Example(name, main, Model.MESSAGE_PASSING, n, n + " ranks", summary);
    }

    private static Example loop(String name, Class<?> main, String runsOn, String summary) {
        return new Example(name, main, Model.LOOPS, 0, runsOn, summary);
    }

    private static Example array(String name, Class<?> main, String summary) {
        return new Example(name, main, Model.ARRAYS, 0, "loop team", summary);
    }

    private static Example pool(String name, Class<?> main, String runsOn, String summary) {
        return new Example(name, main, Model.POOLS, 0, runsOn, summary);
    }

    private static final List<Example> ALL = List.of(
            ranks("mpi-hello", org.parallel4j.examples.mpi.MpiHello.class, 4, "every rank greets with the workshop's words, then a barrier"),
            ranks("mpi-p2p", org.parallel4j.examples.mpi.MpiP2p.class, 2, "rank 0 sends a small map to rank 1, which prints it"),
            ranks("mpi-bcast", org.parallel4j.examples.mpi.MpiBcast.class, 4, "the banner, then rank 0's 0..4 as doubles broadcast to every rank"),
            ranks("mpi-random", org.parallel4j.examples.mpi.MpiRandom.class, 4,
                    "each rank draws 3 positions in its slab from seed 1235 + rank (reproducible)"),
            ranks("mpi-pi", org.parallel4j.examples.mpi.MpiPi.class, 4, "pi by the midpoint rule, reduced to rank 0 [n]"),
            ranks("mpi-particles", org.parallel4j.examples.mpi.MpiParticles.class, 4,
                    "3 particles per rank move 5 steps; each rank broadcasts its list in turn [exchange [steps] [perRank]]"),
            ranks("mpi-rma", org.parallel4j.examples.mpi.MpiRma.class, 4,
                    "one-sided: a halo exchange by put and fence, and a work queue on a fetchAndOp counter [cells] [steps] [tasks]"),
            ranks("mpi-io", org.parallel4j.examples.mpi.MpiIo.class, 4,
                    "parallel I/O: the Julia set by 2-D blocks, each rank's block written into one file through a subarray view and read back [n] [file]"),
            ranks("mpi-spawn-pi", org.parallel4j.examples.mpi.MpiSpawnPi.class, 1,
                    "a parent spawns 5 children, broadcasts N = 100 to them, and gets pi back by a reduction [children] [N]"),
            loop("prange-sum", org.parallel4j.examples.loop.PrangeSum.class, "loop team", "sums of 0..29 and 0..9999 by a parallel reduction"),
            loop("thread-ids", org.parallel4j.examples.loop.ThreadIds.class, "loop team", "each team thread prints its id and the team size"),
            loop("prange-print", org.parallel4j.examples.loop.PrangePrint.class, "loop team",
                    "printing inside a parallel loop: just works, in arbitrary order [n]"),
            loop("scale-in-place", org.parallel4j.examples.loop.ScaleInPlace.class, "loop team",
                    "x = alpha * x with a parallel loop, checked against the serial loop [n] [alpha]"),
            loop("fib", org.parallel4j.examples.loop.CythonBaselines.Fib.class, "serial",
                    "the Cython lesson's baseline: the n-th Fibonacci number as a double [n]"),
            loop("primes-list", org.parallel4j.examples.loop.CythonBaselines.PrimesList.class, "serial",
                    "the Cython lesson's baseline: the first k primes, 2 3 5 ... 29 [k]"),
            loop("julia", org.parallel4j.examples.loop.Julia.class, "loop team",
                    "Julia set escape counts, rows static,1, never-escaping fraction by reduction [N] [schedule]"),
            loop("cfd", org.parallel4j.examples.loop.Cfd.class, "loop team",
                    "cavity flow, Jacobi sweeps on the stream function; velocity.dat, colourmap.dat [scale] [iterations] [file]"),
            loop("cfd-vorticity", org.parallel4j.examples.loop.Cfd.Vorticity.class, "loop team",
                    "cavity flow with vorticity at a Reynolds number [scale] [iterations] [reynolds] [file]"),
            loop("primes-loop", org.parallel4j.examples.loop.PrimesLoop.class, "loop team",
                    "primes in [10^8, 10^8 + 10^5) by trial division, dynamic schedule"),
            array("go-fast", org.parallel4j.examples.array.GoFast.class,
                    "the Numba workshop's go_fast: a + sum(tanh(diag(a))) on 1000^2 and 10000^2 arrays [size]"),
            array("prange-reduce", org.parallel4j.examples.array.PrangeReduce.class,
                    "parallel sum and product of an array; a 13 x 17 array of 2s doubled n times [n]"),
            array("filter2d", org.parallel4j.examples.array.Filter2d.class,
                    "2-D convolution of a 100 x 100 image with a 10 x 10 filter: loops against one fused expression [size] [filter]"),
            array("cfd-arrays", org.parallel4j.examples.array.CfdArrays.class,
                    "the cavity flow's Jacobi sweeps as slice expressions, the loop version's files [scale] [iterations] [file]"),
            pool("map", org.parallel4j.examples.pool.MapExample.class, "worker JVMs",
                    "squares of 0..9 by a loop, a stream and a pool's map; then cubes"),
            pool("primes-serial", org.parallel4j.examples.pool.PrimesSerial.class, "serial",
                    "the serial baseline: primes of the workshop's range A..E, count, first and last ten [range]"),
            pool("primes-pool", org.parallel4j.examples.pool.PrimesPool.class, "worker JVMs | thread pool",
                    "primes in [10^8, 10^8 + 10^5) on a pool, first and last ten [processes|threads]"),
            pool("primes-queue", org.parallel4j.examples.pool.PrimesQueue.class, "worker JVMs",
                    "worker processes pulling ranges from a queue, sentinel to stop"),
            pool("pool-pi", org.parallel4j.examples.pool.PoolPi.class, "worker JVMs | thread pool",
                    "Monte-Carlo pi, 16 seeded tasks [darts] [processes|threads]"),
            pool("shared-value", org.parallel4j.examples.pool.SharedValue.class, "worker JVM",
                    "a worker process writes a shared double and negates a shared int array"),
            pool("gil-cpu", org.parallel4j.examples.pool.GilCpu.class, "serial + threads + JVMs",
                    "CPU-bound countdowns serially, on 2 threads and on 2 worker JVMs: Java threads scale [unit]"),
            pool("auth", org.parallel4j.examples.pool.Auth.class, "serial + thread pool",
                    "slow user lookups serially and on a thread pool [seconds per lookup]"),
            pool("threadpool-io", org.parallel4j.examples.pool.ThreadpoolIo.class, "serial + thread pool",
                    "sleeping tasks, serial vs a pool of 2 threads, each result as it arrives [time scale]"),
            pool("speedup-scan", org.parallel4j.examples.pool.SpeedupScan.class, "threads + worker JVMs",
                    "16 CPU-bound tasks on 1..N threads and worker JVMs, with speed-ups [work]"),
            pool("oversubscription", org.parallel4j.examples.pool.Oversubscription.class, "worker JVMs x loop teams",
                    "worker JVMs each running a parallel loop: shared-out teams against teams on all cores [sweeps]"),
            new Example("grid-search", org.parallel4j.examples.gridsearch.GridSearchExample.class, Model.CASE_STUDY, 0,
                    "serial + thread pool + worker JVMs + ranks",
                    "SVC kernel x C grid, 2-fold cross-validated, on each backend: accuracies, best, speed-ups, charts [--grid G] [--cv kfold|stratified] [--backends B,..] [--probability] [--data F] [--out D]"));

    private Examples() {
    }

    /**
     * Every example.
     *
     * @return every example, in the order of the workshops
     */
    public static List<Example> all() {
        return ALL;
    }

    /**
     * The example called {@code name}.
     *
     * @param name the example's name on the command line
     * @return the example, or empty when there is none of that name
     */
    public static Optional<Example> find(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
