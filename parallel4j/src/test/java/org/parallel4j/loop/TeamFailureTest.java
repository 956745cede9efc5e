package org.parallel4j.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parallel4j.mpi.Mpi;

/** Exceptions, nesting, concurrent callers and hybrid use: never a hang, and the team stays usable. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TeamFailureTest {
    private static final Team TEAM = Team.create(4);

    @AfterAll
    static void close() {
        TEAM.close();
    }

    static final class Boom extends RuntimeException {
        Boom(String m) {
            super(m);
        }
    }

    @Test
    void anExceptionStopsReductionsEarlyWithEverySchedule() {
        int n = 40_000_000;
        for (Schedule s : new Schedule[] {Schedule.staticBlocks(), Schedule.guided(1), Schedule.dynamic(1 << 20), Schedule.staticChunks(1 << 22)}) {
            for (boolean deterministic : new boolean[] {false, true}) {
                AtomicLong ran = new AtomicLong();
                var loop = TEAM.range(0, n).schedule(s);
                var configured = deterministic ? loop.deterministic() : loop;
                Boom thrown = assertThrows(Boom.class, () -> configured.sum(i -> {
                    ran.incrementAndGet();
                    if (i == 1000) {
                        throw new Boom("at " + i);
                    }
                    return i;
                }));
                assertEquals("at 1000", thrown.getMessage());
                // Each of the 4 threads may finish its current slice; none may run its whole share.
                assertTrue(ran.get() < n / 8, s + (deterministic ? " deterministic" : "") + ": " + ran.get() + " of " + n
                        + " iterations ran after the failure");
                AtomicLong longs = new AtomicLong();
                assertThrows(Boom.class, () -> TEAM.range(0, n).schedule(s).reduceLong(org.parallel4j.loop.Reduction.SUM, i -> {
                    longs.incrementAndGet();
                    if (i == 5) {
                        throw new Boom("long");
                    }
                    return i;
                }));
                assertTrue(longs.get() < n / 8, s + ": reduceLong ran " + longs.get());
            }
        }
    }

    @Test
    void aTeamLargerThanTheCoresIsNotPathological() {
        int cores = Runtime.getRuntime().availableProcessors();
        try (Team big = Team.create(8 * cores)) {
            double[] x = new double[10_000];
            long t0 = System.nanoTime();
            for (int k = 0; k < 500; k++) {
                big.range(0, x.length).forEachRange((lo, hi) -> {
                    for (int i = lo; i < hi; i++) {
                        x[i] += 1;
                    }
                });
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(500.0, x[x.length - 1]);
            // Spinning that does not adapt took about 8 ms per loop here (4 s); adapted, well under 1 ms.
            assertTrue(ms < 3_000, "500 loops of a " + 8 * cores + "-thread team on " + cores + " cores took " + ms + " ms");
        }
    }

    @Test
    void anExceptionStopsTheLoopAndPropagatesWithItsOriginalStackTrace() {
        for (Schedule s : new Schedule[] {Schedule.staticBlocks(), Schedule.staticChunks(10), Schedule.dynamic(1), Schedule.guided(1)}) {
            AtomicLong ran = new AtomicLong();
            Boom thrown = assertThrows(Boom.class, () -> TEAM.range(0, 10_000_000).schedule(s).forEach(i -> {
                ran.incrementAndGet();
                if (i == 1234) {
                    throw new Boom("bad input at " + i);
                }
            }));
            assertEquals("bad input at 1234", thrown.getMessage());
            assertTrue(thrown.getStackTrace()[0].getMethodName().contains("lambda"), "stack trace is the body's");
            assertTrue(ran.get() < 10_000_000, s + ": the loop was not stopped (" + ran.get() + " iterations ran)");
            assertEquals(100, TEAM.range(0, 100).schedule(s).count(i -> true), "team unusable after a failure");
        }
    }

    @Test
    void aFailureInsideARegionReleasesThreadsWaitingAtBarriers() {
        Boom b = new Boom("thread 1 fails");
        for (int round = 0; round < 20; round++) {
            Boom thrown = assertThrows(Boom.class, () -> TEAM.region(r -> {
                if (r.threadId() == 1) {
                    throw b;
                }
                r.barrier();
                r.forLoop(0, 100, Schedule.dynamic(1), i -> { });
                r.single(() -> "x");
            }));
            assertSame(b, thrown);
            // everything the failed region left half-done (loops, singles, barriers) is reset
            AtomicInteger after = new AtomicInteger();
            TEAM.region(r -> {
                r.forLoop(0, 100, Schedule.dynamic(3), i -> after.incrementAndGet());
                r.single(() -> after.addAndGet(1000));
                r.barrier();
            });
            assertEquals(1100, after.get());
        }
    }

    @Test
    void checkedExceptionsAndErrorsPropagateToo() {
        AssertionError e = assertThrows(AssertionError.class, () -> TEAM.range(0, 100).forEach(i -> {
            if (i == 99) {
                throw new AssertionError("error at 99");
            }
        }));
        assertEquals("error at 99", e.getMessage());
    }

    @Test
    void nestedLoopsRunSeriallyAndNeverDeadlock() {
        long total = TEAM.range(0, 64).schedule(Schedule.dynamic(1)).reduceLong(Reduction.SUM,
                i -> TEAM.range(0, 100).reduceLong(Reduction.SUM, j -> TEAM.range(0, 3).count(k -> true)));
        assertEquals(64L * 100 * 3, total);
        TEAM.region(r -> TEAM.region(inner -> assertEquals(1, inner.numThreads())));
        TEAM.region(r -> {
            assertEquals(3, TEAM.range(0, 3).count(k -> true));
            // after a nested loop the thread is back in its own region, with its own id
            assertEquals(r.threadId(), Parallel.threadId());
            assertEquals(r.numThreads(), Parallel.numThreads());
            r.barrier();
        });
    }

    @Test
    void twoCallersAtOnceBothComplete() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        long[] results = new long[4];
        Thread[] threads = new Thread[4];
        for (int k = 0; k < 4; k++) {
            int id = k;
            threads[k] = Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int rep = 0; rep < 50; rep++) {
                    results[id] += TEAM.range(0, 1000).schedule(Schedule.dynamic(7)).reduceLong(Reduction.SUM, i -> i);
                }
            });
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        for (long r : results) {
            assertEquals(50L * 499_500, r);
        }
    }

    @Test
    void aClosedTeamRunsLoopsSerially() {
        Team t = Team.create(3);
        t.close();
        assertEquals(45, t.range(0, 10).reduceLong(Reduction.SUM, i -> i));
    }

    @Test
    void ranksOfTheThreadEngineGetTheirOwnTeamsSizedToShareTheCores() {
        int cores = Runtime.getRuntime().availableProcessors();
        int[] sizes = new int[2];
        Team[] teams = new Team[2];
        Mpi.run(2, java.time.Duration.ofSeconds(30), world -> {
            Team mine = Team.common();
            teams[world.rank()] = mine;
            sizes[world.rank()] = mine.size();
            long s = Parallel.range(0, 1000).reduceLong(Reduction.SUM, i -> i);
            assertEquals(499_500L * 2, world.allreduce(s, org.parallel4j.mpi.Op.SUM));
        });
        if (System.getenv("P4J_NUM_THREADS") == null && System.getenv("OMP_NUM_THREADS") == null
                && System.getProperty("p4j.numThreads") == null) {
            assertEquals(Math.max(1, cores / 2), sizes[0]);
        }
        assertTrue(teams[0] != teams[1], "ranks share one team");
    }

    @Test
    void badArgumentsAreRejectedWithTheirValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Team.create(0));
        assertTrue(e.getMessage().contains("got 0"));
        e = assertThrows(IllegalArgumentException.class, () -> TEAM.region(-2, r -> { }));
        assertTrue(e.getMessage().contains("-2"));
        e = assertThrows(IllegalArgumentException.class, () -> TEAM.range(Long.MIN_VALUE, Long.MAX_VALUE));
        assertTrue(e.getMessage().contains("Long.MAX_VALUE"));
        e = assertThrows(IllegalArgumentException.class, () -> TEAM.range(0L, 1L << 40).forEach(i -> { }));
        assertTrue(e.getMessage().contains("forEachLong"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TEAM.range(0, 10).reduceDouble(Reduction.BAND, i -> 1));
        assertTrue(e.getMessage().contains("BAND"));
    }
}
