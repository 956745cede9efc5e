package org.parallel4j.pool;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.parallel4j.pool.internal.SharedFiles;

/**
 * The memory behind {@link SharedDoubleArray} and {@link SharedIntArray}, in one place: a file
 * mapped into every JVM that holds the array, in {@code /dev/shm} when the machine has it
 * (memory, not disk), else the temporary directory. Travels to workers as its path and is
 * mapped again there; the creator deletes the file when it closes (or at exit). The file's name
 * carries the creator's pid ({@code p4j-shared-PID-...}), so that what a killed creator left
 * behind is deleted by its workers as they exit and by the next
 * JVM that creates shared memory.
 */
final class SharedArrays implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String path;
    private final int length;
    private final int elementBytes;
    private transient boolean owner;
    private transient Arena arena;
    transient MemorySegment memory;

    private SharedArrays(String path, int length, int elementBytes, boolean owner) {
        this.path = path;
        this.length = length;
        this.elementBytes = elementBytes;
        this.owner = owner;
        map();
    }

    /** New memory for {@code length} elements of {@code elementBytes} bytes, zeroed. */
    static SharedArrays create(int length, int elementBytes) {
        if (length < 0) {
            throw new IllegalArgumentException("length " + length + " is negative");
        }
        long bytes = (long) length * elementBytes;
        try {
            Path f = SharedFiles.create();
            f.toFile().deleteOnExit();
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                if (bytes > 0) {
                    ch.write(java.nio.ByteBuffer.allocate(1), bytes - 1);
                }
            }
            return new SharedArrays(f.toString(), length, elementBytes, true);
        } catch (IOException e) {
            throw new PoolException("cannot create shared memory of " + bytes + " bytes: " + e, e, -1, null);
        }
    }

    private void map() {
        arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(Path.of(path), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            memory = ch.map(FileChannel.MapMode.READ_WRITE, 0, Math.max((long) length * elementBytes, 1), arena);
        } catch (IOException e) {
            throw new PoolException("cannot map shared memory " + path + ": " + e + " (was the array closed by its creator?)", e, -1, null);
        }
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        map();
    }

    int length() {
        return length;
    }

    /** The byte offset of element {@code i}, checked. */
    long offset(int i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException("index " + i + " of a shared array of length " + length);
        }
        return (long) i * elementBytes;
    }

    void close() {
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
