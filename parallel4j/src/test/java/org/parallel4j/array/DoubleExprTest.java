package org.parallel4j.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parallel4j.array.internal.Evaluator;
import org.parallel4j.loop.Team;

/**
 * Array expressions against a plain serial loop of the same Math calls, at sizes on both sides
 * of the block size and of the serial cut-off, on teams of 1, 2, 3 and 8 threads: element-wise
 * results bit for bit, reductions equal across thread counts and within rounding of a plain sum.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DoubleExprTest {
    static final int B = Evaluator.BLOCK;
    static final int S = (int) Evaluator.SERIAL_BELOW;
    static final int[] SIZES = {0, 1, 7, B - 1, B, B + 1, 3 * B + 5, S - 1, S, S + 1, S + 3 * B + 17, 5 * S + 1};

    /** Values with negatives, zeros, large and tiny magnitudes, reproducible. */
    static double[] values(int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (i % 11) {
                case 3 -> 0.0;
                case 7 -> -r.nextDouble() * 1e6;
                case 9 -> r.nextDouble() * 1e-7;
                default -> (r.nextDouble() - 0.4) * 10;
            };
        }
        return v;
    }

    static double[] serial(double[] a, DoubleUnaryOperator f) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = f.applyAsDouble(a[i]);
        }
        return out;
    }

    static double[] serial(double[] a, double[] b, DoubleBinaryOperator f) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = f.applyAsDouble(a[i], b[i]);
        }
        return out;
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3, 8})
    void elementWiseExpressionsEqualTheSerialLoopBitForBitAtEverySize(int threads) {
        try (Team team = Team.create(threads)) {
            for (int n : SIZES) {
                double[] x = values(n, n);
                double[] y = values(n, n + 1);
                DoubleExpr a = DoubleArray.of(x).on(team);
                DoubleArray b = DoubleArray.of(y);
                String at = n + " elements, " + threads + " threads";
                assertArrayEquals(serial(x, y, (p, q) -> p + 3.0 * q), a.plus(b.times(3.0)).eval().array(), "triad, " + at);
                assertArrayEquals(serial(x, y, (p, q) -> Math.sqrt(p * p + q * q)), a.times(a).plus(b.times(b)).sqrt().eval().array(), "hypot, " + at);
                assertArrayEquals(serial(x, y, (p, q) -> Math.sin(p) * Math.cos(q)), a.sin().times(b.cos()).eval().array(), "sincos, " + at);
                assertArrayEquals(serial(x, y, (p, q) -> 2.0 * p + 3.0 * q * p - q),
                        DoubleExpr.scalar(2.0).times(a).plus(DoubleExpr.scalar(3.0).times(b).times(a)).minus(b).eval().array(), "poly3, " + at);
                assertArrayEquals(serial(x, y, (p, q) -> p < q ? Math.exp(Math.min(p, 5)) : -Math.abs(q)),
                        DoubleExpr.where(a.lt(b), a.min(5).exp(), b.abs().neg()).eval().array(), "where, " + at);
                assertArrayEquals(serial(x, y, (p, q) -> Math.tanh(p) / (1 + Math.floor(q) * Math.ceil(p))),
                        a.tanh().div(b.floor().times(a.ceil()).plus(1)).eval().array(), "tanh/floor/ceil, " + at);
                assertArrayEquals(serial(x, y, (p, q) -> Math.pow(Math.abs(p), 0.5) - Math.log(Math.abs(q) + 1) + Math.tan(p) * Math.max(p, q)),
                        a.abs().pow(0.5).minus(b.abs().plus(1).log()).plus(a.tan().times(a.max(b))).eval().array(), "pow/log/tan/max, " + at);
                assertArrayEquals(serial(x, p -> p * p + 1), a.map(p -> p * p + 1).eval().array(), "map, " + at);
                double[] out = new double[n];
                a.plus(b).into(DoubleArray.of(out));
                assertArrayEquals(serial(x, y, Double::sum), out, "into, " + at);
            }
        }
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3, 8})
    void reductionsAreTheSameOnAnyTeamAndMatchAPlainLoop(int threads) {
        for (int n : SIZES) {
            double[] x = values(n, 3 * n);
            double[] y = values(n, 3 * n + 1);
            DoubleArray a = DoubleArray.of(x);
            DoubleArray b = DoubleArray.of(y);
            double plainDot = 0;
            double plainAbs = 0;
            double max = Double.NEGATIVE_INFINITY;
            long argmax = -1;
            long positives = 0;
            for (int i = 0; i < n; i++) {
                plainDot += x[i] * y[i];
                plainAbs += Math.abs(x[i]);
                if (x[i] > max) {
                    max = x[i];
                    argmax = i;
                }
                positives += x[i] > 0 ? 1 : 0;
            }
            String at = n + " elements";
            try (Team one = Team.create(1); Team team = Team.create(threads)) {
                assertEquals(a.on(one).dot(b), a.on(team).dot(b), "dot is independent of the team, " + at);
                assertEquals(a.on(one).std(), a.on(team).std(), "std, " + at);
                assertEquals(plainAbs, a.on(team).abs().sum(), 1e-12 * Math.max(1, plainAbs), "sum of |a|, " + at);
                assertEquals(plainDot, a.on(team).dot(b), 1e-9 * Math.max(1, plainAbs * 1e6), "dot, " + at);
                assertEquals(positives, a.on(team).gt(0).count(), "count, " + at);
                if (n > 0) {
                    assertEquals(argmax, a.on(team).argmax(), "argmax, " + at);
                    assertEquals(max, a.on(team).maxValue(), "max, " + at);
                    double mean = 0;
                    for (double v : x) {
                        mean += v;
                    }
                    mean /= n;
                    double var = 0;
                    for (double v : x) {
                        var += (v - mean) * (v - mean);
                    }
                    var /= n;
                    assertEquals(mean, a.on(team).mean(), 1e-9 * Math.max(1, Math.abs(mean)) + 1e-6, "mean, " + at);
                    assertEquals(var, a.on(team).var(), 1e-9 * var + 1e-9, "var, " + at);
                }
            }
        }
    }

    @Test
    void longExpressionsRunAGeneratedLoopPerShapeAndShortOnesThePerNodeLoops() {
        int n = 4 * S;
        DoubleArray a = DoubleArray.random(n, 1);
        DoubleArray b = DoubleArray.random(n, 2);
        String plan = a.times(a).plus(b.times(b)).sqrt().explain();
        assertTrue(plan.contains("generated for this expression's shape"), plan);
        int before = org.parallel4j.array.internal.KernelCompiler.shapes();
        a.times(2.5).plus(b.times(-1.0)).eval();
        a.times(7.0).plus(b.times(3.0)).eval(); // same shape, other constants: no new class
        assertEquals(before + 1, org.parallel4j.array.internal.KernelCompiler.shapes());
        String strided = a.slice(0, n, 2).times(2).plus(b.slice(1, n, 2)).explain(); // the views gathered into buffers
        assertTrue(strided.contains("generated for this expression's shape"), strided);
        assertArrayEquals(serial(a.slice(0, n, 2).toArray(), b.slice(1, n, 2).toArray(), (p, q) -> p * 2 + q),
                a.slice(0, n, 2).times(2).plus(b.slice(1, n, 2)).eval().array());
        String shortOne = DoubleArray.random(100, 3).times(2).explain();
        assertTrue(shortOne.contains("serial") && shortOne.contains("a fixed loop per operation"), shortOne);
        assertArrayEquals(serial(a.array(), b.array(), (p, q) -> 7.0 * p + 3.0 * q), a.times(7.0).plus(b.times(3.0)).eval().array());
    }

    @Test
    void vectorLoopsOfComparisonsWhereMinMaxGiveTheScalarBitsWithNaNAndSignedZeros() {
        double[] special = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5, -1.5};
        for (int n : new int[] {1023, 1024, 1025, 1027, 1031, 4099, 3 * S + 3}) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(n);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = r.nextInt(3) == 0 ? special[r.nextInt(special.length)] : r.nextDouble(-2, 2);
                y[i] = r.nextInt(3) == 0 ? special[r.nextInt(special.length)] : r.nextDouble(-2, 2);
            }
            double[] expected = new double[n];
            for (int i = 0; i < n; i++) {
                double p = x[i];
                double q = y[i];
                double w = p < q ? -Math.min(p, q) : Math.max(Math.abs(q), p);
                expected[i] = w + (p >= q ? 1 : 0) + (p != q ? 1 : 0) * (p == q ? 1 : 0) - (p <= q ? 1 : 0) * Math.sqrt(Math.abs(p)) / (p > q ? 1 : 0);
            }
            DoubleArray a = DoubleArray.of(x);
            DoubleArray b = DoubleArray.of(y);
            DoubleExpr e = DoubleExpr.where(a.lt(b), a.min(b).neg(), b.abs().max(a)).plus(a.ge(b)).plus(a.ne(b).times(a.eq(b)))
                    .minus(a.le(b).times(a.abs().sqrt()).div(a.gt(b)));
            for (int threads : new int[] {1, 2, 3}) {
                try (Team team = Team.create(threads)) {
                    double[] got = e.on(team).eval().array();
                    for (int i = 0; i < n; i++) {
                        assertEquals(Double.doubleToLongBits(expected[i]), Double.doubleToLongBits(got[i]),
                                n + " elements, " + threads + " threads, element " + i + " (" + x[i] + ", " + y[i] + "): " + expected[i] + " against " + got[i]);
                    }
                }
            }
        }
    }

    @Test
    void strictTranscendentalsAreMathsEveryTimeAndFastOnesWithinAnUlp() {
        int n = 3 * S + 7;
        double[] x = values(n, 99);
        DoubleArray a = DoubleArray.of(x);
        double[] expected = serial(x, p -> Math.sin(p) * Math.cos(p) + Math.tanh(p) + Math.exp(Math.min(p, 3)) - Math.log(Math.abs(p) + 1) + Math.tan(p));
        DoubleExpr e = a.sin().times(a.cos()).plus(a.tanh()).plus(a.min(3).exp()).minus(a.abs().plus(1).log()).plus(a.tan());
        for (int round = 0; round < 40; round++) { // before and after the JIT compiles the loops: the same bits every time
            assertArrayEquals(expected, e.eval().array(), "round " + round);
        }
        double[] fast = e.fast().eval().array();
        for (int i = 0; i < n; i++) {
            double p = x[i];
            double[] terms = {Math.sin(p) * Math.cos(p), Math.tanh(p), Math.exp(Math.min(p, 3)), Math.log(Math.abs(p) + 1), Math.tan(p)};
            double slack = 0;
            for (double t : terms) {
                slack += 4 * Math.ulp(t); // each function within an ulp, a product of two within two, then rounded sums
            }
            assertEquals(expected[i], fast[i], slack + 4 * Math.ulp(expected[i]), "fast, element " + i + " of " + p);
        }
        assertTrue(e.fast().explain().contains("fast"), e.fast().explain());
    }

    @Test
    void expressionsWithMoreInputsThanOneLoopReadsGiveTheSerialLoopsBits() {
        int n = 3 * S + 17; // generated loops, nested past KernelCompiler.INPUTS inputs
        for (int terms : new int[] {11, 12, 13, 25, 40}) {
            DoubleArray[] x = new DoubleArray[terms];
            DoubleExpr e = null;
            for (int k = 0; k < terms; k++) {
                x[k] = DoubleArray.random(n, k);
                DoubleExpr term = k % 3 == 0 ? x[k].times(k + 0.5) : k % 3 == 1 ? x[k].sqrt() : x[k].slice(0, n).minus(0.25);
                e = e == null ? term : k % 4 == 3 ? term.plus(e) : e.plus(term);
            }
            double[] expected = new double[n];
            for (int i = 0; i < n; i++) {
                double v = 0;
                for (int k = 0; k < terms; k++) {
                    double t = k % 3 == 0 ? x[k].get(i) * (k + 0.5) : k % 3 == 1 ? Math.sqrt(x[k].get(i)) : x[k].get(i) - 0.25;
                    v = k == 0 ? t : k % 4 == 3 ? t + v : v + t;
                }
                expected[i] = v;
            }
            for (int threads : new int[] {1, 3}) {
                try (Team team = Team.create(threads)) {
                    assertArrayEquals(expected, e.on(team).eval().array(), terms + " terms, " + threads + " threads");
                }
            }
        }
    }

    @Test
    void nanAndEmptyArraysFollowNumpy() {
        DoubleArray a = DoubleArray.of(1, Double.NaN, 3, Double.NaN);
        assertEquals(1, a.argmax(), "argmax gives the first NaN");
        assertEquals(1, a.argmin(), "argmin too");
        assertTrue(Double.isNaN(a.maxValue()) && Double.isNaN(a.sum()) && Double.isNaN(a.min(0).maxValue()));
        assertEquals(0.0, a.gt(0).div(1).eval().get(1), "comparisons with NaN are false");
        assertEquals(1.0, a.ne(a).eval().get(1), "NaN != NaN");
        DoubleArray empty = DoubleArray.zeros(0);
        assertEquals(0.0, empty.sum());
        assertEquals(1.0, empty.prod());
        assertTrue(Double.isNaN(empty.mean()) && Double.isNaN(empty.var()));
        assertTrue(empty.all() && !empty.any());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, empty::maxValue);
        assertTrue(e.getMessage().contains("zero-size array"), e.getMessage());
        assertThrows(IllegalArgumentException.class, empty::argmax);
    }

    @Test
    void badShapesAndSlicesAreErrorsNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DoubleArray.zeros(5).plus(DoubleArray.zeros(7)));
        assertTrue(e.getMessage().contains("(5,)") && e.getMessage().contains("(7,)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DoubleArray.zeros(5).times(2).into(DoubleArray.zeros(4)));
        assertTrue(e.getMessage().contains("(5,)") && e.getMessage().contains("(4,)"), e.getMessage());
        IndexOutOfBoundsException o = assertThrows(IndexOutOfBoundsException.class, () -> DoubleArray.zeros(5).slice(2, 9));
        assertTrue(o.getMessage().contains("[2:9:1]") && o.getMessage().contains("length 5"), o.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DoubleMatrix.of(3, 4, new double[10]));
        assertTrue(e.getMessage().contains("10 elements") && e.getMessage().contains("(3, 4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DoubleMatrix.zeros(3, 4).times(DoubleArray.zeros(3)));
        assertTrue(e.getMessage().contains("(3, 4)") && e.getMessage().contains("(3,)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DoubleArray.arange(0, 1, 0));
        assertTrue(e.getMessage().contains("step"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 3})
    void inPlaceAndShiftedViewsOfTheSameArrayGiveTheSerialResult(int threads) {
        try (Team team = Team.create(threads)) {
            int n = S + 2 * B + 3;
            double[] x = values(n, 5);
            double[] expected = serial(x, p -> 2 * p - 1);
            DoubleArray a = DoubleArray.of(x.clone());
            a.on(team).times(2).minus(1).into(a);
            assertArrayEquals(expected, a.array(), "in place");
            double[] shifted = x.clone();
            DoubleArray all = DoubleArray.of(shifted);
            // out[i] = x[i + 1] + x[i]: reading ahead of the writes, through a temporary.
            all.slice(1, n).on(team).plus(all.slice(0, n - 1)).into(all.slice(0, n - 1));
            for (int i = 0; i < n - 1; i++) {
                assertEquals(x[i + 1] + x[i], shifted[i], "element " + i);
            }
            DoubleArray strided = DoubleArray.of(x).slice(1, n, 3);
            double[] s = new double[strided.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = x[1 + 3 * i] * 2;
            }
            assertArrayEquals(s, strided.on(team).times(2).eval().array(), "a strided view");
        }
    }

    @Test
    void randomArraysDoNotDependOnTheThreadCountAndHaveTheirDistribution() {
        DoubleArray u = DoubleArray.random(5 * S + 3, 42);
        assertArrayEquals(u.array(), DoubleArray.random(5 * S + 3, 42).array());
        assertEquals(0.5, u.mean(), 0.01);
        assertTrue(u.minValue() >= 0 && u.maxValue() < 1);
        DoubleArray z = DoubleArray.normal(200_000, 7);
        assertEquals(0, z.mean(), 0.01);
        assertEquals(1, z.std(), 0.01);
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, DoubleArray.linspace(0, 1, 5).array());
        assertArrayEquals(new double[] {1, 1.5, 2, 2.5}, DoubleArray.arange(1, 3, 0.5).array());
        assertArrayEquals(new double[] {3, 2, 1}, DoubleArray.arange(3, 0, -1).array());
    }

    @Test
    void matricesHaveRowColumnAndDiagonalViewsAndProducts() {
        DoubleMatrix m = DoubleMatrix.arange(3, 4);
        assertArrayEquals(new double[] {4, 5, 6, 7}, m.row(1).array());
        assertArrayEquals(new double[] {2, 6, 10}, m.col(2).toArray());
        assertArrayEquals(new double[] {0, 5, 10}, m.diag().toArray());
        assertArrayEquals(new double[] {6, 22, 38}, m.rowSums().array());
        assertArrayEquals(new double[] {12, 15, 18, 21}, m.colSums().array());
        assertArrayEquals(new double[] {0 * 0 + 1 * 1 + 2 * 2 + 3 * 3, 4 * 0 + 5 * 1 + 6 * 2 + 7 * 3, 8 * 0 + 9 * 1 + 10 * 2 + 11 * 3},
                m.times(DoubleArray.of(0, 1, 2, 3)).array());
        DoubleMatrix doubled = m.map(m.flat().times(2));
        assertEquals(22.0, doubled.get(2, 3));
        assertTrue(m.flat().plus(1).explain().contains("block"), m.flat().plus(1).explain());
    }
}
