package org.parallel4j.pool;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;

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

    private final String path;
    private final int length;
    private transient boolean owner;
    private transient Arena arena;
    private transient MemorySegment memory;

    private SharedDoubleArray(Path path, int length, boolean owner) {
        this.path = path.toString();
        this.length = length;
        this.owner = owner;
        open();
    }

    /** A new array of {@code length} zeros. */
    public static SharedDoubleArray create(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length " + length + " is negative");
        }
        return new SharedDoubleArray(SharedArrays.newFile(8L * length), length, true);
    }

    /** A shared single value, as {@code multiprocessing.Value('d', initial)}: element 0 of a one-element array. */
    public static SharedDoubleArray value(double initial) {
        SharedDoubleArray a = create(1);
        a.set(0, initial);
        return a;
    }

    private void open() {
        arena = Arena.ofShared();
        memory = SharedArrays.map(Path.of(path), 8L * length, arena);
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        open();
    }

    /** The number of elements. */
    public int length() {
        return length;
    }

    private long offset(int i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException("index " + i + " of a shared array of length " + length);
        }
        return 8L * i;
    }

    /** Element {@code i} (a volatile read). */
    public double get(int i) {
        return Double.longBitsToDouble((long) BITS.getVolatile(memory, offset(i)));
    }

    /** Sets element {@code i} (a volatile write). */
    public void set(int i, double v) {
        BITS.setVolatile(memory, offset(i), Double.doubleToRawLongBits(v));
    }

    /** Atomically adds {@code delta} to element {@code i}; returns the new value. */
    public double addAndGet(int i, double delta) {
        long at = offset(i);
        while (true) {
            long old = (long) BITS.getVolatile(memory, at);
            double next = Double.longBitsToDouble(old) + delta;
            if (BITS.compareAndSet(memory, at, old, Double.doubleToRawLongBits(next))) {
                return next;
            }
        }
    }

    /** Atomically sets element {@code i} to {@code update} if it holds exactly {@code expected}. */
    public boolean compareAndSet(int i, double expected, double update) {
        return BITS.compareAndSet(memory, offset(i), Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(update));
    }

    /** A copy of the elements. */
    public double[] toArray() {
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = get(i);
        }
        return out;
    }

    /** Unmaps the array here; the creator also deletes its memory. */
    @Override
    public void close() {
        arena.close();
        if (owner) {
            try {
                Files.deleteIfExists(Path.of(path));
            } catch (IOException ignored) {
                // deleted at exit
            }
        }
    }
}
