package org.parallel4j.array.internal;

/**
 * The fixed loops of the integer nodes over one block: through the Vector API
 * ({@link LongVectorLoops}) when {@link BlockLoops#VECTOR} (the module enabled, 256-bit vectors),
 * else the scalar loops here; {@code -Dp4j.array.simd=false} keeps these. Integer arithmetic is
 * exact (wrapping), so both give the same values. Floor division, modulo and shifts (NumPy's
 * rules for counts of 64 or more) stay scalar.
 */
final class LongLoops {
    private LongLoops() {
    }

    /** {@code out[oo + i] = a[ao + i] op b[bo + i]}, for every operation but {@code //} and {@code %}. */
    static void binary(LongNode.Op op, long[] a, int ao, long[] b, int bo, long[] out, int oo, int len) {
        if (BlockLoops.VECTOR) {
            switch (op) {
                case ADD -> LongVectorLoops.add(a, ao, b, bo, out, oo, len);
                case SUB -> LongVectorLoops.sub(a, ao, b, bo, out, oo, len);
                case MUL -> LongVectorLoops.mul(a, ao, b, bo, out, oo, len);
                case MIN -> LongVectorLoops.min(a, ao, b, bo, out, oo, len);
                case MAX -> LongVectorLoops.max(a, ao, b, bo, out, oo, len);
                case AND -> LongVectorLoops.and(a, ao, b, bo, out, oo, len);
                case OR -> LongVectorLoops.or(a, ao, b, bo, out, oo, len);
                case XOR -> LongVectorLoops.xor(a, ao, b, bo, out, oo, len);
                case LT -> LongVectorLoops.lt(a, ao, b, bo, out, oo, len);
                case LE -> LongVectorLoops.le(a, ao, b, bo, out, oo, len);
                case GT -> LongVectorLoops.lt(b, bo, a, ao, out, oo, len);
                case GE -> LongVectorLoops.le(b, bo, a, ao, out, oo, len);
                case EQ -> LongVectorLoops.eq(a, ao, b, bo, out, oo, len);
                case NE -> LongVectorLoops.ne(a, ao, b, bo, out, oo, len);
                default -> scalarBinary(op, a, ao, b, bo, out, oo, len);
            }
            return;
        }
        scalarBinary(op, a, ao, b, bo, out, oo, len);
    }

    /** {@link #binary}'s scalar loops (the vector loops' tails too). */
    static void scalarBinary(LongNode.Op op, long[] a, int ao, long[] b, int bo, long[] out, int oo, int len) {
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
            default -> {
                for (int i = 0; i < len; i++) {
                    out[oo + i] = apply(op, a[ao + i], b[bo + i]);
                }
            }
        }
    }

    private static long apply(LongNode.Op op, long p, long q) {
        return switch (op) {
            case MIN -> Math.min(p, q);
            case MAX -> Math.max(p, q);
            case AND -> p & q;
            case OR -> p | q;
            case XOR -> p ^ q;
            case SHL -> Ops.shl(p, q);
            case SHR -> Ops.shr(p, q);
            case LT -> Ops.lt(p, q);
            case LE -> Ops.le(p, q);
            case GT -> Ops.gt(p, q);
            case GE -> Ops.ge(p, q);
            case EQ -> Ops.eq(p, q);
            case NE -> Ops.ne(p, q);
            default -> throw new IllegalStateException(op + " has a loop of its own");
        };
    }

    /** {@code out[oo + i] = c[co + i] != 0 ? x[xo + i] : y[yo + i]}. */
    static void where(long[] c, int co, long[] x, int xo, long[] y, int yo, long[] out, int oo, int len) {
        if (BlockLoops.VECTOR) {
            LongVectorLoops.where(c, co, x, xo, y, yo, out, oo, len);
            return;
        }
        for (int i = 0; i < len; i++) {
            out[oo + i] = Ops.select(c[co + i], x[xo + i], y[yo + i]);
        }
    }

    /** Wraps {@code out[oo, oo + len)} to 32 bits, as every int32 operation does. */
    static void wrap32(long[] out, int oo, int len) {
        if (BlockLoops.VECTOR) {
            LongVectorLoops.wrap32(out, oo, len);
            return;
        }
        for (int i = oo; i < oo + len; i++) {
            out[i] = (int) out[i];
        }
    }

    /** {@code v[o, o + len)} reduced: the sum and product wrapping, min, max, or the count of non-zero elements. */
    static long reduce(Evaluator.Reduce kind, long[] v, int o, int len) {
        if (BlockLoops.VECTOR && kind != Evaluator.Reduce.PROD) {
            return switch (kind) {
                case SUM -> LongVectorLoops.sum(v, o, len);
                case MIN -> LongVectorLoops.min(v, o, len);
                case MAX -> LongVectorLoops.max(v, o, len);
                default -> LongVectorLoops.countNonZero(v, o, len);
            };
        }
        long r = switch (kind) {
            case SUM, COUNT -> 0;
            case PROD -> 1;
            case MIN -> Long.MAX_VALUE;
            case MAX -> Long.MIN_VALUE;
        };
        switch (kind) {
            case SUM -> {
                for (int i = o; i < o + len; i++) {
                    r += v[i];
                }
            }
            case PROD -> {
                for (int i = o; i < o + len; i++) {
                    r *= v[i];
                }
            }
            case MIN -> {
                for (int i = o; i < o + len; i++) {
                    r = Math.min(r, v[i]);
                }
            }
            case MAX -> {
                for (int i = o; i < o + len; i++) {
                    r = Math.max(r, v[i]);
                }
            }
            case COUNT -> {
                for (int i = o; i < o + len; i++) {
                    r += v[i] != 0 ? 1 : 0;
                }
            }
        }
        return r;
    }
}
