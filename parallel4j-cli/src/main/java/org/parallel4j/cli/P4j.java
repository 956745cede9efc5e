package org.parallel4j.cli;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.parallel4j.bench.MpiBench;
import org.parallel4j.bench.OmpBench;
import org.parallel4j.bench.PoolBench;
import org.parallel4j.bench.ScalingBench;
import org.parallel4j.examples.Examples;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.MpiException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code p4j} command. Picocli does the parsing, help and usage errors. */
@Command(name = "p4j", mixinStandardHelpOptions = true, version = "parallel4j 0.1.0",
        description = "parallel4j: the parallel models of the Python workshops, for Java.",
        subcommands = {P4j.Run.class, P4j.Example.class, P4j.ExampleList.class, P4j.Bench.class, P4j.Plot.class, P4j.Info.class,
                Demo.class, P4j.Test.class, CommandLine.HelpCommand.class})
public final class P4j implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The top-level command; picocli fills {@link #spec}. */
    P4j() {
    }

    /**
     * The {@code p4j} command: parses {@code args}, runs the subcommand and exits with its status.
     *
     * @param args the command line, as {@code run -n 4 -cp app.jar Main}
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: what {@code main} runs, and what the tests drive. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new P4j());
        // As java and mpirun: options after the main class (or the example's name) are the program's.
        cli.getSubcommands().get("run").setStopAtPositional(true);
        cli.getSubcommands().get("example").setStopAtPositional(true);
        // A bad setting (an unknown engine, a wrong value) is a usage error with its message, not a stack trace.
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof IllegalArgumentException
                    || e instanceof org.parallel4j.mpi.MpiException m && m.errorClass() == org.parallel4j.mpi.ErrorClass.ARG) {
                line.getErr().println("p4j: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs a job and turns its failure into a report and an exit status. */
    static int runJob(int ranks, String mainClass, URL[] classPath, String[] args, Duration timeout) {
        return runJob(ranks, mainClass, classPath, args, timeout, false);
    }

    /** {@link #runJob(int, String, URL[], String[], Duration)}, optionally tagging each printed line with its rank. */
    /** A usage error for a count below 1, or null when it is fine. */
    static Integer atLeastOne(String option, int n, String what) {
        if (n < 1) {
            System.err.println("p4j: " + option + " " + n + ": give at least 1 " + what);
            return 2;
        }
        return null;
    }

