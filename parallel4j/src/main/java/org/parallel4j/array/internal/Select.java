package org.parallel4j.array.internal;

import java.util.List;

/** {@code where(cond, a, b)}: {@code a} where the condition is non-zero (NaN included, as NumPy's truth), else {@code b}. */
public final class Select extends Node {
    final Node cond;
    final Node a;
    final Node b;
    private final long length;
    private final int cols;

    /**
     * {@code where(cond, a, b)}.
     *
     * @param cond the condition, as a comparison gives it
     * @param a the values where it holds
     * @param b the values elsewhere
     */
    public Select(Node cond, Node a, Node b) {
        long[] shape = broadcast("where", cond, a, b);
        this.cond = Broadcast.to(cond, shape);
        this.a = Broadcast.to(a, shape);
        this.b = Broadcast.to(b, shape);
        this.length = shape[0];
        this.cols = (int) shape[1];
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    void eval(long start, int len, double[] out, int oo, Scratch scratch) {
        double[] c = source(cond, start, len, scratch);
        int co = scratch.offset;
        double[] x = source(a, start, len, scratch);
        int xo = scratch.offset;
        double[] y = source(b, start, len, scratch);
        int yo = scratch.offset;
        for (int i = 0; i < len; i++) {
            out[oo + i] = c[co + i] != 0 ? x[xo + i] : y[yo + i];
        }
        for (Node n : new Node[] {b, a, cond}) {
            if (takesBuffer(n)) {
                scratch.release();
            }
        }
    }

    @Override
    public void leaves(List<Leaf> into) {
        cond.leaves(into);
        a.leaves(into);
        b.leaves(into);
    }

    @Override
    public String describe() {
        return "where(" + cond.describe() + ", " + a.describe() + ", " + b.describe() + ")";
    }
}
