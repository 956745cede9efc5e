package org.parallel4j.pool;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * An array of ints that several JVMs read and write, as {@code multiprocessing.Array('i', n)}
 * (and, with one element, {@code Value('i')}): create it in the parent, capture it in a
 * worker's task or {@link WorkerProcess} body; every JVM maps the same memory. Element
 * updates through {@link #addAndGet} and {@link #compareAndSet} are atomic across JVMs;
 * {@link #get}/{@link #set} are volatile reads and writes.
 */
public final class SharedIntArray implements Serializable, AutoCloseable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final VarHandle INTS = ValueLayout.JAVA_INT.varHandle();

    /** The mapped memory; travels to other JVMs as its file's path. */
    private final SharedArrays memory;

    private SharedIntArray(SharedArrays memory) {
        this.memory = memory;
    }

    /**
     * A new array of {@code length} zeros.
     *
     * @param length the number of elements
     * @return a new array of {@code length} zeros
     */
    public static SharedIntArray create(int length) {
        return new SharedIntArray(SharedArrays.create(length, 4));
    }

    /**
     * A shared single value, as {@code multiprocessing.Value}: element 0 of a one-element array.
     *
     * @param initial the value every element starts with
     * @return a shared single value, as {@code multiprocessing.Value}: element 0 of a one-element array
     */
    public static SharedIntArray value(int initial) {
        SharedIntArray a = create(1);
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
    public int get(int i) {
        return (int) INTS.getVolatile(memory.memory, memory.offset(i));
    }

    /**
     * Sets element {@code i} (a volatile write).
     *
     * @param i the index of the element
     * @param v the value to store
     */
    public void set(int i, int v) {
        INTS.setVolatile(memory.memory, memory.offset(i), v);
    }

    /**
     * Atomically adds {@code delta} to element {@code i}; returns the new value.
     *
     * @param i the index of the element
     * @param delta the amount to add
     * @return the new value
     */
    public int addAndGet(int i, int delta) {
        return (int) INTS.getAndAdd(memory.memory, memory.offset(i), delta) + delta;
    }

    /**
     * Atomically sets element {@code i} to {@code update} if it holds {@code expected}.
     *
     * @param i the index of the element
     * @param expected the value the element must have
     * @param update the value to set
     * @return true when the element held {@code expected} and was set
     */
    public boolean compareAndSet(int i, int expected, int update) {
        return INTS.compareAndSet(memory.memory, memory.offset(i), expected, update);
    }

    /**
     * A copy of the elements.
     *
     * @return a copy of the elements
     */
    public int[] toArray() {
        int[] out = new int[length()];
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
