package org.parallel4j.pool;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The memory behind {@link SharedDoubleArray} and {@link SharedIntArray}: a file mapped into
 * every JVM that holds the array, in {@code /dev/shm} when the machine has it (memory, not
 * disk), else the temporary directory. The creator deletes the file when it closes the array
 * (or at exit).
 */
final class SharedArrays {
    private SharedArrays() {
    }

    static Path newFile(long bytes) {
        try {
            Path dir = Path.of("/dev/shm");
            if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
                dir = Path.of(System.getProperty("java.io.tmpdir"));
            }
            Path f = Files.createTempFile(dir, "p4j-shared-", ".bin");
            f.toFile().deleteOnExit();
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                ch.truncate(0);
                if (bytes > 0) {
                    ch.write(java.nio.ByteBuffer.allocate(1), bytes - 1);
                }
            }
            return f;
        } catch (IOException e) {
            throw new PoolException("cannot create shared memory of " + bytes + " bytes: " + e, e, -1, null);
        }
    }

    static MemorySegment map(Path file, long bytes, Arena arena) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, Math.max(bytes, 1), arena);
        } catch (IOException e) {
            throw new PoolException("cannot map shared memory " + file + ": " + e + " (was the array closed by its creator?)", e, -1, null);
        }
    }
}
