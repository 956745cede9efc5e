package org.parallel4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every message-passing workshop example prints the same lines with {@code --engine mpi}
 * (started by p4j under mpirun, a process per rank) as on the thread engine; lines of
 * different ranks may come in another order, so they are compared sorted.
 */
class MpiEngineExamplesTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mpi-hello", "mpi-p2p", "mpi-bcast", "mpi-pi", "mpi-random", "mpi-particles", "mpi-rma"})
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void anExamplePrintsTheSameOnTheMpiEngine(String example) throws Exception {
        var mpi = org.parallel4j.mpi.engine.Engines.byName("mpi");
        Assumptions.assumeTrue(mpi.probe().available(), () -> "no MPI library: " + mpi.probe().detail());
        List<String> threads = run("example", "-n", "2", example);
        List<String> onMpi = run("example", "-n", "2", "--engine", "mpi", example);
        assertTrue(!threads.isEmpty(), "the example printed nothing");
        assertEquals(threads, onMpi);
    }

    /**
     * The spawn example under mpirun on Open MPI (MPICH 4.0 as packaged here cannot spawn):
     * children are JVMs the library starts; the library adds their parts in its own order,
     * so the last digit may differ from the thread engine's rank-order sum.
     */
    @org.junit.jupiter.api.Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void theSpawnExampleGetsPiFromJvmsTheLibraryStarted() throws Exception {
        var mpi = org.parallel4j.mpi.engine.Engines.byName("mpi");
        Assumptions.assumeTrue(mpi.probe().available(), () -> "no MPI library: " + mpi.probe().detail());
        Assumptions.assumeTrue(mpi.probe().detail().contains("Open MPI"), () -> "spawn needs Open MPI here: " + mpi.probe().detail());
        List<String> threads = run("example", "mpi-spawn-pi");
        assertEquals(List.of("3.1416009869231245"), threads);
        List<String> onMpi = run("example", "-n", "2", "--engine", "mpi", "mpi-spawn-pi");
        assertEquals(1, onMpi.size(), String.valueOf(onMpi));
        assertEquals(3.1416009869231245, Double.parseDouble(onMpi.get(0)), 1e-15);
    }

    /** The grid search as an SPMD program on 3 ranks: the same table from processes under mpirun as from thread ranks. */
    @org.junit.jupiter.api.Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void theGridSearchScoresTheSameOnTheRanksOfAnMpiJob(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var mpi = org.parallel4j.mpi.engine.Engines.byName("mpi");
        Assumptions.assumeTrue(mpi.probe().available(), () -> "no MPI library: " + mpi.probe().detail());
        String file = org.parallel4j.examples.gridsearch.Dataset.bundled().head(800).write(dir.resolve("head.csv")).toString();
        String main = org.parallel4j.examples.gridsearch.GridSearchExample.class.getName();
        List<String> threads = run("run", "-n", "3", main, "--data", file, "--cv", "stratified").stream()
                .filter(l -> l.startsWith("C=") || l.startsWith("best:")).toList();
        List<String> onMpi = run("run", "-n", "3", "--engine", "mpi", main, "--data", file, "--cv", "stratified").stream()
                .filter(l -> l.startsWith("C=") || l.startsWith("best:")).toList();
        assertEquals(5, threads.size(), String.valueOf(threads));
        assertEquals(threads, onMpi);
    }

    /** The sorted lines {@code p4j args} prints, run as its own JVM (as a user runs it). */
    private static List<String> run(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseParallelGC", "-Xss4m",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), P4j.class.getName()));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "p4j " + String.join(" ", args) + " did not end: " + out);
        assertEquals(0, p.exitValue(), "p4j " + String.join(" ", args) + ": " + out);
        return out.lines().filter(l -> !l.startsWith("WARNING") && !l.contains("yaksa")).sorted().toList();
    }
}
