package org.parallel4j.loop;

/**
 * The built-in reductions of {@link ParallelFor}: arithmetic on {@code double}, {@code long}
 * and {@code int}, bitwise on {@code long} and {@code int}. Logical reductions are
 * {@link ParallelFor#allMatch} and {@link ParallelFor#anyMatch}; argmin/argmax are
 * {@link ParallelFor#argMin} and {@link ParallelFor#argMax}; anything else is
 * {@link ParallelFor#reduce}.
 */
public enum Reduction {
    /** Sum (identity 0). */
    SUM,
    /** Product (identity 1). */
    PROD,
    /** Minimum (identity +infinity / MAX_VALUE). */
    MIN,
    /** Maximum (identity -infinity / MIN_VALUE). */
    MAX,
    /** Bitwise and (identity all ones); integers only. */
    BAND,
    /** Bitwise or (identity 0); integers only. */
    BOR,
    /** Bitwise exclusive or (identity 0); integers only. */
    BXOR;

    /**
     * The identity of this reduction over doubles.
     *
     * @return the identity of this reduction over doubles
     */
    public double identityDouble() {
        return switch (this) {
            case SUM -> 0.0;
            case PROD -> 1.0;
            case MIN -> Double.POSITIVE_INFINITY;
            case MAX -> Double.NEGATIVE_INFINITY;
            default -> throw new IllegalArgumentException(this + " does not apply to doubles: use SUM, PROD, MIN or MAX");
        };
    }

    /**
     * The identity of this reduction over longs.
     *
     * @return the identity of this reduction over longs
     */
    public long identityLong() {
        return switch (this) {
            case SUM, BOR, BXOR -> 0L;
            case PROD -> 1L;
            case MIN -> Long.MAX_VALUE;
            case MAX -> Long.MIN_VALUE;
            case BAND -> -1L;
        };
    }

    /**
     * Combines two doubles.
     *
     * @param a a partial result
     * @param b another partial result
     * @return the combination
     */
    public double apply(double a, double b) {
        return switch (this) {
            case SUM -> a + b;
            case PROD -> a * b;
            case MIN -> Math.min(a, b);
            case MAX -> Math.max(a, b);
            default -> throw new IllegalArgumentException(this + " does not apply to doubles: use SUM, PROD, MIN or MAX");
        };
    }

    /**
     * Combines two longs.
     *
     * @param a a partial result
     * @param b another partial result
     * @return the combination
     */
    public long apply(long a, long b) {
        return switch (this) {
            case SUM -> a + b;
            case PROD -> a * b;
            case MIN -> Math.min(a, b);
            case MAX -> Math.max(a, b);
            case BAND -> a & b;
            case BOR -> a | b;
            case BXOR -> a ^ b;
        };
    }
}
