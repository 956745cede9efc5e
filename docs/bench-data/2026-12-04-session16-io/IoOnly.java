package org.parallel4j.bench;

import java.lang.foreign.*;
import java.nio.file.*;
import org.parallel4j.mpi.*;

public class IoOnly {
    public static void main(String[] a) throws Exception {
        Comm world = Mpi.world();
        String dir = world.bcastObject(world.rank() == 0 ? Files.createTempDirectory("p4j-io").toString() : null, 0);
        String path = Path.of(dir, "blocks").toString();
        int bytes = 1 << 20;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment mine = arena.allocate(bytes);
            mine.fill((byte) 1);
            MemorySegment back = arena.allocate(bytes);
            long offset = (long) world.rank() * bytes;
            try (MpiFile f = world.fileOpen(path, FileMode.CREATE, FileMode.RDWR)) {
                for (int k = 0; k < 64; k++) f.writeAtAll(offset, mine);
                for (int round = 0; round < 8; round++) {
                    double best = 1e9;
                    for (int rep = 0; rep < 6; rep++) {
                        world.barrier();
                        double t0 = Mpi.wtime();
                        for (int i = 0; i < 64; i++) f.readAtAll(offset, back);
                        best = Math.min(best, world.allreduce((Mpi.wtime() - t0) / 64, Op.MAX));
                    }
                    if (world.rank() == 0) System.out.printf("read_at_all 1MiB %.0f MB/s%n", 2.0 * bytes / best / 1e6);
                }
            }
        }
        world.barrier();
        if (world.rank() == 0) { Files.deleteIfExists(Path.of(path)); Files.deleteIfExists(Path.of(dir)); }
    }
}
