package org.parallel4j.mpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parallel I/O over the matrix: every rank's part of one file through explicit offsets, file
 * pointers and views (vector, resized, 2-D and 3-D subarrays), the file's bytes checked against a
 * serial reference read with plain Java, sizes on both sides of the thread engine's staging block,
 * and the errors of misuse.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FileIoTest {

    private static MpiException expect(ErrorClass c, Runnable r, String... fragments) {
        MpiException e = assertThrows(MpiException.class, r::run);
        assertEquals(c, e.errorClass(), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "\"" + f + "\" not in: " + e.getMessage());
        }
        return e;
    }

    /** A fresh directory every rank sees (made by rank 0), and the path of {@code name} in it. */
    static String fresh(Comm c, String name) throws Exception {
        String dir = c.bcastObject(c.rank() == 0 ? Files.createTempDirectory("p4j-io-test").toString() : null, 0);
        return Path.of(dir, name).toString();
    }

    /** Rank 0 removes the file and its directory once every rank is done with it. */
    static void cleanUp(Comm c, String path) throws Exception {
        c.barrier();
        if (c.rank() == 0) {
            Files.deleteIfExists(Path.of(path));
            Files.deleteIfExists(Path.of(path).getParent());
        }
    }

    private static long value(int r, long i) {
        return r * 1_000_003L + i * 7L;
    }

    static ByteBuffer bytesOf(String path) throws Exception {
        return ByteBuffer.wrap(Files.readAllBytes(Path.of(path))).order(ByteOrder.nativeOrder());
    }

    /**
     * A rank reads back what it has just written collectively, without a barrier or a sync in
     * between: MPI promises a process sees its own writes. Not skipped with more ranks than cores
     * (no view, no shared pointer: the known stalls are not on this path), because the fault it
     * found shows from three ranks on: Open MPI 4.1's collective writes returned before the data
     * was written, and the read right after read nothing.
     */
    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void aRankReadsBackWhatItHasJustWrittenCollectively(int ranks) {
        CommMatrix.launch(ranks, c -> {
            String path = fresh(c, "own-writes");
            int me = c.rank(), n = c.size();
            try (MpiFile f = c.fileOpen(path, FileMode.CREATE, FileMode.RDWR)) {
                for (int count : new int[] {1, 3, 1000}) {
                    long base = 8L * count * n * (count == 1 ? 0 : count == 3 ? 1 : 4);
                    long[] mine = new long[count];
                    for (int i = 0; i < count; i++) {
                        mine[i] = value(me, i) + count;
                    }
                    f.writeAtAll(base + 8L * count * me, mine);
                    long[] back = new long[count];
                    assertEquals(count, f.readAt(base + 8L * count * me, back), count + " longs at rank " + me + ": the read came short");
                    assertArrayEquals(mine, back, count + " longs at rank " + me);
                }
                // the same through the individual file pointer (writeAll), then readAt
                long at = 8L * 1000 * n * 8;
                f.seek(at + 8L * me, MpiFile.Whence.SET);
                f.writeAll(new long[] {-1 - me});
                long[] one = new long[1];
                assertEquals(1, f.readAt(at + 8L * me, one), "writeAll at rank " + me + ": the read came short");
                assertEquals(-1 - me, one[0]);
            }
            cleanUp(c, path);
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void hintsGoWithTheOpen(int ranks) {
        CommMatrix.launch(ranks, c -> {
            String path = fresh(c, "hinted");
            try (MpiFile f = c.fileOpen(path, Info.of("cb_nodes", "1", "romio_cb_write", "enable"), FileMode.CREATE, FileMode.RDWR)) {
                f.setView(0, int.class);
                f.writeAtAll(c.rank(), new int[] {c.rank() + 5});
            }
            try (MpiFile f = c.fileOpen(path, Info.NULL, FileMode.RDONLY)) {
                f.setView(0, int.class);
                int[] all = new int[c.size()];
                assertEquals(c.size(), f.readAt(0, all));
                for (int r = 0; r < c.size(); r++) {
                    assertEquals(r + 5, all[r]);
                }
            }
            cleanUp(c, path);
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void everyRanksBlockGoesToItsPlaceAndComesBack(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            String path = fresh(c, "blocks");
            int n = c.size(), me = c.rank();
            // longs per rank: across the thread engine's 1 MiB staging block
            for (int count : new int[] {1, 1000, 200_000}) {
                long[] mine = new long[count];
                for (int i = 0; i < count; i++) {
                    mine[i] = value(me, i);
                }
                try (MpiFile f = c.fileOpen(path, FileMode.CREATE, FileMode.RDWR)) {
                    f.writeAtAll(8L * count * me, mine); // default view: offsets in bytes
                    long[] back = new long[count];
                    assertEquals(count, f.readAtAll(8L * count * me, back));
                    assertArrayEquals(mine, back);
                    c.barrier();
                    assertEquals(8L * count * n, f.size());
                }
                if (me == 0) {
                    ByteBuffer all = bytesOf(path);
                    for (int r = 0; r < n; r++) {
                        for (int i = 0; i < count; i += Math.max(1, count / 101)) {
                            assertEquals(value(r, i), all.getLong(8 * (r * count + i)), "rank " + r + " element " + i);
                        }
                    }
                }
                c.barrier();
                if (me == 0) {
                    MpiFile.delete(path);
                }
                c.barrier();
            }
            cleanUp(c, path);
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void vectorAndResizedViewsInterleaveTheRanks(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            String path = fresh(c, "interleaved");
            int n = c.size(), me = c.rank();
            int k = 37;
            double[] mine = new double[k];
            for (int i = 0; i < k; i++) {
                mine[i] = me + 0.001 * i;
            }
            try (MpiFile f = c.fileOpen(path, FileMode.CREATE, FileMode.WRONLY)) {
                // one tile: k blocks of one double, n apart
                f.setView(8L * me, Filetype.vector(double.class, k, 1, n));
                f.write(mine);
                assertEquals(k, f.position());
            }
            try (MpiFile f = c.fileOpen(path, FileMode.RDWR)) {
                // the same pattern by tiling one double with an extent of n doubles, in two writes through the pointer
                f.setView(8L * me, Filetype.contiguous(double.class, 1).withExtent(n));
                double[] back = new double[k];
                assertEquals(k, f.readAll(back));
                assertArrayEquals(mine, back);
                f.seek(0, MpiFile.Whence.SET);
                double[] twice = new double[k];
                for (int i = 0; i < k; i++) {
                    twice[i] = 2 * mine[i];
                }
                f.writeAll(java.util.Arrays.copyOfRange(twice, 0, 10));
                f.writeAll(java.util.Arrays.copyOfRange(twice, 10, k));
                f.seek(-5, MpiFile.Whence.CUR);
                double[] last = new double[5];
                f.read(last);
                assertArrayEquals(java.util.Arrays.copyOfRange(twice, k - 5, k), last);
                f.seek(0, MpiFile.Whence.END);
                assertEquals(k, f.position());
                expect(ErrorClass.ARG, () -> f.seek(-1, MpiFile.Whence.SET), "before the start of the view");
            }
            if (me == 0) {
                ByteBuffer all = bytesOf(path);
                assertEquals(8L * k * n, all.capacity());
                for (int i = 0; i < k; i++) {
                    for (int r = 0; r < n; r++) {
                        assertEquals(2 * (r + 0.001 * i), all.getDouble(8 * (i * n + r)));
                    }
                }
            }
            cleanUp(c, path);
        });
    }

    /** The value of element (i, j) of the global 2-D array, or (i, j, l) of the 3-D one. */
    private static double global(int i, int j, int l) {
        return i * 10_000.0 + j * 100.0 + l;
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void subarrayViewsWriteEachRanksBlockOfAGlobalArray(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            String path = fresh(c, "array2d");
            int n = c.size(), me = c.rank();
            int px = n % 2 == 0 ? 2 : 1, py = n / px;  // a px x py grid of ranks
            int rows = 13, cols = 11;
            int pi = me / py, pj = me % py;
            int r0 = rows * pi / px, r1 = rows * (pi + 1) / px, c0 = cols * pj / py, c1 = cols * (pj + 1) / py;
            double[] block = new double[(r1 - r0) * (c1 - c0)];
            for (int i = r0; i < r1; i++) {
                for (int j = c0; j < c1; j++) {
                    block[(i - r0) * (c1 - c0) + (j - c0)] = global(i, j, 0);
                }
            }
            Filetype mineType = Filetype.subarray(double.class, new int[] {rows, cols}, new int[] {r1 - r0, c1 - c0}, new int[] {r0, c0});
            try (MpiFile f = c.fileOpen(path, FileMode.CREATE, FileMode.RDWR)) {
                f.setView(0, mineType);
                f.writeAtAll(0, block);
                double[] back = new double[block.length];
                f.readAtAll(0, back);
                assertArrayEquals(block, back);
            }
            if (me == 0) {
                ByteBuffer all = bytesOf(path);
                assertEquals(8L * rows * cols, all.capacity());
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        assertEquals(global(i, j, 0), all.getDouble(8 * (i * cols + j)), "(" + i + ", " + j + ")");
                    }
                }
                Files.delete(Path.of(path));
            }
            c.barrier();
            // 3-D: ranks split the middle axis of a 4 x 7 x 5 array of ints; rank 0 reads it all back through a plain view
            int a = 4, b = 7, d = 5;
            int b0 = b * me / n, b1 = b * (me + 1) / n;
            int[] slab = new int[a * (b1 - b0) * d];
            for (int i = 0, at = 0; i < a; i++) {
                for (int j = b0; j < b1; j++) {
                    for (int l = 0; l < d; l++) {
                        slab[at++] = (int) global(i, j, l);
                    }
                }
            }
            try (MpiFile f = c.fileOpen(path, FileMode.CREATE, FileMode.RDWR)) {
                if (b1 > b0) {
                    f.setView(16, Filetype.subarray(int.class, new int[] {a, b, d}, new int[] {a, b1 - b0, d}, new int[] {0, b0, 0}));
                } else {
                    f.setView(16, int.class);
                }
                f.writeAtAll(0, b1 > b0 ? slab : new int[0]);
                f.setView(16, int.class);
                if (me == 0) {
                    int[] all = new int[a * b * d];
                    assertEquals(all.length, f.readAt(0, all));
                    for (int i = 0, at = 0; i < a; i++) {
                        for (int j = 0; j < b; j++) {
                            for (int l = 0; l < d; l++) {
                                assertEquals((int) global(i, j, l), all[at++]);
                            }
                        }
                    }
                    // past the end: fewer elements than asked
                    assertEquals(3, f.readAt(all.length - 3, new int[10]));
                }
                c.barrier();
            }
            cleanUp(c, path);
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void theSharedPointerHandsOutRangesAndOrderedCallsGoInRankOrder(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            String path = fresh(c, "shared");
            int n = c.size(), me = c.rank();
            try (MpiFile f = c.fileOpen(path, FileMode.CREATE, FileMode.RDWR)) {
                f.setView(0, long.class);
                for (int k = 0; k < 5; k++) {
                    f.writeShared(new long[] {me, k});
                }
                c.barrier();
                assertEquals(10L * n, f.positionShared());
                f.seekShared(0, MpiFile.Whence.SET);
                long[] records = new long[2];
                Set<Long> seen = new HashSet<>();
                for (int k = 0; k < 5; k++) {
                    assertEquals(2, f.readShared(records));
                    seen.add(records[0] * 100 + records[1]);
                }
                java.util.List<Set<Long>> all = c.allgatherObject(seen);
                Set<Long> union = new HashSet<>();
                all.forEach(union::addAll);
                assertEquals(5 * n, union.size(), "every record written once and read once: " + union);
                // ordered: rank r writes r + 1 copies of r after what is there
                f.seekShared(0, MpiFile.Whence.END);
                long[] mine = new long[me + 1];
                java.util.Arrays.fill(mine, me + 100);
                f.writeOrdered(mine);
                f.seekShared(10L * n, MpiFile.Whence.SET);
                long[] back = new long[me + 1];
                assertEquals(me + 1, f.readOrdered(back));
                assertArrayEquals(mine, back);
            }
            if (me == 0) {
                ByteBuffer all = bytesOf(path);
                int at = 10 * n;
                for (int r = 0; r < n; r++) {
                    for (int k = 0; k <= r; k++) {
                        assertEquals(r + 100, all.getLong(8 * at++));
                    }
                }
                assertEquals(8L * at, all.capacity());
            }
            cleanUp(c, path);
        });
    }

    /**
     * Rounds of independent shared-pointer writes and reads between collective seeks and ordered
     * calls, each round checked: Open MPI 4.1 and MPICH 4.0 let a collective shared-pointer call
     * set the pointer before another rank's last independent call had moved it (an ordered write
     * after a gap, read back as zeros), which a Java program on the MPI engine hit within three
     * rounds before the engine synchronized these calls.
     */
    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void sharedPointerRoundsBetweenCollectiveSeeksAgreeEveryRound(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            int n = c.size(), me = c.rank();
            for (int round = 0; round < 20; round++) {
                String path = fresh(c, "shared-rounds");
                try (MpiFile f = c.fileOpen(path, FileMode.CREATE, FileMode.RDWR)) {
                    f.setView(0, long.class);
                    for (int k = 0; k < 3; k++) {
                        f.writeShared(new long[] {me, k});
                    }
                    c.barrier();
                    assertEquals(6L * n, f.positionShared(), "round " + round + ": the shared pointer after every write");
                    f.seekShared(0, MpiFile.Whence.SET);
                    long[] record = new long[2];
                    for (int k = 0; k < 3; k++) {
                        assertEquals(2, f.readShared(record), "round " + round);
                    }
                    f.seekShared(0, MpiFile.Whence.END);
                    long[] mine = new long[me + 1];
                    java.util.Arrays.fill(mine, me + 100);
                    f.writeOrdered(mine);
                    f.seekShared(-(long) n * (n + 1) / 2, MpiFile.Whence.END);
                    long[] back = new long[me + 1];
                    assertEquals(me + 1, f.readOrdered(back), "round " + round);
                    assertArrayEquals(mine, back, "round " + round + ": the ordered part read back where it was written");
                    assertEquals(6L * n + (long) n * (n + 1) / 2, f.positionShared(), "round " + round + ": the pointer after the ordered read");
                }
                cleanUp(c, path);
            }
        });
    }

    /**
     * Reads count what lies before the end of the file, through a view with gaps and collectively
     * (MPICH reported whole requests: see RandomFileIoTest), also once setSize has shortened a
     * file that was read before (the MPI engine remembers a size it has seen).
     */
    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void readsStopAtTheEndOfTheFileAlsoAfterItShrinks(int ranks) {
        CommMatrix.launch(ranks, c -> {
            String path = fresh(c, "shrinks");
            int me = c.rank(), n = c.size();
            try (MpiFile f = c.fileOpen(path, FileMode.CREATE, FileMode.RDWR)) {
                // rank r owns every n-th long from r: a view with gaps between its elements
                f.setView(8L * me, Filetype.vector(long.class, 1, 1, 1).withExtent(n));
                long[] mine = new long[100];
                java.util.Arrays.fill(mine, me + 1);
                f.writeAtAll(0, mine);
                c.barrier();
                assertEquals(100, f.readAtAll(0, new long[100]));
                assertEquals(100, f.readAt(0, new long[150]), "past the end: only the 100 there");
                f.setSize(8L * n * 41); // 41 whole tiles: every rank's first 41 elements
                assertEquals(8L * n * 41, f.size());
                long[] back = new long[100];
                int expected = 41;
                assertEquals(expected, f.readAtAll(0, back), "after setSize");
                assertEquals(me + 1, back[40]);
                assertEquals(expected, f.readAt(0, new long[100]));
                f.seek(10, MpiFile.Whence.SET);
                assertEquals(expected - 10, f.read(new long[100]));
                assertEquals(expected, f.position(), "the pointer after what was read");
            }
            cleanUp(c, path);
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void misuseIsAnErrorNamingTheFileAndTheValues(int ranks) {
        CommMatrix.launch(ranks, c -> {
            String path = fresh(c, "modes");
            int me = c.rank();
            expect(ErrorClass.FILE, () -> c.fileOpen(path, FileMode.RDONLY), path, "no such file");
            expect(ErrorClass.FILE, () -> c.fileOpen(path, FileMode.RDONLY, FileMode.CREATE), "RDONLY cannot be combined");
            expect(ErrorClass.FILE, () -> c.fileOpen(path, FileMode.CREATE), "exactly one of RDONLY, WRONLY and RDWR");
            try (MpiFile f = c.fileOpen(path, FileMode.CREATE, FileMode.WRONLY, FileMode.EXCL)) {
                expect(ErrorClass.FILE, () -> f.readAt(0, new byte[1]), "WRONLY");
                expect(ErrorClass.ARG, () -> f.writeAt(-1, new byte[1]), "offset -1 is negative");
                f.setView(0, double.class);
                expect(ErrorClass.TYPE, () -> f.writeAt(0, new long[1]), "long[]", "double");
                expect(ErrorClass.BUFFER, () -> f.writeAt(0, new boolean[1]), "boolean[]");
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment odd = a.allocate(12);
                    expect(ErrorClass.COUNT, () -> f.writeAt(0, odd), "12 bytes");
                    MemorySegment two = a.allocate(16);
                    two.setAtIndex(ValueLayout.JAVA_DOUBLE, 1, 2.5);
                    f.writeAt(me * 2L, two); // a native segment as the buffer
                }
                expect(ErrorClass.COUNT, () -> f.writeAt(0, new double[4], 3, 2), "offset 3 and count 2");
                f.setSize(c.size() * 16L + 8);
                assertEquals(c.size() * 16L + 8, f.size());
                f.sync();
            }
            expect(ErrorClass.FILE, () -> c.fileOpen(path, FileMode.CREATE, FileMode.WRONLY, FileMode.EXCL), "exists");
            try (MpiFile f = c.fileOpen(path, FileMode.RDONLY)) {
                expect(ErrorClass.FILE, () -> f.writeAt(0, new byte[1]), "RDONLY");
                expect(ErrorClass.FILE, () -> f.setSize(0), "RDONLY");
                f.setView(0, double.class);
                double[] d = new double[2];
                assertEquals(2, f.readAt(2L * me, d));
                assertEquals(2.5, d[1]);
                f.close();
                f.close(); // twice is allowed
                assertTrue(f.isClosed());
                expect(ErrorClass.FILE, () -> f.readAt(0, d), "closed");
            }
            try (MpiFile f = c.fileOpen(path, FileMode.WRONLY, FileMode.APPEND)) {
                assertEquals(c.size() * 16L + 8, f.position());
                assertEquals(c.size() * 16L + 8, f.positionShared());
            }
            expect(ErrorClass.ARG, () -> Filetype.vector(double.class, 3, 2, 1), "stride must be at least blocklength");
            expect(ErrorClass.ARG, () -> Filetype.subarray(int.class, new int[] {4, 4}, new int[] {2, 3}, new int[] {0, 2}),
                    "dimension 1", "start 2");
            expect(ErrorClass.ARG, () -> Filetype.contiguous(boolean.class, 1), "boolean");
            c.barrier();
            try (MpiFile f = c.fileOpen(path, FileMode.RDWR, FileMode.DELETE_ON_CLOSE)) {
                assertTrue(f.size() > 0);
            }
            assertFalse(Files.exists(Path.of(path)));
            if (me == 0) {
                expect(ErrorClass.FILE, () -> MpiFile.delete(path), "no such file");
            }
            cleanUp(c, path);
        });
    }
}
