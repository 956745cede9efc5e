package org.parallel4j.array.internal;

import java.util.List;

/** {@code where(cond, a, b)}: {@code a} where the condition is non-zero (NaN included, as NumPy's truth), else {@code b}. */
public final class Select extends Node {
    final Node cond;
    final Node a;
    final Node b;
    private final long length;

    /**
     * {@code where(cond, a, b)}.
     *
     * @param cond the condition, as a comparison gives it
     * @param a the values where it holds
     * @param b the values elsewhere
     */
    public Select(Node cond, Node a, Node b) {
        this.cond = cond;
        this.a = a;
        this.b = b;
        long n = -1;
        for (Node part : new Node[] {cond, a, b}) {
            long l = part.length();
            if (l >= 0 && n >= 0 && l != n) {
                throw new IllegalArgumentException("shapes do not match for where: (" + cond.length() + ",), (" + a.length()
                        + ",) and (" + b.length() + ",) (a scalar is -1 here: it fits any length)");
            }
            n = l >= 0 ? l : n;
        }
        this.length = n;
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
