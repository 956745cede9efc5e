package org.parallel4j.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongBinaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parallel4j.loop.Team;

/**
 * {@code long} expressions against plain loops (Java's {@code long} arithmetic is NumPy's int64:
 * it wraps; {@code Math.floorDiv}/{@code floorMod} are Python's {@code //} and {@code %}), with
 * the extremes of the range mixed in, at lengths on both sides of the block size and the serial
 * cut-off, on 1, 2, 3 and 8 threads; the errors name the values.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LongExprTest {
    private static final int[] SIZES = {0, 1, 7, 4095, 4096, 4097, 8191, 8192, 8193, 3 * 4096 + 5, 40_001};

    private static long[] values(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (r.nextInt(12)) {
                case 0 -> Long.MIN_VALUE;
                case 1 -> Long.MAX_VALUE;
                case 2 -> 0;
                case 3 -> r.nextLong();
                default -> r.nextLong(-1000, 1000);
            };
        }
        return v;
    }

    private static long[] serial(long[] a, long[] b, LongBinaryOperator f) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = f.applyAsLong(a[i], b[i]);
        }
        return out;
    }

    @Test
    void elementWiseOperationsAreTheLoopsOnes() {
        for (int threads : new int[] {1, 2, 3, 8}) {
            try (Team team = Team.create(threads)) {
                for (int n : SIZES) {
                    long[] x = values(n, n);
                    long[] y = values(n, n + 1);
                    long[] nonZero = serial(y, y, (p, q) -> p == 0 ? 7 : p);
                    LongExpr a = LongArray.of(x).on(team);
                    LongArray b = LongArray.of(y);
                    LongArray d = LongArray.of(nonZero);
                    String at = n + " elements, " + threads + " threads";
                    assertArrayEquals(serial(x, y, (p, q) -> p + 3 * q - p * q), a.plus(b.times(3)).minus(a.times(b)).eval().toArray(), "arithmetic, " + at);
                    assertArrayEquals(serial(x, nonZero, Math::floorDiv), a.floorDiv(d).eval().toArray(), "floorDiv, " + at);
                    assertArrayEquals(serial(x, nonZero, Math::floorMod), a.mod(d).eval().toArray(), "mod, " + at);
                    assertArrayEquals(serial(x, y, (p, q) -> p < q ? Math.min(p, q) - Math.abs(q) : -Math.max(p, 5)),
                            LongExpr.where(a.lt(b), a.min(b).minus(b.abs()), a.max(5).neg()).eval().toArray(), "where, " + at);
                    assertArrayEquals(serial(x, y, (p, q) -> (p > q ? 1 : 0) + (p == q ? 2 : 0) + (p >= 3 ? 4 : 0) + (p <= -3 ? 8 : 0) + (q != 0 ? 16 : 0)),
                            a.gt(b).plus(a.eq(b).times(2)).plus(a.ge(3).times(4)).plus(a.le(-3).times(8)).plus(b.ne(0).times(16)).eval().toArray(),
                            "comparisons, " + at);
                    double[] asDouble = a.asDouble().times(0.5).plus(b.asDouble()).eval().array();
                    for (int i = 0; i < n; i++) {
                        assertEquals((double) x[i] * 0.5 + (double) y[i], asDouble[i], 0.0, "asDouble, element " + i + ", " + at);
                    }
                }
            }
        }
    }

    @Test
    void reductionsAreTheLoopsOnesOnAnyTeam() {
        for (int threads : new int[] {1, 2, 3, 8}) {
            try (Team team = Team.create(threads)) {
                for (int n : SIZES) {
                    long[] x = values(n, 3L * n);
                    LongExpr a = LongArray.of(x).on(team);
                    long sum = 0;
                    long prod = 1;
                    long min = Long.MAX_VALUE;
                    long max = Long.MIN_VALUE;
                    long count = 0;
                    long argmax = -1;
                    long argmin = -1;
                    for (int i = 0; i < n; i++) {
                        sum += x[i];
                        prod *= x[i] | 1;
                        count += x[i] != 0 ? 1 : 0;
                        if (x[i] > max) {
                            max = x[i];
                            argmax = i;
                        }
                        if (x[i] < min) {
                            min = x[i];
                            argmin = i;
                        }
                    }
                    String at = n + " elements, " + threads + " threads";
                    assertEquals(sum, a.sum(), "sum (wrapping), " + at);
                    assertArrayEquals(x, a.times(1).plus(0).eval().toArray(), "identity, " + at);
                    long[] odd = serial(x, x, (p, q) -> p | 1);
                    assertEquals(prod, LongArray.of(odd).on(team).prod(), "prod (wrapping), " + at);
                    assertEquals(count, a.count(), "count, " + at);
                    assertEquals(n == 0 ? Double.NaN : (double) sum / n, a.mean(), 0.0, "mean, " + at);
                    if (n > 0) {
                        assertEquals(min, a.minValue(), "min, " + at);
                        assertEquals(max, a.maxValue(), "max, " + at);
                        assertEquals(argmax, a.argmax(), "argmax (the first), " + at);
                        assertEquals(argmin, a.argmin(), "argmin (the first), " + at);
                    }
                }
            }
        }
    }

    @Test
    void inPlaceShiftedAndStridedTargets() {
        for (int n : new int[] {10, 9000, 40_001}) {
            long[] x = values(n, 11);
            LongArray a = LongArray.of(x.clone());
            a.times(a).plus(1).into(a); // in place
            a.slice(1, n).minus(a.slice(0, n - 1)).into(a.slice(0, n - 1)); // shifted: through a temporary
            LongArray every3 = a.slice(0, n, 3);
            every3.neg().into(every3);
            LongExpr.scalar(42).into(a.slice(n - 1, n));
            long[] expected = x.clone();
            for (int i = 0; i < n; i++) {
                expected[i] = expected[i] * expected[i] + 1;
            }
            for (int i = 0; i + 1 < n; i++) {
                expected[i] = expected[i + 1] - expected[i];
            }
            for (int i = 0; i < n; i += 3) {
                expected[i] = -expected[i];
            }
            expected[n - 1] = 42;
            assertArrayEquals(expected, a.toArray(), n + " elements");
        }
    }

    @Test
    void intArraysComputeInInt64AndStoreWrappedTo32Bits() {
        for (int threads : new int[] {1, 3}) {
            try (Team team = Team.create(threads)) {
                for (int n : SIZES) {
                    int[] x = new int[n];
                    SplittableRandom r = new SplittableRandom(n);
                    for (int i = 0; i < n; i++) {
                        x[i] = r.nextInt(6) == 0 ? (r.nextBoolean() ? Integer.MAX_VALUE : Integer.MIN_VALUE) : r.nextInt();
                    }
                    IntArray a = IntArray.of(x.clone());
                    long sum = 0;
                    int[] expected = new int[n];
                    for (int i = 0; i < n; i++) {
                        sum += x[i];
                        expected[i] = x[i] * 3 + 1; // Java's int arithmetic wraps as NumPy's int32
                    }
                    String at = n + " elements, " + threads + " threads";
                    assertEquals(sum, a.on(team).sum(), "the sum, exact in int64, " + at);
                    assertArrayEquals(expected, a.on(team).times(3).plus(1).evalInts().toArray(), "evalInts, " + at);
                    a.on(team).times(3).plus(1).into(a); // in place
                    assertArrayEquals(expected, a.toArray(), "in place, " + at);
                    if (n > 2) {
                        IntArray odd = a.slice(1, n, 2);
                        odd.on(team).neg().into(odd);
                        for (int i = 1; i < n; i += 2) {
                            expected[i] = -expected[i];
                        }
                        assertArrayEquals(expected, a.toArray(), "a view with a step, " + at);
                        long[] wide = a.on(team).eval().toArray();
                        for (int i = 0; i < n; i++) {
                            assertEquals(expected[i], wide[i], "eval() to int64, element " + i);
                        }
                    }
                }
            }
        }
        var e = assertThrows(IllegalArgumentException.class, () -> IntArray.zeros(3).into(IntArray.zeros(4)));
        assertTrue(e.getMessage().contains("(3,) into shape (4,)"), e.getMessage());
        assertEquals(Integer.MIN_VALUE, LongArray.of(1L << 31).evalInts().get(0), "2^31 wraps to int32's minimum");
    }

    @Test
    void badInputIsAnErrorNamingTheValues() {
        var e = assertThrows(IllegalArgumentException.class, () -> LongArray.zeros(5).plus(LongArray.zeros(7)));
        assertTrue(e.getMessage().contains("(5,) and (7,)"), e.getMessage());
        var z = assertThrows(ArithmeticException.class, () -> LongArray.of(4, 5, 6).floorDiv(LongArray.of(1, 0, 2)).eval());
        assertTrue(z.getMessage().contains("element 1") && z.getMessage().contains("5 // 0"), z.getMessage());
        z = assertThrows(ArithmeticException.class, () -> LongArray.of(4, 5, 6).mod(0).eval());
        assertTrue(z.getMessage().contains("element 0") && z.getMessage().contains("4 % 0"), z.getMessage());
        long[] divisors = new long[40_001];
        java.util.Arrays.fill(divisors, 3);
        divisors[30_000] = 0;
        try (Team team = Team.create(3)) { // thrown on a team thread, reaching the caller
            z = assertThrows(ArithmeticException.class, () -> LongArray.arange(40_001).on(team).floorDiv(LongArray.of(divisors)).eval());
            assertTrue(z.getMessage().contains("element 30000") && z.getMessage().contains("30000 // 0"), z.getMessage());
        }
        e = assertThrows(IllegalArgumentException.class, () -> LongArray.zeros(0).argmax());
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LongArray.zeros(0).minValue());
        assertTrue(e.getMessage().contains("zero-size"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LongArray.arange(0, 10, 0));
        assertTrue(e.getMessage().contains("step"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LongArray.zeros(3).into(LongArray.zeros(4)));
        assertTrue(e.getMessage().contains("(3,) into shape (4,)"), e.getMessage());
        assertArrayEquals(new long[] {10, 7, 4, 1}, LongArray.arange(10, 0, -3).toArray());
        assertArrayEquals(new long[] {}, LongArray.arange(5, 5, 1).toArray());
        assertEquals(Long.MIN_VALUE, LongArray.of(Long.MIN_VALUE).abs().eval().get(0), "abs wraps as NumPy's int64");
    }
}
