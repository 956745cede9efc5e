package org.parallel4j.array.internal;

import java.util.List;

/**
 * {@code x op y} element by element, a scalar side broadcast, and a row or column of a matrix
 * by NumPy's rule ({@link Broadcast}). The four arithmetic operations
 * have a fixed loop for each of array-array, scalar-array and array-scalar; the others share
 * one loop per form.
 */
public final class Binary extends Node {
    /** The operations: arithmetic, power, NaN-propagating minimum and maximum, comparisons (1.0 true, 0.0 false). */
    public enum Op { ADD, SUB, MUL, DIV, POW, MIN, MAX, LT, LE, GT, GE, EQ, NE }

    final Op op;
    final Node x;
    final Node y;
    private final long length;
    private final int cols;

    /**
     * {@code x op y}.
     *
     * @param op the operation
     * @param x the left side
     * @param y the right side
     */
    public Binary(Op op, Node x, Node y) {
        long[] shape = broadcast(op.name().toLowerCase(java.util.Locale.ROOT), x, y);
        this.op = op;
        this.x = Broadcast.to(x, shape);
        this.y = Broadcast.to(y, shape);
        this.length = shape[0];
        this.cols = (int) shape[1];
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
        if (x instanceof Constant c) {
            double[] b = source(y, start, len, scratch);
            scalarArray(op, c.value, b, scratch.offset, out, oo, len);
            if (takesBuffer(y)) {
                scratch.release();
            }
            return;
        }
        if (y instanceof Constant c) {
            double[] a = source(x, start, len, scratch);
            arrayScalar(op, a, scratch.offset, c.value, out, oo, len);
            if (takesBuffer(x)) {
                scratch.release();
            }
            return;
        }
        double[] a = source(x, start, len, scratch);
        int ao = scratch.offset;
        double[] b = source(y, start, len, scratch);
        int bo = scratch.offset;
        arrayArray(op, a, ao, b, bo, out, oo, len);
        if (takesBuffer(y)) {
            scratch.release();
        }
        if (takesBuffer(x)) {
            scratch.release();
        }
    }

    private static void arrayArray(Op op, double[] a, int ao, double[] b, int bo, double[] out, int oo, int len) {
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
            case DIV -> {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = a[ao + i] / b[bo + i];
                }
            }
            default -> {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = apply(op, a[ao + i], b[bo + i]);
                }
            }
        }
    }

    private static void scalarArray(Op op, double c, double[] b, int bo, double[] out, int oo, int len) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = c + b[bo + i];
                }
            }
            case SUB -> {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = c - b[bo + i];
                }
            }
            case MUL -> {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = c * b[bo + i];
                }
            }
            case DIV -> {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = c / b[bo + i];
                }
            }
            default -> {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = apply(op, c, b[bo + i]);
                }
            }
        }
    }

    private static void arrayScalar(Op op, double[] a, int ao, double c, double[] out, int oo, int len) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = a[ao + i] + c;
                }
            }
            case SUB -> {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = a[ao + i] - c;
                }
            }
            case MUL -> {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = a[ao + i] * c;
                }
            }
            case DIV -> {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = a[ao + i] / c;
                }
            }
            default -> {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = apply(op, a[ao + i], c);
                }
            }
        }
    }

    /** One element of {@code a op b}, as NumPy computes it. */
    static double apply(Op op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MIN -> Math.min(a, b);
            case MAX -> Math.max(a, b);
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
        };
    }

    @Override
    public void leaves(List<Leaf> into) {
        x.leaves(into);
        y.leaves(into);
    }

    @Override
    public String describe() {
        return op.name().toLowerCase(java.util.Locale.ROOT) + "(" + x.describe() + ", " + y.describe() + ")";
    }
}