    static int runJob(int ranks, String mainClass, URL[] classPath, String[] args, Duration timeout, boolean tagOutput) {
        Integer bad = atLeastOne("-n", ranks, "rank");
        if (bad != null) {
            return bad;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        if (ranks > 4 * cores) {
            System.err.println("p4j: warning: " + ranks + " ranks on " + cores + " cores: every rank is a thread of this JVM,"
                    + " so the job time-shares the cores and may run for a long time");
        }
        try {
            Mpi.runMain(ranks, mainClass, classPath, args, timeout, tagOutput);
            return 0;
        } catch (MpiException e) {
            System.out.flush();
            System.err.println("p4j: " + e.getMessage());
            if (e.errorClass() == ErrorClass.PROC_FAILED && e.getCause() != null) {
                System.err.println("p4j: stack trace of rank " + e.failedRank() + ":");
                e.getCause().printStackTrace();
            }
            return e.exitCode();
        }
    }

    /**
     * For an engine with a launcher of its own (the MPI engine) in a process that launcher did
     * not start: runs this same command under it on {@code ranks} processes and returns its exit
     * status; null when the job should run here (threads, or already a rank of the job).
     */
    static Integer underLauncher(String engine, int ranks, List<String> command) {
        return underLauncher(engine, ranks, List.of(), command);
    }

    /** {@link #underLauncher(String, int, List)} with options for the launcher itself (a hostfile, hosts). */
    static Integer underLauncher(String engine, int ranks, List<String> launcherArgs, List<String> command) {
        String chosen = engine != null ? engine : System.getProperty(org.parallel4j.mpi.engine.Engines.PROPERTY,
                System.getenv(org.parallel4j.mpi.engine.Engines.ENV));
        if (chosen == null || !chosen.trim().equalsIgnoreCase("mpi")) {
            return null;
        }
        var provider = org.parallel4j.mpi.engine.Engines.byName(chosen);
        if (provider.launchedThisProcess()) {
            return null;
        }
        var probe = provider.probe();
        if (!probe.available()) {
            System.err.println("p4j: engine 'mpi' cannot run here: " + probe.detail());
            return 2;
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> rank = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseParallelGC", "-Xss4m",
                "-Dp4j.home=" + System.getProperty("p4j.home", "."), "-Dp4j.engine=mpi",
                "-Dp4j.mpi.library=" + org.parallel4j.mpi.engine.mpi.MpiEngineProvider.libraryPath()));
        for (String p : List.of("p4j.mpi.check", "p4j.mpi.wait", "p4j.mpi.heapAccess", "p4j.mpi.codec")) {
            if (System.getProperty(p) != null) {
                rank.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            rank.add("--add-modules=jdk.incubator.vector"); // the arrays' SIMD loops, as in this JVM
        }
        rank.addAll(Heap.rankOptions());
        rank.addAll(List.of("-cp", System.getProperty("java.class.path"), P4j.class.getName()));
        rank.addAll(command);
        List<String> full = org.parallel4j.mpi.engine.mpi.MpiEngineProvider.launchCommand(ranks, launcherArgs, rank);
        try {
            return new ProcessBuilder(full).inheritIO().start().waitFor();
        } catch (java.io.IOException e) {
            System.err.println("p4j: cannot start " + full.getFirst() + ": " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run MainClass on N ranks (SPMD): main(args) is called once per rank.")
    static final class Run implements Callable<Integer> {
        @CommandLine.Mixin
        Heap heap;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "-n", description = "number of ranks (default: under mpirun or mpiexec, the processes it started; else the cores, "
                + "${DEFAULT-VALUE})")
        int ranks = defaultRanks();

        @Option(names = "--engine", description = "the message-passing engine (default: -Dp4j.engine, P4J_ENGINE, the launcher's, else threads; see 'p4j info')")
        String engine;

        @Option(names = {"-cp", "--class-path"}, description = "class path of the program (default: .)", defaultValue = ".")
        String classPath;

        @Option(names = "--hostfile", description = "with --engine mpi: the launcher's hostfile (the nodes to run on)")
        String hostfile;

        @Option(names = "--host", description = "with --engine mpi: the launcher's host list, a,b,c")
        String hosts;

        @Option(names = "--timeout", description = "end the job after this many seconds, reporting each rank's pending operation")
        Double timeoutSeconds;

        @Option(names = {"--tag-output", "--label"}, description = "start every line a rank prints with its rank, \"[2] \" (as mpirun --tag-output)")
        boolean tagOutput;

        @Parameters(index = "0", description = "the class with main")
        String mainClass;

        @Parameters(index = "1..*", description = "arguments for main")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() throws MalformedURLException {
            Integer relaunched = heap.relaunch(spec);
            if (relaunched != null) {
                return relaunched;
            }
            if (engine != null) {
                try {
                    var provider = org.parallel4j.mpi.engine.Engines.byName(engine);
                    var probe = provider.probe();
                    if (!probe.available()) {
                        System.err.println("p4j: engine '" + provider.name() + "' cannot run here: " + probe.detail());
                        return 2;
                    }
                    System.setProperty(org.parallel4j.mpi.engine.Engines.PROPERTY, provider.name());
                } catch (org.parallel4j.mpi.MpiException e) {
                    System.err.println("p4j: --engine " + engine + ": " + e.getMessage());
                    return 2;
                }
            }
            List<String> again = new ArrayList<>(List.of("run", "-n", String.valueOf(ranks), "-cp", absolute(classPath)));
            if (timeoutSeconds != null) {
                again.addAll(List.of("--timeout", String.valueOf(timeoutSeconds)));
            }
            if (tagOutput) {
                again.add("--tag-output");
            }
            again.add(mainClass);
            again.addAll(args);
            List<String> launcherArgs = new ArrayList<>();
            if (hostfile != null) {
                launcherArgs.addAll(List.of("--hostfile", Path.of(hostfile).toAbsolutePath().toString()));
            }
            if (hosts != null) {
                launcherArgs.addAll(List.of("--host", hosts));
            }
            Integer launched = ranks < 1 ? null : underLauncher(engine, ranks, launcherArgs, again);
            if (launched != null) {
                return launched;
            }
            List<URL> urls = new ArrayList<>();
            for (String entry : classPath.split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    urls.add(Path.of(entry).toAbsolutePath().toUri().toURL());
                }
            }
            Duration timeout = timeoutSeconds == null ? null : Duration.ofMillis((long) (timeoutSeconds * 1000));
            return runJob(ranks, mainClass, urls.toArray(URL[]::new), args.toArray(String[]::new), timeout, tagOutput);
        }
    }

    /** {@code p4j run}'s rank count without {@code -n}: the launcher's job size when one started this process, else the cores. */
    static int defaultRanks() {
        int launched = org.parallel4j.mpi.engine.mpi.MpiEngineProvider.launchedWorldSize();
        return launched > 0 ? launched : Runtime.getRuntime().availableProcessors();
    }

    /** A class path with every entry made absolute (the launcher may start ranks elsewhere). */
    static String absolute(String classPath) {
        List<String> out = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                out.add(entry.endsWith("*") ? Path.of(entry.substring(0, entry.length() - 1)).toAbsolutePath() + File.separator + "*"
                        : Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, out);
    }

    @Command(name = "example", mixinStandardHelpOptions = true, description = "Run a workshop example (see 'p4j examples').")
    static final class Example implements Callable<Integer> {
        @CommandLine.Mixin
        Heap heap;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "-n", description = "ranks (message-passing examples) or team threads / pool workers (others)")
        Integer n;

        @Option(names = "--progress", description = "draw a progress bar for every pool map (sets p4j.progress)")
        boolean progress;

        @Option(names = "--engine", description = "the message-passing engine of a message-passing example (threads, mpi)")
        String engine;

        @Parameters(index = "0", description = "the example's name")
        String name;

        @Parameters(index = "1..*", description = "arguments for the example")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            Integer relaunched = heap.relaunch(spec);
            if (relaunched != null) {
                return relaunched;
            }
            var found = Examples.find(name);
            if (found.isEmpty()) {
                System.err.println("p4j: no example called '" + name + "'; the examples are:");
                Examples.all().forEach(e -> System.err.println("  " + e.name()));
                return 2;
            }
            var ex = found.get();
            if (n != null && n < 1) {
                System.err.println("p4j: -n " + n + ": give at least 1");
                return 2;
            }
            if (progress) {
                System.setProperty("p4j.progress", "true");
            }
            if (ex.kind() == Examples.Kind.THREADS) {
                if (n != null) {
                    System.setProperty("p4j.numThreads", String.valueOf(n));
                }
                try {
                    ex.mainClass().getMethod("main", String[].class).invoke(null, (Object) args.toArray(String[]::new));
                } catch (java.lang.reflect.InvocationTargetException e) {
                    if (e.getCause() instanceof IllegalArgumentException bad) {
                        // A bad argument: a usage error, not a crash.
                        System.err.println("p4j: example " + name + ": " + bad.getMessage());
                        return 2;
                    }
                    System.err.println("p4j: " + name + " failed: " + e.getCause());
                    e.getCause().printStackTrace();
                    return 1;
                }
                return 0;
            }
            int ranks = n == null ? ex.defaultN() : n;
            List<String> again = new ArrayList<>(List.of("example", "-n", String.valueOf(ranks), name));
            again.addAll(args);
            Integer launched = underLauncher(engine, ranks, again);
            if (launched != null) {
                return launched;
            }
            if (engine != null) {
                System.setProperty(org.parallel4j.mpi.engine.Engines.PROPERTY, engine);
            }
            URL where = ex.mainClass().getProtectionDomain().getCodeSource().getLocation();
            return runJob(ranks, ex.mainClass().getName(), new URL[] {where},
                    args.toArray(String[]::new), Duration.ofMinutes(10));
        }
    }

