package org.parallel4j.cli;

import java.util.concurrent.Callable;
import org.parallel4j.examples.loop.Julia;
import org.parallel4j.examples.mpi.MpiPi;
import org.parallel4j.pool.Pool;
import org.parallel4j.loop.Schedule;
import org.parallel4j.loop.Team;
import org.parallel4j.mpi.Mpi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The tour: each model on a real computation, with its result, its time and its speed-up over
 * serial; then the grid-search case study on every backend and a short safety show; a summary
 * table and a speed-up chart at the end. {@code p4j demo NAME} runs one section, {@code --list}
 * lists them.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "A tour of parallel4j: each model on a real computation, timed against serial.")
final class Demo implements Callable<Integer> {
    @Option(names = "-n", description = "ranks / threads (default: the cores, ${DEFAULT-VALUE})")
    int workers = Math.max(2, Runtime.getRuntime().availableProcessors());

    @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "SECTION", description = "run one section (see --list)")
    String section;

    @Option(names = "--list", description = "list the sections and exit")
    boolean list;

    @Option(names = "--out", paramLabel = "DIR", description = "where the chart goes (default: ${DEFAULT-VALUE})")
    java.nio.file.Path out = java.nio.file.Path.of("p4j-demo");

    /** One line of the summary: a section's result and its times. */
    private record Row(String section, String result, double serialSeconds, double parallelSeconds) {
    }

    private final java.util.List<Row> rows = new java.util.ArrayList<>();

    /** The sections, in the order the tour runs them. */
    private java.util.LinkedHashMap<String, Runnable> sections() {
        java.util.LinkedHashMap<String, Runnable> m = new java.util.LinkedHashMap<>();
        m.put("mpi", this::messagePassing);
        m.put("pool", this::pools);
        m.put("loop", this::loops);
        m.put("arrays", this::arrays);
        m.put("cfd", this::cfd);
        m.put("grid-search", this::gridSearch);
        m.put("safety", this::safety);
        return m;
    }

    private static final java.util.Map<String, String> SUMMARIES = java.util.Map.of(
            "mpi", "message passing: pi by the midpoint rule on thread ranks",
            "pool", "task pools: primes on threads and on worker JVMs",
            "loop", "parallel loops: the Julia set on a thread team",
            "arrays", "fused arrays: one expression, three ways",
            "cfd", "the CFD cavity flow: Jacobi sweeps on a thread team",
            "grid-search", "the case study: an SVM grid search on every backend",
            "safety", "a deadlock reported, a killed worker survived");

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
        java.util.LinkedHashMap<String, Runnable> all = sections();
        if (list) {
            all.keySet().forEach(k -> System.out.printf("%-12s %s%n", k, SUMMARIES.get(k)));
            return 0;
        }
        if (section != null && !all.containsKey(section)) {
            System.err.println("p4j demo: no section '" + section + "' (sections: " + String.join(", ", all.keySet()) + ")");
            return 2;
        }
        System.out.println("parallel4j demo on " + Runtime.getRuntime().availableProcessors() + " cores, JDK " + Runtime.version());
        System.out.println();
        long t0 = System.nanoTime();
        for (var e : all.entrySet()) {
            if (section == null || section.equals(e.getKey())) {
                e.getValue().run();
            }
        }
        summary((System.nanoTime() - t0) * 1e-9);
        return 0;
    }

    /** The summary table, the chart of speed-ups, and where to go next. */
    private void summary(double seconds) {
        if (rows.isEmpty()) {
            return;
        }
        System.out.printf("== Summary (%d workers, %.0f s in all)%n", workers, seconds);
        System.out.printf("   %-22s %-44s %9s %9s %9s%n", "section", "result", "serial s", "parallel", "speed-up");
        for (Row r : rows) {
            System.out.printf("   %-22s %-44s %9.3f %9.3f %8.2fx%n", r.section(), r.result(), r.serialSeconds(), r.parallelSeconds(),
                    r.serialSeconds() / r.parallelSeconds());
        }
        try {
            org.knowm.xchart.CategoryChart chart = new org.knowm.xchart.CategoryChartBuilder().width(900).height(450)
                    .title("parallel4j demo: speed-up over serial, " + workers + " workers").yAxisTitle("speed-up").build();
            chart.getStyler().setLegendVisible(false);
            chart.getStyler().setLabelsVisible(true);
            chart.getStyler().setXAxisLabelRotation(20);
            chart.addSeries("speed-up", rows.stream().map(Row::section).toList(),
                    rows.stream().map(r -> r.serialSeconds() / r.parallelSeconds()).toList());
            java.nio.file.Files.createDirectories(out);
            java.nio.file.Path png = out.resolve("demo-speedups.png");
            org.knowm.xchart.BitmapEncoder.saveBitmap(chart, png.toString(), org.knowm.xchart.BitmapEncoder.BitmapFormat.PNG);
            System.out.println("   chart: " + png.toAbsolutePath());
        } catch (java.io.IOException e) {
            System.out.println("   (no chart: " + e.getMessage() + ")");
        }
        System.out.println("   next: the guides docs/mpi.md, docs/pools.md, docs/loops.md, docs/arrays.md, docs/gridsearch.md;"
                + " ./p4j examples lists every workshop example");
    }

    /**
     * The prime count of the workshop's range E, [10^11, 10^11 + 10^5), on a pool of threads and a
     * pool of worker JVMs, against one worker: a second of work, so that the speed-up is stable.
     */
    private void pools() {
        org.parallel4j.examples.pool.PrimesSerial.Range e = org.parallel4j.examples.pool.PrimesSerial.range("E");
        System.out.println("== Task pools (multiprocessing / concurrent.futures for Java): primes in [10^11, 10^11 + 10^5), in 100 chunks");
        java.util.List<org.parallel4j.examples.pool.PrimesSerial.Range> chunks = new java.util.ArrayList<>();
        for (long a = e.start(); a < e.end(); a += 1000) {
            chunks.add(new org.parallel4j.examples.pool.PrimesSerial.Range("E", a, Math.min(e.end(), a + 1000)));
        }
        for (boolean processes : new boolean[] {false, true}) {
            double[] times = new double[2];
            long[] found = new long[1];
            int[] sizes = {1, workers};
            for (int k = 0; k < 2; k++) {
                try (Pool pool = processes ? Pool.processes(sizes[k]) : Pool.threads(sizes[k])) {
                    pool.map(Demo::countPrimes, chunks.subList(0, sizes[k])); // workers started and warm
                    long t0 = System.nanoTime();
                    found[0] = pool.map(Demo::countPrimes, chunks).stream().mapToLong(Integer::longValue).sum();
                    times[k] = (System.nanoTime() - t0) * 1e-9;
                }
            }
            System.out.printf("   %-16s %d primes   1 worker: %.3f s   %d workers: %.3f s   speed-up %.2fx%n",
                    processes ? "worker JVMs:" : "threads:", found[0], times[0], workers, times[1], times[0] / times[1]);
            rows.add(new Row(processes ? "pool, worker JVMs" : "pool, threads", found[0] + " primes", times[0], times[1]));
        }
        System.out.println("   try: ./p4j example primes-pool, ./p4j example pool-pi, ./p4j example speedup-scan");
        System.out.println();
    }

    /** The number of primes in a range, by the serial example's trial division. */
    static int countPrimes(org.parallel4j.examples.pool.PrimesSerial.Range r) {
        return org.parallel4j.examples.pool.PrimesSerial.primes(r).size();
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
        rows.add(new Row("loop, Julia set", "never-escaping fraction " + String.format("%.6f", (double) inside[0] / ((long) n * n)), serial, parallel));
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
        rows.add(new Row("arrays, fused", same ? "identical all three ways" : "RESULTS DIFFER", tLoop, tFused));
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
        rows.add(new Row("mpi, pi on ranks", String.format("pi = %.12f", result[0]), serial, parallel));
        System.out.println("   try: ./p4j example -n 4 mpi-pi");
        System.out.println();
    }

    /** The workshop's cavity flow (Jacobi sweeps on the stream function), one thread against the team. */
    private void cfd() {
        int scale = 8;
        int iterations = 2000;
        int side = 32 * scale + 2;
        System.out.println("== The CFD cavity flow (the loops workshop's exercise): " + iterations + " Jacobi sweeps on a " + side + " x " + side + " grid");
        double[][][] psi = new double[2][][];
        double serial;
        double parallel;
        try (Team one = Team.create(1); Team team = Team.create(workers)) {
            serial = best(() -> psi[0] = org.parallel4j.examples.loop.Cfd.solve(one, scale, iterations));
            parallel = best(() -> psi[1] = org.parallel4j.examples.loop.Cfd.solve(team, scale, iterations));
        }
        boolean same = java.util.Arrays.deepEquals(psi[0], psi[1]);
        System.out.printf("   stream function at the centre %.9f; 1 thread and %d threads %s%n", psi[1][side / 2][side / 2], workers,
                same ? "agree bit for bit" : "DIFFER");
        System.out.printf("   1 thread: %.3f s   %d threads: %.3f s   speed-up %.2fx%n", serial, workers, parallel, serial / parallel);
        rows.add(new Row("cfd, cavity flow", same ? "1 and N threads bit for bit" : "RESULTS DIFFER", serial, parallel));
        System.out.println("   try: ./p4j example cfd 1 1000, ./p4j example cfd-arrays");
        System.out.println();
    }

    /** The case study on the first 4000 samples (two minutes in all on 2 cores), every backend. */
    private void gridSearch() {
        org.parallel4j.examples.gridsearch.Dataset data = org.parallel4j.examples.gridsearch.Dataset.bundled().head(4000);
        var grid = org.parallel4j.examples.gridsearch.GridSearch.Grid.SMALL.points();
        System.out.println("== The case study (scikit-learn GridSearchCV over LIBSVM): C x kernel, " + grid.size()
                + " points, 2-fold, the first " + data.samples() + " of the workshop's 13,000 samples");
        java.util.List<org.parallel4j.examples.gridsearch.GridSearch.Outcome> outcomes = new java.util.ArrayList<>();
        for (var b : org.parallel4j.examples.gridsearch.GridSearch.Backend.values()) {
            outcomes.add(org.parallel4j.examples.gridsearch.GridSearch.run(data, grid, org.parallel4j.examples.gridsearch.Folds.KFOLD, 2, b,
                    workers, false, null));
        }
        var first = outcomes.getFirst();
        boolean same = outcomes.stream().allMatch(o -> o.scores().equals(first.scores()));
        for (var sc : first.scores()) {
            System.out.printf("   %-22s mean accuracy %.6f%n", sc.point().label(), sc.meanAccuracy());
        }
        System.out.println("   best: " + first.best().label() + (same ? ", the same scores on every backend" : ", BACKENDS DIFFER"));
        for (var o : outcomes) {
            System.out.printf("   %-26s %.3f s   speed-up %.2fx%n", o.implementation(), o.wallSeconds(), first.wallSeconds() / o.wallSeconds());
            if (o != first) {
                rows.add(new Row("grid search, " + o.backend().label(), "best " + o.best().label(), first.wallSeconds(), o.wallSeconds()));
            }
        }
        System.out.println("   try: ./p4j example grid-search (all 13,000 samples, charts), ./p4j bench gridsearch");
        System.out.println();
    }

    /** A deadlock reported with each rank's pending operation; a worker JVM killed mid-map, and the map still complete. */
    private void safety() {
        System.out.println("== Safety: what goes wrong is reported, and nothing is lost");
        try {
            Mpi.run(2, java.time.Duration.ofSeconds(20), w -> {
                double[] buf = new double[1];
                w.recv(buf, 1 - w.rank(), 0); // both ranks wait for the other: a deadlock
            });
            System.out.println("   the deadlock was NOT detected");
        } catch (org.parallel4j.mpi.MpiException e) {
            System.out.println("   two ranks that each wait to receive from the other: " + e.errorClass());
            e.getMessage().lines().limit(4).forEach(l -> System.out.println("     | " + l));
        }
        try {
            java.nio.file.Path marker = java.nio.file.Files.createTempFile("p4j-demo-", ".killed");
            java.nio.file.Files.delete(marker);
            String path = marker.toString();
            long t0 = System.nanoTime();
            java.util.List<Integer> squares;
            try (Pool pool = Pool.builder().processes(2).retries(1).build()) {
                squares = pool.map(x -> {
                    try {
                        if (x == 5 && new java.io.File(path).createNewFile()) {
                            Runtime.getRuntime().halt(9); // the worker JVM dies in the middle of the map, once
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return x * x;
                }, java.util.stream.IntStream.range(0, 10).boxed().toList(), org.parallel4j.pool.MapOptions.defaults().chunksize(1));
            }
            java.nio.file.Files.deleteIfExists(marker);
            System.out.printf("   a worker JVM killed while running task 5 of 10: the task ran again on a new worker, map complete in %.2f s: %s%n",
                    (System.nanoTime() - t0) * 1e-9, squares);
        } catch (java.io.IOException | RuntimeException e) {
            System.out.println("   the killed-worker show failed: " + e);
        }
        System.out.println("   try: ./p4j example -n 2 mpi-p2p, docs/pools.md (failures), docs/mpi.md (deadlock detection)");
        System.out.println();
    }

    private static double best(Runnable r) {
        return org.parallel4j.bench.ScalingBench.best(r);
    }
}
