package org.parallel4j.array.internal;

import java.util.List;

/** A {@code long} expression's values as {@code double}s ({@code a.astype(float)}): each block computed, then converted. */
public final class FromLong extends Node {
    final LongNode x;

    /**
     * {@code (double) x}, element by element.
     *
     * @param x the {@code long} expression
     */
    public FromLong(LongNode x) {
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
        long[] buf = scratch.takeLong();
        x.eval(start, len, buf, 0, scratch);
        for (int i = 0; i < len; i++) {
            out[oo + i] = buf[i];
        }
        scratch.releaseLong();
    }

    @Override
    public void leaves(List<Leaf> into) {
    }

    @Override
    public String describe() {
        return "double(" + x.describe() + ")";
    }
}
