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
 * Two-dimensional {@code long} and {@code int} matrices against plain nested loops: slices with
 * steps, row and column broadcasting, int32 wrapping after every operation, assignment into
 * slices (shifted in place included), flat reductions and row and column sums, at random shapes,
 * offsets and steps on both sides of the block size (4096) and the serial cut-off (8192
 * elements), on teams of 1, 2, 3 and 8 threads; and the errors, naming the shapes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LongMatrixTest {
    private static final int[] THREADS = {1, 2, 3, 8};

    private static long[][] longs(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[][] v = new long[rows][cols];
        for (long[] row : v) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextInt(4) == 0 ? r.nextLong() : r.nextLong(-1000, 1000);
            }
        }
        return v;
    }

    private static int[][] ints(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] v = new int[rows][cols];
        for (int[] row : v) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextInt(4) == 0 ? r.nextInt() : r.nextInt(-1000, 1000);
            }
        }
        return v;
    }

    private static LongMatrix matrix(long[][] v) {
        int rows = v.length;
        int cols = v[0].length;
        long[] flat = new long[rows * cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(v[i], 0, flat, i * cols, cols);
        }
        return LongMatrix.of(rows, cols, flat);
    }

    private static IntMatrix matrix(int[][] v) {
        int rows = v.length;
        int cols = v[0].length;
        int[] flat = new int[rows * cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(v[i], 0, flat, i * cols, cols);
        }
        return IntMatrix.of(rows, cols, flat);
    }

    /** Rows {@code [r0:r1:rs]} and columns {@code [c0:c1:cs]} of {@code v}, copied. */
    private static long[][] sliced(long[][] v, int r0, int r1, int rs, int c0, int c1, int cs) {
        int sr = (r1 - r0 + rs - 1) / rs;
        int sc = (c1 - c0 + cs - 1) / cs;
        long[][] out = new long[sr][sc];
        for (int i = 0; i < sr; i++) {
            for (int j = 0; j < sc; j++) {
                out[i][j] = v[r0 + i * rs][c0 + j * cs];
            }
        }
        return out;
    }

    private static int[][] sliced(int[][] v, int r0, int r1, int rs, int c0, int c1, int cs) {
        int sr = (r1 - r0 + rs - 1) / rs;
        int sc = (c1 - c0 + cs - 1) / cs;
        int[][] out = new int[sr][sc];
        for (int i = 0; i < sr; i++) {
            for (int j = 0; j < sc; j++) {
                out[i][j] = v[r0 + i * rs][c0 + j * cs];
            }
        }
        return out;
    }

    private static void assertMatrix(long[][] expected, LongMatrix actual, String what) {
        assertEquals(expected.length, actual.rows(), what + ": rows");
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual.row(i).toArray(), what + ": row " + i);
        }
    }

    private static void assertMatrix(int[][] expected, IntMatrix actual, String what) {
        assertEquals(expected.length, actual.rows(), what + ": rows");
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual.row(i).toArray(), what + ": row " + i);
        }
    }

    /** A random slice {r0, r1, rs, c0, c1, cs} of a rows x cols matrix, never empty. */
    private static int[] slice(SplittableRandom r, int rows, int cols) {
        int r0 = r.nextInt(rows);
        int c0 = r.nextInt(cols);
        return new int[] {r0, r0 + 1 + r.nextInt(rows - r0), 1 + r.nextInt(3), c0, c0 + 1 + r.nextInt(cols - c0), 1 + r.nextInt(3)};
    }

    private static int rows(SplittableRandom r, int trial) {
        return 1 + r.nextInt(trial < 5 ? 30 : 170);
    }

    @Test
    void longSlicesWithStepsBroadcastRowsAndColumnsAndReduce() {
        SplittableRandom r = new SplittableRandom(11);
        for (int t : THREADS) {
            try (Team team = Team.create(t)) {
                for (int trial = 0; trial < 10; trial++) {
                    int rows = rows(r, trial);
                    int cols = rows(r, trial);
                    int[] s = slice(r, rows, cols);
                    String at = rows + "x" + cols + " " + java.util.Arrays.toString(s) + ", " + t + " threads";
                    long[][] x = sliced(longs(rows, cols, trial), s[0], s[1], s[2], s[3], s[4], s[5]);
                    long[][] y = sliced(longs(rows, cols, trial + 50), s[0], s[1], s[2], s[3], s[4], s[5]);
                    LongMatrix a = matrix(longs(rows, cols, trial)).slice(s[0], s[1], s[2], s[3], s[4], s[5]);
                    LongMatrix b = matrix(longs(rows, cols, trial + 50)).slice(s[0], s[1], s[2], s[3], s[4], s[5]);
                    int sr = a.rows();
                    int sc = a.cols();
                    long[] row = longs(1, sc, trial + 100)[0];
                    long[] col = longs(1, sr, trial + 200)[0];
                    long[][] fused = new long[sr][sc];
                    long[][] picked = new long[sr][sc];
                    long[][] floored = new long[sr][sc];
                    long sum = 0;
                    long max = Long.MIN_VALUE;
                    long argmax = -1;
                    long positive = 0;
                    for (int i = 0; i < sr; i++) {
                        for (int j = 0; j < sc; j++) {
                            fused[i][j] = x[i][j] * y[i][j] + row[j] - col[i];
                            picked[i][j] = x[i][j] > y[i][j] ? row[j] : col[i];
                            long d = y[i][j] | 1;
                            floored[i][j] = Math.floorDiv(x[i][j], d) + Math.floorMod(x[i][j], 7);
                            sum += fused[i][j];
                            if (fused[i][j] > max) {
                                max = fused[i][j];
                                argmax = (long) i * sc + j;
                            }
                            positive += fused[i][j] > 0 ? 1 : 0;
                        }
                    }
                    LongExpr rowE = LongArray.of(row);
                    LongExpr colE = LongArray.of(col).asColumn();
                    LongExpr f = a.expr().times(b.expr()).plus(rowE).minus(colE).on(team);
                    assertArrayEquals(new long[] {sr, sc}, f.shape(), at);
                    assertMatrix(fused, f.evalMatrix(), "a * b + row - col, " + at);
                    assertMatrix(picked, LongExpr.where(a.expr().gt(b.expr()), rowE, colE).on(team).evalMatrix(), "where, " + at);
                    assertMatrix(floored, a.expr().floorDiv(b.expr().or(1)).plus(a.expr().mod(7)).on(team).evalMatrix(), "// and %, " + at);
                    assertEquals(sum, f.sum(), "sum, " + at);
                    assertEquals(max, f.maxValue(), "max, " + at);
                    assertEquals(argmax, f.argmax(), "argmax (a flat index, as NumPy's), " + at);
                    assertEquals(positive, f.gt(0).count(), "count, " + at);
                    long[] flat = new long[sr * sc];
                    for (int i = 0; i < sr; i++) {
                        System.arraycopy(fused[i], 0, flat, i * sc, sc);
                    }
                    assertArrayEquals(flat, f.eval().toArray(), "eval() row after row, " + at);
                    long[] rowSums = new long[sr];
                    long[] colSums = new long[sc];
                    for (int i = 0; i < sr; i++) {
                        for (int j = 0; j < sc; j++) {
                            rowSums[i] += x[i][j];
                            colSums[j] += x[i][j];
                        }
                    }
                    assertArrayEquals(rowSums, a.rowSums().toArray(), "rowSums, " + at);
                    assertArrayEquals(colSums, a.colSums().toArray(), "colSums, " + at);
                }
            }
        }
    }

    @Test
    void intMatricesWrapEveryOperationToInt32AndWidenWithInt64() {
        SplittableRandom r = new SplittableRandom(12);
        for (int t : THREADS) {
            try (Team team = Team.create(t)) {
                for (int trial = 0; trial < 10; trial++) {
                    int rows = rows(r, trial);
                    int cols = rows(r, trial);
                    int[] s = slice(r, rows, cols);
                    String at = rows + "x" + cols + " " + java.util.Arrays.toString(s) + ", " + t + " threads";
                    int[][] x = sliced(ints(rows, cols, trial), s[0], s[1], s[2], s[3], s[4], s[5]);
                    int[][] y = sliced(ints(rows, cols, trial + 50), s[0], s[1], s[2], s[3], s[4], s[5]);
                    IntMatrix a = matrix(ints(rows, cols, trial)).slice(s[0], s[1], s[2], s[3], s[4], s[5]);
                    IntMatrix b = matrix(ints(rows, cols, trial + 50)).slice(s[0], s[1], s[2], s[3], s[4], s[5]);
                    int sr = a.rows();
                    int sc = a.cols();
                    int[] row = ints(1, sc, trial + 100)[0];
                    long[] wide = longs(1, sr, trial + 200)[0];
                    int[][] wrapped = new int[sr][sc];
                    long[][] widened = new long[sr][sc];
                    long[][] exact = new long[sr][sc];
                    long sum = 0;
                    long[] colSums = new long[sc];
                    for (int i = 0; i < sr; i++) {
                        for (int j = 0; j < sc; j++) {
                            int w = x[i][j] * y[i][j] + row[j]; // Java's int arithmetic wraps as NumPy's int32
                            wrapped[i][j] = Math.floorDiv(w, 3);
                            widened[i][j] = (long) (x[i][j] * 2) - wide[i];
                            exact[i][j] = (long) x[i][j] * y[i][j];
                            sum += x[i][j];
                            colSums[j] += x[i][j];
                        }
                    }
                    LongExpr w = a.expr().times(b.expr()).plus(IntArray.of(row)).floorDiv(3).on(team);
                    assertMatrix(wrapped, w.evalIntMatrix(), "int32 (a * b + row) // 3, " + at);
                    long[][] asLong = new long[sr][sc];
                    for (int i = 0; i < sr; i++) {
                        for (int j = 0; j < sc; j++) {
                            asLong[i][j] = wrapped[i][j];
                        }
                    }
                    assertMatrix(asLong, w.evalMatrix(), "the int32 result as int64, " + at);
                    assertMatrix(widened, a.expr().times(2).minus(LongArray.of(wide).asColumn()).on(team).evalMatrix(),
                            "int32 * 2 - an int64 column is int64, " + at);
                    assertMatrix(exact, a.expr().asLong().times(b.expr()).on(team).evalMatrix(), "asLong() * b, " + at);
                    assertEquals(sum, a.expr().on(team).sum(), "sum in int64, " + at);
                    assertArrayEquals(colSums, a.colSums().toArray(), "colSums in int64, " + at);
                    IntMatrix into = IntMatrix.zeros(sr, sc);
                    a.expr().asLong().times(b.expr()).on(team).into(into);
                    for (int i = 0; i < sr; i++) {
                        for (int j = 0; j < sc; j++) {
                            assertEquals((int) exact[i][j], into.get(i, j), "into(IntMatrix) wraps to 32 bits, " + at);
                        }
                    }
                }
            }
        }
    }

    @Test
    void assignmentIntoSlicesAndShiftedStencilsInPlace() {
        SplittableRandom r = new SplittableRandom(13);
        for (int t : THREADS) {
            try (Team team = Team.create(t)) {
                for (int trial = 0; trial < 6; trial++) {
                    int rows = 3 + r.nextInt(trial < 3 ? 20 : 150);
                    int cols = 3 + r.nextInt(trial < 3 ? 20 : 150);
                    String at = rows + "x" + cols + ", " + t + " threads";
                    long[][] v = longs(rows, cols, trial);
                    LongMatrix m = matrix(v);
                    int[][] w = ints(rows, cols, trial);
                    IntMatrix n = matrix(w);
                    long[][] expected = new long[rows][];
                    int[][] expectedInts = new int[rows][];
                    for (int i = 0; i < rows; i++) {
                        expected[i] = v[i].clone();
                        expectedInts[i] = w[i].clone();
                    }
                    for (int i = 1; i < rows - 1; i++) {
                        for (int j = 1; j < cols - 1; j++) {
                            expected[i][j] = v[i - 1][j] + v[i + 1][j] + v[i][j - 1] + v[i][j + 1] - 4 * v[i][j];
                            expectedInts[i][j] = w[i - 1][j] + w[i + 1][j] + w[i][j - 1] + w[i][j + 1] - 4 * w[i][j];
                        }
                    }
                    // a[1:-1, 1:-1] = a[:-2, 1:-1] + a[2:, 1:-1] + a[1:-1, :-2] + a[1:-1, 2:] - 4 * a[1:-1, 1:-1]
                    m.slice(0, rows - 2, 1, cols - 1).expr().plus(m.slice(2, rows, 1, cols - 1).expr())
                            .plus(m.slice(1, rows - 1, 0, cols - 2).expr()).plus(m.slice(1, rows - 1, 2, cols).expr())
                            .minus(m.slice(1, rows - 1, 1, cols - 1).expr().times(4)).on(team).into(m.slice(1, rows - 1, 1, cols - 1));
                    assertMatrix(expected, m, "long stencil in place, " + at);
                    n.slice(0, rows - 2, 1, cols - 1).expr().plus(n.slice(2, rows, 1, cols - 1).expr())
                            .plus(n.slice(1, rows - 1, 0, cols - 2).expr()).plus(n.slice(1, rows - 1, 2, cols).expr())
                            .minus(n.slice(1, rows - 1, 1, cols - 1).expr().times(4)).on(team).into(n.slice(1, rows - 1, 1, cols - 1));
                    assertMatrix(expectedInts, n, "int stencil in place, " + at);
                    // every other row and column, in place; then a row of the matrix broadcast into the matrix itself
                    LongMatrix everyOther = m.slice(0, rows, 2, 0, cols, 2);
                    everyOther.expr().neg().on(team).into(everyOther);
                    for (int i = 0; i < rows; i += 2) {
                        for (int j = 0; j < cols; j += 2) {
                            expected[i][j] = -expected[i][j];
                        }
                    }
                    assertMatrix(expected, m, "negated in place through steps, " + at);
                    m.row(rows / 2).on(team).into(m);
                    for (int i = 0; i < rows; i++) {
                        assertArrayEquals(expected[rows / 2], m.row(i).toArray(), "row " + rows / 2 + " broadcast into its own matrix, " + at);
                    }
                    LongExpr.scalar(5).on(team).into(n.slice(0, rows, 1, 0, 1, 1));
                    for (int i = 0; i < rows; i++) {
                        assertEquals(5, n.get(i, 0), "a scalar into a column slice, " + at);
                    }
                }
            }
        }
    }

    @Test
    void integerMatricesJoinDoubleMatrixExpressionsByShape() {
        SplittableRandom r = new SplittableRandom(14);
        for (int t : THREADS) {
            try (Team team = Team.create(t)) {
                for (int trial = 0; trial < 8; trial++) {
                    int rows = 2 + r.nextInt(trial < 3 ? 20 : 200);
                    int cols = 2 + r.nextInt(trial < 3 ? 20 : 200);
                    int[] s = slice(r, rows, cols);
                    String at = rows + "x" + cols + " " + java.util.Arrays.toString(s) + ", " + t + " threads";
                    long[][] x = sliced(longs(rows, cols, trial), s[0], s[1], s[2], s[3], s[4], s[5]);
                    int[][] u = sliced(ints(rows, cols, trial + 9), s[0], s[1], s[2], s[3], s[4], s[5]);
                    LongMatrix a = matrix(x);
                    IntMatrix b = matrix(ints(rows, cols, trial + 9)).slice(s[0], s[1], s[2], s[3], s[4], s[5]);
                    int sr = x.length;
                    int sc = x[0].length;
                    DoubleMatrix d = DoubleMatrix.random(rows, cols, trial).slice(s[0], s[1], s[2], s[3], s[4], s[5]);
                    DoubleMatrix out = DoubleMatrix.zeros(sr, sc);
                    a.expr().asDouble().times(d.expr()).plus(b.expr().asDouble().sqrt().abs()).on(team).into(out);
                    for (int i = 0; i < sr; i++) {
                        for (int j = 0; j < sc; j++) {
                            double want = (double) x[i][j] * d.get(i, j) + Math.abs(Math.sqrt((double) u[i][j]));
                            assertEquals(want, out.get(i, j), 0.0, "(double) a * d + |sqrt(b)| at (" + i + ", " + j + "), " + at);
                        }
                    }
                }
            }
        }
    }

    @Test
    void viewsShareTheElementsAndCopiesDoNot() {
        LongMatrix a = LongMatrix.arange(4, 5);
        assertEquals(13, a.get(2, 3));
        assertArrayEquals(new long[] {5, 6, 7, 8, 9}, a.row(1).toArray());
        assertArrayEquals(new long[] {2, 7, 12, 17}, a.col(2).toArray());
        assertArrayEquals(new long[] {0, 6, 12, 18}, a.diag().toArray());
        assertArrayEquals(new long[] {7, 9, 17, 19}, a.slice(1, 4, 2, 2, 5, 2).copy().flat().toArray());
        LongMatrix s = a.slice(1, 4, 2, 1, 5, 2);
        assertArrayEquals(new long[] {6, 18}, s.slice(0, 2, 1, 0, 2, 1).diag().toArray(), "a slice of a slice");
        s.set(1, 1, -1);
        assertEquals(-1, a.get(3, 3), "a slice's set writes the matrix");
        LongMatrix c = s.copy();
        c.set(0, 0, 99);
        assertEquals(6, a.get(1, 1), "a copy is not a view");
        assertArrayEquals(new long[][] {{6, 8}, {16, -1}}, s.toArray());
        assertEquals(20, a.flat().size());
        a.flat().set(19, 7);
        assertEquals(7, a.get(3, 4));
        assertArrayEquals(new long[] {3, 3, 3, 3, 3, 3}, LongMatrix.full(2, 3, 3).flat().toArray());
        IntMatrix b = IntMatrix.arange(3, 3);
        assertArrayEquals(new int[] {0, 4, 8}, b.diag().toArray());
        assertArrayEquals(new long[] {3, 12, 21}, b.rowSums().toArray());
        assertArrayEquals(new long[] {9, 12, 15}, b.colSums().toArray());
        assertArrayEquals(new int[] {2, 5, 8}, b.col(2).toArray());
        IntMatrix big = IntMatrix.of(1, 2, new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE});
        assertArrayEquals(new long[] {2L * Integer.MAX_VALUE}, big.rowSums().toArray(), "int sums do not wrap (int64, as NumPy's)");
        assertEquals(-2, big.expr().plus(big.expr()).evalIntMatrix().get(0, 0), "int32 + int32 wraps");
        assertEquals(0, LongMatrix.zeros(0, 3).expr().sum());
        LongMatrix empty = LongMatrix.zeros(3, 0).copy();
        assertEquals(3, empty.rows());
        assertEquals(0, empty.cols());
        DoubleMatrix d = a.expr().asDouble().times(0.5).evalMatrix();
        assertEquals(6.5, d.get(2, 3), "asDouble() keeps the shape");
        assertArrayEquals(new long[] {4, 1}, LongArray.arange(4).asColumn().shape());
        assertArrayEquals(new long[] {1, 4}, LongArray.arange(4).asRow().shape());
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5}, LongArray.arange(6).reshape(2, 3).evalMatrix().flat().toArray());
        assertTrue(a.slice(0, 4, 2, 0, 5, 1).expr().plus(1).describe().contains("a[2 x 5, row step 10]"),
                a.slice(0, 4, 2, 0, 5, 1).expr().plus(1).describe());
    }

    @Test
    void badShapesIndicesAndSlicesAreErrorsNamingThem() {
        LongMatrix a = LongMatrix.zeros(3, 4);
        IntMatrix b = IntMatrix.zeros(3, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.expr().plus(b.expr()));
        assertTrue(e.getMessage().contains("(3, 4) and (3, 5)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.expr().plus(LongArray.zeros(3)));
        assertTrue(e.getMessage().contains("(3, 4) and (3,)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LongExpr.where(a.expr().gt(0), b.expr(), a.expr()));
        assertTrue(e.getMessage().contains("(3, 4), (3, 5) and (3, 4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.expr().into(LongMatrix.zeros(4, 3)));
        assertTrue(e.getMessage().contains("(3, 4) into shape (4, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.expr().into(IntMatrix.zeros(1, 4)));
        assertTrue(e.getMessage().contains("(3, 4) into shape (1, 4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.expr().into(LongArray.zeros(12)));
        assertTrue(e.getMessage().contains("(3, 4) into shape (12,)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LongArray.zeros(4).evalMatrix());
        assertTrue(e.getMessage().contains("(4,)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.expr().asColumn());
        assertTrue(e.getMessage().contains("(3, 4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LongArray.zeros(6).reshape(4, 2));
        assertTrue(e.getMessage().contains("(6,) into shape (4, 2)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LongMatrix.of(2, 3, new long[5]));
        assertTrue(e.getMessage().contains("5 elements into shape (2, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> IntMatrix.zeros(-1, 3));
        assertTrue(e.getMessage().contains("(-1, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.slice(0, 3, 2, 0, 4, 1).flat());
        assertTrue(e.getMessage().contains("(2, 4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> b.slice(0, 3, 0, 0, 5, 1));
        assertTrue(e.getMessage().contains("at least 1, got 0"), e.getMessage());
        IndexOutOfBoundsException x = assertThrows(IndexOutOfBoundsException.class, () -> a.get(3, 0));
        assertTrue(x.getMessage().contains("index (3, 0) is out of bounds for shape (3, 4)"), x.getMessage());
        x = assertThrows(IndexOutOfBoundsException.class, () -> b.set(0, -1, 1));
        assertTrue(x.getMessage().contains("index (0, -1) is out of bounds for shape (3, 5)"), x.getMessage());
        x = assertThrows(IndexOutOfBoundsException.class, () -> a.slice(1, 4, 0, 2));
        assertTrue(x.getMessage().contains("[1:4:1, 0:2:1] is out of range for shape (3, 4)"), x.getMessage());
        x = assertThrows(IndexOutOfBoundsException.class, () -> b.row(3));
        assertTrue(x.getMessage().contains("row 3 is out of bounds for shape (3, 5)"), x.getMessage());
        x = assertThrows(IndexOutOfBoundsException.class, () -> a.col(4));
        assertTrue(x.getMessage().contains("column 4 is out of bounds for shape (3, 4)"), x.getMessage());
        ArithmeticException z = assertThrows(ArithmeticException.class, () -> a.expr().plus(5).floorDiv(a.expr()).evalMatrix());
        assertTrue(z.getMessage().contains("element 0") && z.getMessage().contains("5 // 0"), z.getMessage());
    }
}
