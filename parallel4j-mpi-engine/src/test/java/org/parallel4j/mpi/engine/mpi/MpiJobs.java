package org.parallel4j.mpi.engine.mpi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Starts a Java program of the test class path as an MPI job under a real launcher, and collects what it printed. */
final class MpiJobs {
    record Result(int exitCode, String output, double seconds) {
    }

    private MpiJobs() {
    }

    /** The library family named {@code name} ("openmpi", "mpich"), or the test is skipped with the reason. */
    static Abi.Family family(String name) {
        Library.Choice c = Library.choose(name, null, null);
        Assumptions.assumeTrue(c.error() == null, () -> "no " + name + " here: " + c.error());
        Abi.Family f = name.equals("openmpi") ? Abi.Family.OPEN_MPI : Abi.Family.MPICH;
        Assumptions.assumeTrue(Launcher.program(f) != null, () -> "no launcher for " + name + " on the PATH");
        return f;
    }

    /** Runs {@code mainClass} on {@code n} processes of {@code family}'s launcher, at most {@code limitSeconds}. */
    static Result run(Abi.Family family, int n, long limitSeconds, List<String> jvmOptions, String mainClass, String... args)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xss4m", "-XX:+UseParallelGC",
                "-Dp4j.mpi.library=" + (family == Abi.Family.OPEN_MPI ? "openmpi" : "mpich")));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", cp, mainClass));
        command.addAll(List.of(args));
        List<String> full = Launcher.command(family, Launcher.program(family), n, List.of(), command);
        Path log = Files.createTempFile("p4j-mpi-job", ".log");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(limitSeconds, TimeUnit.SECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        return new Result(done ? p.exitValue() : -1, done ? out : out + "\n[killed after " + limitSeconds + " s]", seconds);
    }

    /**
     * Compiles the test resource {@code resource} (a C file) into {@code dir} with the library's
     * {@code mpicc}; the test is aborted (skipped, with the reason) where that compiler is missing.
     */
    static java.nio.file.Path compile(Abi.Family family, String resource, java.nio.file.Path dir) throws IOException, InterruptedException {
        String mpicc = family == Abi.Family.OPEN_MPI ? "mpicc" : "mpicc.mpich";
        java.nio.file.Path source = dir.resolve(resource);
        try (var in = MpiJobs.class.getResourceAsStream("/" + resource)) {
            Files.copy(in, source);
        }
        java.nio.file.Path binary = dir.resolve(resource.replaceFirst("\\.c$", ""));
        Process cc;
        try {
            cc = new ProcessBuilder(mpicc, "-O2", "-o", binary.toString(), source.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort(mpicc + " is not installed (" + e.getMessage() + "): install the library's -dev package");
            throw e;
        }
        String out = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertTrue(cc.waitFor(60, TimeUnit.SECONDS) && cc.exitValue() == 0, mpicc + " failed: " + out);
        return binary;
    }
}
