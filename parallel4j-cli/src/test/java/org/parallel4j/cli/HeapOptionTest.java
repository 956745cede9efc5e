package org.parallel4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code --heap}: the ranks of a thread-engine job share the heap it sizes; a bad size is a usage error. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HeapOptionTest {
    /** Rank 0 prints the JVM's maximum heap in MiB and its arguments. */
    public static final class HeapProbe {
        public static void main(String[] args) {
            if (org.parallel4j.mpi.Mpi.world().rank() == 0) {
                System.out.println("max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " args " + List.of(args));
            }
        }
    }

    @Test
    void theJobRunsInAJvmWithTheHeapAskedForAndKeepsItsOwnArguments() throws Exception {
        String out = p4j("run", "--heap", "96m", "-n", "3", "-cp", System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")), HeapProbe.class.getName(), "--heap", "x");
        String line = out.lines().filter(l -> l.startsWith("max heap ")).findFirst().orElseThrow(() -> new AssertionError(out));
        long mib = Long.parseLong(line.split(" ")[2]);
        assertTrue(mib > 60 && mib <= 96, line);
        assertTrue(line.endsWith("args [--heap, x]"), "the program's own --heap is its argument: " + line);
    }

    @Test
    void aSizeJavaWouldRefuseIsAUsageErrorNamingIt() {
        P4jTest.Outcome r = P4jTest.p4j("run", "--heap", "8gb", "-n", "2", "Hello");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--heap '8gb'") && r.err().contains("512m or 8g"), r.err());
    }

    /** What {@code p4j args} prints, run as its own JVM (as a user runs it). */
    private static String p4j(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xss4m",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), P4j.class.getName()));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "p4j " + String.join(" ", args) + " did not end: " + out);
        assertEquals(0, p.exitValue(), "p4j " + String.join(" ", args) + ": " + out);
        return out;
    }
}
