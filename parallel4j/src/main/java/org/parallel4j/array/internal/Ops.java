package org.parallel4j.array.internal;

/** The element operations generated kernels call that have no bytecode of their own (the JIT inlines them). */
public final class Ops {
    private Ops() {
    }

    /**
     * Returns 1.0 when {@code a < b}, else 0.0.
     *
     * @param a a value
     * @param b a value
     * @return 1.0 when {@code a < b}, else 0.0
     */
    public static double lt(double a, double b) {
        return a < b ? 1 : 0;
    }

    /**
     * Returns 1.0 when {@code a <= b}, else 0.0.
     *
     * @param a a value
     * @param b a value
     * @return 1.0 when {@code a <= b}, else 0.0
     */
    public static double le(double a, double b) {
        return a <= b ? 1 : 0;
    }

    /**
     * Returns 1.0 when {@code a > b}, else 0.0.
     *
     * @param a a value
     * @param b a value
     * @return 1.0 when {@code a > b}, else 0.0
     */
    public static double gt(double a, double b) {
        return a > b ? 1 : 0;
    }

    /**
     * Returns 1.0 when {@code a >= b}, else 0.0.
     *
     * @param a a value
     * @param b a value
     * @return 1.0 when {@code a >= b}, else 0.0
     */
    public static double ge(double a, double b) {
        return a >= b ? 1 : 0;
    }

    /**
     * Returns 1.0 when {@code a == b}, else 0.0.
     *
     * @param a a value
     * @param b a value
     * @return 1.0 when {@code a == b}, else 0.0
     */
    public static double eq(double a, double b) {
        return a == b ? 1 : 0;
    }

    /**
     * Returns 1.0 when {@code a != b}, else 0.0.
     *
     * @param a a value
     * @param b a value
     * @return 1.0 when {@code a != b}, else 0.0
     */
    public static double ne(double a, double b) {
        return a != b ? 1 : 0;
    }

    /**
     * Returns {@code c != 0 ? a : b}.
     *
     * @param c the condition
     * @param a its value when true
     * @param b its value when false
     * @return {@code c != 0 ? a : b}
     */
    public static double select(double c, double a, double b) {
        return c != 0 ? a : b;
    }

    /**
     * Returns 1 when {@code a < b}, else 0 (an integer comparison).
     *
     * @param a a value
     * @param b a value
     * @return 1 or 0
     */
    public static long lt(long a, long b) {
        return a < b ? 1 : 0;
    }

    /**
     * Returns 1 when {@code a <= b}, else 0.
     *
     * @param a a value
     * @param b a value
     * @return 1 or 0
     */
    public static long le(long a, long b) {
        return a <= b ? 1 : 0;
    }

    /**
     * Returns 1 when {@code a > b}, else 0.
     *
     * @param a a value
     * @param b a value
     * @return 1 or 0
     */
    public static long gt(long a, long b) {
        return a > b ? 1 : 0;
    }

    /**
     * Returns 1 when {@code a >= b}, else 0.
     *
     * @param a a value
     * @param b a value
     * @return 1 or 0
     */
    public static long ge(long a, long b) {
        return a >= b ? 1 : 0;
    }

    /**
     * Returns 1 when {@code a == b}, else 0.
     *
     * @param a a value
     * @param b a value
     * @return 1 or 0
     */
    public static long eq(long a, long b) {
        return a == b ? 1 : 0;
    }

    /**
     * Returns 1 when {@code a != b}, else 0.
     *
     * @param a a value
     * @param b a value
     * @return 1 or 0
     */
    public static long ne(long a, long b) {
        return a != b ? 1 : 0;
    }

    /**
     * Returns {@code a} where {@code c != 0}, else {@code b}: NumPy's {@code where} on integers.
     *
     * @param c the condition
     * @param a the value where it holds
     * @param b the value elsewhere
     * @return {@code a} or {@code b}
     */
    public static long select(long c, long a, long b) {
        return c != 0 ? a : b;
    }

    /**
     * NumPy's {@code a << n}: the count taken as unsigned, so one of 64 or more (or a negative
     * one) shifts every bit out.
     *
     * @param a the value
     * @param n the count
     * @return {@code a} shifted left
     */
    public static long shl(long a, long n) {
        return Long.compareUnsigned(n, 64) < 0 ? a << n : 0;
    }

    /**
     * NumPy's {@code a >> n}, arithmetic: a count of 64 or more (or a negative one) leaves only
     * the sign.
     *
     * @param a the value
     * @param n the count
     * @return {@code a} shifted right
     */
    public static long shr(long a, long n) {
        return Long.compareUnsigned(n, 64) < 0 ? a >> n : a >> 63;
    }
}
