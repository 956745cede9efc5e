package org.parallel4j.examples.gridsearch;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.pool.MapOptions;
import org.parallel4j.pool.Pool;
import org.parallel4j.pool.ResultIterator;

/**
 * The workshops' case study: a support-vector classifier's kernel × C grid, each point scored by
 * cross-validation, the fits run serially, on a pool of threads or on a pool of worker JVMs (as
 * scikit-learn's {@code GridSearchCV(SVC(gamma='auto'), grid, cv=...)} with {@code n_jobs}), or on
 * the ranks of a message-passing job ({@link Pool#ranks}, as mpi4py's {@code MPICommExecutor}).
 * One task is one fit (a grid point on one fold); tasks go out longest-expected-first (by a cost
 * model fitted to measured fits), so slow fits do not straggle at the end. Every fit's result depends only on its
 * point and fold, so the accuracies are the same on every backend and worker count.
 */
public final class GridSearch {
    private GridSearch() {
    }

    /** The grids of the workshop's notebook and slides. */
    public enum Grid {
        /** The notebook's: C ∈ {0.001, 10} × kernel ∈ {rbf, poly}. */
        SMALL(new double[] {0.001, 10}, "rbf", "poly"),
        /** The slides': C ∈ {0.001, 0.025, 2.5, 5, 10} × {rbf, poly}. */
        SLIDES(new double[] {0.001, 0.025, 2.5, 5, 10}, "rbf", "poly"),
        /** C ∈ {0.001, 0.1, 1, 2.5, 5, 10} × {rbf, poly, linear}. */
        LARGE(new double[] {0.001, 0.1, 1, 2.5, 5, 10}, "rbf", "poly", "linear");

        private final double[] cs;
        private final String[] kernels;

        Grid(double[] cs, String... kernels) {
            this.cs = cs;
            this.kernels = kernels;
        }

        /**
         * The grid's points, in scikit-learn's order ({@code ParameterGrid}: C outer, kernel inner).
         *
         * @return the points
         */
        public List<Point> points() {
            List<Point> out = new ArrayList<>();
            for (double c : cs) {
                for (String k : kernels) {
                    out.add(new Point(c, k));
                }
            }
            return out;
        }

