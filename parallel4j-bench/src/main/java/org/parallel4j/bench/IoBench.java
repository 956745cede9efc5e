package org.parallel4j.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.FileMode;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.MpiFile;
import org.parallel4j.mpi.Op;

/**
 * The parallel I/O cases of {@code shared/peers/mpi_bench.c} (suite {@code io}), measured as the
 * C peer measures them: one file in a fresh directory under {@code $TMPDIR} (else /tmp), every
 * rank's contiguous block written with {@code writeAtAll} and read back with {@code readAtAll}
 * (64 MiB per rank per repetition: 64 calls of 1 MiB, or one of 64 MiB; bandwidth = bytes of all
 * ranks / time per call), and 8-byte appends at the shared file pointer (20000 per repetition);
 * a repetition lasts as long as its slowest rank; best of 5, after one untimed repetition; over
 * the page cache (no sync). Buffers are native segments, as the peer's malloc.
 */
final class IoBench {
    private IoBench() {
    }

    @FunctionalInterface
    private interface Call {
        void run();
    }

    static void cases(Comm world, PrintStream out) {
        String dir = world.bcastObject(world.rank() == 0 ? freshDir() : null, 0);
        blocks(world, dir, 1 << 20, out);
        blocks(world, dir, 64 << 20, out);
        writeShared(world, dir, out);
        world.barrier();
        if (world.rank() == 0) {
            try {
                Files.deleteIfExists(Path.of(dir));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String freshDir() {
        String tmp = System.getenv("TMPDIR");
        try {
            return Files.createTempDirectory(Path.of(tmp != null && !tmp.isEmpty() ? tmp : "/tmp"), "p4j-bench-io").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Seconds per call, best of 5 after one untimed repetition, of {@code iters} calls; the slowest rank's. */
    private static double time(Comm world, int iters, Call call) {
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 6; rep++) {
            world.barrier();
            double t0 = Mpi.wtime();
            for (int i = 0; i < iters; i++) {
                call.run();
            }
            double slowest = world.allreduce((Mpi.wtime() - t0) / iters, Op.MAX);
            if (rep > 0) {
                best = Math.min(best, slowest);
            }
        }
        return best;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("io benchmark: " + what + " is wrong");
        }
    }

    private static void blocks(Comm world, String dir, int bytes, PrintStream out) {
        String path = Path.of(dir, "blocks").toString();
        int rank = world.rank();
        try (Arena arena = Arena.ofShared()) {
            MemorySegment mine = arena.allocate(bytes);
            mine.fill((byte) (rank + 1));
            MemorySegment back = arena.allocate(bytes);
            int iters = bytes < (64 << 20) ? (64 << 20) / bytes : 1;
            long offset = (long) rank * bytes;
            double write;
            double read;
            try (MpiFile f = world.fileOpen(path, FileMode.CREATE, FileMode.RDWR)) {
                write = time(world, iters, () -> f.writeAtAll(offset, mine));
                read = time(world, iters, () -> f.readAtAll(offset, back));
            }
            world.barrier();
            if (rank == 0) {
                MpiFile.delete(path);
            }
            check(back.mismatch(mine) == -1, "read_at_all: the block read back");
            double total = (double) bytes * world.size();
            MpiBench.emit(world, out, "io", "write_at_all-" + bytes + "B", "bandwidth_MBps", total / write / 1e6);
            MpiBench.emit(world, out, "io", "read_at_all-" + bytes + "B", "bandwidth_MBps", total / read / 1e6);
        }
    }

    private static void writeShared(Comm world, String dir, PrintStream out) {
        String path = Path.of(dir, "shared").toString();
        try (Arena arena = Arena.ofShared()) {
            MemorySegment record = arena.allocate(8);
            record.fill((byte) (world.rank() + 1));
            int iters = 20000;
            double t;
            long length;
            try (MpiFile f = world.fileOpen(path, FileMode.CREATE, FileMode.RDWR)) {
                t = time(world, iters, () -> f.writeShared(record));
                f.sync(); // untimed: every rank's appends count in the size
                length = f.size();
            }
            world.barrier();
            if (world.rank() == 0) {
                MpiFile.delete(path);
            }
            check(length == 8L * iters * 6 * world.size(), "write_shared: the file's length");
            MpiBench.emit(world, out, "io", "write_shared-8B", "latency_us", t * 1e6);
        }
    }
}
