package org.parallel4j.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parallel4j.loop.Team;

/**
 * Two-dimensional expressions against plain nested loops: slices with steps, row and column
 * broadcasting, assignment into slices (shifted in place included), reductions over a slice,
 * at random shapes, offsets and steps on both sides of the block size (4096) and the serial
 * cut-off (8192 elements), on teams of 1, 2, 3 and 8 threads; and the errors, naming both shapes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MatrixExprTest {
    private static final int[] THREADS = {1, 2, 3, 8};

    private static double[][] values(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] v = new double[rows][cols];
        for (double[] row : v) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextDouble(-4, 4);
            }
        }
        return v;
    }

    private static DoubleMatrix matrix(double[][] v) {
        int rows = v.length;
        int cols = rows == 0 ? 0 : v[0].length;
        double[] flat = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(v[i], 0, flat, i * cols, cols);
        }
        return DoubleMatrix.of(rows, cols, flat);
    }

    private static void assertMatrix(double[][] expected, DoubleMatrix actual, String what) {
        assertEquals(expected.length, actual.rows(), what + ": rows");
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual.row(i).toArray(), what + ": row " + i);
        }
    }

    @Test
    void slicesWithStepsBroadcastRowsAndColumns() {
        SplittableRandom r = new SplittableRandom(7);
        for (int t : THREADS) {
            try (Team team = Team.create(t)) {
                for (int trial = 0; trial < 12; trial++) {
                    int rows = 1 + r.nextInt(trial < 6 ? 40 : 160);
                    int cols = 1 + r.nextInt(trial < 6 ? 40 : 160);
                    double[][] x = values(rows, cols, trial);
                    double[][] y = values(rows, cols, trial + 100);
                    int r0 = r.nextInt(rows);
                    int r1 = r0 + 1 + r.nextInt(rows - r0);
                    int c0 = r.nextInt(cols);
                    int c1 = c0 + 1 + r.nextInt(cols - c0);
                    int rs = 1 + r.nextInt(3);
                    int cs = 1 + r.nextInt(3);
                    String at = rows + "x" + cols + " [" + r0 + ":" + r1 + ":" + rs + ", " + c0 + ":" + c1 + ":" + cs + "], " + t + " threads";
                    DoubleMatrix a = matrix(x).slice(r0, r1, rs, c0, c1, cs);
                    DoubleMatrix b = matrix(y).slice(r0, r1, rs, c0, c1, cs);
                    int sr = a.rows();
                    int sc = a.cols();
                    double[] row = values(1, sc, trial + 200)[0];
                    double[] col = values(1, sr, trial + 300)[0];
                    double[][] sum = new double[sr][sc];
                    double[][] rowB = new double[sr][sc];
                    double[][] colB = new double[sr][sc];
                    double[][] outer = new double[sr][sc];
                    double total = 0;
                    for (int i = 0; i < sr; i++) {
                        for (int j = 0; j < sc; j++) {
                            double p = x[r0 + i * rs][c0 + j * cs];
                            double q = y[r0 + i * rs][c0 + j * cs];
                            sum[i][j] = Math.sqrt(p * p + q * q) * 2 - p;
                            rowB[i][j] = p - row[j];
                            colB[i][j] = p * col[i];
                            outer[i][j] = col[i] + row[j];
                            total += p * q;
                        }
                    }
                    DoubleExpr e = a.expr().on(team);
                    assertMatrix(sum, e.times(e).plus(b.expr().times(b.expr())).sqrt().times(2).minus(e).evalMatrix(), "hypot, " + at);
                    assertMatrix(rowB, e.minus(DoubleArray.of(row)).evalMatrix(), "row broadcast, " + at);
                    assertMatrix(colB, e.times(DoubleArray.of(col).asColumn()).evalMatrix(), "column broadcast, " + at);
                    assertMatrix(outer, DoubleArray.of(col).asColumn().on(team).plus(DoubleArray.of(row)).evalMatrix(), "outer, " + at);
                    assertEquals(total, e.times(b.expr()).sum(), 1e-9 * Math.max(1, Math.abs(total)), "sum, " + at);
                    // A slice reduces in the same order as its contiguous copy: the same bits.
                    assertEquals(a.copy().expr().times(b.copy().expr()).sum(), e.times(b.expr()).sum(), 0.0, "sum of a copy, " + at);
                    assertArrayEquals(new long[] {sr, sc}, e.shape(), at);
                }
            }
        }
    }

    @Test
    void assignmentIntoSlicesAndShiftedStencilsInPlace() {
        for (int t : THREADS) {
            try (Team team = Team.create(t)) {
                for (int[] shape : new int[][] {{5, 7}, {34, 34}, {66, 130}, {130, 66}}) {
                    int rows = shape[0];
                    int cols = shape[1];
                    double[][] x = values(rows, cols, rows * 31L + cols);
                    String at = rows + "x" + cols + ", " + t + " threads";
                    // psi[1:-1, 1:-1] = 0.25 * (psi[:-2, 1:-1] + psi[2:, 1:-1] + psi[1:-1, :-2] + psi[1:-1, 2:]): NumPy reads all before writing.
                    double[][] expected = new double[rows][];
                    for (int i = 0; i < rows; i++) {
                        expected[i] = x[i].clone();
                    }
                    for (int i = 1; i < rows - 1; i++) {
                        for (int j = 1; j < cols - 1; j++) {
                            expected[i][j] = 0.25 * (x[i - 1][j] + x[i + 1][j] + x[i][j - 1] + x[i][j + 1]);
                        }
                    }
                    DoubleMatrix psi = matrix(x);
                    psi.slice(0, rows - 2, 1, cols - 1).expr().on(team).plus(psi.slice(2, rows, 1, cols - 1).expr())
                            .plus(psi.slice(1, rows - 1, 0, cols - 2).expr()).plus(psi.slice(1, rows - 1, 2, cols).expr()).times(0.25)
                            .into(psi.slice(1, rows - 1, 1, cols - 1));
                    assertMatrix(expected, psi, "stencil in place, " + at);
                    // A scalar, a row and a column into a slice with steps.
                    DoubleMatrix m = DoubleMatrix.zeros(rows, cols);
                    DoubleMatrix every2 = m.slice(0, rows, 2, 1, cols, 2);
                    DoubleExpr.scalar(3).into(every2);
                    double[] row = values(1, every2.cols(), 5)[0];
                    DoubleArray.of(row).on(team).into(m.slice(1, rows, 2, 1, cols, 2));
                    for (int i = 0; i < rows; i++) {
                        for (int j = 0; j < cols; j++) {
                            double want = j % 2 == 0 ? 0 : i % 2 == 0 ? 3 : row[j / 2];
                            assertEquals(want, m.get(i, j), 0.0, "scalar and row into steps (" + i + ", " + j + "), " + at);
                        }
                    }
                }
            }
        }
    }

    /**
     * Slices whose rows are written in place one row at a time (at least 128 columns) and those
     * written through a buffer (fewer), with and without a row step, rows crossing block ends,
     * across the generated loop's threshold (1024 elements) and the serial cut-off.
     */
    @Test
    void slicesOnBothSidesOfTheInPlaceRowWidth() {
        for (int t : THREADS) {
            try (Team team = Team.create(t)) {
                for (int width : new int[] {1, 127, 128, 129, 300}) {
                    for (int rows : new int[] {3, 40, 131}) {
                        for (int step : new int[] {1, 2}) {
                            String at = rows + " rows of " + width + ", row step " + step + ", " + t + " threads";
                            double[][] x = values(rows * step, width + 3, width + rows);
                            double[][] y = values(rows * step, width + 3, width + rows + 1);
                            DoubleMatrix a = matrix(x);
                            DoubleMatrix out = DoubleMatrix.full(rows * step, width + 3, -1);
                            double[][] expected = new double[rows * step][width + 3];
                            for (double[] row : expected) {
                                java.util.Arrays.fill(row, -1);
                            }
                            for (int i = 0; i < rows * step; i += step) {
                                for (int j = 1; j <= width; j++) {
                                    expected[i][j] = x[i][j - 1] + 2 * y[i][j + 1] - x[i][j];
                                }
                            }
                            DoubleMatrix b = matrix(y);
                            a.slice(0, rows * step, step, 0, width, 1).expr().plus(b.slice(0, rows * step, step, 2, width + 2, 1).expr().times(2))
                                    .minus(a.slice(0, rows * step, step, 1, width + 1, 1).expr()).on(team)
                                    .into(out.slice(0, rows * step, step, 1, width + 1, 1));
                            assertMatrix(expected, out, at);
                            // a slice copied into a slice of another matrix (row by row), then a
                            // row view with a computed input (a column step) and a broadcast column
                            DoubleMatrix copy = DoubleMatrix.full(rows * step, width + 3, -1);
                            b.slice(0, rows * step, step, 1, width + 1, 1).expr().on(team).into(copy.slice(0, rows * step, step, 2, width + 2, 1));
                            DoubleMatrix evenCols = DoubleMatrix.of(rows * step, 2 * width, new double[rows * step * 2 * width]);
                            for (int i = 0; i < rows * step; i++) {
                                for (int j = 0; j < 2 * width; j++) {
                                    evenCols.set(i, j, i * 1000 + j);
                                }
                            }
                            DoubleArray column = DoubleArray.arange(rows);
                            a.slice(0, rows * step, step, 0, width, 1).expr().times(evenCols.slice(0, rows * step, step, 0, 2 * width, 2).expr())
                                    .plus(column.asColumn()).on(team).into(out.slice(0, rows * step, step, 1, width + 1, 1));
                            for (int i = 0; i < rows * step; i++) {
                                for (int j = 0; j < width + 3; j++) {
                                    boolean in = i % step == 0 && j >= 1 && j <= width;
                                    assertEquals(i % step == 0 && j >= 2 && j <= width + 1 ? y[i][j - 1] : -1, copy.get(i, j), 0.0, "copied slice, " + at);
                                    assertEquals(in ? x[i][j - 1] * (i * 1000 + 2 * (j - 1)) + i / step : -1, out.get(i, j), 0.0,
                                            "a row view times a column-step view plus a column, " + at);
                                }
                            }
                            a.slice(0, rows * step, step, 1, width + 1, 1).expr().on(team).into(a.slice(0, rows * step, step, 0, width, 1));
                            for (int i = 0; i < rows * step; i++) {
                                for (int j = 0; j < width; j++) {
                                    assertEquals(i % step == 0 ? x[i][j + 1] : x[i][j], a.get(i, j), 0.0, "shifted copy in place, " + at);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void stridedOneDimensionalTargetsAndLengthOneBroadcast() {
        DoubleArray a = DoubleArray.arange(20);
        DoubleArray.of(5).plus(a.slice(1, 20, 2)).into(a.slice(0, 20, 2)); // a[::2] = 5 + a[1::2]
        for (int i = 0; i < 20; i++) {
            assertEquals(i % 2 == 0 ? 5 + i + 1 : i, a.get(i), 0.0, "element " + i);
        }
    }

    @Test
    void shapesThatDoNotBroadcastAreErrorsNamingBoth() {
        DoubleMatrix m = DoubleMatrix.zeros(3, 4);
        var e = assertThrows(IllegalArgumentException.class, () -> m.expr().plus(DoubleArray.zeros(5)));
        assertTrue(e.getMessage().contains("(3, 4) and (5,)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.expr().times(DoubleArray.zeros(4).asColumn()));
        assertTrue(e.getMessage().contains("(3, 4) and (4, 1)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DoubleMatrix.zeros(2, 4).expr().plus(1).into(m));
        assertTrue(e.getMessage().contains("(2, 4) into shape (3, 4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.expr().into(DoubleArray.zeros(12)));
        assertTrue(e.getMessage().contains("(3, 4) into shape (12,)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DoubleArray.zeros(12).evalMatrix());
        assertTrue(e.getMessage().contains("(12,)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.expr().asColumn());
        assertTrue(e.getMessage().contains("(3, 4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.slice(0, 3, 0, 2).flat());
        assertTrue(e.getMessage().contains("(3, 2)"), e.getMessage());
        var o = assertThrows(IndexOutOfBoundsException.class, () -> m.slice(1, 4, 0, 2));
        assertTrue(o.getMessage().contains("[1:4:1, 0:2:1]") && o.getMessage().contains("(3, 4)"), o.getMessage());
        assertEquals("(12,)", DoubleArray.zeros(12).plus(DoubleArray.zeros(1)).eval().length() == 12 ? "(12,)" : "?");
        assertArrayEquals(new long[] {3, 4}, DoubleArray.zeros(12).reshape(3, 4).shape());
        assertEquals(0, DoubleMatrix.zeros(3, 4).slice(0, 3, 2, 2).copy().cols(), "an empty slice copies");
        assertEquals(3, DoubleMatrix.zeros(3, 4).slice(0, 3, 2, 2).copy().rows());
        assertEquals(0, DoubleMatrix.zeros(3, 4).slice(1, 1, 0, 4).copy().rows());
        e = assertThrows(IllegalArgumentException.class, () -> DoubleArray.zeros(12).reshape(5, 2));
        assertTrue(e.getMessage().contains("(12,) into shape (5, 2)"), e.getMessage());
    }
}
