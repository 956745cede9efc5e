package org.parallel4j.array.internal;

import java.util.List;

/**
 * An expression stretched to a larger shape by NumPy's broadcasting: a row repeated for every
 * row of a matrix, a column {@code (rows, 1)} repeated across the columns, a {@code (1, 1)}
 * everywhere. Nothing is copied: each run of a block within one row reads the matching run of
 * the source row, or one element of the source column.
 */
public final class Broadcast extends Node {
    final Node x;
    private final long length;
    private final int cols;
    /** The source's rows and columns (a one-dimensional source is one row). */
    private final long xRows;
    private final long xCols;

    private Broadcast(Node x, long length, int cols) {
        this.x = x;
        this.length = length;
        this.cols = cols;
        long n = x.length();
        this.xCols = x.cols() == 0 ? n : x.cols();
        this.xRows = x.cols() == 0 ? 1 : n / x.cols();
    }

    /** {@code x} as the shape {@code {length, cols}}: itself when it has that shape already or is a scalar. */
    static Node to(Node x, long[] shape) {
        if (x.length() < 0 || x.length() == shape[0] && x.cols() == (int) shape[1]) {
            return x;
        }
        if (x.length() == shape[0] && (x.cols() == 0 ? 1 : x.length() / x.cols()) == 1 && shape[1] != 0 && shape[0] == shape[1]) {
            return new Reshape(x, shape[0], (int) shape[1]); // a row as a (1, n) matrix: the same elements
        }
        return new Broadcast(x, shape[0], (int) shape[1]);
    }

    /** The same broadcast of another source of the same shape. */
    Broadcast withSource(Node source) {
        return new Broadcast(source, length, cols);
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
        long width = cols == 0 ? length : cols;
        double[] one = xCols == 1 ? scratch.take() : null;
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
            scratch.release();
        }
    }

    @Override
    public void leaves(List<Leaf> into) {
        x.leaves(into);
    }

    @Override
    public String describe() {
        return "broadcast(" + x.describe() + " to " + shape() + ")";
    }
}
