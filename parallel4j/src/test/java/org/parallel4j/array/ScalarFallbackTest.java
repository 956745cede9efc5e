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
 * Vector API's: the strict order does not depend on the module; and every integer loop gives
 * the same values on both paths, tails and odd offsets included, and so does every generated
 * integer loop (int32 arrays widened in place, scalars, wrapping).
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
                    a.argmax(), a.argmin(), a.gt(0.5).count(), a.times(2).plus(b).sqrt().sum(), a.norm(),
                    // fused reductions (the generated reduction loops with the Vector API, the block loops without)
                    a.times(b).plus(a).sum(), a.abs().plus(b).maxValue(), a.times(b).minus(a).minValue(), a.minus(b).lt(0).count()};
                StringBuilder line = new StringBuilder(n + ":");
                for (double x : r) {
                    line.append(' ').append(Long.toHexString(Double.doubleToLongBits(x)));
                }
                out.add(line.toString());
                out.add(n + " long: " + java.util.Arrays.toString(integerResults(n, team)));
            }
        }
        return out;
    }

    /** Every vectorized integer loop (element-wise, where, int32 wrapping, reductions), read in place at an odd offset. */
    private static long[] integerResults(int n, Team team) {
        long[] x = new long[n + 1];
        int[] y = new int[n + 1];
        java.util.SplittableRandom r = new java.util.SplittableRandom(n);
        for (int i = 0; i <= n; i++) {
            x[i] = i % 5 == 0 ? r.nextLong() : r.nextLong(-50, 50);
            y[i] = i % 3 == 0 ? r.nextInt() : r.nextInt(-50, 50);
        }
        LongExpr a = LongArray.of(x).slice(1, n + 1).on(team);
        LongArray b = LongArray.of(x).slice(0, n);
        IntArray u = IntArray.of(y).slice(1, n + 1, 1);
        IntArray v = IntArray.of(y).slice(0, n, 1);
        LongExpr[] parts = {a.plus(b), a.minus(b), a.times(b), a.min(b), a.max(b), a.and(b), a.or(b), a.xor(b), a.lt(b), a.le(b.plus(0)),
            a.gt(b), a.ge(b.plus(0)), a.eq(b.and(1)), a.ne(b.and(1)), LongExpr.where(a.gt(b), a, b.neg()), u.on(team).times(v).plus(u),
            a.times(3).plus(b).max(u).xor(v.neg()), LongExpr.where(u.lt(v), u.abs().times(-7), a.times(b).minus(1)).not()};
        long[] out = new long[parts.length * 5 + 2];
        for (int k = 0; k < parts.length; k++) {
            out[5 * k] = java.util.Arrays.hashCode(parts[k].eval().toArray());
            out[5 * k + 1] = parts[k].sum();
            out[5 * k + 2] = parts[k].minValue();
            out[5 * k + 3] = parts[k].maxValue();
            out[5 * k + 4] = parts[k].count();
        }
        out[parts.length * 5] = a.prod();
        out[parts.length * 5 + 1] = java.util.Arrays.hashCode(u.on(team).times(v).evalInts().toArray());
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
