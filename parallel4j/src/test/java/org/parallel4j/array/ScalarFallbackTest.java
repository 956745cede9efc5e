package org.parallel4j.array;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parallel4j.loop.Team;

/**
 * A JVM without {@code jdk.incubator.vector} (and one with it but {@code -Dp4j.array.simd=false})
 * runs the scalar loops, and its reductions are bit for bit those of this JVM, which runs the
 * Vector API's: the strict order does not depend on the module.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScalarFallbackTest {
    /** The reductions compared, printed as the bits of each result, one per line, then how the loops ran. */
    public static final class Reductions {
        private Reductions() {
        }

        /**
         * Prints the results.
         *
         * @param args unused
         */
        public static void main(String[] args) {
            for (String line : results()) {
                System.out.println(line);
            }
            System.out.println(DoubleExpr.simd());
        }
    }

    static List<String> results() {
        List<String> out = new ArrayList<>();
        try (Team team = Team.create(3)) {
            for (int n : new int[] {1, 7, 4095, 4096, 8193, 100_003}) {
                DoubleExpr a = DoubleArray.normal(n, 5).on(team);
                DoubleArray b = DoubleArray.random(n, 6);
                double[] r = {a.sum(), a.times(b).sum(), a.dot(b), a.mean(), a.var(), a.std(), a.minValue(), a.maxValue(),
                    a.argmax(), a.argmin(), a.gt(0.5).count(), a.times(2).plus(b).sqrt().sum(), a.norm()};
                StringBuilder line = new StringBuilder(n + ":");
                for (double x : r) {
                    line.append(' ').append(Long.toHexString(Double.doubleToLongBits(x)));
                }
                out.add(line.toString());
            }
        }
        return out;
    }

    private static List<String> run(String... jvmOptions) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"));
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Reductions.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(100, TimeUnit.SECONDS), "the child JVM did not finish");
        assertEquals(0, p.exitValue(), said);
        return said.lines().toList();
    }

    @Test
    void withoutTheModuleTheScalarLoopsGiveTheSameBits() throws Exception {
        List<String> here = results();
        List<String> without = run();
        assertEquals(here, without.subList(0, here.size()));
        assertTrue(without.getLast().contains("scalar loops (jdk.incubator.vector not enabled"), without.getLast());
        List<String> off = run("--add-modules", "jdk.incubator.vector", "-Dp4j.array.simd=false");
        assertEquals(here, off.subList(0, here.size()));
        assertTrue(off.getLast().contains("-Dp4j.array.simd=false"), off.getLast());
    }
}
