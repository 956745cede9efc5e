package org.parallel4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parallel4j.array.DoubleMatrix;
import org.parallel4j.examples.array.CfdArrays;
import org.parallel4j.examples.array.Filter2d;
import org.parallel4j.examples.array.GoFast;
import org.parallel4j.examples.array.PrangeReduce;
import org.parallel4j.examples.loop.Cfd;
import org.parallel4j.loop.Team;

/** The array examples give the Numba workshop's results. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ArrayExamplesTest {
    @ParameterizedTest(name = "{0} x {0}")
    @ValueSource(ints = {1000, 2500})
    void goFastAddsNMinusOneToEveryElement(int n) {
        DoubleMatrix a = DoubleMatrix.arange(n, n);
        DoubleMatrix r = GoFast.goFast(a);
        for (int i = 0; i < n; i += 7) {
            for (int j = 0; j < n; j += 3) {
                assertEquals(i * (double) n + j + (n - 1), r.get(i, j), "(" + i + ", " + j + ")");
            }
        }
        assertEquals(n - 1.0, r.get(n - 1, n - 1) - a.get(n - 1, n - 1));
    }

    @Test
    void prangeReduceDoublesEveryElementNTimes() {
        for (int n : new int[] {0, 1, 10, 60}) {
            DoubleMatrix r = PrangeReduce.productReduction(n);
            assertEquals(13, r.rows());
            assertEquals(17, r.cols());
            assertTrue(r.flat().eq(Math.pow(2, n + 1)).all(), "every element 2^" + (n + 1));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrangeReduce.main(new String[] {"x"}));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GoFast.main(new String[] {"1"}));
        assertTrue(e.getMessage().contains("'1'"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3, 8})
    void filter2dTheFusedExpressionGivesTheLoopsValues(int threads) {
        SplittableRandom r = new SplittableRandom(threads);
        try (Team team = Team.create(threads)) {
            int[][] shapes = {{100, 100, 10, 10}, {1, 1, 1, 1}, {7, 5, 3, 4}, {5, 9, 12, 2}, {97, 130, 5, 6}, {0, 0, 0, 0}};
            for (int[] shape : shapes) {
                int rows = shape[0] > 0 ? shape[0] : 1 + r.nextInt(120);
                int cols = shape[1] > 0 ? shape[1] : 1 + r.nextInt(120);
                int k = shape[2] > 0 ? shape[2] : 1 + r.nextInt(12);
                int l = shape[3] > 0 ? shape[3] : 1 + r.nextInt(12);
                DoubleMatrix f = DoubleMatrix.random(rows, cols, r.nextLong());
                DoubleMatrix g = DoubleMatrix.of(k, l, DoubleMatrix.random(k, l, r.nextLong()).expr().minus(0.5).eval().array());
                double[][] expected = Filter2d.serial(f.toArray(), g.toArray());
                DoubleMatrix got = Filter2d.convolve(f, g, team);
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        assertEquals(expected[i][j], got.get(i, j), 0.0, rows + "x" + cols + " by " + k + "x" + l + " at (" + i + ", " + j + ")");
                    }
                }
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Filter2d.main(new String[] {"0"}));
        assertTrue(e.getMessage().contains("'0'"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3})
    void cfdArraysWritesTheWorkshopVelocityFileByteForByte(int threads) throws IOException {
        String expected = Files.readString(LoopExamplesTest.sharedData("cfd_velocity_1_1000.dat"));
        try (Team team = Team.create(threads)) {
            DoubleMatrix psi = CfdArrays.start(1);
            CfdArrays.sweep(psi, 1000, team);
            StringWriter out = new StringWriter();
            Cfd.writeVelocity(psi.toArray(), 1, out);
            assertEquals(expected, out.toString());
        }
    }

    @Test
    void cfdArraysMatchesTheLoopVersionOnAGridPastTheSerialCutOff() throws IOException {
        try (Team team = Team.create(3)) {
            DoubleMatrix psi = CfdArrays.start(3); // 98 x 98 interior points: parallel, generated loops
            double bnorm = Math.sqrt(psi.expr().times(psi.expr()).sum());
            double error = CfdArrays.sweep(psi, 150, team);
            double[][] expected = Cfd.solve(team, 3, 150);
            double[][] before = Cfd.solve(team, 3, 149);
            double[][] got = psi.toArray();
            double change = 0;
            for (int i = 0; i < got.length; i++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected[i], got[i], "row " + i);
                for (int j = 1; i > 0 && i < got.length - 1 && j < got[i].length - 1; j++) {
                    change += (expected[i][j] - before[i][j]) * (expected[i][j] - before[i][j]);
                }
            }
            double want = Math.sqrt(change) / bnorm;
            assertTrue(error > 0 && Math.abs(error - want) <= 1e-9 * want, error + " against " + want);
        }
    }
}
