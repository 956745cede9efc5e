package org.parallel4j.array.internal;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The integer block loops of {@link LongLoops} through the Vector API: loaded only when
 * {@link BlockLoops#VECTOR} found the module enabled and 256-bit vectors, four {@code long}s to a
 * vector. C2 does not vectorize a {@code long} sum by itself, nor an element-wise loop whose
 * output may be one of its inputs (a block buffer may be); these loops are vector code whatever
 * C2 proves. Each operation has its own loop with its operator a constant (the JIT emits vector
 * instructions only for a constant operator). Integer results are exact, so these give the
 * scalar loops' values in any order.
 */
final class LongVectorLoops {
    /** The species, read by the generated loops ({@link LongVectorCode}). */
    static final VectorSpecies<Long> S = LongVector.SPECIES_256;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_128;
    private static final int L = 4;

    private LongVectorLoops() {
    }

    static long sum(long[] v, int o, int len) {
        LongVector acc = LongVector.zero(S);
        int i = 0;
        for (; i + L <= len; i += L) {
            acc = acc.add(LongVector.fromArray(S, v, o + i));
        }
        long s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            s += v[o + i];
        }
        return s;
    }

    static long min(long[] v, int o, int len) {
        LongVector acc = LongVector.broadcast(S, Long.MAX_VALUE);
        int i = 0;
        for (; i + L <= len; i += L) {
            acc = acc.min(LongVector.fromArray(S, v, o + i));
        }
        long m = acc.reduceLanes(VectorOperators.MIN);
        for (; i < len; i++) {
            m = Math.min(m, v[o + i]);
        }
        return m;
    }

    static long max(long[] v, int o, int len) {
        LongVector acc = LongVector.broadcast(S, Long.MIN_VALUE);
        int i = 0;
        for (; i + L <= len; i += L) {
            acc = acc.max(LongVector.fromArray(S, v, o + i));
        }
        long m = acc.reduceLanes(VectorOperators.MAX);
        for (; i < len; i++) {
            m = Math.max(m, v[o + i]);
        }
        return m;
    }

    static long countNonZero(long[] v, int o, int len) {
        LongVector ones = LongVector.broadcast(S, 1);
        LongVector acc = LongVector.zero(S);
        int i = 0;
        for (; i + L <= len; i += L) {
            VectorMask<Long> nz = LongVector.fromArray(S, v, o + i).compare(VectorOperators.NE, 0);
            acc = acc.add(ones, nz);
        }
        long c = acc.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            c += v[o + i] != 0 ? 1 : 0;
        }
        return c;
    }

    static void add(long[] a, int ao, long[] b, int bo, long[] out, int oo, int len) {
        int i = 0;
        for (; i + L <= len; i += L) {
            LongVector.fromArray(S, a, ao + i).add(LongVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
        LongLoops.scalarBinary(LongNode.Op.ADD, a, ao + i, b, bo + i, out, oo + i, len - i);
    }

    static void sub(long[] a, int ao, long[] b, int bo, long[] out, int oo, int len) {
        int i = 0;
        for (; i + L <= len; i += L) {
            LongVector.fromArray(S, a, ao + i).sub(LongVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
        LongLoops.scalarBinary(LongNode.Op.SUB, a, ao + i, b, bo + i, out, oo + i, len - i);
    }

    static void mul(long[] a, int ao, long[] b, int bo, long[] out, int oo, int len) {
        int i = 0;
        for (; i + L <= len; i += L) {
            LongVector.fromArray(S, a, ao + i).mul(LongVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
        LongLoops.scalarBinary(LongNode.Op.MUL, a, ao + i, b, bo + i, out, oo + i, len - i);
    }

    static void min(long[] a, int ao, long[] b, int bo, long[] out, int oo, int len) {
        int i = 0;
        for (; i + L <= len; i += L) {
            LongVector.fromArray(S, a, ao + i).min(LongVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
        LongLoops.scalarBinary(LongNode.Op.MIN, a, ao + i, b, bo + i, out, oo + i, len - i);
    }

    static void max(long[] a, int ao, long[] b, int bo, long[] out, int oo, int len) {
        int i = 0;
        for (; i + L <= len; i += L) {
            LongVector.fromArray(S, a, ao + i).max(LongVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
        LongLoops.scalarBinary(LongNode.Op.MAX, a, ao + i, b, bo + i, out, oo + i, len - i);
    }

    static void and(long[] a, int ao, long[] b, int bo, long[] out, int oo, int len) {
        int i = 0;
        for (; i + L <= len; i += L) {
            LongVector.fromArray(S, a, ao + i).and(LongVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
        LongLoops.scalarBinary(LongNode.Op.AND, a, ao + i, b, bo + i, out, oo + i, len - i);
    }

    static void or(long[] a, int ao, long[] b, int bo, long[] out, int oo, int len) {
        int i = 0;
        for (; i + L <= len; i += L) {
            LongVector.fromArray(S, a, ao + i).or(LongVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
        LongLoops.scalarBinary(LongNode.Op.OR, a, ao + i, b, bo + i, out, oo + i, len - i);
    }

    static void xor(long[] a, int ao, long[] b, int bo, long[] out, int oo, int len) {
        int i = 0;
        for (; i + L <= len; i += L) {
            xorLanes(LongVector.fromArray(S, a, ao + i), LongVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
        LongLoops.scalarBinary(LongNode.Op.XOR, a, ao + i, b, bo + i, out, oo + i, len - i);
    }

    /** 1 where {@code a < b} (or, {@code swap}ped, {@code a > b}), else 0. */
    static void lt(long[] a, int ao, long[] b, int bo, long[] out, int oo, int len) {
        int i = 0;
        for (; i + L <= len; i += L) {
            ltLanes(LongVector.fromArray(S, a, ao + i), LongVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
        LongLoops.scalarBinary(LongNode.Op.LT, a, ao + i, b, bo + i, out, oo + i, len - i);
    }

    static void le(long[] a, int ao, long[] b, int bo, long[] out, int oo, int len) {
        int i = 0;
        for (; i + L <= len; i += L) {
            leLanes(LongVector.fromArray(S, a, ao + i), LongVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
        LongLoops.scalarBinary(LongNode.Op.LE, a, ao + i, b, bo + i, out, oo + i, len - i);
    }

    static void eq(long[] a, int ao, long[] b, int bo, long[] out, int oo, int len) {
        int i = 0;
        for (; i + L <= len; i += L) {
            eqLanes(LongVector.fromArray(S, a, ao + i), LongVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
        LongLoops.scalarBinary(LongNode.Op.EQ, a, ao + i, b, bo + i, out, oo + i, len - i);
    }

    static void ne(long[] a, int ao, long[] b, int bo, long[] out, int oo, int len) {
        int i = 0;
        for (; i + L <= len; i += L) {
            neLanes(LongVector.fromArray(S, a, ao + i), LongVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        }
        LongLoops.scalarBinary(LongNode.Op.NE, a, ao + i, b, bo + i, out, oo + i, len - i);
    }

    /** {@code c != 0 ? x : y}. */
    static void where(long[] c, int co, long[] x, int xo, long[] y, int yo, long[] out, int oo, int len) {
        int i = 0;
        for (; i + L <= len; i += L) {
            selectLanes(LongVector.fromArray(S, c, co + i), LongVector.fromArray(S, x, xo + i), LongVector.fromArray(S, y, yo + i)).intoArray(out, oo + i);
        }
        for (; i < len; i++) {
            out[oo + i] = c[co + i] != 0 ? x[xo + i] : y[yo + i];
        }
    }

    /** Each value wrapped to 32 bits and sign-extended back, as {@code (long) (int) v}. */
    static void wrap32(long[] out, int oo, int len) {
        int i = 0;
        for (; i + L <= len; i += L) {
            wrap32Lanes(LongVector.fromArray(S, out, oo + i)).intoArray(out, oo + i);
        }
        for (; i < len; i++) {
            out[oo + i] = (int) out[oo + i];
        }
    }

    // Lane helpers of the loops above and of the generated ones (LongVectorCode): one operation on whole vectors, inlined by the JIT.

    /** Four {@code int}s from {@code a[o]}, widened to {@code long}s. */
    static LongVector widen(int[] a, int o) {
        return (LongVector) IntVector.fromArray(INTS, a, o).convertShape(VectorOperators.I2L, S, 0);
    }

    static LongVector xorLanes(LongVector a, LongVector b) {
        return a.lanewise(VectorOperators.XOR, b);
    }

    static LongVector ltLanes(LongVector a, LongVector b) {
        return LongVector.zero(S).blend(1, a.compare(VectorOperators.LT, b));
    }

    static LongVector leLanes(LongVector a, LongVector b) {
        return LongVector.zero(S).blend(1, a.compare(VectorOperators.LE, b));
    }

    static LongVector gtLanes(LongVector a, LongVector b) {
        return LongVector.zero(S).blend(1, a.compare(VectorOperators.GT, b));
    }

    static LongVector geLanes(LongVector a, LongVector b) {
        return LongVector.zero(S).blend(1, a.compare(VectorOperators.GE, b));
    }

    static LongVector eqLanes(LongVector a, LongVector b) {
        return LongVector.zero(S).blend(1, a.compare(VectorOperators.EQ, b));
    }

    static LongVector neLanes(LongVector a, LongVector b) {
        return LongVector.zero(S).blend(1, a.compare(VectorOperators.NE, b));
    }

    /** {@code c != 0 ? a : b}, lane by lane. */
    static LongVector selectLanes(LongVector c, LongVector a, LongVector b) {
        return b.blend(a, c.compare(VectorOperators.NE, 0));
    }

    /** Each lane wrapped to 32 bits and sign-extended back. */
    static LongVector wrap32Lanes(LongVector v) {
        return v.lanewise(VectorOperators.LSHL, 32).lanewise(VectorOperators.ASHR, 32);
    }

    /** {@code acc} with one added in each lane where {@code v} is not zero (a count's running vector). */
    static LongVector countLanes(LongVector acc, LongVector v) {
        return acc.add(1, v.compare(VectorOperators.NE, 0));
    }

    static long sumAll(LongVector v) {
        return v.reduceLanes(VectorOperators.ADD);
    }

    static long prodAll(LongVector v) {
        return v.reduceLanes(VectorOperators.MUL);
    }

    static long minAll(LongVector v) {
        return v.reduceLanes(VectorOperators.MIN);
    }

    static long maxAll(LongVector v) {
        return v.reduceLanes(VectorOperators.MAX);
    }
}
