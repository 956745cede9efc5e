package org.parallel4j.array.internal;

import java.util.List;

/**
 * A function applied to every element, one fixed loop per function; the transcendental ones
 * through the Vector API's loops when it is enabled ({@link BlockLoops}).
 */
public final class Unary extends Node {
    /** The element functions. */
    public enum Op { NEG, ABS, SQRT, EXP, LOG, SIN, COS, TAN, TANH, FLOOR, CEIL }

    /** Whether expressions are fast unless told ({@code -Dp4j.array.fast=true}). */
    public static final boolean FAST = Boolean.getBoolean("p4j.array.fast");

    final Op op;
    final Node x;
    /** Whether this function may run the Vector API's version (fast mode), not {@code Math}'s. */
    final boolean fast;

    /**
     * {@code op(x)}, fast when {@code -Dp4j.array.fast=true}.
     *
     * @param op the function
     * @param x its argument
     */
    public Unary(Op op, Node x) {
        this(op, x, FAST);
    }

    /**
     * {@code op(x)}.
     *
     * @param op the function
     * @param x its argument
     * @param fast whether the Vector API's version may run (within 1 ulp of {@code Math}'s, not always its last bit)
     */
    public Unary(Op op, Node x, boolean fast) {
        this.op = op;
        this.x = x;
        this.fast = fast;
    }

    /** Whether this function runs its vector loop: fast mode, with the Vector API on, for exp, log, sin, cos, tan, tanh. */
    boolean vectorLoop() {
        return fast && BlockLoops.vectorized(op);
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
        if (vectorLoop()) {
            BlockLoops.unary(op, a, o, out, oo, len);
        } else {
            scalar(a, o, out, oo, len);
        }
        if (takesBuffer(x)) {
            scratch.release();
        }
    }

    private void scalar(double[] a, int o, double[] out, int oo, int len) {
        switch (op) {
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
            case SQRT -> {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = Math.sqrt(a[o + i]);
                }
            }
            case EXP -> {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = Math.exp(a[o + i]);
                }
            }
            case LOG -> {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = Math.log(a[o + i]);
                }
            }
            case SIN -> {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = Math.sin(a[o + i]);
                }
            }
            case COS -> {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = Math.cos(a[o + i]);
                }
            }
            case TAN -> {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = Math.tan(a[o + i]);
                }
            }
            case TANH -> {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = Math.tanh(a[o + i]);
                }
            }
            case FLOOR -> {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = Math.floor(a[o + i]);
                }
            }
            case CEIL -> {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = Math.ceil(a[o + i]);
                }
            }
        }
    }

    @Override
    public void leaves(List<Leaf> into) {
        x.leaves(into);
    }

    @Override
    public String describe() {
        return op.name().toLowerCase(java.util.Locale.ROOT) + "(" + x.describe() + ")";
    }
}
