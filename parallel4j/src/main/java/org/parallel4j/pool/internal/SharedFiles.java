package org.parallel4j.pool.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files behind shared arrays: in {@code /dev/shm} when the machine has it, else the
 * temporary directory, named {@code p4j-shared-PID-*.bin} after the JVM that created them, so
 * that files left by a JVM that was killed can be found and deleted: by its workers when they
 * see it die, and by the next JVM that creates one.
 */
public final class SharedFiles {
    private static final String PREFIX = "p4j-shared-";

    private SharedFiles() {
    }

    /** A new empty file for shared memory, deleted at exit; first deletes what dead JVMs left. */
    public static Path create() throws IOException {
        Path dir = Path.of("/dev/shm");
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            dir = Path.of(System.getProperty("java.io.tmpdir"));
        }
        deleteOrphans(dir);
        Path f = Files.createTempFile(dir, PREFIX + ProcessHandle.current().pid() + "-", ".bin");
        f.toFile().deleteOnExit();
        return f;
    }

    private static void deleteOrphans(Path dir) {
        try (var files = Files.newDirectoryStream(dir, PREFIX + "*.bin")) {
            for (Path f : files) {
                long pid = creator(f);
                if (pid > 0 && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort: another user's files, a racing deletion
        }
    }

    /** Deletes the files created by the JVM with process id {@code pid} (the parent of a worker, now dead). */
    static void deleteLeftBy(long pid) {
        for (String d : new String[] {"/dev/shm", System.getProperty("java.io.tmpdir")}) {
            try (var files = Files.newDirectoryStream(Path.of(d), PREFIX + pid + "-*.bin")) {
                for (Path f : files) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException | RuntimeException ignored) {
                // no such directory, or nothing to delete
            }
        }
    }

    private static long creator(Path f) {
        String name = f.getFileName().toString().substring(PREFIX.length());
        int dash = name.indexOf('-');
        try {
            return dash > 0 ? Long.parseLong(name.substring(0, dash)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
