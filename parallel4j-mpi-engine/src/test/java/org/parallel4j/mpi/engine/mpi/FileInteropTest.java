package org.parallel4j.mpi.engine.mpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.parallel4j.mpi.Mpi;

/**
 * MPI-IO's native representation, shown: one file written through the same views (a 2-D
 * subarray block per rank, then every n-th int) by a C program over the library, by Java ranks
 * on the MPI engine under the library's launcher, and by the thread engine, is the same file
 * byte for byte, and holds what a serial reading expects.
 */
class FileInteropTest {
    @ParameterizedTest(name = "{0}, {1} processes")
    @CsvSource({"openmpi, 2", "mpich, 2", "mpich, 3"})
    @Timeout(180)
    void cJavaOnTheMpiEngineAndTheThreadEngineWriteTheSameFile(String library, int n, @TempDir Path dir) throws Exception {
        Abi.Family family = MpiJobs.family(library);
        Path binary = MpiJobs.compile(family, "file_peer.c", dir);

        Path fromC = dir.resolve("from-c.bin");
        List<String> command = Launcher.command(family, Launcher.program(family), n, List.of(), List.of(binary.toString(), fromC.toString()));
        Process job = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(job.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(job.waitFor(60, TimeUnit.SECONDS) && job.exitValue() == 0, "the C program failed: " + out);

        Path fromMpiEngine = dir.resolve("from-mpi-engine.bin");
        MpiJobs.Result r = MpiJobs.run(family, n, 120, List.of(), FilePeerJava.class.getName(), fromMpiEngine.toString());
        assertEquals(0, r.exitCode(), r.output());

        Path fromThreads = dir.resolve("from-threads.bin");
        Mpi.run(n, world -> FilePeerJava.write(world, fromThreads.toString()));

        byte[] c = Files.readAllBytes(fromC);
        assertArrayEquals(c, Files.readAllBytes(fromMpiEngine), "the MPI engine's file differs from C's");
        assertArrayEquals(c, Files.readAllBytes(fromThreads), "the thread engine's file differs from C's");
        // and it is what a serial reader expects
        int rows = FilePeerJava.ROWS, cols = FilePeerJava.COLS, count = FilePeerJava.COUNT;
        ByteBuffer b = ByteBuffer.wrap(c).order(ByteOrder.nativeOrder());
        assertEquals(rows * cols * 8 + count * n * 4, c.length);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                assertEquals(i * 100.0 + j + 0.25, b.getDouble(8 * (i * cols + j)));
            }
        }
        for (int k = 0; k < count; k++) {
            for (int rank = 0; rank < n; rank++) {
                assertEquals(rank * 1000 + k, b.getInt(rows * cols * 8 + 4 * (k * n + rank)));
            }
        }
    }
}
