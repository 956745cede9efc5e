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
}