        /**
         * The grid named {@code name} (small, slides, large), or an error listing the names.
         *
         * @param name the name, in any case
         * @return the grid
         */
        public static Grid named(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("no grid '" + name + "': expected small, slides or large", e);
            }
        }
    }

    /**
     * One grid point.
     *
     * @param c the penalty C
     * @param kernel the kernel: rbf, poly, linear
     */
    public record Point(double c, String kernel) implements Serializable {
        /**
         * The point as scikit-learn's peer prints it: {@code C=10.0,kernel=rbf}.
         *
         * @return the label
         */
        public String label() {
            return "C=" + c + ",kernel=" + kernel;
        }

        /**
         * A relative cost, for ordering, fitted to measured fits on the workshop's data (seconds
         * of a warm serial fit, both splits, every point of the large and slides grids; see
         * {@code docs/gridsearch.md}): a kernel's base cost; a small C leaves nearly every sample a
         * support vector, so predicting the test fold dominates below C = 0.1 (rbf's exp dearest:
         * rbf at C = 0.001 is the slowest fit); and training grows with C, fastest for the linear
         * and poly kernels.
         */
        double expectedCost() {
            double base;
            double smallC;
            double growth;
            switch (kernel) {
                case "rbf" -> {
                    base = 0.3;
                    smallC = 1.3;
                    growth = 0.1;
                }
                case "poly" -> {
                    base = 0.4;
                    smallC = 0.55;
                    growth = 0.5;
                }
                default -> {
                    base = 0.27;
                    smallC = 0.17;
                    growth = 0.6;
                }
            }
            double belowTenth = Math.max(0, 1 - Math.log10(c / 0.001) / 2); // 1 at C = 0.001, 0 from C = 0.1
            return base + smallC * belowTenth + growth * Math.log10(1 + c);
        }
    }

    /**
     * The worker JVMs' options: the client compiler only. LIBSVM's solver is one big loop that
     * HotSpot's optimizing compiler compiles again and again as the fits' branch profiles change
     * (about 6 s of compile time a JVM on the small grid, measured with {@code -XX:+CITime}); the
     * client compiler's code fits as fast here. In one JVM that compiling takes an idle core; in
     * each of two worker JVMs on two cores it takes the other worker's core (see
     * {@code docs/gridsearch.md}).
     */
    static final String[] WORKER_JVM_OPTIONS = {"-XX:TieredStopAtLevel=1"};

    /**
     * Where the fits run.
     */
    public enum Backend {
        /** In the calling thread, one after the other. */
        SERIAL("serial"),
        /** On a pool of platform threads of this JVM. */
        THREADS("threads"),
        /** On a pool of worker JVMs. */
        PROCESSES("processes"),
        /** On the ranks of a message-passing job ({@link Pool#ranks}): one more rank than workers, which hands out the fits. */
        RANKS("mpi-ranks");

        private final String label;

        Backend(String label) {
            this.label = label;
        }

        /**
         * The backend's name, as in {@code parallel4j-threads-2w}.
         *
         * @return the name
         */
        public String label() {
            return label;
        }

        /**
         * The backend named {@code name} (serial, threads, processes, mpi-ranks), or an error listing the names.
         *
         * @param name the name
         * @return the backend
         */
        public static Backend named(String name) {
            for (Backend b : values()) {
                if (b.label.equalsIgnoreCase(name)) {
                    return b;
                }
            }
            throw new IllegalArgumentException("no backend '" + name + "': expected serial, threads, processes or mpi-ranks");
        }
    }

    /**
     * One fit, as the timeline shows it.
     *
     * @param point the grid point
     * @param fold the test fold
     * @param accuracy its test accuracy
     * @param worker what ran it: its process id and thread name
     * @param startMillis when it started (milliseconds since the epoch)
     * @param endMillis when it ended
     */
    public record Fit(Point point, int fold, double accuracy, String worker, long startMillis, long endMillis) implements Serializable {
    }

    /**
     * A grid point's cross-validated score.
     *
     * @param point the grid point
     * @param meanAccuracy the mean of its folds' test accuracies
     */
    public record Score(Point point, double meanAccuracy) {
    }

    /**
     * A search's outcome.
     *
     * @param backend where it ran
     * @param workers how many workers (1 for serial)
     * @param scores every grid point's score, in grid order
     * @param best the best point (the first of the highest scores, as scikit-learn picks it)
     * @param fits every fit, in the order they finished
     * @param wallSeconds the search's wall time, pool start included
     */
    public record Outcome(Backend backend, int workers, List<Score> scores, Point best, List<Fit> fits, double wallSeconds) {
        /**
         * The implementation name the benchmark prints: {@code parallel4j-serial}, {@code parallel4j-threads-2w}.
         *
         * @return the name
         */
        public String implementation() {
            return "parallel4j-" + backend.label() + switch (backend) {
                case SERIAL -> "";
                case RANKS -> "-" + workers; // worker ranks, as the peers' table names it
                default -> "-" + workers + "w";
            };
        }
    }

    /**
     * One task: a grid point on one fold.
     *
     * @param point the grid point
     * @param fold the test fold
     */
    private record Task(Point point, int fold) implements Serializable {
    }

    /**
     * Runs the search.
     *
     * @param data the data set
     * @param grid the grid points
     * @param folds the split
     * @param k the number of folds, at least 2
     * @param backend where the fits run
     * @param workers the number of workers for a pool (ignored for serial)
     * @param probability whether each fit also fits Platt scaling (slower; scores are unchanged)
     * @param onFit called in this thread as each fit finishes (a progress bar), or null
     * @return the scores, the best point and the timeline
     */
    public static Outcome run(Dataset data, List<Point> grid, Folds folds, int k, Backend backend, int workers, boolean probability,
            Consumer<Fit> onFit) {
        if (backend == Backend.RANKS) {
            if (workers < 1) {
                throw new IllegalArgumentException("a pool needs at least 1 worker, got " + workers);
            }
            // workers + 1 thread ranks of a job: rank 0 hands the fits to the others
            Outcome[] out = new Outcome[1];
            Mpi.run(workers + 1, world -> {
                Outcome o = runOnRanks(world, data, grid, folds, k, probability, onFit);
                if (o != null) {
                    out[0] = o;
                }
            });
            return out[0];
        }
        return search(data, grid, folds, k, backend, workers, probability, onFit, null);
    }

    /**
     * Runs the search on the ranks of {@code comm}, collectively (mpi4py's {@code MPICommExecutor}):
     * rank 0 hands the fits to the others ({@link Pool#ranks}) and gets the outcome; every other
     * rank runs fits until the search is done and gets null. For an SPMD program on either engine,
     * under {@code p4j run -n N} or {@code mpirun}; every rank passes the same arguments.
     *
     * @param comm the communicator whose ranks run the fits (at least 2 ranks to run in parallel)
     * @param data the data set
     * @param grid the grid points
     * @param folds the split
     * @param k the number of folds, at least 2
     * @param probability whether each fit also fits Platt scaling
     * @param onFit called on rank 0 as each fit finishes, or null
     * @return the outcome on rank 0, null on the other ranks
     */
    public static Outcome runOnRanks(org.parallel4j.mpi.Comm comm, Dataset data, List<Point> grid, Folds folds, int k, boolean probability,
            Consumer<Fit> onFit) {
        return search(data, grid, folds, k, Backend.RANKS, Math.max(1, comm.size() - 1), probability, onFit, comm);
    }

    private static Outcome search(Dataset data, List<Point> grid, Folds folds, int k, Backend backend, int workers, boolean probability,
            Consumer<Fit> onFit, org.parallel4j.mpi.Comm comm) {
        if (grid.isEmpty()) {
            throw new IllegalArgumentException("an empty grid: give at least one point");
        }
        if (backend != Backend.SERIAL && workers < 1) {
            throw new IllegalArgumentException("a pool needs at least 1 worker, got " + workers);
        }
        int[] fold = folds.assign(data.y(), k);
        List<Task> tasks = new ArrayList<>();
        for (Point p : grid) {
            for (int f = 0; f < k; f++) {
                tasks.add(new Task(p, f));
            }
        }
        tasks.sort(Comparator.comparingDouble((Task t) -> -t.point().expectedCost()));
        long t0 = System.nanoTime();
        List<Fit> fits = new ArrayList<>();
        Consumer<Fit> done = fit -> {
            fits.add(fit);
            if (onFit != null) {
                onFit.accept(fit);
            }
        };
        switch (backend) {
            case SERIAL -> {
                for (Task t : tasks) {
                    done.accept(fit(data, fold, t, probability));
                }
            }
            case THREADS, PROCESSES -> {
                try (Pool pool = backend == Backend.THREADS ? Pool.threads(workers)
                        : Pool.builder().processes(workers).jvmOptions(WORKER_JVM_OPTIONS).build()) {
                    drain(pool, data, fold, tasks, probability, done);
                }
            }
            // rank 0 hands the fits to the others (mpi4py's MPICommExecutor)
            case RANKS -> {
                try (Pool pool = Pool.ranks(comm)) {
                    if (pool == null) {
                        return null; // a worker rank: the search is over
                    }
                    drain(pool, data, fold, tasks, probability, done);
                }
            }
        }
        double wall = (System.nanoTime() - t0) * 1e-9;
        Map<Point, double[]> sums = new LinkedHashMap<>();
        for (Point p : grid) {
            sums.put(p, new double[2]);
        }
        for (Fit f : fits) {
            double[] s = sums.get(f.point());
            s[0] += f.accuracy();
            s[1]++;
        }
        List<Score> scores = new ArrayList<>();
        Score best = null;
        for (Map.Entry<Point, double[]> e : sums.entrySet()) {
            Score s = new Score(e.getKey(), e.getValue()[0] / e.getValue()[1]);
            scores.add(s);
            if (best == null || s.meanAccuracy() > best.meanAccuracy()) {
                best = s;
            }
        }
        return new Outcome(backend, backend == Backend.SERIAL ? 1 : workers, scores, best.point(), List.copyOf(fits), wall);
    }

    private static void drain(Pool pool, Dataset data, int[] fold, List<Task> tasks, boolean probability, Consumer<Fit> done) {
        ResultIterator<Fit> it = pool.imapUnordered(t -> fit(data, fold, t, probability), tasks, MapOptions.defaults().chunksize(1));
        while (it.hasNext()) {
            done.accept(it.next());
        }
    }

    private static Fit fit(Dataset data, int[] fold, Task t, boolean probability) {
        long start = System.currentTimeMillis();
        Svm.Result r = Svm.fit(data, Folds.indices(fold, t.fold(), false), Folds.indices(fold, t.fold(), true), t.point().c(),
                t.point().kernel(), probability);
        String worker = "pid " + ProcessHandle.current().pid() + " " + Thread.currentThread().getName();
        return new Fit(t.point(), t.fold(), r.accuracy(), worker, start, System.currentTimeMillis());
    }
}
