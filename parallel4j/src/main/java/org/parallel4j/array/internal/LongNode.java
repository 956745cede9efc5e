package org.parallel4j.array.internal;

import java.util.Locale;

/**
 * A node of a {@code long} array expression (NumPy's int64): it writes block
 * {@code [start, start + len)} of its values into a buffer. Arithmetic wraps around as NumPy's
 * int64 does (Java's {@code long} arithmetic); {@code //} and {@code %} floor, as Python's do;
 * comparisons give 1 or 0. Each operation has a fixed loop of its own, as the {@code double}
 * nodes do; evaluation runs in the same blocks on the same team.
 */
public sealed interface LongNode permits LongNode.Array, LongNode.Ints, LongNode.Scalar, LongNode.Binary, LongNode.Unary, LongNode.Where {
    /** The number of elements, or -1 for a scalar that broadcasts to any length. */
    long length();

    /** Writes elements {@code [start, start + len)} into {@code out[oo, oo + len)}. */
    void eval(long start, int len, long[] out, int oo, Scratch scratch);

    /** The expression, as {@code add(a[100], 3)}. */
    String describe();

    /** The binary operations. */
    enum Op { ADD, SUB, MUL, FLOORDIV, MOD, MIN, MAX, LT, LE, GT, GE, EQ, NE }

    /** The element functions. */
    enum Fn { NEG, ABS }

    /** The length of {@code parts} combined: equal lengths, scalars fitting any; else an error naming every shape. */
    static long combined(String op, LongNode... parts) {
        long n = -1;
        for (LongNode p : parts) {
            if (p.length() >= 0 && n >= 0 && p.length() != n) {
                StringBuilder b = new StringBuilder("shapes do not match for " + op + ":");
                for (LongNode q : parts) {
                    b.append(' ').append(q.length() < 0 ? "()" : "(" + q.length() + ",)");
                }
                throw new IllegalArgumentException(b.toString());
            }
            n = p.length() >= 0 ? p.length() : n;
        }
        return n;
    }

    /** Where block {@code [start, start + len)} of {@code n} can be read: a contiguous array in place, else a buffer. */
    private static long[] source(LongNode n, long start, int len, Scratch scratch) {
        if (n instanceof Array a && a.stride == 1) {
            scratch.offset = Math.toIntExact(a.offset + start);
            return a.data;
        }
        long[] buf = scratch.takeLong();
        n.eval(start, len, buf, 0, scratch);
        scratch.offset = 0;
        return buf;
    }

    private static boolean buffered(LongNode n) {
        return !(n instanceof Array a && a.stride == 1);
    }

    /**
     * A view of a {@code long[]}: element {@code k} is {@code data[offset + k * stride]}.
     *
     * @param data the backing array
     * @param offset the index of element 0
     * @param stride the distance between elements, at least 1
     * @param length the number of elements
     */
    record Array(long[] data, long offset, long stride, long length) implements LongNode {
        @Override
        public void eval(long start, int len, long[] out, int oo, Scratch scratch) {
            if (stride == 1) {
                System.arraycopy(data, Math.toIntExact(offset + start), out, oo, len);
                return;
            }
            long at = offset + start * stride;
            for (int i = 0; i < len; i++, at += stride) {
                out[oo + i] = data[(int) at];
            }
        }

        /** Writes {@code in[io, io + len)} to elements {@code [start, start + len)}. */
        void scatter(long start, int len, long[] in, int io) {
            if (stride == 1) {
                System.arraycopy(in, io, data, Math.toIntExact(offset + start), len);
                return;
            }
            long at = offset + start * stride;
            for (int i = 0; i < len; i++, at += stride) {
                data[(int) at] = in[io + i];
            }
        }

        @Override
        public String describe() {
            return "a[" + length + (stride == 1 ? "" : ", step " + stride) + "]";
        }
    }

    /**
     * A view of an {@code int[]} read as {@code long}s (NumPy's {@code a.astype(np.int64)}):
     * element {@code k} is {@code data[offset + k * stride]}, widened.
     *
     * @param data the backing array
     * @param offset the index of element 0
     * @param stride the distance between elements, at least 1
     * @param length the number of elements
     */
    record Ints(int[] data, long offset, long stride, long length) implements LongNode {
        @Override
        public void eval(long start, int len, long[] out, int oo, Scratch scratch) {
            long at = offset + start * stride;
            for (int i = 0; i < len; i++, at += stride) {
                out[oo + i] = data[(int) at];
            }
        }

        /** Writes {@code in[io, io + len)} to elements {@code [start, start + len)}, each wrapped to 32 bits ({@code astype(np.int32)}). */
        void scatter(long start, int len, long[] in, int io) {
            long at = offset + start * stride;
            for (int i = 0; i < len; i++, at += stride) {
                data[(int) at] = (int) in[io + i];
            }
        }

        @Override
        public String describe() {
            return "int32 a[" + length + (stride == 1 ? "" : ", step " + stride) + "]";
        }
    }

    /**
     * A scalar, broadcast to the length of what it is combined with.
     *
     * @param value the value
     */
    record Scalar(long value) implements LongNode {
        @Override
        public long length() {
            return -1;
        }

