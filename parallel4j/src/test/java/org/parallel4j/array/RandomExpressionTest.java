package org.parallel4j.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parallel4j.RandomTries;
import org.parallel4j.loop.Team;

/**
 * Random expression trees over random views (offsets, steps, the same array twice), at sizes on
 * both sides of every threshold of the evaluator (the generated loop from 1024 elements, blocks
 * of 4096, the serial cut-off at 8192), checked against an element-by-element interpreter
 * written here: every element bit for bit, reductions against plain loops and across thread
 * counts. The tree's shapes are new to the kernel generator at almost every try.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RandomExpressionTest {
    private static final Team THREE = Team.create(3);

    /** A tree and the same tree for one element, side by side. */
    private record Tree(DoubleExpr expr, Element at) {
    }

    /** The reference: the value of the tree at element {@code i}. */
    @FunctionalInterface
    private interface Element {
        double at(int i);
    }

    /** Three arrays to view, with zeros, signed zeros, NaN, infinities and large and tiny values among them. */
    private static double[][] bases(int n, SplittableRandom r) {
        return bases(n, r, false);
    }

    /** As {@link #bases(int, SplittableRandom)}; {@code finite}: values in [-3.6, 4.4) alone, whose sums in another order differ in their last bits. */
    private static double[][] bases(int n, SplittableRandom r, boolean finite) {
        double[][] bases = new double[3][];
        for (int k = 0; k < bases.length; k++) {
            int length = r.nextInt(3) == 0 ? n : 3 * n + 7; // whole arrays, and views into longer ones
            double[] b = bases[k] = new double[length];
            for (int i = 0; i < length; i++) {
                b[i] = switch (finite ? 39 : r.nextInt(40)) {
                    case 0 -> Double.NaN;
                    case 1 -> Double.POSITIVE_INFINITY;
                    case 2 -> Double.NEGATIVE_INFINITY;
                    case 3 -> 0.0;
                    case 4 -> -0.0;
                    case 5 -> r.nextDouble() * 1e200;
                    case 6 -> r.nextDouble() * 1e-200;
                    default -> (r.nextDouble() - 0.45) * 8;
                };
            }
        }
        return bases;
    }

    private static Tree leaf(double[][] bases, int n, SplittableRandom r) {
        double[] b = bases[r.nextInt(bases.length)];
        int wanted = 1 + (r.nextInt(3) == 0 ? r.nextInt(3) : 0);
        int step = (long) (n - 1) * wanted + 1 <= b.length ? wanted : 1;
        int room = b.length - ((n - 1) * step + 1);
        int from = room > 0 ? r.nextInt(room + 1) : 0;
        DoubleArray view = b.length == n ? DoubleArray.of(b) : DoubleArray.of(b).slice(from, from + (n - 1) * step + 1, step);
        return new Tree(view, i -> b[from + i * step]);
    }

    private static Tree tree(double[][] bases, int n, int depth, SplittableRandom r) {
        if (depth == 0 || r.nextInt(4) == 0) {
            return leaf(bases, n, r);
        }
        Tree x = tree(bases, n, depth - 1, r);
        Element xa = x.at;
        int kind = r.nextInt(10);
        if (kind < 4) {
            Tree y = tree(bases, n, depth - 1, r);
            Element ya = y.at;
            return switch (r.nextInt(12)) {
                case 0 -> binary(x.expr.plus(y.expr), xa, ya, Double::sum);
                case 1 -> binary(x.expr.minus(y.expr), xa, ya, (p, q) -> p - q);
                case 2 -> binary(x.expr.times(y.expr), xa, ya, (p, q) -> p * q);
                case 3 -> binary(x.expr.div(y.expr), xa, ya, (p, q) -> p / q);
                case 4 -> binary(x.expr.min(y.expr), xa, ya, Math::min);
                case 5 -> binary(x.expr.max(y.expr), xa, ya, Math::max);
                case 6 -> binary(x.expr.lt(y.expr), xa, ya, (p, q) -> p < q ? 1 : 0);
                case 7 -> binary(x.expr.ge(y.expr), xa, ya, (p, q) -> p >= q ? 1 : 0);
                case 8 -> binary(x.expr.eq(y.expr), xa, ya, (p, q) -> p == q ? 1 : 0);
                case 9 -> binary(x.expr.ne(y.expr), xa, ya, (p, q) -> p != q ? 1 : 0);
                case 10 -> binary(x.expr.pow(y.expr), xa, ya, Math::pow);
                default -> {
                    Tree c = tree(bases, n, depth - 1, r);
                    Element ca = c.at;
                    yield new Tree(DoubleExpr.where(c.expr.gt(0.5), x.expr, y.expr), i -> ca.at(i) > 0.5 ? xa.at(i) : ya.at(i));
                }
            };
        }
        if (kind < 7) {
            double c = switch (r.nextInt(4)) {
                case 0 -> 0.0;
                case 1 -> -1.5;
                case 2 -> 3.0;
                default -> r.nextDouble() * 10 - 5;
            };
            return switch (r.nextInt(7)) {
                case 0 -> unary(x.expr.plus(c), xa, p -> p + c);
                case 1 -> unary(x.expr.minus(c), xa, p -> p - c);
                case 2 -> unary(x.expr.times(c), xa, p -> p * c);
                case 3 -> unary(x.expr.div(c), xa, p -> p / c);
                case 4 -> unary(x.expr.max(c), xa, p -> Math.max(p, c));
                case 5 -> unary(x.expr.le(c), xa, p -> p <= c ? 1 : 0);
                default -> unary(DoubleExpr.scalar(c).minus(x.expr), xa, p -> c - p);
            };
        }
        return switch (r.nextInt(13)) {
            case 0 -> unary(x.expr.neg(), xa, p -> -p);
            case 1 -> unary(x.expr.abs(), xa, Math::abs);
            case 2 -> unary(x.expr.sqrt(), xa, Math::sqrt);
            case 3 -> unary(x.expr.exp(), xa, Math::exp);
            case 4 -> unary(x.expr.log(), xa, Math::log);
            case 5 -> unary(x.expr.sin(), xa, Math::sin);
            case 6 -> unary(x.expr.cos(), xa, Math::cos);
            case 7 -> unary(x.expr.tan(), xa, Math::tan);
            case 8 -> unary(x.expr.tanh(), xa, Math::tanh);
            case 9 -> unary(x.expr.floor(), xa, Math::floor);
            case 10 -> unary(x.expr.ceil(), xa, Math::ceil);
            case 11 -> unary(x.expr.map(p -> p * p - 1), xa, p -> p * p - 1);
            default -> unary(x.expr.pow(2.0), xa, p -> Math.pow(p, 2.0));
        };
    }

    private static Tree unary(DoubleExpr e, Element x, DoubleUnaryOperator f) {
        return new Tree(e, i -> f.applyAsDouble(x.at(i)));
    }

    private static Tree binary(DoubleExpr e, Element x, Element y, DoubleBinaryOperator f) {
        return new Tree(e, i -> f.applyAsDouble(x.at(i), y.at(i)));
    }


    @Test
    void everyElementIsTheInterpretersBitForBit() {
        RandomTries.run(400, r -> {
            int depth = 1 + r.nextInt(5);
            int n = RandomTries.arrayLength(r);
            Tree t = tree(bases(n, r), n, depth, r);
            double[] expected = new double[n];
            for (int i = 0; i < n; i++) {
                expected[i] = t.at.at(i);
            }
            String what = n + " elements: " + t.expr.explain();
            assertArrayEquals(expected, t.expr.eval().array(), what);
            assertArrayEquals(expected, t.expr.on(THREE).eval().array(), "3 threads, " + what);
            double[] out = new double[2 * n + 1];
            t.expr.on(THREE).into(DoubleArray.of(out).slice(1, 2 * n, 2));
            for (int i = 0; i < n; i++) {
                assertEquals(Double.doubleToLongBits(expected[i]), Double.doubleToLongBits(out[1 + 2 * i]), "into a view with step 2, element " + i + ", " + what);
            }
        });
    }

    @Test
    void reductionsMatchPlainLoopsOnAnyTeam() {
        RandomTries.run(300, r -> {
            int depth = 1 + r.nextInt(4);
            int n = RandomTries.arrayLength(r);
            Tree t = tree(bases(n, r), n, depth, r);
            double sum = 0;
            double abs = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            long argmax = -1;
            long count = 0;
            boolean nan = false;
            for (int i = 0; i < n; i++) {
                double v = t.at.at(i);
                sum += v;
                abs += Math.abs(v);
                count += v != 0 ? 1 : 0;
                if (Double.isNaN(v)) {
                    if (!nan) {
                        argmax = i;
                    }
                    nan = true;
                } else if (!nan && (argmax < 0 || v > max)) {
                    argmax = i;
                }
                min = Math.min(min, v);
                max = nan ? Double.NaN : Math.max(max, v);
            }
            String what = n + " elements: " + t.expr.explain();
            double one = t.expr.sum();
            assertEquals(Double.doubleToLongBits(one), Double.doubleToLongBits(t.expr.on(THREE).sum()), "the sum on 1 and 3 threads, " + what);

            if (Double.isFinite(abs)) { // no NaN, no infinity, no overflow in any order
                assertTrue(Math.abs(one - sum) <= 1e-13 * n * abs, one + " against a plain loop's " + sum + ", " + what);
            } else if (nan) {
                assertTrue(Double.isNaN(one), one + " for values with a NaN, " + what);
            }
            assertEquals(min, t.expr.on(THREE).minValue(), what);
            assertEquals(max, t.expr.on(THREE).maxValue(), what);
            assertEquals(count, t.expr.on(THREE).count(), what);
            assertEquals(argmax, t.expr.on(THREE).argmax(), what);
            assertEquals(argmax, t.expr.argmax(), what);
        });
    }

    @Test
    void sumsAreInTheDocumentedOrderBitForBit() {
        RandomTries.run(200, r -> {
            int n = RandomTries.arrayLength(r);
            Tree t = tree(bases(n, r, true), n, 1 + r.nextInt(3), r);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = t.at.at(i);
            }
            double expected = blockOrderSum(values);
            if (!Double.isFinite(expected)) {
                return; // a division by a tiny value or a NaN from sqrt: any order gives the same non-finite value
            }
            String what = n + " elements: " + t.expr.explain();
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(t.expr.sum()),
                    "the sum in the documented order (blocks of 4096, eight running sums each), " + what);
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(t.expr.on(THREE).sum()), "3 threads, " + what);
        });
    }

    /**
     * The sum in the order the package documents for strict mode: each block of 4096 elements
     * summed with eight running sums (element {@code i} to sum {@code i mod 8}, the tail to sum
     * 0) added pairwise, and the blocks' sums added in the same way in block order.
     */
    private static double blockOrderSum(double[] v) {
        int blocks = (v.length + 4095) / 4096;
        double[] partial = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            partial[b] = eightWay(v, b * 4096, Math.min(4096, v.length - b * 4096));
        }
        return eightWay(partial, 0, blocks);
    }

    private static double eightWay(double[] v, int o, int len) {
        double[] s = new double[8];
        int i = 0;
        for (; i + 7 < len; i += 8) {
            for (int k = 0; k < 8; k++) {
                s[k] += v[o + i + k];
            }
        }
        for (; i < len; i++) {
            s[0] += v[o + i];
        }
        return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
    }

    /** The value of a two-dimensional tree at row {@code i}, column {@code j}. */
    @FunctionalInterface
    private interface Cell {
        double at(int i, int j);
    }

    private record Tree2(DoubleExpr expr, Cell at) {
    }

    /** A slice (with steps) of a larger matrix, a row or a column broadcast across, or a scalar. */
    private static Tree2 leaf2(int rows, int cols, SplittableRandom r, boolean matrix) {
        double[][] one = bases(rows * cols, r);
        double[] b = one[0];
        switch (matrix ? 5 : r.nextInt(6)) {
            case 0 -> {
                double[] row = java.util.Arrays.copyOf(b, cols);
                return new Tree2(DoubleArray.of(row), (i, j) -> row[j]);
            }
            case 1 -> {
                double[] col = java.util.Arrays.copyOf(b, rows);
                return new Tree2(DoubleArray.of(col).asColumn(), (i, j) -> col[i]);
            }
            default -> {
                int rs = 1 + r.nextInt(2);
                int cs = 1 + (r.nextInt(3) == 0 ? 1 : 0);
                int r0 = r.nextInt(3);
                int c0 = r.nextInt(3);
                int baseRows = r0 + (rows - 1) * rs + 1 + r.nextInt(2);
                int baseCols = c0 + (cols - 1) * cs + 1 + r.nextInt(3);
                double[] base = new double[baseRows * baseCols];
                for (int k = 0; k < base.length; k++) {
                    base[k] = b[k % b.length] + k % 7;
                }
                DoubleMatrix m = DoubleMatrix.of(baseRows, baseCols, base).slice(r0, r0 + (rows - 1) * rs + 1, rs, c0, c0 + (cols - 1) * cs + 1, cs);
                return new Tree2(m.expr(), (i, j) -> base[(r0 + i * rs) * baseCols + c0 + j * cs]);
            }
        }
    }

    private static Tree2 tree2(int rows, int cols, int depth, SplittableRandom r) {
        if (depth == 0 || r.nextInt(4) == 0) {
            return leaf2(rows, cols, r, false);
        }
        Tree2 x = tree2(rows, cols, depth - 1, r);
        Cell xa = x.at;
        if (r.nextInt(3) > 0) {
            Tree2 y = tree2(rows, cols, depth - 1, r);
            Cell ya = y.at;
            return switch (r.nextInt(7)) {
                case 0 -> new Tree2(x.expr.plus(y.expr), (i, j) -> xa.at(i, j) + ya.at(i, j));
                case 1 -> new Tree2(x.expr.minus(y.expr), (i, j) -> xa.at(i, j) - ya.at(i, j));
                case 2 -> new Tree2(x.expr.times(y.expr), (i, j) -> xa.at(i, j) * ya.at(i, j));
                case 3 -> new Tree2(x.expr.div(y.expr), (i, j) -> xa.at(i, j) / ya.at(i, j));
                case 4 -> new Tree2(x.expr.min(y.expr), (i, j) -> Math.min(xa.at(i, j), ya.at(i, j)));
                case 5 -> new Tree2(x.expr.max(y.expr), (i, j) -> Math.max(xa.at(i, j), ya.at(i, j)));
                default -> new Tree2(DoubleExpr.where(x.expr.lt(y.expr), y.expr, x.expr.times(2)),
                        (i, j) -> xa.at(i, j) < ya.at(i, j) ? ya.at(i, j) : xa.at(i, j) * 2);
            };
        }
        return switch (r.nextInt(5)) {
            case 0 -> new Tree2(x.expr.sqrt(), (i, j) -> Math.sqrt(xa.at(i, j)));
            case 1 -> new Tree2(x.expr.abs(), (i, j) -> Math.abs(xa.at(i, j)));
            case 2 -> new Tree2(x.expr.exp(), (i, j) -> Math.exp(xa.at(i, j)));
            case 3 -> new Tree2(x.expr.plus(1.5), (i, j) -> xa.at(i, j) + 1.5);
            default -> new Tree2(x.expr.map(p -> p * 0.5 - 1), (i, j) -> xa.at(i, j) * 0.5 - 1);
        };
    }

    /**
     * Two-dimensional trees (shapes across the in-place row width of 128 columns and the block
     * of 4096 elements): slices with steps, rows and columns broadcast, into a new matrix and
     * into a slice with steps of a larger one.
     */
    @Test
    void everyMatrixElementIsTheInterpretersBitForBit() {
        RandomTries.run(250, r -> {
            int rows = 1 + r.nextInt(90);
            int cols = 1 + r.nextInt(300);
            int depth = 1 + r.nextInt(4);
            Tree2 t = tree2(rows, cols, depth, r);
            Tree2 anchor = leaf2(rows, cols, r, true); // so that the shape is the matrix's, whatever leaves the tree drew
            Tree2 whole = new Tree2(t.expr.plus(anchor.expr.times(0.0)), (i, j) -> t.at.at(i, j) + anchor.at.at(i, j) * 0.0);
            String what = rows + "x" + cols + ": " + whole.expr.explain();
            double[][] got = whole.expr.on(THREE).evalMatrix().toArray();
            double[] target = new double[(2 * rows + 1) * (cols + 2)];
            DoubleMatrix into = DoubleMatrix.of(2 * rows + 1, cols + 2, target).slice(1, 2 * rows, 2, 1, cols + 1, 1);
            whole.expr.into(into);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    long expected = Double.doubleToLongBits(whole.at.at(i, j));
                    assertEquals(expected, Double.doubleToLongBits(got[i][j]), "(" + i + ", " + j + ") of " + what);
                    assertEquals(expected, Double.doubleToLongBits(into.get(i, j)), "into a slice, (" + i + ", " + j + ") of " + what);
                }
            }
        });
    }

}
