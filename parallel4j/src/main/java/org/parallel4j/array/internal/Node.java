package org.parallel4j.array.internal;

import java.util.List;

/**
 * A node of an array expression: it writes block {@code [start, start + len)} of its values into a
 * buffer. Each kind of node runs its own fixed loop per operation, so what the JIT learns about
 * one expression's loop never slows another's (numexpr's design, see the package docs).
 */
public abstract sealed class Node permits Leaf, Constant, Unary, Binary, Select, Mapped, Compiled {
    /** The number of elements, or -1 for a scalar that broadcasts to any length. */
    public abstract long length();

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
        if (n instanceof Leaf leaf && leaf.stride == 1) {
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
        return !(n instanceof Leaf leaf && leaf.stride == 1);
    }

    /** The length of {@code a op b}: equal lengths, or one side a scalar; else an error naming both. */
    static long combined(Node a, Node b, String op) {
        long la = a.length();
        long lb = b.length();
        if (la < 0) {
            return lb;
        }
        if (lb < 0 || la == lb) {
            return la;
        }
        throw new IllegalArgumentException("shapes do not match for " + op + ": (" + la + ",) and (" + lb + ",)");
    }
}
