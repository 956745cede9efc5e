package org.parallel4j.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parallel4j.RandomTries;
import org.parallel4j.loop.Team;

/**
 * Random int64 and int32 expression trees over random views, at sizes on both sides of the
 * evaluator's thresholds, against an element-by-element interpreter that follows the documented
 * types (int32 with int32 or with a scalar that fits stays int32 and wraps after every operation;
 * anything with int64 is int64; {@code //} and {@code %} floor; shifts past the width give 0 or
 * the sign): every element exactly, reductions exactly (integer sums wrap in any order).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RandomIntegerExpressionTest {
    private static final Team THREE = Team.create(3);

    /** A tree, its value at element {@code i}, and whether its type is int32. */
    private record Tree(LongExpr expr, LongUnaryOperator at, boolean int32) {
        long value(int i) {
            return at.applyAsLong(i);
        }
    }

    private static long[] values(int length, SplittableRandom r) {
        long[] v = new long[length];
        for (int i = 0; i < length; i++) {
            v[i] = switch (r.nextInt(30)) {
                case 0 -> Long.MIN_VALUE;
                case 1 -> Long.MAX_VALUE;
                case 2 -> Integer.MIN_VALUE;
                case 3 -> Integer.MAX_VALUE;
                case 4 -> 0;
                case 5 -> -1;
                case 6 -> r.nextLong();
                case 7 -> r.nextInt();
                default -> r.nextInt(201) - 100;
            };
        }
        return v;
    }

    private static Tree leaf(int n, SplittableRandom r) {
        int length = r.nextInt(3) == 0 ? n : 3 * n + 7;
        int wanted = 1 + (r.nextInt(3) == 0 ? r.nextInt(3) : 0);
        int step = (long) (n - 1) * wanted + 1 <= length ? wanted : 1;
        int room = length - ((n - 1) * step + 1);
        int from = room > 0 ? r.nextInt(room + 1) : 0;
        long[] v = values(length, r);
        if (r.nextBoolean()) {
            int[] ints = new int[length];
            for (int i = 0; i < length; i++) {
                ints[i] = (int) v[i];
            }
            IntArray a = length == n ? IntArray.of(ints) : IntArray.of(ints).slice(from, from + (n - 1) * step + 1, step);
            return new Tree(a, i -> ints[from + (int) i * step], true);
        }
        LongArray a = length == n ? LongArray.of(v) : LongArray.of(v).slice(from, from + (n - 1) * step + 1, step);
        return new Tree(a, i -> v[from + (int) i * step], false);
    }

    /** {@code f} of two trees, in int32 when both are (wrapped), else in int64. */
    private static Tree binary(LongExpr e, Tree x, Tree y, LongBinaryOperator f) {
        boolean int32 = x.int32 && y.int32;
        return new Tree(e, i -> wrap(f.applyAsLong(x.value((int) i), y.value((int) i)), int32), int32);
    }

    private static Tree unary(LongExpr e, Tree x, boolean int32, LongUnaryOperator f) {
        return new Tree(e, i -> wrap(f.applyAsLong(x.value((int) i)), int32), int32);
    }

    private static long wrap(long v, boolean int32) {
        return int32 ? (int) v : v;
    }

    private static long shiftLeft(long a, long count, boolean int32) {
        int width = int32 ? 32 : 64;
        return count < 0 || count >= width ? 0 : a << count;
    }

    private static long shiftRight(long a, long count, boolean int32) {
        int width = int32 ? 32 : 64;
        return count < 0 || count >= width ? (a < 0 ? -1 : 0) : a >> count;
    }

    private static Tree tree(int n, int depth, SplittableRandom r) {
        if (depth == 0 || r.nextInt(4) == 0) {
            return leaf(n, r);
        }
        Tree x = tree(n, depth - 1, r);
        int kind = r.nextInt(10);
        if (kind < 4) {
            Tree y = tree(n, depth - 1, r);
            boolean int32 = x.int32 && y.int32;
            return switch (r.nextInt(12)) {
                case 0 -> binary(x.expr.plus(y.expr), x, y, Long::sum);
                case 1 -> binary(x.expr.minus(y.expr), x, y, (p, q) -> p - q);
                case 2 -> binary(x.expr.times(y.expr), x, y, (p, q) -> p * q);
                case 3 -> { // a divisor that is never 0 nor -1: |y| + 1
                    Tree d = unary(y.expr.abs().plus(1), y, y.int32, q -> wrap(wrap(Math.abs(q), y.int32) + 1, y.int32));
                    yield binary(x.expr.floorDiv(d.expr), x, d, Math::floorDiv);
                }
                case 4 -> {
                    Tree d = unary(y.expr.abs().plus(1), y, y.int32, q -> wrap(wrap(Math.abs(q), y.int32) + 1, y.int32));
                    yield binary(x.expr.mod(d.expr), x, d, Math::floorMod);
                }
                case 5 -> binary(x.expr.min(y.expr), x, y, Math::min);
                case 6 -> binary(x.expr.max(y.expr), x, y, Math::max);
                case 7 -> binary(x.expr.and(y.expr), x, y, (p, q) -> p & q);
                case 8 -> binary(x.expr.or(y.expr), x, y, (p, q) -> p | q);
                case 9 -> binary(x.expr.xor(y.expr), x, y, (p, q) -> p ^ q);
                case 10 -> {
                    Tree c = tree(n, depth - 1, r);
                    long t = r.nextInt(21) - 10;
                    LongUnaryOperator ca = c.at;
                    yield new Tree(LongExpr.where(c.expr.gt(t), x.expr, y.expr),
                            i -> wrap(ca.applyAsLong(i) > t ? x.value((int) i) : y.value((int) i), int32), int32);
                }
                default -> r.nextBoolean() ? binary(x.expr.shiftLeft(y.expr.and(int32 ? 31 : 63)), x, y,
                        (p, q) -> shiftLeft(p, q & (int32 ? 31 : 63), int32))
                        : binary(x.expr.shiftRight(y.expr), x, y, (p, q) -> shiftRight(p, q, int32));
            };
        }
        if (kind < 7) {
            boolean big = r.nextInt(6) == 0; // beyond int32: the result is int64
            long c = big ? (r.nextBoolean() ? 1L << 40 : -(1L << 33) - 5) : r.nextInt(41) - 20;
            boolean int32 = x.int32 && !big;
            return switch (r.nextInt(8)) {
                case 0 -> unary(x.expr.plus(c), x, int32, p -> p + c);
                case 1 -> unary(x.expr.minus(c), x, int32, p -> p - c);
                case 2 -> unary(x.expr.times(c), x, int32, p -> p * c);
                case 3 -> unary(x.expr.min(c), x, int32, p -> Math.min(p, c));
                case 4 -> unary(x.expr.max(c), x, int32, p -> Math.max(p, c));
                case 5 -> unary(x.expr.and(c), x, int32, p -> p & c);
                case 6 -> c == 0 ? unary(x.expr.xor(c), x, int32, p -> p ^ c)
                        : unary(x.expr.floorDiv(c), x, int32, p -> Math.floorDiv(p, c));
                default -> c == 0 ? unary(x.expr.or(c), x, int32, p -> p | c) : unary(x.expr.mod(c), x, int32, p -> Math.floorMod(p, c));
            };
        }
        return switch (r.nextInt(5)) {
            case 0 -> unary(x.expr.neg(), x, x.int32, p -> -p);
            case 1 -> unary(x.expr.not(), x, x.int32, p -> ~p);
            case 2 -> unary(x.expr.abs(), x, x.int32, p -> Math.abs(wrap(p, x.int32)));
            case 3 -> unary(x.expr.asLong(), x, false, p -> p);
            default -> unary(x.expr.shiftRight(3), x, x.int32, p -> p >> 3);
        };
    }


    @Test
    void everyElementIsTheInterpretersExactly() {
        RandomTries.run(400, r -> {
            int depth = 1 + r.nextInt(5);
            int n = RandomTries.arrayLength(r);
            Tree t = tree(n, depth, r);
            long[] expected = new long[n];
            int[] wrapped = new int[n];
            for (int i = 0; i < n; i++) {
                expected[i] = t.value(i);
                wrapped[i] = (int) expected[i];
            }
            String what = n + " elements, " + (t.int32 ? "int32" : "int64") + ": " + t.expr.explain();
            assertArrayEquals(expected, t.expr.eval().toArray(), what);
            assertArrayEquals(expected, t.expr.on(THREE).eval().toArray(), "3 threads, " + what);
            int[] out = new int[2 * n + 1];
            t.expr.on(THREE).into(IntArray.of(out).slice(1, 2 * n, 2));
            for (int i = 0; i < n; i++) {
                assertEquals(wrapped[i], out[1 + 2 * i], "into an int32 view with step 2, element " + i + ", " + what);
            }
        });
    }

    @Test
    void reductionsAreExactOnAnyTeam() {
        RandomTries.run(300, r -> {
            int depth = 1 + r.nextInt(4);
            int n = RandomTries.arrayLength(r);
            Tree t = tree(n, depth, r);
            long sum = 0;
            long prod = 1;
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            long argmax = 0;
            long count = 0;
            for (int i = 0; i < n; i++) {
                long v = t.value(i);
                sum += v;
                prod *= v | 1; // odd factors: a product that does not wrap to 0 after 64 even ones
                count += v != 0 ? 1 : 0;
                min = Math.min(min, v);
                if (v > max || i == 0) {
                    max = v;
                    argmax = i;
                }
            }
            String what = n + " elements, " + (t.int32 ? "int32" : "int64") + ": " + t.expr.explain();
            assertEquals(sum, t.expr.sum(), what);
            assertEquals(sum, t.expr.on(THREE).sum(), "3 threads, " + what);
            assertEquals(min, t.expr.on(THREE).minValue(), what);
            assertEquals(max, t.expr.on(THREE).maxValue(), what);
            assertEquals(count, t.expr.on(THREE).count(), what);
            assertEquals(prod, t.expr.or(1).on(THREE).prod(), "prod, " + what);
            assertEquals(argmax, t.expr.on(THREE).argmax(), what);
        });
    }

}
