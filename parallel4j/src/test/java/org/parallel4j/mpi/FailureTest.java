package org.parallel4j.mpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input, failures and deadlocks: reported with the values, never a hang. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailureTest {

    private static MpiException expect(ErrorClass c, org.junit.jupiter.api.function.Executable e, String... words) {
        MpiException ex = assertThrows(MpiException.class, e);
        assertEquals(c, ex.errorClass(), ex.getMessage());
        for (String w : words) {
            assertTrue(ex.getMessage().contains(w), "'" + w + "' missing from: " + ex.getMessage());
        }
        return ex;
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void invalidArgumentsNameTheValuesAndLeaveTheCommUsable(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            expect(ErrorClass.RANK, () -> c.send(new int[1], c.size(), 0), "destination rank " + c.size(), "has " + c.size() + " ranks");
            expect(ErrorClass.RANK, () -> c.recv(new int[1], -7, 0), "source rank -7");
            expect(ErrorClass.TAG, () -> c.send(new int[1], 0, -3), "tag -3");
            expect(ErrorClass.COUNT, () -> c.send(new int[4], 2, 5, 0, 0), "offset 2", "count 5", "length 4");
            expect(ErrorClass.COUNT, () -> c.send(new int[4], 0, -1, 0, 0), "count -1");
            expect(ErrorClass.BUFFER, () -> c.send("text", 0, 0), "java.lang.String");
            expect(ErrorClass.BUFFER, () -> c.send(null, 0, 0), "null");
            expect(ErrorClass.OP, () -> c.allreduce(new double[1], new double[1], Op.BXOR), "BXOR", "doubles");
            expect(ErrorClass.ROOT, () -> c.bcast(new int[1], c.size()), "root " + c.size());
            // still usable
            assertEquals(c.size(), c.allreduce(1, Op.SUM));
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void truncationKeepsTheMessage(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            double[] sent = new double[1024];
            java.util.Arrays.setAll(sent, i -> i * 0.5 + c.rank());
            c.send(sent, 0, 1024, c.rank(), 7);
            expect(ErrorClass.TRUNCATE, () -> c.recv(new double[512], c.rank(), 7),
                    "message has 1024 doubles", "buffer holds 512", "source=" + c.rank(), "tag=7");
            double[] big = new double[1024];
            c.recv(big, c.rank(), 7, null); // the message was kept
            assertArrayEquals(sent, big);
            // Bytes that are no whole number of ints: an error on every engine, and the message is kept.
            byte[] odd = new byte[1023];
            java.util.Arrays.fill(odd, (byte) 5);
            c.send(odd, c.rank(), 6);
            expect(ErrorClass.TYPE, () -> c.recv(new int[1024], c.rank(), 6), "type mismatch", "1023 bytes", "kept");
            byte[] back = new byte[1023];
            c.recv(back, c.rank(), 6);
            assertArrayEquals(odd, back);
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    @Requires({Capability.TYPED_MESSAGES})
    void typeMismatchKeepsTheMessage(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            c.send(new double[1024], 0, 1024, c.rank(), 7);
            expect(ErrorClass.TYPE, () -> c.recv(new int[2048], c.rank(), 7), "doubles", "int[]");
            double[] big = new double[1024];
            c.recv(big, c.rank(), 7, null); // the message was kept
            c.sendObject("obj", c.rank(), 8);
            expect(ErrorClass.TYPE, () -> c.recv(new byte[100], c.rank(), 8), "recvObject");
            assertEquals("obj", c.recvObject(c.rank(), 8));
            c.send(new int[] {3}, c.rank(), 9);
            expect(ErrorClass.TYPE, () -> c.recvObject(c.rank(), 9), "ints", "recv");
            int[] v = new int[1];
            c.recv(v, c.rank(), 9);
            assertEquals(3, v[0]);
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    @Requires({Capability.MISMATCH_DETECTION})
    void mismatchedCollectivesAreReportedOnEveryRank(int ranks) {
        if (ranks == 1) {
            return;
        }
        CommMatrix.launch(ranks, w -> {
            expect(ErrorClass.COLLECTIVE_MISMATCH, () -> {
                if (w.rank() == 0) {
                    w.bcast(new double[4], 0);
                } else {
                    w.reduce(new double[4], new double[4], Op.SUM, 0);
                }
            }, "rank 0 called bcast(root=0, 4 doubles)", "called reduce(root=0, op=SUM, 4 doubles)");
            expect(ErrorClass.COLLECTIVE_MISMATCH, () -> w.bcast(new int[4], w.rank() == 0 ? 0 : 1), "root=0", "root=1");
            expect(ErrorClass.COLLECTIVE_MISMATCH, () -> w.allreduce(new int[w.rank() == 0 ? 2 : 3], new int[3], Op.SUM),
                    "2 ints", "3 ints");
            expect(ErrorClass.COLLECTIVE_MISMATCH, () -> w.allreduce(new int[1], new int[1], w.rank() == 0 ? Op.SUM : Op.MAX),
                    "op=SUM", "op=MAX");
            // a bad argument on one rank fails the collective on all
            expect(ErrorClass.COUNT, () -> w.gather(new int[2], w.rank() == 0 ? new int[1] : null, 0), "recvBuf holds 1");
            assertEquals(w.size(), w.allreduce(1, Op.SUM));
        });
    }

    @Test
    @Requires({Capability.INLINE_JOBS, Capability.DEADLOCK_DETECTION})
    void deadlockIsReportedWithEveryRanksPendingOperation() {
        long t0 = System.nanoTime();
        MpiException e = assertThrows(MpiException.class, () -> CommMatrix.launch(3, Duration.ofSeconds(20), w -> {
            if (w.rank() == 2) {
                w.barrier();
            } else {
                w.recv(new int[1], 1 - w.rank(), 5);
            }
        }));
        assertEquals(ErrorClass.DEADLOCK, e.errorClass());
        assertTrue(e.getMessage().contains("rank 0: blocked in recv(source=1, tag=5) on world"), e.getMessage());
        assertTrue(e.getMessage().contains("rank 1: blocked in recv(source=0, tag=5) on world"), e.getMessage());
        assertTrue(e.getMessage().contains("rank 2: blocked in barrier"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3));
    }

    @Test
    @Requires({Capability.INLINE_JOBS, Capability.DEADLOCK_DETECTION})
    void deadlockOnARankThatFinishedIsReported() {
        MpiException e = assertThrows(MpiException.class, () -> CommMatrix.launch(2, Duration.ofSeconds(20), w -> {
            if (w.rank() == 0) {
                w.recvObject(1, 0);
            }
        }));
        assertEquals(ErrorClass.DEADLOCK, e.errorClass());
        assertTrue(e.getMessage().contains("rank 1: finished"), e.getMessage());
        assertTrue(e.getMessage().contains("recvObject(source=1, tag=0)"), e.getMessage());
    }

    @Test
    @Requires({Capability.INLINE_JOBS})
    void aFailingRankEndsTheJobWithinASecond() {
        long t0 = System.nanoTime();
        MpiException e = assertThrows(MpiException.class, () -> CommMatrix.launch(4, Duration.ofSeconds(30), w -> {
            if (w.rank() == 2) {
                Thread.sleep(100);
                throw new IllegalStateException("boom at rank 2");
            }
            w.recv(new int[1], Mpi.ANY_SOURCE, 0);
        }));
        long elapsed = System.nanoTime() - t0;
        assertEquals(ErrorClass.PROC_FAILED, e.errorClass());
        assertEquals(2, e.failedRank());
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertTrue(e.getMessage().contains("rank 2 of 4 failed"), e.getMessage());
        assertTrue(elapsed < TimeUnit.MILLISECONDS.toNanos(1100), "took " + elapsed / 1e6 + " ms");
    }

    @Test
    @Requires({Capability.INLINE_JOBS})
    void otherRanksBlockingCallsThrowAborted() {
        // Asserted inside the ranks (no heap shared with the test): a rank that saw anything else fails with an AssertionError.
        MpiException job = assertThrows(MpiException.class, () -> CommMatrix.launch(4, Duration.ofSeconds(30), w -> {
            if (w.rank() == 0) {
                throw new IllegalArgumentException("bad input on rank 0");
            }
            MpiException e = assertThrows(MpiException.class, w::barrier, "rank " + w.rank() + "'s barrier returned");
            assertEquals(ErrorClass.ABORTED, e.errorClass(), e.getMessage());
            assertTrue(e.getMessage().contains("rank 0 of 4 failed"), e.getMessage());
            throw e;
        }));
        assertEquals(0, job.failedRank());
        java.io.StringWriter trace = new java.io.StringWriter();
        job.printStackTrace(new java.io.PrintWriter(trace));
        assertTrue(!trace.toString().contains("AssertionError") && !trace.toString().contains("AssertionFailedError"), trace.toString());
    }

    @Test
    @Requires({Capability.INLINE_JOBS})
    void abortEndsTheJobWithItsCode() {
        MpiException e = assertThrows(MpiException.class, () -> CommMatrix.launch(3, Duration.ofSeconds(30), w -> {
            if (w.rank() == 1) {
                w.abort(42);
            }
            w.recv(new int[1], Mpi.ANY_SOURCE, 0);
        }));
        assertEquals(ErrorClass.ABORTED, e.errorClass());
        assertEquals(42, e.exitCode());
        assertEquals(1, e.failedRank());
    }

    @Test
    @Requires({Capability.INLINE_JOBS, Capability.JOB_TIMEOUT})
    void jobTimeoutReportsPendingOperations() {
        MpiException e = assertThrows(MpiException.class, () -> CommMatrix.launch(2, Duration.ofMillis(300), w -> {
            if (w.rank() == 0) {
                w.recv(new int[1], 1, 0);
            } else {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait(); // busy, not blocked: no deadlock, only the timeout ends it
                }
            }
        }));
        assertEquals(ErrorClass.TIMEOUT, e.errorClass());
        assertTrue(e.getMessage().contains("rank 0: blocked in recv(source=1, tag=0)"), e.getMessage());
        assertTrue(e.getMessage().contains("rank 1: running"), e.getMessage());
    }

    @Test
    void unserializableObjectNamesTheCulprit() {
        CommMatrix.launch(1, w -> expect(ErrorClass.SERIALIZATION, () -> w.sendObject(new Object[] {new Object()}, 0, 0),
                "java.lang.Object", "Serializable"));
    }

    @Test
    void interruptedWaitThrows() {
        CommMatrix.launch(1, w -> {
            Thread.currentThread().interrupt();
            expect(ErrorClass.INTERRUPTED, () -> w.recv(new int[1], 0, 0), "interrupted");
            assertTrue(Thread.interrupted());
        });
    }

    @Test
    void startingAnActivePersistentRequestIsRefused() {
        CommMatrix.launch(1, w -> {
            PersistentRequest r = w.recvInit(new int[1], 0, 0);
            r.start();
            expect(ErrorClass.REQUEST, r::start, "still active");
            w.send(new int[1], 0, 0);
            r.await();
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void aFreedCommunicatorRefusesEveryCallWithComm(int ranks) {
        CommMatrix.launch(ranks, w -> {
            Comm d = w.dup();
            d.free();
            expect(ErrorClass.COMM, d::rank, "was freed");
            expect(ErrorClass.COMM, d::size, "was freed");
            expect(ErrorClass.COMM, () -> d.send(new int[1], 0, 0), "was freed");
            d.free(); // twice is allowed
        });
    }

    @Test
    @Requires({Capability.INLINE_JOBS})
    void aRethrownRequestFailureKeepsTheFailedRankAndExitCode() {
        MpiException e = assertThrows(MpiException.class, () -> CommMatrix.launch(2, Duration.ofSeconds(20), w -> {
            if (w.rank() == 1) {
                Request r = w.irecv(new int[1], 0, 1);
                try {
                    r.await();
                } catch (MpiException seen) {
                    assertEquals(0, seen.failedRank(), seen.getMessage());
                    assertEquals(3, seen.exitCode(), seen.getMessage());
                    throw seen;
                }
            } else {
                Thread.sleep(100);
                w.abort(3);
            }
        }));
        assertEquals(0, e.failedRank());
        assertEquals(3, e.exitCode());
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void badUserOperationsAreMpiExceptions(int ranks) {
        expect(ErrorClass.OP, () -> Op.create("x", true, 0, (a, ao, b, bo, n) -> { }), "itemWidth", "0");
        expect(ErrorClass.OP, () -> Op.ofDoubles(null, Double::sum), "name");
        expect(ErrorClass.OP, () -> Op.ofDoubles("f", null), "function");
    }

    @ParameterizedTest(name = "System.exit({0})")
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 3})
    @Requires({Capability.INLINE_JOBS, Capability.EXIT_WATCH})
    void aRankThatExitsWhileOthersRunIsReportedAndTheStatusIsNonZero(int status) throws Exception {
        Process p = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-cp", System.getProperty("java.class.path"),
                org.parallel4j.testprograms.EarlyExitProgram.Launcher.class.getName(), String.valueOf(status))
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the JVM did not end");
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(status == 0 ? 1 : status, p.exitValue(), out);
        assertTrue(out.contains("rank 1 of 2 called System.exit(" + status + ") while rank 0 was still running"), out);
    }

    @Test
    @Requires({Capability.INLINE_JOBS})
    void everyFailedRankIsReportedTheFirstInFull() {
        MpiException e = assertThrows(MpiException.class, () -> CommMatrix.launch(4, Duration.ofSeconds(20), w -> {
            w.barrier();
            if (w.rank() % 2 == 1) {
                throw new IllegalStateException("rank " + w.rank() + " gives up");
            }
            w.barrier();
        }));
        assertEquals(ErrorClass.PROC_FAILED, e.errorClass());
        int other = e.failedRank() == 1 ? 3 : 1;
        assertTrue(e.getMessage().contains("1 more rank failed") && e.getMessage().contains("rank " + other + " gives up"), e.getMessage());
        assertEquals(1, e.getSuppressed().length);
        assertTrue(e.getCause().getMessage().contains("rank " + e.failedRank() + " gives up"));
    }
}
