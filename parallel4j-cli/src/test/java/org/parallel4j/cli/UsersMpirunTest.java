package org.parallel4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The user's own launcher around p4j, as HPC users start jobs: {@code mpirun -n 3 p4j run Main}
 * (and MPICH's {@code mpiexec}) runs one rank per process, three of them, without {@code -n}
 * given to p4j; {@code -n} that disagrees with the launcher is an error that says so.
 */
class UsersMpirunTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mpirun", "mpiexec.mpich"})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theLaunchersProcessesAreTheRanks(String launcher) throws Exception {
        Assumptions.assumeTrue(onPath(launcher), launcher + " is not on the PATH");
        Outcome r = run(launcher, 3, "run", "org.parallel4j.examples.mpi.MpiHello");
        assertEquals(0, r.status(), r.out());
        List<String> hello = r.out().lines().filter(l -> !l.startsWith("WARNING") && !l.contains("yaksa")).sorted().toList();
        assertEquals(List.of("Hello! I'm rank 0 from 3 running in total...", "Hello! I'm rank 1 from 3 running in total...",
                "Hello! I'm rank 2 from 3 running in total..."), hello);
        Outcome wrong = run(launcher, 3, "run", "-n", "2", "org.parallel4j.examples.mpi.MpiHello");
        assertTrue(wrong.status() != 0 && wrong.out().contains("of 3 processes, and cannot start 2 ranks here"), wrong.out());
    }

    record Outcome(int status, String out) {
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** The exit status and output of {@code launcher -n n java ... P4j args}. */
    private static Outcome run(String launcher, int n, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(launcher));
        if (launcher.equals("mpirun")) {
            command.addAll(List.of("--oversubscribe", "--allow-run-as-root"));
        }
        command.addAll(List.of("-n", String.valueOf(n), java, "--enable-native-access=ALL-UNNAMED", "-Xss4m", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), P4j.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(100, TimeUnit.SECONDS), String.join(" ", command) + " did not end: " + out);
        return new Outcome(p.exitValue(), out);
    }
}
