package org.parallel4j.array.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The block loops of {@link BlockLoops} through the Vector API ({@code jdk.incubator.vector}):
 * loaded only when {@link BlockLoops#VECTOR} found the module enabled, so that nothing here is
 * linked on a JVM without it. Vectors of four doubles (256 bits, AVX2's width; the JIT emits them
 * as they are on AVX-512 too), the species a constant.
 *
 * <p>The sums keep the strict order of the scalar loops: eight running sums (element {@code i}
 * goes to sum {@code i mod 8}) are two vectors of four lanes, added pairwise at the end in the
 * same order, and the tail goes to sum 0. So every reduction is bit for bit the scalar one,
 * with the module or without it. Only the transcendental functions differ, and run in fast mode
 * only ({@link Unary#vectorLoop}): the Vector API's versions (Intel's SVML on x86) are within the
 * accuracy {@code Math} specifies, but not always the same last bit as {@code Math.sin}, nor
 * always the same bit before and after the JIT compiles the loop.
 */
final class VectorLoops {
    /** The species every loop here and every generated vector loop uses (read by the generated classes, so not private). */
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    private static final int L = 4;

    private VectorLoops() {
    }

    /** Whether the preferred vectors are at least 256 bits (so the species above is compiled to SIMD, not emulated). */
    static boolean usable() {
        return DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 256 && S.length() == L;
    }

    static double sum(double[] v, int o, int len) {
        DoubleVector lo = DoubleVector.zero(S);
        DoubleVector hi = DoubleVector.zero(S);
        int i = 0;
        for (; i + 7 < len; i += 8) {
            lo = lo.add(DoubleVector.fromArray(S, v, o + i));
            hi = hi.add(DoubleVector.fromArray(S, v, o + i + L));
        }
        double s0 = lo.lane(0);
        for (; i < len; i++) {
            s0 += v[o + i];
        }
        return sums(lo, hi, s0);
    }

    static double dot(double[] a, int ao, double[] b, int bo, int len) {
        DoubleVector lo = DoubleVector.zero(S);
        DoubleVector hi = DoubleVector.zero(S);
        int i = 0;
        for (; i + 7 < len; i += 8) {
            lo = lo.add(DoubleVector.fromArray(S, a, ao + i).mul(DoubleVector.fromArray(S, b, bo + i)));
            hi = hi.add(DoubleVector.fromArray(S, a, ao + i + L).mul(DoubleVector.fromArray(S, b, bo + i + L)));
        }
        double s0 = lo.lane(0);
        for (; i < len; i++) {
            s0 += a[ao + i] * b[bo + i];
        }
        return sums(lo, hi, s0);
    }

    static double squaredDeviations(double[] v, int o, int len, double mean) {
        DoubleVector m = DoubleVector.broadcast(S, mean);
        DoubleVector lo = DoubleVector.zero(S);
        DoubleVector hi = DoubleVector.zero(S);
        int i = 0;
        for (; i + 7 < len; i += 8) {
            DoubleVector d0 = DoubleVector.fromArray(S, v, o + i).sub(m);
            DoubleVector d1 = DoubleVector.fromArray(S, v, o + i + L).sub(m);
            lo = lo.add(d0.mul(d0));
            hi = hi.add(d1.mul(d1));
        }
        double s0 = lo.lane(0);
        for (; i < len; i++) {
            double d = v[o + i] - mean;
            s0 += d * d;
        }
        return sums(lo, hi, s0);
    }

    /** The eight sums added pairwise, sum 0 replaced by {@code s0} (lane 0 of {@code lo} with the tail added). */
    static double sums(DoubleVector lo, DoubleVector hi, double s0) {
        return ((s0 + lo.lane(1)) + (lo.lane(2) + lo.lane(3))) + ((hi.lane(0) + hi.lane(1)) + (hi.lane(2) + hi.lane(3)));
    }

    /**
     * The largest element, NaN if there is one ({@code Math.max} per lane, so in any order);
     * -infinity for none. Four running vectors: the vector {@code MAX} of doubles is a chain of
     * several instructions (NaN and signed zeros), and one running vector waited on it (a block in
     * L1: 0.27 ns an element with one, 0.12 with four).
     */
    static double max(double[] v, int o, int len) {
        DoubleVector a0 = DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        int i = 0;
        for (; i + 4 * L - 1 < len; i += 4 * L) {
            a0 = a0.lanewise(VectorOperators.MAX, DoubleVector.fromArray(S, v, o + i));
            a1 = a1.lanewise(VectorOperators.MAX, DoubleVector.fromArray(S, v, o + i + L));
            a2 = a2.lanewise(VectorOperators.MAX, DoubleVector.fromArray(S, v, o + i + 2 * L));
            a3 = a3.lanewise(VectorOperators.MAX, DoubleVector.fromArray(S, v, o + i + 3 * L));
        }
        for (; i + L - 1 < len; i += L) {
            a0 = a0.lanewise(VectorOperators.MAX, DoubleVector.fromArray(S, v, o + i));
        }
        double m = a0.lanewise(VectorOperators.MAX, a1).lanewise(VectorOperators.MAX, a2.lanewise(VectorOperators.MAX, a3))
                .reduceLanes(VectorOperators.MAX);
        for (; i < len; i++) {
            m = Math.max(m, v[o + i]);
        }
        return m;
    }

    /** The smallest element, NaN if there is one; +infinity for none (four running vectors, as {@link #max}). */
    static double min(double[] v, int o, int len) {
        DoubleVector a0 = DoubleVector.broadcast(S, Double.POSITIVE_INFINITY);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        int i = 0;
        for (; i + 4 * L - 1 < len; i += 4 * L) {
            a0 = a0.lanewise(VectorOperators.MIN, DoubleVector.fromArray(S, v, o + i));
            a1 = a1.lanewise(VectorOperators.MIN, DoubleVector.fromArray(S, v, o + i + L));
            a2 = a2.lanewise(VectorOperators.MIN, DoubleVector.fromArray(S, v, o + i + 2 * L));
            a3 = a3.lanewise(VectorOperators.MIN, DoubleVector.fromArray(S, v, o + i + 3 * L));
        }
        for (; i + L - 1 < len; i += L) {
            a0 = a0.lanewise(VectorOperators.MIN, DoubleVector.fromArray(S, v, o + i));
        }
        double m = a0.lanewise(VectorOperators.MIN, a1).lanewise(VectorOperators.MIN, a2.lanewise(VectorOperators.MIN, a3))
                .reduceLanes(VectorOperators.MIN);
        for (; i < len; i++) {
            m = Math.min(m, v[o + i]);
        }
        return m;
    }

    /**
     * The index (from {@code o}) of the first element equal to {@code x}, which must be there; NaN
     * finds the first NaN. Sixteen elements are compared at a time, and the group that holds
     * {@code x} is then searched a vector at a time.
     */
    static int indexOf(double[] v, int o, int len, double x) {
        boolean nan = Double.isNaN(x);
        DoubleVector t = DoubleVector.broadcast(S, x);
        int i = 0;
        if (!nan) {
            for (; i + 4 * L - 1 < len; i += 4 * L) {
                VectorMask<Double> any = DoubleVector.fromArray(S, v, o + i).eq(t).or(DoubleVector.fromArray(S, v, o + i + L).eq(t))
                        .or(DoubleVector.fromArray(S, v, o + i + 2 * L).eq(t)).or(DoubleVector.fromArray(S, v, o + i + 3 * L).eq(t));
                if (any.anyTrue()) {
                    break;
                }
            }
        }
        for (; i + L - 1 < len; i += L) {
            DoubleVector w = DoubleVector.fromArray(S, v, o + i);
            VectorMask<Double> hit = nan ? w.test(VectorOperators.IS_NAN) : w.eq(t);
            if (hit.anyTrue()) {
                return i + hit.firstTrue();
            }
        }
        for (; i < len; i++) {
            if (nan ? Double.isNaN(v[o + i]) : v[o + i] == x) {
                return i;
            }
        }
        throw new IllegalStateException("no element equal to " + x + " in the block");
    }

    /** The number of elements that are not 0 (NaN counts, as NumPy's count_nonzero). */
    static int countNonZero(double[] v, int o, int len) {
        DoubleVector zero = DoubleVector.zero(S);
        int c = 0;
        int i = 0;
        for (; i + L - 1 < len; i += L) {
            c += DoubleVector.fromArray(S, v, o + i).compare(VectorOperators.NE, zero).trueCount();
        }
        for (; i < len; i++) {
            c += v[o + i] != 0 ? 1 : 0;
        }
        return c;
    }

    /**
     * {@code out[oo + i] = f(a[ao + i])} for the transcendental functions, every element through
     * the vector version (the tail with a mask), so an element's value does not depend on where a
     * block ends.
     */
    static void unary(Unary.Op f, double[] a, int ao, double[] out, int oo, int len) {
        // A loop of its own per function, each with its operator a constant: the JIT emits the
        // vector function only for a lanewise operator it can see is constant. Measured: one loop
        // taking the operator as a value ran 4x slower than this (slower than scalar Math.sin);
        // one loop switching on the function inside ran sin(a) * cos(b) 2x slower after it had
        // first seen sin alone (its profile recompiled for the new case).
        switch (f) {
            case EXP -> exp(a, ao, out, oo, len);
            case LOG -> log(a, ao, out, oo, len);
            case SIN -> sin(a, ao, out, oo, len);
            case COS -> cos(a, ao, out, oo, len);
            case TAN -> tan(a, ao, out, oo, len);
            case TANH -> tanh(a, ao, out, oo, len);
            default -> throw new IllegalArgumentException("no vector loop for " + f);
        }
    }

    private static void exp(double[] a, int ao, double[] out, int oo, int len) {
        int i = 0;
        for (; i + L - 1 < len; i += L) {
            DoubleVector.fromArray(S, a, ao + i).lanewise(VectorOperators.EXP).intoArray(out, oo + i);
        }
        if (i < len) {
            VectorMask<Double> m = S.indexInRange(i, len);
            DoubleVector.fromArray(S, a, ao + i, m).lanewise(VectorOperators.EXP).intoArray(out, oo + i, m);
        }
    }

    private static void log(double[] a, int ao, double[] out, int oo, int len) {
        int i = 0;
        for (; i + L - 1 < len; i += L) {
            DoubleVector.fromArray(S, a, ao + i).lanewise(VectorOperators.LOG).intoArray(out, oo + i);
        }
        if (i < len) {
            VectorMask<Double> m = S.indexInRange(i, len);
            DoubleVector.fromArray(S, a, ao + i, m).lanewise(VectorOperators.LOG).intoArray(out, oo + i, m);
        }
    }

    private static void sin(double[] a, int ao, double[] out, int oo, int len) {
        int i = 0;
        for (; i + L - 1 < len; i += L) {
            DoubleVector.fromArray(S, a, ao + i).lanewise(VectorOperators.SIN).intoArray(out, oo + i);
        }
        if (i < len) {
            VectorMask<Double> m = S.indexInRange(i, len);
            DoubleVector.fromArray(S, a, ao + i, m).lanewise(VectorOperators.SIN).intoArray(out, oo + i, m);
        }
    }

    private static void cos(double[] a, int ao, double[] out, int oo, int len) {
        int i = 0;
        for (; i + L - 1 < len; i += L) {
            DoubleVector.fromArray(S, a, ao + i).lanewise(VectorOperators.COS).intoArray(out, oo + i);
        }
        if (i < len) {
            VectorMask<Double> m = S.indexInRange(i, len);
            DoubleVector.fromArray(S, a, ao + i, m).lanewise(VectorOperators.COS).intoArray(out, oo + i, m);
        }
    }

    private static void tan(double[] a, int ao, double[] out, int oo, int len) {
        int i = 0;
        for (; i + L - 1 < len; i += L) {
            DoubleVector.fromArray(S, a, ao + i).lanewise(VectorOperators.TAN).intoArray(out, oo + i);
        }
        if (i < len) {
            VectorMask<Double> m = S.indexInRange(i, len);
            DoubleVector.fromArray(S, a, ao + i, m).lanewise(VectorOperators.TAN).intoArray(out, oo + i, m);
        }
    }

    private static void tanh(double[] a, int ao, double[] out, int oo, int len) {
        int i = 0;
        for (; i + L - 1 < len; i += L) {
            DoubleVector.fromArray(S, a, ao + i).lanewise(VectorOperators.TANH).intoArray(out, oo + i);
        }
        if (i < len) {
            VectorMask<Double> m = S.indexInRange(i, len);
            DoubleVector.fromArray(S, a, ao + i, m).lanewise(VectorOperators.TANH).intoArray(out, oo + i, m);
        }
    }
}