        @Override
        public void eval(long start, int len, long[] out, int oo, Scratch scratch) {
            java.util.Arrays.fill(out, oo, oo + len, value);
        }

        @Override
        public String describe() {
            return Long.toString(value);
        }
    }

    /**
     * {@code x op y}, element by element.
     *
     * @param op the operation
     * @param x the left side
     * @param y the right side
     * @param length the length, checked by {@link #of}
     */
    record Binary(Op op, LongNode x, LongNode y, long length) implements LongNode {
        /** {@code x op y}, or an error naming both shapes. */
        public static Binary of(Op op, LongNode x, LongNode y) {
            return new Binary(op, x, y, combined(op.name().toLowerCase(Locale.ROOT), x, y));
        }

        @Override
        public void eval(long start, int len, long[] out, int oo, Scratch scratch) {
            long[] a = source(x, start, len, scratch);
            int ao = scratch.offset;
            long[] b = source(y, start, len, scratch);
            int bo = scratch.offset;
            switch (op) {
                case ADD -> {
                    for (int i = 0; i < len; i++) {
                        out[oo + i] = a[ao + i] + b[bo + i];
                    }
                }
                case SUB -> {
                    for (int i = 0; i < len; i++) {
                        out[oo + i] = a[ao + i] - b[bo + i];
                    }
                }
                case MUL -> {
                    for (int i = 0; i < len; i++) {
                        out[oo + i] = a[ao + i] * b[bo + i];
                    }
                }
                case FLOORDIV, MOD -> {
                    for (int i = 0; i < len; i++) {
                        long d = b[bo + i];
                        if (d == 0) {
                            throw new ArithmeticException("integer " + (op == Op.MOD ? "modulo" : "division") + " by zero at element "
                                    + (start + i) + " (" + a[ao + i] + (op == Op.MOD ? " % " : " // ") + "0)");
                        }
                        out[oo + i] = op == Op.MOD ? Math.floorMod(a[ao + i], d) : Math.floorDiv(a[ao + i], d);
                    }
                }
                default -> {
                    for (int i = 0; i < len; i++) {
                        out[oo + i] = apply(op, a[ao + i], b[bo + i]);
                    }
                }
            }
            if (buffered(y)) {
                scratch.releaseLong();
            }
            if (buffered(x)) {
                scratch.releaseLong();
            }
        }

        private static long apply(Op op, long p, long q) {
            return switch (op) {
                case MIN -> Math.min(p, q);
                case MAX -> Math.max(p, q);
                case LT -> p < q ? 1 : 0;
                case LE -> p <= q ? 1 : 0;
                case GT -> p > q ? 1 : 0;
                case GE -> p >= q ? 1 : 0;
                case EQ -> p == q ? 1 : 0;
                case NE -> p != q ? 1 : 0;
                default -> throw new IllegalStateException(op + " has a loop of its own");
            };
        }

        @Override
        public String describe() {
            return op.name().toLowerCase(Locale.ROOT) + "(" + x.describe() + ", " + y.describe() + ")";
        }
    }

    /**
     * {@code fn(x)}, element by element ({@code abs} of {@code Long.MIN_VALUE} wraps to itself, as NumPy's does).
     *
     * @param fn the function
     * @param x its argument
     */
    record Unary(Fn fn, LongNode x) implements LongNode {
        @Override
        public long length() {
            return x.length();
        }

        @Override
        public void eval(long start, int len, long[] out, int oo, Scratch scratch) {
            long[] a = source(x, start, len, scratch);
            int o = scratch.offset;
            if (fn == Fn.NEG) {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = -a[o + i];
                }
            } else {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = Math.abs(a[o + i]);
                }
            }
            if (buffered(x)) {
                scratch.releaseLong();
            }
        }

        @Override
        public String describe() {
            return fn.name().toLowerCase(Locale.ROOT) + "(" + x.describe() + ")";
        }
    }

    /**
     * {@code cond != 0 ? a : b}, element by element.
     *
     * @param cond the condition
     * @param a the value where it holds
     * @param b the value elsewhere
     * @param length the length, checked by {@link #of}
     */
    record Where(LongNode cond, LongNode a, LongNode b, long length) implements LongNode {
        /** {@code where(cond, a, b)}, or an error naming the shapes. */
        public static Where of(LongNode cond, LongNode a, LongNode b) {
            return new Where(cond, a, b, combined("where", cond, a, b));
        }

        @Override
        public void eval(long start, int len, long[] out, int oo, Scratch scratch) {
            long[] c = source(cond, start, len, scratch);
            int co = scratch.offset;
            long[] x = source(a, start, len, scratch);
            int xo = scratch.offset;
            long[] y = source(b, start, len, scratch);
            int yo = scratch.offset;
            for (int i = 0; i < len; i++) {
                out[oo + i] = c[co + i] != 0 ? x[xo + i] : y[yo + i];
            }
            for (LongNode n : new LongNode[] {b, a, cond}) {
                if (buffered(n)) {
                    scratch.releaseLong();
                }
            }
        }

        @Override
        public String describe() {
            return "where(" + cond.describe() + ", " + a.describe() + ", " + b.describe() + ")";
        }
    }
}
