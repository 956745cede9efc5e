package org.parallel4j.mpi.engine.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One MPMD job of a C program (compiled here with the library's {@code mpicc}) and a Java
 * rank: buffer messages both ways and two collectives, the values checked on both sides.
 */
class MpiInteropTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"openmpi", "mpich"})
    @Timeout(120)
    void aCProgramAndAJavaRankShareOneJob(String library, @TempDir Path dir) throws Exception {
        Abi.Family family = MpiJobs.family(library);
        Path binary = MpiJobs.compile(family, "interop_peer.c", dir);

        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Launcher.program(family)));
        if (family == Abi.Family.OPEN_MPI) {
            command.addAll(List.of("--allow-run-as-root", "--oversubscribe"));
        }
        command.addAll(List.of("-n", "1", binary.toString(), ":", "-n", "1", java, "--enable-native-access=ALL-UNNAMED",
                "-Dp4j.mpi.library=" + library, "-cp", cp, InteropJavaRank.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (family == Abi.Family.MPICH) {
            pb.environment().put("P4J_MPI_INTEROP", "1"); // Hydra does not tell a rank that the job is MPMD
        }
        Process job = pb.start();
        boolean done = job.waitFor(90, TimeUnit.SECONDS);
        String out = new String(job.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            job.descendants().forEach(ProcessHandle::destroyForcibly);
            job.destroyForcibly();
        }
        assertTrue(done, "the MPMD job did not end: " + out);
        assertTrue(out.contains("C rank 0: values ok"), out);
        assertTrue(out.contains("Java rank 1: values ok"), out);
        assertEquals(0, job.exitValue(), out);
    }
}
