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

    private final String path;
    private final int length;
    private transient boolean owner;
    private transient Arena arena;
    private transient MemorySegment memory;

    private SharedIntArray(Path path, int length, boolean owner) {
        this.path = path.toString();
        this.length = length;
        this.owner = owner;
        open();
    }

    /** A new array of {@code length} zeros. */
    public static SharedIntArray create(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length " + length + " is negative");
        }
        return new SharedIntArray(SharedArrays.newFile(4L * length), length, true);
    }

    /** A shared single value, as {@code multiprocessing.Value('d', initial)}: element 0 of a one-element array. */
    public static SharedIntArray value(int initial) {
        SharedIntArray a = create(1);
        a.set(0, initial);
        return a;
    }

    private void open() {
        arena = Arena.ofShared();
        memory = SharedArrays.map(Path.of(path), 4L * length, arena);
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
        return 4L * i;
    }

    /** Element {@code i} (a volatile read). */
    public int get(int i) {
        return (int) INTS.getVolatile(memory, offset(i));
    }

    /** Sets element {@code i} (a volatile write). */
    public void set(int i, int v) {
        INTS.setVolatile(memory, offset(i), v);
    }

    /** Atomically adds {@code delta} to element {@code i}; returns the new value. */
    public int addAndGet(int i, int delta) {
        return (int) INTS.getAndAdd(memory, offset(i), delta) + delta;
    }

    /** Atomically sets element {@code i} to {@code update} if it holds {@code expected}. */
    public boolean compareAndSet(int i, int expected, int update) {
        return INTS.compareAndSet(memory, offset(i), expected, update);
    }

    /** A copy of the elements. */
    public int[] toArray() {
        int[] out = new int[length];
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
