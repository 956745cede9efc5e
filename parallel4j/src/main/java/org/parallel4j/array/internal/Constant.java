package org.parallel4j.array.internal;

import java.util.List;

/** A scalar, broadcast to the length of what it is combined with. */
public final class Constant extends Node {
    final double value;

    /**
     * A scalar.
     *
     * @param value its value
     */
    public Constant(double value) {
        this.value = value;
    }

    @Override
    public long length() {
        return -1;
    }

    @Override
    void eval(long start, int len, double[] out, int oo, Scratch scratch) {
        java.util.Arrays.fill(out, oo, oo + len, value);
    }

    @Override
    public void leaves(List<Leaf> into) {
    }

    @Override
    public String describe() {
        return Double.toString(value);
    }
}
