package org.parallel4j.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.parallel4j.pool.MapOptions;
import org.parallel4j.pool.Pool;
import org.parallel4j.pool.PoolException;
import org.parallel4j.pool.ResultIterator;

/**
 * A pool over the ranks of a communicator (mpi4py's MPICommExecutor), on whichever engine the
 * suite runs: results against a serial reference, the root and the workers' roles, failures of
 * tasks and of results, and a job that ends rather than hangs.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RankPoolTest {
    /** A task whose cost varies, so that ranks finish out of order. */
    static long work(int x) {
        long s = 0;
        for (int i = 0; i < (x % 7) * 20_000; i++) {
            s += (long) i * x % 13;
        }
        return s + x;
    }

    /** Not serializable: a rank cannot send it back. */
    static final class Opaque {
        final int v;

        Opaque(int v) {
            this.v = v;
        }
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void theRootMapsOverTheOtherRanksAndTheyGetNull(int ranks) {
        CommMatrix.launch(ranks, world -> {
            List<Integer> inputs = IntStream.range(0, 300).boxed().toList();
            List<Long> want = inputs.stream().map(RankPoolTest::work).toList();
            int root = world.size() - 1; // not rank 0, to show any rank can hand out the tasks
            try (Pool pool = Pool.ranks(world, root)) {
                if (world.rank() == root) {
                    assertNotNull(pool);
                    assertEquals(Math.max(1, world.size() - 1), pool.workers());
                    assertEquals(world.size() == 1 ? "threads" : "ranks", pool.kind());
                    assertEquals(want, pool.map(RankPoolTest::work, inputs));
                    assertEquals(want, pool.map(RankPoolTest::work, inputs, MapOptions.defaults().chunksize(17)), "in chunks of 17");
                    Set<Long> unordered = new HashSet<>();
                    ResultIterator<Long> it = pool.imapUnordered(RankPoolTest::work, inputs);
                    while (it.hasNext()) {
                        unordered.add(it.next());
                    }
                    assertEquals(new HashSet<>(want), unordered);
                    List<CompletableFuture<Long>> fs = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        int x = i;
                        fs.add(pool.submit(() -> work(x) * 2));
                    }
                    for (int i = 0; i < 20; i++) {
                        assertEquals(work(i) * 2, fs.get(i).get());
                    }
                } else {
                    assertNull(pool, "a worker rank gets null once the root has closed the pool");
                }
            }
            // every rank is past the pool together, and the world still works
            assertEquals(world.size(), world.allreduce(1, Op.SUM));
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void aFailingTaskFailsItsFutureAndAnUnsendableResultFailsOnlyItsTask(int ranks) {
        CommMatrix.launch(ranks, world -> {
            try (Pool pool = Pool.ranks(world)) {
                if (pool == null) {
                    return;
                }
                PoolException e = assertThrows(PoolException.class, () -> pool.map(x -> {
                    if (x == 13) {
                        throw new IllegalStateException("thirteen");
                    }
                    return x;
                }, IntStream.range(0, 40).boxed().toList()));
                assertTrue(e.getMessage().contains("13") && e.getMessage().contains("thirteen"), e.getMessage());
                CompletableFuture<Object> bad = pool.submit(() -> new Opaque(1));
                if (world.size() > 1) { // a rank must send it back; one rank alone runs it on a thread, no copy
                    ExecutionException ee = assertThrows(ExecutionException.class, bad::get);
                    assertTrue(ee.getCause().getMessage().contains(Opaque.class.getName()), ee.getCause().getMessage());
                } else {
                    assertEquals(1, ((Opaque) bad.get()).v);
                }
                // the pool goes on
                assertEquals(List.of(0, 1, 4, 9), pool.map(x -> x * x, List.of(0, 1, 2, 3)));
            }
        });
    }

    /** A user's record, captured by a submitted lambda. */
    record Point(int x, String label) implements java.io.Serializable {
    }

    /** Captures nothing serializable: its lambda's captured value is refused. */
    static final class Handle {
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void submittedLambdasOfManyShapesAndCapturesRunOnTheRanks(int ranks) {
        CommMatrix.launch(ranks, world -> {
            try (Pool pool = Pool.ranks(world)) {
                if (pool == null) {
                    return;
                }
                List<CompletableFuture<String>> fs = new ArrayList<>();
                List<String> want = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    int x = i;
                    String name = "n" + i;
                    List<Integer> list = List.of(i, i + 1);
                    Point p = new Point(i, "p" + i);
                    switch (i % 4) { // four lambda shapes, each with its own captures, interleaved across batches and ranks
                        case 0 -> fs.add(pool.submit(() -> name + ":" + x));
                        case 1 -> fs.add(pool.submit(() -> String.valueOf(list.get(0) + list.get(1))));
                        case 2 -> fs.add(pool.submit(() -> p.label() + "/" + p.x()));
                        default -> fs.add(pool.submit(() -> "none"));
                    }
                    want.add(switch (i % 4) {
                        case 0 -> name + ":" + x;
                        case 1 -> String.valueOf(2 * i + 1);
                        case 2 -> "p" + i + "/" + i;
                        default -> "none";
                    });
                }
                for (int i = 0; i < fs.size(); i++) {
                    assertEquals(want.get(i), fs.get(i).get(), "submitted task " + i);
                }
                Handle h = new Handle();
                if (world.size() > 1) {
                    // a captured value that cannot travel fails at submit, naming it; the pool goes on
                    RuntimeException refused = assertThrows(RuntimeException.class, () -> pool.submit(() -> h.hashCode()));
                    assertTrue(refused.getMessage().contains(Handle.class.getName()), refused.getMessage());
                }
                assertEquals("after", pool.submit(() -> "after").get());
            }
        });
    }

    @Test
    void aRootOutsideTheCommunicatorIsRefusedWithBothValues() {
        CommMatrix.launch(2, world -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pool.ranks(world, 2));
            assertTrue(e.getMessage().contains("root 2") && e.getMessage().contains("size 2"), e.getMessage());
        });
    }

    /** A task that never ends: the job's time limit ends the job, and the root's map fails instead of hanging. */
    @Test
    void aStuckRankEndsTheJobAtItsTimeLimitNotAHang() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Capability.ofEngine().contains(Capability.INLINE_JOBS),
                "needs an inline job with its own time limit");
        long t0 = System.nanoTime();
        Throwable t = assertThrows(Throwable.class, () -> Mpi.run(3, Duration.ofSeconds(3), world -> {
            try (Pool pool = Pool.ranks(world)) {
                if (pool != null) {
                    pool.map(x -> {
                        if (x == 5) {
                            java.util.concurrent.locks.LockSupport.parkNanos(600_000_000_000L);
                        }
                        return x;
                    }, IntStream.range(0, 10).boxed().toList());
                }
            }
        }));
        assertNotNull(t.getMessage());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(60), "the job ended at its limit");
    }
}
