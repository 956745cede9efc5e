package org.parallel4j.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Region constructs at 1, 2, 3, 4 and 7 threads. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegionTest {
    private static final Team TEAM = Team.create(2);

    @AfterAll
    static void close() {
        TEAM.close();
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    void everyThreadRunsTheRegionWithItsId(int threads) {
        ConcurrentHashMap<Integer, Integer> seen = new ConcurrentHashMap<>();
        TEAM.region(threads, r -> {
            seen.merge(r.threadId(), 1, Integer::sum);
            assertEquals(threads, r.numThreads());
            assertEquals(r.threadId(), Parallel.threadId());
            assertEquals(threads, Parallel.numThreads());
        });
        assertEquals(threads, seen.size());
        seen.values().forEach(c -> assertEquals(1, c));
        assertEquals(0, Parallel.threadId());
        assertEquals(1, Parallel.numThreads());
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    void barrierSeparatesPhases(int threads) {
        int[] phase = new int[threads];
        TEAM.region(threads, r -> {
            for (int p = 1; p <= 50; p++) {
                phase[r.threadId()] = p;
                r.barrier();
                for (int t = 0; t < threads; t++) {
                    assertTrue(phase[t] >= p, "thread " + t + " still in phase " + phase[t] + " after barrier " + p);
                }
                r.barrier();
            }
        });
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    void singleRunsOnceAndBroadcastsItsResult(int threads) {
        AtomicInteger runs = new AtomicInteger();
        List<String> got = java.util.Collections.synchronizedList(new ArrayList<>());
        TEAM.region(threads, r -> {
            for (int k = 0; k < 20; k++) {
                int round = k;
                String v = r.single(() -> {
                    runs.incrementAndGet();
                    return "value-" + round;
                });
                got.add(v);
                assertEquals("value-" + k, v);
            }
            r.singleNowait(runs::incrementAndGet);
            r.single((Runnable) runs::incrementAndGet);
        });
        assertEquals(22, runs.get());
        assertEquals(20 * threads, got.size());
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    void masterCriticalAndAtomic(int threads) {
        int[] plain = new int[1];
        long[] counts = new long[1];
        double[] sum = new double[1];
        AtomicInteger masters = new AtomicInteger();
        TEAM.region(threads, r -> {
            r.master(() -> {
                assertEquals(0, r.threadId());
                masters.incrementAndGet();
            });
            for (int k = 0; k < 1000; k++) {
                r.critical("counter", () -> plain[0]++);
                Atomic.add(counts, 0, 1);
                Atomic.add(sum, 0, 0.5);
            }
        });
        assertEquals(1, masters.get());
        assertEquals(1000 * threads, plain[0]);
        assertEquals(1000L * threads, counts[0]);
        assertEquals(500.0 * threads, sum[0]);
        double[] m = {0};
        TEAM.region(threads, r -> Atomic.max(m, 0, r.threadId()));
        assertEquals(threads - 1, m[0]);
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    void worksharingLoopsWithAndWithoutNowait(int threads) {
        int n = 1000;
        int[] a = new int[n];
        int[] b = new int[n];
        TEAM.region(threads, r -> {
            r.forLoop(0, n, Schedule.dynamic(3), i -> a[i] = i);
            // after the implicit barrier every a[i] is set, whoever wrote it
            r.forLoop(0, n, Schedule.guided(2), i -> b[i] = a[n - 1 - i] + 1);
            r.forLoopNowait(0, n, Schedule.staticChunks(7), i -> a[i] *= 2);
            r.forRangeNowait(0, 0, Schedule.dynamic(1), (lo, hi) -> { });
            r.barrier();
            r.forRange(0, n, Schedule.staticBlocks(), (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    b[i] += a[i];
                }
            });
        });
        for (int i = 0; i < n; i++) {
            assertEquals(n - i + 2 * i, b[i]);
        }
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    void orderedSectionsRunInIterationOrder(int threads) {
        for (Schedule s : new Schedule[] {Schedule.staticBlocks(), Schedule.staticChunks(1), Schedule.dynamic(2), Schedule.guided(1)}) {
            List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
            TEAM.region(threads, r -> r.forOrdered(0, 40, s, (i, ordered) -> {
                if (i % 5 != 0) {
                    ordered.run(() -> order.add(i));
                }
            }));
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                if (i % 5 != 0) {
                    expected.add(i);
                }
            }
            assertEquals(expected, order, s.toString());
        }
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    void regionReductions(int threads) {
        double[] got = new double[threads];
        long[] gotLong = new long[threads];
        TEAM.region(threads, r -> {
            for (int k = 0; k < 10; k++) {
                got[r.threadId()] = r.reduce(Reduction.SUM, (double) r.threadId() + k);
                gotLong[r.threadId()] = r.reduce(Reduction.MAX, (long) r.threadId() * k);
            }
        });
        double expected = threads * (threads - 1) / 2.0 + 9.0 * threads;
        double[] all = new double[threads];
        java.util.Arrays.fill(all, expected);
        assertArrayEquals(all, got);
        for (long v : gotLong) {
            assertEquals(9L * (threads - 1), v);
        }
        assertEquals(TEAM.size(), TEAM.regionReduce(Reduction.SUM, r -> 1.0));
        assertEquals(TEAM.size() - 1.0, TEAM.regionReduce(Reduction.MAX, r -> r.threadId()));
    }
}
