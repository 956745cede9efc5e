package org.parallel4j.array.internal;

import java.util.List;

/**
 * A node of an array expression: it writes block {@code [start, start + len)} of its values into a
 * buffer. Each kind of node runs its own fixed loop per operation, so what the JIT learns about
 * one expression's loop never slows another's (numexpr's design, see the package docs).
 */
public abstract sealed class Node implements Shaped permits Leaf, Constant, Unary, Binary, Select, Mapped, Compiled, Broadcast, Reshape, FromLong {
    /** The number of elements, or -1 for a scalar that broadcasts to any length. */
    @Override
    public abstract long length();

    /**
     * The number of columns of a two-dimensional (row-major) expression, whose elements run row
     * after row; 0 for a one-dimensional one or a scalar.
     */
    @Override
    public int cols() {
        return 0;
    }

    /** The shape, as NumPy writes it: {@code (n,)}, {@code (rows, cols)}, or {@code ()} for a scalar. */
    public final String shape() {
        return shape(length(), cols());
    }

    static String shape(long length, int cols) {
        return Shaped.shape(length, cols);
    }

    /** Writes elements {@code [start, start + len)} into {@code out[oo, oo + len)}. */
    abstract void eval(long start, int len, double[] out, int oo, Scratch scratch);

    /** The arrays this expression reads. */
    public abstract void leaves(List<Leaf> into);

    /** The expression, as {@code add(a[10000], mul(3.0, b[10000]))}. */
    public abstract String describe();

    /**
     * Where block {@code [start, start + len)} of {@code n}'s values can be read: a contiguous
     * array leaf is read in place, anything else is evaluated into a scratch buffer. The offset
     * of the first element is left in {@link Scratch#offset}.
     */
    static double[] source(Node n, long start, int len, Scratch scratch) {
        if (n instanceof Leaf leaf && leaf.contiguous()) {
            scratch.offset = Math.toIntExact(leaf.offset + start);
            return leaf.data;
        }
        double[] buf = scratch.take();
        n.eval(start, len, buf, 0, scratch);
        scratch.offset = 0;
        return buf;
    }

    /** Whether {@code source} took a buffer for {@code n} (to be released after use). */
    static boolean takesBuffer(Node n) {
        return !(n instanceof Leaf leaf && leaf.contiguous());
    }

    /** NumPy's broadcasting of {@code parts}' shapes ({@link Shaped#broadcast}): {length, cols}, or an error naming every shape. */
    static long[] broadcast(String op, Node... parts) {
        return Shaped.broadcast(op, parts);
    }

    /**
     * {@code n} in fast mode: every function with a vector loop may run it (the Vector API's
     * {@code exp}, {@code log}, {@code sin}, {@code cos}, {@code tan}, {@code tanh}: within 1 ulp of
     * {@code Math}'s, but not always its last bit, and not always the same bit before and after the
     * JIT compiles the loop).
     */
    public static Node fast(Node n) {
        return switch (n) {
            case Leaf l -> l;
            case Constant c -> c;
            case Compiled c -> c;
            case Unary u -> new Unary(u.op, fast(u.x), true);
            case Binary b -> new Binary(b.op, fast(b.x), fast(b.y));
            case Select s -> new Select(fast(s.cond), fast(s.a), fast(s.b));
            case Mapped m -> new Mapped(m.f, fast(m.x));
            case Reshape r -> new Reshape(fast(r.x), r.length(), r.cols());
            case Broadcast b -> b.withSource(fast(b.x));
            case FromLong f -> f;
        };
    }
}
