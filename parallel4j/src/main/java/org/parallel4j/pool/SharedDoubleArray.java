package org.parallel4j.pool;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * An array of doubles that several JVMs read and write, as {@code multiprocessing.Array('d', n)}
 * (and, with one element, {@code Value('d')}): create it in the parent, capture it in a
 * worker's task or {@link WorkerProcess} body; every JVM maps the same memory. Element
 * updates through {@link #addAndGet} and {@link #compareAndSet} are atomic across JVMs;
 * {@link #get}/{@link #set} are volatile reads and writes.
 */
public final class SharedDoubleArray implements Serializable, AutoCloseable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final VarHandle BITS = ValueLayout.JAVA_LONG.varHandle();

    /** The mapped memory; travels to other JVMs as its file's path. */
    private final SharedArrays memory;

    private SharedDoubleArray(SharedArrays memory) {
        this.memory = memory;
    }

    /**
     * A new array of {@code length} zeros.
     *
     * @param length the number of elements
     * @return a new array of {@code length} zeros
     */
    public static SharedDoubleArray create(int length) {
        return new SharedDoubleArray(SharedArrays.create(length, 8));
    }

    /**
     * A shared single value, as {@code multiprocessing.Value}: element 0 of a one-element array.
     *
     * @param initial the value every element starts with
     * @return a shared single value, as {@code multiprocessing.Value}: element 0 of a one-element array
     */
    public static SharedDoubleArray value(double initial) {
        SharedDoubleArray a = create(1);
        a.set(0, initial);
        return a;
    }

    /**
     * The number of elements.
     *
     * @return the number of elements
     */
    public int length() {
        return memory.length();
    }

    /**
     * Element {@code i} (a volatile read).
     *
     * @param i the index of the element
     * @return element {@code i} (a volatile read)
     */
    public double get(int i) {
        return Double.longBitsToDouble((long) BITS.getVolatile(memory.memory, memory.offset(i)));
    }

    /**
     * Sets element {@code i} (a volatile write).
     *
     * @param i the index of the element
     * @param v the value to store
     */
    public void set(int i, double v) {
        BITS.setVolatile(memory.memory, memory.offset(i), Double.doubleToRawLongBits(v));
    }

    /**
     * Atomically adds {@code delta} to element {@code i}; returns the new value.
     *
     * @param i the index of the element
     * @param delta the amount to add
     * @return the new value
     */
    public double addAndGet(int i, double delta) {
        long at = memory.offset(i);
        while (true) {
            long old = (long) BITS.getVolatile(memory.memory, at);
            double next = Double.longBitsToDouble(old) + delta;
            if (BITS.compareAndSet(memory.memory, at, old, Double.doubleToRawLongBits(next))) {
                return next;
            }
        }
    }

    /**
     * Atomically sets element {@code i} to {@code update} if it holds exactly {@code expected}.
     *
     * @param i the index of the element
     * @param expected the value the element must have
     * @param update the value to set
     * @return true when the element held {@code expected} and was set
     */
    public boolean compareAndSet(int i, double expected, double update) {
        return BITS.compareAndSet(memory.memory, memory.offset(i), Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(update));
    }

    /**
     * A copy of the elements.
     *
     * @return a copy of the elements
     */
    public double[] toArray() {
        double[] out = new double[length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(i);
        }
        return out;
    }

    /** Unmaps the array here; the creator also deletes its memory. */
    @Override
    public void close() {
        memory.close();
    }
}
