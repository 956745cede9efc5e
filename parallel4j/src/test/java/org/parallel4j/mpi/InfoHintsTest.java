package org.parallel4j.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hints ({@link Info}) on windows, files and communicators, as {@code MPI_Win_create},
 * {@code MPI_File_open} and {@code MPI_Comm_set_info} take them: the calls accept them, a
 * window created with {@code no_locks=true} refuses passive-target epochs on both engines and
 * still works under fences, {@code info()} reports hints on every rank, communicators' hints
 * are set, merged and given to a dup.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InfoHintsTest {

    private static boolean threadEngine() {
        return Capability.engine().equals("threads");
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void aWindowPromisedNoLocksRefusesLocksAndStillMovesDataUnderFences(int ranks, String kind) {
        org.junit.jupiter.api.Assumptions.assumeTrue(ranks <= Math.max(2, Capability.nodeCores()) || threadEngine(),
                "windows with more ranks than cores: see OneSidedTest's known library faults");
        CommMatrix.run(ranks, kind, c -> {
            int n = c.size(), me = c.rank();
            Info hints = Info.of("no_locks", "true", "same_size", "true", "same_disp_unit", "true");
            for (int form = 0; form < 3; form++) {
                if (form == 1 && n == 1 && "openmpi".equals(System.getProperty("p4j.mpi.library"))) {
                    continue; // Open MPI 4.1's default components cannot create a window of one process (OneSidedTest checks the error)
                }
                try (Arena arena = Arena.ofShared()) {
                    MemorySegment region = arena.allocate(8L * n, 8);
                    try (Win win = switch (form) {
                        case 0 -> c.winAllocate(8L * n, 8, hints);
                        case 1 -> c.winCreate(region, 8, hints);
                        default -> c.winAllocateShared(8L * n, 8, hints.with("alloc_shared_noncontig", "true"));
                    }) {
                        Info info = win.info();
                        assertNotNull(info);
                        if (threadEngine()) {
                            assertEquals("true", info.get("no_locks"), info.toString());
                            assertEquals("true", info.get("same_size"), info.toString());
                        }
                        MpiException e = assertThrows(MpiException.class, () -> win.lock(0));
                        assertEquals(ErrorClass.RMA_SYNC, e.errorClass(), e.getMessage());
                        assertTrue(e.getMessage().contains("no_locks=true") && e.getMessage().contains("lock(0)"), e.getMessage());
                        e = assertThrows(MpiException.class, win::lockAll);
                        assertTrue(e.getMessage().contains("no_locks=true") && e.getMessage().contains("lockAll"), e.getMessage());
                        // fences still work: every rank puts its rank + 1 at its own slot of every rank
                        win.fence();
                        for (int t = 0; t < n; t++) {
                            win.put(new long[] {me + 1}, t, me);
                        }
                        win.fence();
                        for (int r = 0; r < n; r++) {
                            assertEquals(r + 1, win.memory().getAtIndex(ValueLayout.JAVA_LONG, r), "slot " + r + ", form " + form);
                        }
                        win.fence(Win.MODE_NOSUCCEED);
                    }
                }
            }
            // without the hint (and with no_locks=false) the same window locks
            try (Win win = c.winAllocate(8, 8, Info.of("no_locks", "false"))) {
                win.lock(me);
                win.put(new long[] {7}, me, 0);
                win.unlock(me);
                assertEquals(7, win.memory().get(ValueLayout.JAVA_LONG, 0));
                c.barrier();
            }
            // null hints are none
            try (Win win = c.winAllocate(8, 8, null)) {
                win.lockAll();
                win.unlockAll();
                c.barrier();
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void aFileReportsItsHints(int ranks) throws Exception {
        Path dir = Files.createTempDirectory("p4j-info");
        CommMatrix.launch(ranks, world -> {
            String path = world.bcastObject(dir.resolve("hinted.bin").toString(), 0);
            Info hints = Info.of("cb_nodes", "1", "romio_cb_write", "enable");
            try (MpiFile f = world.fileOpen(path, hints, FileMode.CREATE, FileMode.RDWR)) {
                Info info = f.info();
                assertNotNull(info);
                if (threadEngine()) {
                    assertEquals(hints.asMap(), info.asMap());
                }
                f.writeAtAll(8L * world.rank(), new long[] {world.rank() * 3L});
                long[] back = new long[1];
                f.readAt(8L * world.rank(), back);
                assertEquals(world.rank() * 3L, back[0]);
            }
            world.barrier();
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void communicatorHintsAreSetMergedAndGivenToADup(int ranks) {
        CommMatrix.launch(ranks, world -> {
            Comm c = world.dup();
            c.setInfo(Info.of("mpi_assert_no_any_tag", "true"));
            c.setInfo(Info.of("mpi_assert_no_any_source", "true"));
            Info info = c.info();
            assertNotNull(info);
            if (threadEngine()) {
                assertEquals("true", info.get("mpi_assert_no_any_tag"), info.toString());
                assertEquals("true", info.get("mpi_assert_no_any_source"), info.toString());
                assertEquals(info.asMap(), c.dup().info().asMap(), "dup() copies the hints");
                Comm d = c.dup(Info.of("mpi_assert_exact_length", "true"));
                assertEquals("true", d.info().get("mpi_assert_exact_length"));
                assertNull(d.info().get("mpi_assert_no_any_tag"), "dup(Info) takes the given hints, not the parent's");
                d.free();
            }
            // a dup with hints is a working communicator of the same ranks
            Comm d = c.dup(Info.of("mpi_assert_allow_overtaking", "false"));
            assertEquals(world.size(), d.size());
            assertEquals(world.rank(), d.rank());
            assertEquals(world.size() * (world.size() - 1) / 2, d.allreduce(d.rank(), Op.SUM));
            d.free();
            MpiException e = assertThrows(MpiException.class, () -> c.setInfo(null));
            assertEquals(ErrorClass.ARG, e.errorClass());
            assertTrue(e.getMessage().contains("setInfo") && e.getMessage().contains("null"), e.getMessage());
            c.free();
        });
    }
}
