package org.parallel4j.array.internal;

/**
 * What the {@code double} and the integer expression nodes share: a length and, for a
 * two-dimensional (row-major) expression, a number of columns; and NumPy's broadcasting of
 * such shapes, written once for both kinds of node.
 */
interface Shaped {
    /** The number of elements, or -1 for a scalar that broadcasts to any length. */
    long length();

    /** The number of columns of a two-dimensional expression, whose elements run row after row; 0 for a one-dimensional one or a scalar. */
    int cols();

    /** The shape, as NumPy writes it: {@code (n,)}, {@code (rows, cols)}, or {@code ()} for a scalar. */
    static String shape(long length, int cols) {
        return length < 0 ? "()" : cols == 0 ? "(" + length + ",)" : "(" + length / cols + ", " + cols + ")";
    }

    /**
     * The shape {@code parts} broadcast to, by NumPy's rule: a scalar fits anything; a
     * one-dimensional array of {@code n} is a row {@code (1, n)} beside a matrix; each dimension
     * must be equal or 1, and a 1 stretches. Returns {length, cols}; an error naming every shape
     * when they do not fit.
     */
    static long[] broadcast(String op, Shaped... parts) {
        long rows = -1;
        long cols = -1;
        boolean twoD = false;
        boolean any = false;
        for (Shaped p : parts) {
            long n = p.length();
            if (n < 0) {
                continue;
            }
            int c = p.cols();
            long pr = c == 0 ? 1 : n / c;
            long pc = c == 0 ? n : c;
            twoD |= c != 0;
            if (!any) {
                rows = pr;
                cols = pc;
                any = true;
                continue;
            }
            long r = fit(rows, pr);
            long cc = fit(cols, pc);
            if (r < 0 || cc < 0) {
                throw mismatch(op, parts);
            }
            rows = r;
            cols = cc;
        }
        if (!any) {
            return new long[] {-1, 0};
        }
        if (!twoD && rows != 1) {
            throw mismatch(op, parts);
        }
        return twoD ? new long[] {rows * cols, Math.toIntExact(cols)} : new long[] {cols, 0};
    }

    private static long fit(long a, long b) {
        return a == b || b == 1 ? a : a == 1 ? b : -1;
    }

    private static IllegalArgumentException mismatch(String op, Shaped... parts) {
        StringBuilder b = new StringBuilder("shapes do not match for " + op + ": ");
        for (int i = 0; i < parts.length; i++) {
            b.append(i == 0 ? "" : i == parts.length - 1 ? " and " : ", ").append(shape(parts[i].length(), parts[i].cols()));
        }
        return new IllegalArgumentException(b + " (each dimension must be equal or 1; a one-dimensional array is a row)");
    }

    /**
     * Checks that {@code expr} broadcasts to the shape of {@code target} (a scalar fills it, a
     * row fills every row, a column every column), or an error naming both shapes; returns that shape.
     */
    static long[] assignable(Shaped expr, Shaped target) {
        long[] shape;
        try {
            shape = broadcast("assignment", target, expr);
        } catch (IllegalArgumentException e) {
            shape = null;
        }
        if (shape == null || shape[0] != target.length() || (int) shape[1] != target.cols()) {
            throw new IllegalArgumentException("could not broadcast an expression of shape " + shape(expr.length(), expr.cols())
                    + " into shape " + shape(target.length(), target.cols()));
        }
        return shape;
    }
}
