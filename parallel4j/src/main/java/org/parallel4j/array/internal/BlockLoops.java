package org.parallel4j.array.internal;

/**
 * The loops that reduce one block, and (in fast mode) the transcendental functions over one
 * block: through the Vector API ({@link VectorLoops}) when the JVM has {@code jdk.incubator.vector} enabled and
 * 256-bit vectors, else the scalar loops here. A reduction's order is fixed by the block, not
 * by the loop that runs it: eight running sums (element {@code i} to sum {@code i mod 8}, the
 * tail to sum 0) added pairwise at the end, so both paths give the same bits.
 * {@code -Dp4j.array.simd=false} keeps the scalar loops.
 */
final class BlockLoops {
    /** Whether the Vector API loops run. */
    static final boolean VECTOR = probe();

    private BlockLoops() {
    }

    private static boolean probe() {
        if ("false".equals(System.getProperty("p4j.array.simd"))
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return VectorLoops.usable();
        } catch (LinkageError e) { // the module is there but this module cannot read it
            return false;
        }
    }

    /** What {@code explain()} and {@code p4j info} say of the SIMD loops. */
    static String describe() {
        if (VECTOR) {
            return "Vector API, 4 doubles per vector";
        }
        if ("false".equals(System.getProperty("p4j.array.simd"))) {
            return "scalar loops (-Dp4j.array.simd=false)";
        }
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()
                ? "scalar loops (jdk.incubator.vector not enabled: java --add-modules jdk.incubator.vector, as p4j runs)"
                : "scalar loops (this CPU's vectors are narrower than 256 bits)";
    }

    static double sum(double[] v, int o, int len) {
        return VECTOR ? VectorLoops.sum(v, o, len) : scalarSum(v, o, len);
    }

    static double dot(double[] a, int ao, double[] b, int bo, int len) {
        return VECTOR ? VectorLoops.dot(a, ao, b, bo, len) : scalarDot(a, ao, b, bo, len);
    }

    /** The sum of {@code (v[o + i] - mean)^2}, in the order of {@link #sum}. */
    static double squaredDeviations(double[] v, int o, int len, double mean) {
        return VECTOR ? VectorLoops.squaredDeviations(v, o, len, mean) : scalarSquaredDeviations(v, o, len, mean);
    }

    /** The smallest or ({@code max}) largest element; NaN if there is one; an infinity for none. */
    static double extreme(double[] v, int o, int len, boolean max) {
        if (VECTOR) {
            return max ? VectorLoops.max(v, o, len) : VectorLoops.min(v, o, len);
        }
        return scalarExtreme(v, o, len, max);
    }

    /**
     * The index (from {@code o}) of the smallest or largest element, the first on ties, the
     * first NaN if there is one, as NumPy's argmin and argmax; {@code len} at least 1.
     */
    static int argExtreme(double[] v, int o, int len, boolean max) {
        if (VECTOR) {
            return VectorLoops.indexOf(v, o, len, extreme(v, o, len, max));
        }
        double m = v[o];
        int k = 0;
        if (Double.isNaN(m)) {
            return 0;
        }
        for (int i = 1; i < len; i++) {
            double x = v[o + i];
            if (Double.isNaN(x)) {
                return i;
            }
            if (max ? x > m : x < m) {
                m = x;
                k = i;
            }
        }
        return k;
    }

    static int countNonZero(double[] v, int o, int len) {
        if (VECTOR) {
            return VectorLoops.countNonZero(v, o, len);
        }
        int c = 0;
        for (int i = 0; i < len; i++) {
            c += v[o + i] != 0 ? 1 : 0;
        }
        return c;
    }

    static double prod(double[] v, int o, int len) {
        double p = 1;
        for (int i = 0; i < len; i++) {
            p *= v[o + i];
        }
        return p;
    }

    /** Whether {@code f} has a vector loop here (the transcendental functions, when the Vector API runs; used in fast mode). */
    static boolean vectorized(Unary.Op f) {
        return VECTOR && switch (f) {
            case EXP, LOG, SIN, COS, TAN, TANH -> true;
            default -> false;
        };
    }

    /** {@code out[oo + i] = f(a[ao + i])} through the vector loop; {@code f} must be {@link #vectorized}. */
    static void unary(Unary.Op f, double[] a, int ao, double[] out, int oo, int len) {
        VectorLoops.unary(f, a, ao, out, oo, len);
    }

    static double scalarSum(double[] v, int o, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int i = 0;
        for (; i + 7 < len; i += 8) {
            int k = o + i;
            s0 += v[k];
            s1 += v[k + 1];
            s2 += v[k + 2];
            s3 += v[k + 3];
            s4 += v[k + 4];
            s5 += v[k + 5];
            s6 += v[k + 6];
            s7 += v[k + 7];
        }
        for (; i < len; i++) {
            s0 += v[o + i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    static double scalarDot(double[] a, int ao, double[] b, int bo, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int i = 0;
        for (; i + 7 < len; i += 8) {
            int j = ao + i;
            int k = bo + i;
            s0 += a[j] * b[k];
            s1 += a[j + 1] * b[k + 1];
            s2 += a[j + 2] * b[k + 2];
            s3 += a[j + 3] * b[k + 3];
            s4 += a[j + 4] * b[k + 4];
            s5 += a[j + 5] * b[k + 5];
            s6 += a[j + 6] * b[k + 6];
            s7 += a[j + 7] * b[k + 7];
        }
        for (; i < len; i++) {
            s0 += a[ao + i] * b[bo + i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    static double scalarSquaredDeviations(double[] v, int o, int len, double mean) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int i = 0;
        for (; i + 7 < len; i += 8) {
            int k = o + i;
            double d0 = v[k] - mean;
            double d1 = v[k + 1] - mean;
            double d2 = v[k + 2] - mean;
            double d3 = v[k + 3] - mean;
            double d4 = v[k + 4] - mean;
            double d5 = v[k + 5] - mean;
            double d6 = v[k + 6] - mean;
            double d7 = v[k + 7] - mean;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
            s4 += d4 * d4;
            s5 += d5 * d5;
            s6 += d6 * d6;
            s7 += d7 * d7;
        }
        for (; i < len; i++) {
            double d = v[o + i] - mean;
            s0 += d * d;
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    static double scalarExtreme(double[] v, int o, int len, boolean max) {
        double m = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        for (int i = 0; i < len; i++) {
            m = max ? Math.max(m, v[o + i]) : Math.min(m, v[o + i]);
        }
        return m;
    }
}
