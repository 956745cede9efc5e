package org.parallel4j.array.internal;

import java.util.List;

/** The same elements in the same order under another shape: a row as a column, a flat array as a matrix. */
public final class Reshape extends Node {
    final Node x;
    private final long length;
    private final int cols;

    /**
     * {@code x} with {@code cols} columns (0: one-dimensional).
     *
     * @param x the expression
     * @param length its number of elements
     * @param cols the new number of columns, which must divide {@code length}; 0 for one dimension
     */
    public Reshape(Node x, long length, int cols) {
        if (x.length() != length || cols < 0 || cols > 0 && length % cols != 0) {
            throw new IllegalArgumentException("cannot reshape an array of shape " + x.shape() + " into " + shape(length, cols));
        }
        this.x = x;
        this.length = length;
        this.cols = cols;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    void eval(long start, int len, double[] out, int oo, Scratch scratch) {
        x.eval(start, len, out, oo, scratch);
    }

    @Override
    public void leaves(List<Leaf> into) {
        x.leaves(into);
    }

    @Override
    public String describe() {
        return x.describe() + " as " + shape();
    }
}
