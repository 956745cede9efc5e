package org.parallel4j.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parallel4j.array.internal.LongKernelCompiler;
import org.parallel4j.loop.Team;

/**
 * The generated integer loops (one per expression shape, from 1024 elements) against an element
 * by element reference of NumPy's rules: random trees of every integer operation over int64 and
 * int32 arrays read in place, views with steps, and scalars that do and do not fit int32, at
 * lengths on both sides of the generation threshold, of the vector width, of the block and of the
 * serial cut-off, on 1, 2, 3 and 8 threads; trees of more inputs than one loop reads; floor
 * division inside a tree naming the element of a zero divisor.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LongKernelTest {
    private static final int[] SIZES = {1023, 1024, 1025, 1027, 4095, 4096, 4097, 8191, 8193, 3 * 4096 + 5, 40_001};

    /** NumPy's type of a reference value, as the library's rule: int32, int64, a literal scalar, a comparison's bool. */
    private enum Kind { I32, I64, SCALAR, BOOL }

    /** A reference value: {@code v} per element (null for a scalar), its kind, and the expression that should compute it. */
    private record Ref(long[] v, long scalar, Kind kind, LongExpr expr, String text) {
        long at(int i) {
            return v == null ? scalar : v[i];
        }
    }

    private static Kind promote(Ref x, Ref y) {
        if (x.kind == Kind.I64 || y.kind == Kind.I64) {
            return Kind.I64;
        }
        if (x.kind == Kind.I32 || y.kind == Kind.I32) {
            Ref other = x.kind == Kind.I32 ? y : x;
            boolean fits = other.kind == Kind.SCALAR ? other.scalar == (int) other.scalar : true;
            return fits ? Kind.I32 : Kind.I64;
        }
        return Kind.I64;
    }

    private static long value(SplittableRandom r) {
        return switch (r.nextInt(10)) {
            case 0 -> Long.MIN_VALUE;
            case 1 -> Long.MAX_VALUE;
            case 2 -> Integer.MIN_VALUE;
            case 3 -> r.nextLong();
            case 4 -> r.nextInt();
            default -> r.nextLong(-300, 300);
        };
    }

    /** A leaf: an int64 or int32 array, contiguous or a view with a step, or a scalar. */
    private static Ref leaf(SplittableRandom r, int n, boolean scalarAllowed) {
        int pick = r.nextInt(scalarAllowed ? 6 : 5);
        if (pick == 5) {
            long c = r.nextBoolean() ? r.nextLong(-9, 10) : value(r);
            return new Ref(null, c, Kind.SCALAR, null, Long.toString(c));
        }
        boolean ints = pick >= 3;
        int step = pick % 3 == 1 ? 1 + r.nextInt(3) : 1;
        int offset = r.nextInt(5);
        int backing = offset + (n == 0 ? 0 : (n - 1) * step + 1) + r.nextInt(3);
        long[] v = new long[n];
        if (ints) {
            int[] data = new int[backing];
            for (int i = 0; i < backing; i++) {
                data[i] = (int) value(r);
            }
            for (int i = 0; i < n; i++) {
                v[i] = data[offset + i * step];
            }
            IntArray a = IntArray.of(data).slice(offset, offset + (n - 1) * step + 1, step);
            boolean widened = pick == 4 && r.nextBoolean();
            return new Ref(v, 0, widened ? Kind.I64 : Kind.I32, widened ? a.asLong() : a,
                    (widened ? "int64(" : "") + "int32[" + offset + "::" + step + "]" + (widened ? ")" : ""));
        }
        long[] data = new long[backing];
        for (int i = 0; i < backing; i++) {
            data[i] = value(r);
        }
        for (int i = 0; i < n; i++) {
            v[i] = data[offset + i * step];
        }
        return new Ref(v, 0, Kind.I64, LongArray.of(data).slice(offset, offset + (n - 1) * step + 1, step), "int64[" + offset + "::" + step + "]");
    }

    private interface Op2 {
        long apply(long p, long q);
    }

    /** A random tree of {@code depth} levels at most; {@code scalarAllowed} is false where an array must be (the root). */
    private static Ref tree(SplittableRandom r, int n, int depth, boolean scalarAllowed) {
        if (depth == 0 || r.nextInt(5) == 0) {
            return leaf(r, n, scalarAllowed);
        }
        int pick = r.nextInt(20);
        if (pick < 3) { // unary
            Ref x = tree(r, n, depth - 1, false);
            int f = r.nextInt(3);
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                long p = x.at(i);
                long q = f == 0 ? -p : f == 1 ? Math.abs(p) : ~p;
                v[i] = f < 2 && x.kind == Kind.I32 ? (int) q : q;
            }
            LongExpr e = f == 0 ? x.expr.neg() : f == 1 ? x.expr.abs() : x.expr.not();
            return new Ref(v, 0, x.kind, e, (f == 0 ? "neg(" : f == 1 ? "abs(" : "not(") + x.text + ")");
        }
        if (pick == 3) { // where
            Ref c = tree(r, n, depth - 1, false);
            Ref a = tree(r, n, depth - 1, false);
            Ref b = tree(r, n, depth - 1, false);
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = c.at(i) != 0 ? a.at(i) : b.at(i);
            }
            Kind k = promote(a, b);
            return new Ref(v, 0, k, LongExpr.where(c.expr, a.expr, b.expr), "where(" + c.text + ", " + a.text + ", " + b.text + ")");
        }
        Ref x = tree(r, n, depth - 1, false);
        Ref y = tree(r, n, depth - 1, true);
        String[] names = {"add", "sub", "mul", "min", "max", "and", "or", "xor", "shl", "shr", "lt", "le", "gt", "ge", "eq", "ne", "floordiv", "mod"};
        int op = r.nextInt(names.length);
        boolean comparison = op >= 10 && op < 16;
        boolean leaves32 = op <= 2 || op == 8 || op >= 16;
        if (op >= 16) { // a divisor that is never zero: y | 1
            y = or1(y);
        }
        if ((op == 8 || op == 9) && r.nextBoolean()) { // counts mostly in range
            y = and63(y);
        }
        Kind k = comparison ? Kind.BOOL : promote(x, y);
        Op2 f = switch (op) {
            case 0 -> (p, q) -> p + q;
            case 1 -> (p, q) -> p - q;
            case 2 -> (p, q) -> p * q;
            case 3 -> Math::min;
            case 4 -> Math::max;
            case 5 -> (p, q) -> p & q;
            case 6 -> (p, q) -> p | q;
            case 7 -> (p, q) -> p ^ q;
            case 8 -> (p, q) -> q >= 0 && q < 64 ? p << q : 0;
            case 9 -> (p, q) -> q >= 0 && q < 64 ? p >> q : p >> 63;
            case 10 -> (p, q) -> p < q ? 1 : 0;
            case 11 -> (p, q) -> p <= q ? 1 : 0;
            case 12 -> (p, q) -> p > q ? 1 : 0;
            case 13 -> (p, q) -> p >= q ? 1 : 0;
            case 14 -> (p, q) -> p == q ? 1 : 0;
            case 15 -> (p, q) -> p != q ? 1 : 0;
            case 16 -> Math::floorDiv;
            default -> Math::floorMod;
        };
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            long w = f.apply(x.at(i), y.at(i));
            v[i] = k == Kind.I32 && leaves32 ? (int) w : w;
        }
        LongExpr ye = y.expr;
        long c = y.scalar;
        boolean s = y.kind == Kind.SCALAR;
        LongExpr e = switch (op) {
            case 0 -> s ? x.expr.plus(c) : x.expr.plus(ye);
            case 1 -> s ? x.expr.minus(c) : x.expr.minus(ye);
            case 2 -> s ? x.expr.times(c) : x.expr.times(ye);
            case 3 -> s ? x.expr.min(c) : x.expr.min(ye);
            case 4 -> s ? x.expr.max(c) : x.expr.max(ye);
            case 5 -> s ? x.expr.and(c) : x.expr.and(ye);
            case 6 -> s ? x.expr.or(c) : x.expr.or(ye);
            case 7 -> s ? x.expr.xor(c) : x.expr.xor(ye);
            case 8 -> s ? x.expr.shiftLeft(c) : x.expr.shiftLeft(ye);
            case 9 -> s ? x.expr.shiftRight(c) : x.expr.shiftRight(ye);
            case 10 -> s ? x.expr.lt(c) : x.expr.lt(ye);
            case 11 -> s ? x.expr.le(c) : x.expr.le(ye);
            case 12 -> s ? x.expr.gt(c) : x.expr.gt(ye);
            case 13 -> s ? x.expr.ge(c) : x.expr.ge(ye);
            case 14 -> s ? x.expr.eq(c) : x.expr.eq(ye);
            case 15 -> s ? x.expr.ne(c) : x.expr.ne(ye);
            case 16 -> s ? x.expr.floorDiv(c) : x.expr.floorDiv(ye);
            default -> s ? x.expr.mod(c) : x.expr.mod(ye);
        };
        return new Ref(v, 0, k, e, names[op] + "(" + x.text + ", " + y.text + ")");
    }

    private static Ref or1(Ref y) {
        if (y.kind == Kind.SCALAR) {
            return new Ref(null, y.scalar | 1, Kind.SCALAR, null, Long.toString(y.scalar | 1));
        }
        long[] v = y.v.clone();
        for (int i = 0; i < v.length; i++) {
            v[i] |= 1;
        }
        return new Ref(v, 0, promote(y, new Ref(null, 1, Kind.SCALAR, null, "1")), y.expr.or(1), "or(" + y.text + ", 1)");
    }

    private static Ref and63(Ref y) {
        if (y.kind == Kind.SCALAR) {
            return new Ref(null, y.scalar & 63, Kind.SCALAR, null, Long.toString(y.scalar & 63));
        }
        long[] v = y.v.clone();
        for (int i = 0; i < v.length; i++) {
            v[i] &= 63;
        }
        return new Ref(v, 0, promote(y, new Ref(null, 63, Kind.SCALAR, null, "63")), y.expr.and(63), "and(" + y.text + ", 63)");
    }

    @Test
    void randomTreesOfEveryOperationAreTheReferencesValues() {
        SplittableRandom r = new SplittableRandom(20261203);
        int before = LongKernelCompiler.shapes();
        for (int threads : new int[] {1, 2, 3, 8}) {
            try (Team team = Team.create(threads)) {
                for (int n : SIZES) {
                    for (int trial = 0; trial < 6; trial++) {
                        Ref t = tree(r, n, 1 + r.nextInt(4), false);
                        if (t.kind == Kind.SCALAR) {
                            continue;
                        }
                        String at = t.text + ", " + n + " elements, " + threads + " threads";
                        LongExpr e = t.expr.on(team);
                        assertArrayEquals(t.v, e.eval().toArray(), at);
                        long sum = 0;
                        long count = 0;
                        long max = Long.MIN_VALUE;
                        for (long x : t.v) {
                            sum += x;
                            count += x != 0 ? 1 : 0;
                            max = Math.max(max, x);
                        }
                        assertEquals(sum, e.sum(), "sum of " + at);
                        assertEquals(count, e.count(), "count of " + at);
                        assertEquals(max, e.maxValue(), "max of " + at);
                        int[] wrapped = new int[n];
                        for (int i = 0; i < n; i++) {
                            wrapped[i] = (int) t.v[i];
                        }
                        assertArrayEquals(wrapped, e.evalInts().toArray(), "into int32, " + at);
                    }
                }
            }
        }
        assertTrue(LongKernelCompiler.shapes() > before, "loops were generated");
    }

    @Test
    void inPlaceAssignmentAndMatrixSlicesReadARowAtATime() {
        SplittableRandom r = new SplittableRandom(7);
        for (int threads : new int[] {1, 2, 3}) {
            try (Team team = Team.create(threads)) {
                for (int trial = 0; trial < 12; trial++) {
                    int rows = 3 + r.nextInt(60);
                    int cols = 5 + r.nextInt(300);
                    long[] lv = new long[(rows + 2) * (cols + 3)];
                    int[] iv = new int[(rows + 2) * (cols + 3)];
                    for (int i = 0; i < lv.length; i++) {
                        lv[i] = value(r);
                        iv[i] = (int) value(r);
                    }
                    LongMatrix lm = LongMatrix.of(rows + 2, cols + 3, lv.clone());
                    IntMatrix im = IntMatrix.of(rows + 2, cols + 3, iv.clone());
                    LongMatrix ls = lm.slice(1, rows + 1, 2, cols + 2); // rows of adjacent elements: read in place
                    IntMatrix is = im.slice(2, rows + 2, 0, cols);
                    LongArray row = LongArray.arange(cols);
                    long[][] expected = new long[rows][cols];
                    int[][] expectedInts = new int[rows][cols];
                    for (int i = 0; i < rows; i++) {
                        for (int j = 0; j < cols; j++) {
                            long a = lv[(i + 1) * (cols + 3) + j + 2];
                            int b = iv[(i + 2) * (cols + 3) + j];
                            expected[i][j] = (a * 3 - b) ^ (j + 0L) | (b < a ? 1 : 0);
                            expectedInts[i][j] = (b * b + 7) - Math.min(b, j); // int32 throughout, wrapped after every operation
                        }
                    }
                    String at = rows + " x " + cols + ", " + threads + " threads";
                    LongExpr e = ls.expr().on(team).times(3).minus(is.expr()).xor(row).or(is.expr().lt(ls.expr()));
                    e.into(ls); // in place: the target is one of the operands
                    for (int i = 0; i < rows; i++) {
                        for (int j = 0; j < cols; j++) {
                            assertEquals(expected[i][j], ls.get(i, j), "element (" + i + ", " + j + "), " + at);
                        }
                    }
                    IntArray rowInts = IntArray.arange(cols);
                    is.expr().on(team).times(is.expr()).plus(7).minus(is.expr().min(rowInts)).into(is);
                    for (int i = 0; i < rows; i++) {
                        for (int j = 0; j < cols; j++) {
                            assertEquals(expectedInts[i][j], is.get(i, j), "int32 element (" + i + ", " + j + "), " + at);
                        }
                    }
                }
            }
        }
    }

    @Test
    void moreInputsThanOneLoopReadsNestLoops() {
        int n = 10_007;
        int k = 30;
        long[][] arrays = new long[k][n];
        SplittableRandom r = new SplittableRandom(3);
        long[] expected = new long[n];
        LongExpr sum = null;
        for (int a = 0; a < k; a++) {
            for (int i = 0; i < n; i++) {
                arrays[a][i] = value(r);
                expected[i] += arrays[a][i] * (a + 1);
            }
            LongExpr term = LongArray.of(arrays[a]).times(a + 1);
            sum = sum == null ? term : sum.plus(term);
        }
        for (int threads : new int[] {1, 2, 8}) {
            try (Team team = Team.create(threads)) {
                assertArrayEquals(expected, sum.on(team).eval().toArray(), threads + " threads");
            }
        }
    }

    @Test
    void aZeroDivisorInsideAGeneratedLoopNamesItsElement() {
        long[] divisors = new long[40_001];
        java.util.Arrays.fill(divisors, 3);
        divisors[30_001] = 0;
        try (Team team = Team.create(3)) {
            LongExpr e = LongArray.arange(40_001).on(team).times(2).plus(1).floorDiv(LongArray.of(divisors).times(1)).minus(4);
            var z = assertThrows(ArithmeticException.class, e::eval);
            assertTrue(z.getMessage().contains("element 30001") && z.getMessage().contains("60003 // 0"), z.getMessage());
        }
    }

    @Test
    void explainSaysWhichLoopsRun() {
        LongExpr big = LongArray.arange(5000).times(3).plus(LongArray.arange(5000));
        assertTrue(big.explain().contains("one loop generated"), big.explain());
        LongExpr small = LongArray.arange(100).times(3).plus(1);
        assertTrue(small.explain().contains("a fixed loop per operation"), small.explain());
        assertTrue(big.explain().contains("add(mul("), big.explain());
    }
}
