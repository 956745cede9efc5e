package org.parallel4j.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * OpenMP's {@code atomic} updates on array elements, lock-free: {@code Atomic.add(hist, bin, 1)}
 * from any number of threads. Each call is one atomic read-modify-write (a compare-and-set
 * loop for floating point).
 */
public final class Atomic {
    private static final VarHandle DOUBLES = MethodHandles.arrayElementVarHandle(double[].class);
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    private Atomic() {
    }

    /**
     * {@code a[i] += v} atomically; returns the new value.
     *
     * @param a the array
     * @param i the index of the element
     * @param v the operand
     * @return the new value
     */
    public static double add(double[] a, int i, double v) {
        while (true) {
            double old = (double) DOUBLES.getVolatile(a, i);
            double next = old + v;
            if (DOUBLES.weakCompareAndSet(a, i, old, next)) {
                return next;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * {@code a[i] += v} atomically; returns the new value.
     *
     * @param a the array
     * @param i the index of the element
     * @param v the operand
     * @return the new value
     */
    public static long add(long[] a, int i, long v) {
        return (long) LONGS.getAndAdd(a, i, v) + v;
    }

    /**
     * {@code a[i] += v} atomically; returns the new value.
     *
     * @param a the array
     * @param i the index of the element
     * @param v the operand
     * @return the new value
     */
    public static int add(int[] a, int i, int v) {
        return (int) INTS.getAndAdd(a, i, v) + v;
    }

    /**
     * {@code a[i] = max(a[i], v)} atomically; returns the new value.
     *
     * @param a the array
     * @param i the index of the element
     * @param v the operand
     * @return the new value
     */
    public static double max(double[] a, int i, double v) {
        while (true) {
            double old = (double) DOUBLES.getVolatile(a, i);
            if (!(v > old)) {
                return old;
            }
            if (DOUBLES.weakCompareAndSet(a, i, old, v)) {
                return v;
            }
        }
    }

    /**
     * {@code a[i] = min(a[i], v)} atomically; returns the new value.
     *
     * @param a the array
     * @param i the index of the element
     * @param v the operand
     * @return the new value
     */
    public static double min(double[] a, int i, double v) {
        while (true) {
            double old = (double) DOUBLES.getVolatile(a, i);
            if (!(v < old)) {
                return old;
            }
            if (DOUBLES.weakCompareAndSet(a, i, old, v)) {
                return v;
            }
        }
    }

    /**
     * Reads {@code a[i]} with volatile semantics.
     *
     * @param a the array
     * @param i the index of the element
     * @return the value of {@code a[i]}
     */
    public static double get(double[] a, int i) {
        return (double) DOUBLES.getVolatile(a, i);
    }
}
