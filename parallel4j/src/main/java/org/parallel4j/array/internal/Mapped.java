package org.parallel4j.array.internal;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** A user's function applied to every element (a call per element: the one loop here that is not fixed). */
public final class Mapped extends Node {
    final DoubleUnaryOperator f;
    final Node x;

    /**
     * {@code f(x)}.
     *
     * @param f the function
     * @param x its argument
     */
    public Mapped(DoubleUnaryOperator f, Node x) {
        this.f = f;
        this.x = x;
    }

    @Override
    public long length() {
        return x.length();
    }

    @Override
    public int cols() {
        return x.cols();
    }

    @Override
    void eval(long start, int len, double[] out, int oo, Scratch scratch) {
        double[] a = source(x, start, len, scratch);
        int o = scratch.offset;
        for (int i = 0; i < len; i++) {
            out[oo + i] = f.applyAsDouble(a[o + i]);
        }
        if (takesBuffer(x)) {
            scratch.release();
        }
    }

    @Override
    public void leaves(List<Leaf> into) {
        x.leaves(into);
    }

    @Override
    public String describe() {
        return "map(" + x.describe() + ")";
    }
}
