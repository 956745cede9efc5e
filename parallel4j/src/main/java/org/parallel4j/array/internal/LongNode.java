package org.parallel4j.array.internal;

import java.util.Locale;

/**
 * A node of an integer array expression: it writes block {@code [start, start + len)} of its
 * values into a {@code long} buffer. Each node has NumPy's type for its values ({@link Kind}):
 * int64 arithmetic wraps around as NumPy's int64 does (Java's {@code long} arithmetic); int32
 * arithmetic (both sides int32, or int32 with a scalar that fits it) is computed in 64 bits and
 * wrapped to 32 after every operation, so each operation sees exactly the values NumPy's int32
 * would. {@code //} and {@code %} floor, as Python's do; shifts are NumPy's (a count of 64 or
 * more, or a negative one, shifts every bit out); comparisons give 1 or 0. Each operation
 * has a fixed loop of its own, as the {@code double} nodes do, and a tree of them can run as one
 * generated loop ({@link LongCompiled}); evaluation runs in the same blocks on the same team.
 */
public sealed interface LongNode extends Shaped
        permits LongNode.View, LongNode.Scalar, LongNode.Binary, LongNode.Unary, LongNode.Where, LongNode.Stretch, LongCompiled {
    /** The number of elements, or -1 for a scalar that broadcasts to any length. */
    @Override
    long length();

    /** The number of columns of a two-dimensional expression (elements row after row), 0 for a one-dimensional one or a scalar. */
    @Override
    default int cols() {
        return 0;
    }

    /** The shape, as NumPy writes it: {@code (n,)}, {@code (rows, cols)}, or {@code ()} for a scalar. */
    default String shape() {
        return Shaped.shape(length(), cols());
    }

    /** Writes elements {@code [start, start + len)} into {@code out[oo, oo + len)}. */
    void eval(long start, int len, long[] out, int oo, Scratch scratch);

    /** The expression, as {@code add(a[100], 3)}. */
    String describe();

    /** NumPy's type of this node's values. */
    Kind kind();

    /**
     * NumPy's types of integer values: int32 and int64 arrays, a Python integer scalar (whose type
     * is decided by value, as NumPy 1.x's casting does: one that fits int32 keeps an int32 array
     * int32, a larger one makes the result int64), and a comparison's bool (int32 with int32, else
     * int64).
     */
    enum Kind {
        /** NumPy's int32: values wrapped to 32 bits after every operation. */
        INT32,
        /** NumPy's int64. */
        INT64,
        /** A scalar, typed by its value when combined with an array. */
        SCALAR,
        /** A comparison's 0 or 1. */
        BOOL;

        /** The type of {@code x op y}'s values (of {@code where}'s two choices). */
        static Kind promote(LongNode x, LongNode y) {
            Kind a = x.kind(), b = y.kind();
            if (a == INT64 || b == INT64) {
                return INT64;
            }
            if (a == INT32 || b == INT32) {
                LongNode other = a == INT32 ? y : x;
                // a scalar's own value decides; a computed one (-c) is taken as int64
                boolean fits = other instanceof Scalar c ? c.value() == (int) c.value() : other.kind() != SCALAR;
                return fits ? INT32 : INT64;
            }
            return INT64;
        }
    }

    /** The binary operations. */
    enum Op {
        ADD(true), SUB(true), MUL(true), FLOORDIV(true), MOD(true), MIN(false), MAX(false),
        AND(false), OR(false), XOR(false), SHL(true), SHR(false),
        LT(false), LE(false), GT(false), GE(false), EQ(false), NE(false);

        /** Whether the result of two int32 values can leave int32 (and is wrapped back). */
        final boolean leaves32;

        Op(boolean leaves32) {
            this.leaves32 = leaves32;
        }

        /** Whether the result is a comparison's 0 or 1. */
        boolean comparison() {
            return compareTo(LT) >= 0;
        }
    }

    /** The element functions. */
    enum Fn {
        /** {@code -x}. */
        NEG,
        /** {@code |x|}. */
        ABS,
        /** {@code ~x}, NumPy's {@code invert}. */
        NOT,
        /** {@code x.astype(np.int64)}: the same values, computed on in int64. */
        INT64
    }

    /**
     * The index in the backing array of element {@code k} of a view: one-dimensional
     * ({@code cols == 0}) at {@code offset + k * stride}, else row {@code k / cols}, column
     * {@code k % cols}.
     */
    private static long at(long k, long offset, long rowStride, long stride, int cols) {
        return cols == 0 ? offset + k * stride : offset + (k / cols) * rowStride + (k % cols) * stride;
    }

    /** How many of {@code left} elements from element {@code k} lie in one row of a view (all of them in one dimension). */
    private static int run(long k, int left, int cols) {
        return cols == 0 ? left : (int) Math.min(left, cols - k % cols);
    }

    /** Whether element {@code k} of a view is at {@code offset + k} for every {@code k}. */
    private static boolean contiguous(long rowStride, long stride, long length, int cols) {
        return stride == 1 && (cols == 0 || rowStride == cols || length <= cols);
    }

    /** Where block {@code [start, start + len)} of {@code n} can be read: a contiguous array in place, else a buffer. */
    private static long[] source(LongNode n, long start, int len, Scratch scratch) {
        if (n instanceof Array a && a.contiguous()) {
            scratch.offset = Math.toIntExact(a.offset + start);
            return a.data;
        }
        long[] buf = scratch.takeLong();
        n.eval(start, len, buf, 0, scratch);
        scratch.offset = 0;
        return buf;
    }

    private static boolean buffered(LongNode n) {
        return !(n instanceof Array a && a.contiguous());
    }

    /** A view of an int64 ({@link Array}) or int32 ({@link Ints}) array: where its elements lie in the array behind it. */
    sealed interface View extends LongNode permits Array, Ints {
        /** The backing array: a {@code long[]} or an {@code int[]}. */
        Object data();

        /** The index of element 0. */
        long offset();

        /** The distance between rows (two dimensions). */
        long rowStride();

        /** The distance between elements of a row. */
        long stride();

        /** Whether element {@code k} is {@code data[offset + k]} for every {@code k}. */
        boolean contiguous();
    }

    /**
     * A view of a {@code long[]}: one-dimensional ({@code cols == 0}), element {@code k} is
     * {@code data[offset + k * stride]}; two-dimensional, row-major ({@code cols > 0}), row
     * {@code i} and column {@code j} are at {@code data[offset + i * rowStride + j * stride]}.
     *
     * @param data the backing array
     * @param offset the index of element 0
     * @param rowStride the distance between rows (two dimensions), at least 0
     * @param stride the distance between elements (of a row), at least 1
     * @param length the number of elements
     * @param cols the number of columns; 0 for one dimension
     */
    record Array(long[] data, long offset, long rowStride, long stride, long length, int cols) implements View {
        /** A one-dimensional view. */
        public Array(long[] data, long offset, long stride, long length) {
            this(data, offset, 0, stride, length, 0);
        }

        /** Whether element {@code k} is {@code data[offset + k]} for every {@code k}: read and written in place. */
        @Override
        public boolean contiguous() {
            return LongNode.contiguous(rowStride, stride, length, cols);
        }

        /** The index in {@code data} of element {@code k}. */
        long at(long k) {
            return LongNode.at(k, offset, rowStride, stride, cols);
        }

        @Override
        public void eval(long start, int len, long[] out, int oo, Scratch scratch) {
            if (contiguous()) {
                System.arraycopy(data, Math.toIntExact(offset + start), out, oo, len);
                return;
            }
            for (int done = 0; done < len;) {
                int run = run(start + done, len - done, cols);
                long a = at(start + done);
                for (int i = 0; i < run; i++, a += stride) {
                    out[oo + done + i] = data[(int) a];
                }
                done += run;
            }
        }

        /** Writes {@code in[io, io + len)} to elements {@code [start, start + len)}. */
        void scatter(long start, int len, long[] in, int io) {
            if (contiguous()) {
                System.arraycopy(in, io, data, Math.toIntExact(offset + start), len);
                return;
            }
            for (int done = 0; done < len;) {
                int run = run(start + done, len - done, cols);
                long a = at(start + done);
                for (int i = 0; i < run; i++, a += stride) {
                    data[(int) a] = in[io + done + i];
                }
                done += run;
            }
        }

        /** Whether this view and {@code other} are the same elements of the same array in the same order. */
        boolean sameView(Array other) {
            return data == other.data && offset == other.offset && length == other.length
                    && (contiguous() && other.contiguous() || stride == other.stride && cols == other.cols && rowStride == other.rowStride);
        }

        @Override
        public String describe() {
            return "a[" + LongNode.describe(rowStride, stride, length, cols) + "]";
        }

        @Override
        public Kind kind() {
            return Kind.INT64;
        }
    }

    /** A view's shape and steps, as {@code 100, step 2} or {@code 10 x 10, row step 20}. */
    private static String describe(long rowStride, long stride, long length, int cols) {
        if (cols == 0) {
            return length + (stride == 1 ? "" : ", step " + stride);
        }
        return length / cols + " x " + cols + (contiguous(rowStride, stride, length, cols) ? ""
                : ", row step " + rowStride + (stride == 1 ? "" : ", column step " + stride));
    }

    /**
     * A view of an {@code int[]} read as {@code long}s, laid out as {@link Array}'s views are.
     *
     * @param data the backing array
     * @param offset the index of element 0
     * @param rowStride the distance between rows (two dimensions), at least 0
     * @param stride the distance between elements (of a row), at least 1
     * @param length the number of elements
     * @param cols the number of columns; 0 for one dimension
     */
    record Ints(int[] data, long offset, long rowStride, long stride, long length, int cols) implements View {
        /** A one-dimensional view. */
        public Ints(int[] data, long offset, long stride, long length) {
            this(data, offset, 0, stride, length, 0);
        }

        /** Whether element {@code k} is {@code data[offset + k]} for every {@code k}. */
        @Override
        public boolean contiguous() {
            return LongNode.contiguous(rowStride, stride, length, cols);
        }

        /** The index in {@code data} of element {@code k}. */
        long at(long k) {
            return LongNode.at(k, offset, rowStride, stride, cols);
        }

        @Override
        public void eval(long start, int len, long[] out, int oo, Scratch scratch) {
            for (int done = 0; done < len;) {
                int run = run(start + done, len - done, cols);
                long a = at(start + done);
                for (int i = 0; i < run; i++, a += stride) {
                    out[oo + done + i] = data[(int) a];
                }
                done += run;
            }
        }

        /** Writes {@code in[io, io + len)} to elements {@code [start, start + len)}, each wrapped to 32 bits ({@code astype(np.int32)}). */
        void scatter(long start, int len, long[] in, int io) {
            if (contiguous()) { // a loop the JIT vectorizes
                int o = Math.toIntExact(offset + start);
                for (int i = 0; i < len; i++) {
                    data[o + i] = (int) in[io + i];
                }
                return;
            }
            for (int done = 0; done < len;) {
                int run = run(start + done, len - done, cols);
                long a = at(start + done);
                for (int i = 0; i < run; i++, a += stride) {
                    data[(int) a] = (int) in[io + done + i];
                }
                done += run;
            }
        }

        @Override
        public String describe() {
            return "int32 a[" + LongNode.describe(rowStride, stride, length, cols) + "]";
        }

        @Override
        public Kind kind() {
            return Kind.INT32;
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

        @Override
        public Kind kind() {
            return Kind.SCALAR;
        }
    }

    /**
     * {@code x op y}, element by element.
     *
     * @param op the operation
     * @param x the left side
     * @param y the right side
     * @param length the length, checked by {@link #of}
     * @param cols the number of columns (two dimensions), 0 for one
     * @param kind NumPy's type of the result, from {@link Kind#promote} ({@link Kind#BOOL} for a comparison)
     */
    record Binary(Op op, LongNode x, LongNode y, long length, int cols, Kind kind) implements LongNode {
        /** {@code x op y}, each side broadcast to the shape of both, or an error naming both shapes. */
        public static Binary of(Op op, LongNode x, LongNode y) {
            Kind k = op.comparison() ? Kind.BOOL : Kind.promote(x, y);
            long[] shape = Shaped.broadcast(op.name().toLowerCase(Locale.ROOT), x, y);
            return new Binary(op, Stretch.to(x, shape), Stretch.to(y, shape), shape[0], (int) shape[1], k);
        }

        @Override
        public void eval(long start, int len, long[] out, int oo, Scratch scratch) {
            long[] a = source(x, start, len, scratch);
            int ao = scratch.offset;
            long[] b = source(y, start, len, scratch);
            int bo = scratch.offset;
            if (op == Op.FLOORDIV || op == Op.MOD) {
                for (int i = 0; i < len; i++) {
                    long d = b[bo + i];
                    if (d == 0) {
                        throw new ArithmeticException("integer " + (op == Op.MOD ? "modulo" : "division") + " by zero at element "
                                + (start + i) + " (" + a[ao + i] + (op == Op.MOD ? " % " : " // ") + "0)");
                    }
                    out[oo + i] = op == Op.MOD ? Math.floorMod(a[ao + i], d) : Math.floorDiv(a[ao + i], d);
                }
            } else {
                LongLoops.binary(op, a, ao, b, bo, out, oo, len);
            }
            if (kind == Kind.INT32 && op.leaves32) {
                LongLoops.wrap32(out, oo, len); // min, max, and, or, xor of int32 values are int32 already
            }
            if (buffered(y)) {
                scratch.releaseLong();
            }
            if (buffered(x)) {
                scratch.releaseLong();
            }
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
        public int cols() {
            return x.cols();
        }

        @Override
        public void eval(long start, int len, long[] out, int oo, Scratch scratch) {
            long[] a = source(x, start, len, scratch);
            int o = scratch.offset;
            switch (fn) {
                case NEG -> {
                    for (int i = 0; i < len; i++) {
                        out[oo + i] = -a[o + i];
                    }
                }
                case ABS -> {
                    for (int i = 0; i < len; i++) {
                        out[oo + i] = Math.abs(a[o + i]);
                    }
                }
                case NOT -> {
                    for (int i = 0; i < len; i++) {
                        out[oo + i] = ~a[o + i];
                    }
                }
                case INT64 -> System.arraycopy(a, o, out, oo, len);
            }
            if ((fn == Fn.NEG || fn == Fn.ABS) && x.kind() == Kind.INT32) {
                LongLoops.wrap32(out, oo, len); // -(-2^31) is -2^31 in int32
            }
            if (buffered(x)) {
                scratch.releaseLong();
            }
        }

        @Override
        public String describe() {
            return fn.name().toLowerCase(Locale.ROOT) + "(" + x.describe() + ")";
        }

        @Override
        public Kind kind() {
            return fn == Fn.INT64 ? Kind.INT64 : x.kind();
        }
    }

    /**
     * {@code cond != 0 ? a : b}, element by element.
     *
     * @param cond the condition
     * @param a the value where it holds
     * @param b the value elsewhere
     * @param length the length, checked by {@link #of}
     * @param cols the number of columns (two dimensions), 0 for one
     * @param kind NumPy's type of the result: that of {@code a} and {@code b} combined
     */
    record Where(LongNode cond, LongNode a, LongNode b, long length, int cols, Kind kind) implements LongNode {
        /** {@code where(cond, a, b)}, the three broadcast to one shape, or an error naming the shapes. */
        public static Where of(LongNode cond, LongNode a, LongNode b) {
            long[] shape = Shaped.broadcast("where", cond, a, b);
            return new Where(Stretch.to(cond, shape), Stretch.to(a, shape), Stretch.to(b, shape), shape[0], (int) shape[1],
                    Kind.promote(a, b));
        }

        @Override
        public void eval(long start, int len, long[] out, int oo, Scratch scratch) {
            long[] c = source(cond, start, len, scratch);
            int co = scratch.offset;
            long[] x = source(a, start, len, scratch);
            int xo = scratch.offset;
            long[] y = source(b, start, len, scratch);
            int yo = scratch.offset;
            LongLoops.where(c, co, x, xo, y, yo, out, oo, len);
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

    /**
     * {@code x} under another shape: the same elements in the same order (a row as a
     * {@code (1, n)} matrix, a one-dimensional array as a column, a matrix read flat), or
     * stretched by NumPy's broadcasting (a row repeated for every row, a column
     * {@code (rows, 1)} across every column). Nothing is copied: each run of a block within one
     * row reads the matching run of the source row, or one element of the source column. (The
     * same runs as {@link Broadcast}'s, written again for {@code long} buffers: one shared loop
     * calling back per run made a narrow column broadcast 40% slower, its call site serving both.)
     *
     * @param x the expression
     * @param length the new number of elements
     * @param cols the new number of columns; 0 for one dimension
     */
    record Stretch(LongNode x, long length, int cols) implements LongNode {
        /** {@code x} as the shape {@code {length, cols}}: itself when it has that shape already or is a scalar. */
        public static LongNode to(LongNode x, long[] shape) {
            if (x.length() < 0 || x.length() == shape[0] && x.cols() == (int) shape[1]) {
                return x;
            }
            return new Stretch(x, shape[0], (int) shape[1]);
        }

        @Override
        public void eval(long start, int len, long[] out, int oo, Scratch scratch) {
            if (x.length() == length) {
                x.eval(start, len, out, oo, scratch); // broadcasting never reorders: the same elements
                return;
            }
            long width = cols == 0 ? length : cols;
            long xCols = x.cols() == 0 ? x.length() : x.cols();
            long xRows = x.cols() == 0 ? 1 : x.length() / x.cols();
            long[] one = xCols == 1 ? scratch.takeLong() : null;
            for (int done = 0; done < len;) {
                long k = start + done;
                long i = k / width;
                long j = k % width;
                int run = (int) Math.min(len - done, width - j);
                long row = xRows == 1 ? 0 : i;
                if (xCols == 1) {
                    x.eval(row, 1, one, 0, scratch);
                    java.util.Arrays.fill(out, oo + done, oo + done + run, one[0]);
                } else {
                    x.eval(row * xCols + j, run, out, oo + done, scratch);
                }
                done += run;
            }
            if (one != null) {
                scratch.releaseLong();
            }
        }

        @Override
        public String describe() {
            return x.length() == length ? x.describe() + " as " + shape() : "broadcast(" + x.describe() + " to " + shape() + ")";
        }

        @Override
        public Kind kind() {
            return x.kind();
        }
    }
}