    /** An output stream that writes to two. */
    static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }

        @Override
        public synchronized void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }

    @Command(name = "plot", mixinStandardHelpOptions = true,
            description = "Draw benchmark figures (lines of: suite case implementation metric value) as bar charts in one PNG.")
    static final class Plot implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "TSV", description = "files of figures: ours (p4j bench) and the peers' (run-peers.sh)")
        List<Path> files;

        @Option(names = {"-o", "--output"}, paramLabel = "PNG", description = "the chart to write (default: ${DEFAULT-VALUE})")
        Path output = Path.of("bench-chart.png");

        @Override
        public Integer call() throws java.io.IOException {
            System.out.println("p4j: chart written to " + Charts.write(Charts.read(files), output));
            return 0;
        }
    }

    @Command(name = "examples", mixinStandardHelpOptions = true, description = "List the workshop examples.")
    static final class ExampleList implements Runnable {
        @Override
        public void run() {
            Examples.Model model = null;
            for (var e : Examples.all()) {
                if (e.model() != model) {
                    model = e.model();
                    System.out.printf("%s%s%n", e == Examples.all().getFirst() ? "" : "\n", model.title());
                }
                System.out.printf("  %-16s %-26s %s%n", e.name(), e.runsOn(), e.summary());
            }
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true, description = "Print benchmark figures in the peer format (suite case impl metric value).")
    static final class Bench implements Callable<Integer> {
        @CommandLine.Mixin
        Heap heap;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", description = "the suite: mpi, omp, pool, scaling, arrays, stream, gridsearch, gridsearch-stratified")
        String suite;

        @Option(names = "-n", description = "ranks or workers (default ${DEFAULT-VALUE})")
        int ranks = 2;

        @Option(names = "--engine", description = "the message-passing engine of the mpi suite (threads, mpi)")
        String engine;

        @Option(names = "--plot", paramLabel = "PNG", description = "also draw the figures as a bar chart into this PNG (with --peers: against theirs)")
        Path plot;

        @Option(names = "--peers", paramLabel = "TSV", split = ",", description = "the peers' figures (run-peers.sh output) to draw beside ours with --plot")
        List<Path> peers = new ArrayList<>();

        @Override
        public Integer call() throws java.io.IOException {
            Integer relaunched = heap.relaunch(spec);
            if (relaunched != null) {
                return relaunched;
            }
            Integer bad = atLeastOne("-n", ranks, "rank or worker");
            if (bad != null) {
                return bad;
            }
            if (plot == null && !peers.isEmpty()) {
                System.err.println("p4j: --peers goes with --plot PNG (the chart to draw them in)");
                return 2;
            }
            List<Charts.Figure> peerFigures = Charts.read(peers); // an unreadable file is reported before the run
            if (suite.equals("mpi")) {
                List<String> again = new ArrayList<>(List.of("bench", "mpi", "-n", String.valueOf(ranks)));
                if (plot != null) {
                    again.addAll(List.of("--plot", plot.toAbsolutePath().toString()));
                    peers.forEach(p -> again.addAll(List.of("--peers", p.toAbsolutePath().toString())));
                }
                Integer launched = underLauncher(engine, ranks, again);
                if (launched != null) {
                    return launched;
                }
                if (engine != null) {
                    System.setProperty(org.parallel4j.mpi.engine.Engines.PROPERTY, engine);
                }
            }
            java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
            java.io.PrintStream out = plot == null ? System.out : new java.io.PrintStream(new TeeStream(System.out, printed), true);
            switch (suite) {
                case "mpi" -> MpiBench.run(ranks, out);
                case "omp" -> OmpBench.run(ranks, out);
                case "scaling" -> ScalingBench.run(ranks, out);
                case "pool" -> PoolBench.run(ranks, out);
                case "arrays" -> org.parallel4j.bench.ArraysBench.run(ranks, out);
                case "stream" -> org.parallel4j.bench.StreamBench.run(ranks, out);
                case "gridsearch" -> org.parallel4j.bench.GridSearchBench.run(ranks, org.parallel4j.examples.gridsearch.Folds.KFOLD, out);
                case "gridsearch-stratified" -> org.parallel4j.bench.GridSearchBench.run(ranks,
                        org.parallel4j.examples.gridsearch.Folds.STRATIFIED, out);
                default -> {
                    System.err.println("p4j: unknown suite '" + suite
                            + "' (available: mpi, omp, pool, scaling, arrays, stream, gridsearch, gridsearch-stratified)");
                    return 2;
                }
            }
            out.flush();
            List<Charts.Figure> ours = Charts.parse(printed.toString().lines().toList());
            if (plot != null && !ours.isEmpty()) { // under a launcher, only the rank that printed the figures draws them
                List<Charts.Figure> all = new ArrayList<>(peerFigures);
                all.addAll(ours);
                System.err.println("p4j: chart written to " + Charts.write(all, plot));
            }
            return 0;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Cores, JDK, Vector API, MPI library.")
    static final class Info implements Runnable {
        @Override
        public void run() {
            System.out.println("cores:        " + Runtime.getRuntime().availableProcessors());
            System.out.println("jdk:          " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
            System.out.println("max heap:     " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
            System.out.println("vector api:   " + org.parallel4j.array.DoubleExpr.simd() + " (the arrays' reductions, exp, log, sin, cos, tan, tanh)");
            System.out.println("objects:      " + org.parallel4j.mpi.Mpi.objectCodec()
                    + " (object messages and worker JVMs' values)");
            for (var p : org.parallel4j.mpi.engine.Engines.all()) {
                var probe = p.probe();
                System.out.printf("engine:       %-8s %s: %s (%s)%n", p.name(), probe.available() ? "available" : "unavailable",
                        p.describe(), probe.detail());
            }
            System.out.println("engine used:  " + org.parallel4j.mpi.engine.Engines.current().name() + " ("
                    + org.parallel4j.mpi.engine.Engines.reason() + ")");
            var mpi = org.parallel4j.mpi.engine.Engines.all().stream().filter(p -> p.name().equals("mpi")).findFirst();
            if (mpi.isPresent() && mpi.get().probe().available()) {
                System.out.println("mpi threads:  " + grantedThreadLevel());
            }
        }

        /** The thread level the MPI library grants, from a one-process job (MPI_Init_thread in a child JVM: it cannot be undone here). */
        private static String grantedThreadLevel() {
            String javaCommand = ProcessHandle.current().info().command().orElse("java");
            try {
                Process p = new ProcessBuilder(javaCommand, "--enable-native-access=ALL-UNNAMED", "-Dp4j.engine=mpi", "-cp",
                        System.getProperty("java.class.path"), "org.parallel4j.mpi.engine.mpi.MpiEngineProvider")
                        .redirectErrorStream(true).start();
                if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return "unknown (a one-process MPI job did not start within 30 s)";
                }
                String out = new String(p.getInputStream().readAllBytes()).trim();
                return p.exitValue() == 0 ? out : "unknown (" + out.lines().reduce((x, y) -> y).orElse("exit " + p.exitValue()) + ")";
            } catch (java.io.IOException | InterruptedException e) {
                return "unknown (" + e + ")";
            }
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true, description = "Run the test suite (what CI runs).")
    static final class Test implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            String home = System.getProperty("p4j.home", ".");
            Process p = new ProcessBuilder("mvn", "-q", "-B", "test").directory(new File(home)).inheritIO().start();
            return p.waitFor();
        }
    }
}
