package org.parallel4j.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every index runs exactly once, for every schedule, chunk, range and thread count; the static maps are exact. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoopCoverageTest {
    static final int[] THREADS = {1, 2, 3, 4, 7};
    private static final Team TEAM = Team.create(7);

    @AfterAll
    static void close() {
        TEAM.close();
    }

    static Stream<Arguments> schedulesAndThreads() {
        List<Arguments> out = new ArrayList<>();
        Schedule[] schedules = {Schedule.staticBlocks(), Schedule.staticChunks(1), Schedule.staticChunks(5), Schedule.dynamic(1),
            Schedule.dynamic(7), Schedule.guided(1), Schedule.guided(4)};
        for (Schedule s : schedules) {
            for (int t : THREADS) {
                out.add(Arguments.of(s, t));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, {1} threads")
    @MethodSource("schedulesAndThreads")
    void everyIndexRunsExactlyOnce(Schedule schedule, int threads) {
        for (int n : new int[] {0, 1, 2, 3, 6, 7, 8, 100, 1009, 10_000}) {
            for (int lo : new int[] {0, -5, 1_000_000}) {
                AtomicIntegerArray hits = new AtomicIntegerArray(n);
                TEAM.range(lo, lo + n).schedule(schedule).threads(threads).forEach(i -> hits.incrementAndGet(i - lo));
                for (int i = 0; i < n; i++) {
                    assertEquals(1, hits.get(i), "index " + (lo + i) + " of [" + lo + ", " + (lo + n) + ") with " + schedule);
                }
                AtomicIntegerArray chunks = new AtomicIntegerArray(n);
                TEAM.range(lo, lo + n).schedule(schedule).threads(threads).forEachRange((a, b) -> {
                    for (int i = a; i < b; i++) {
                        chunks.incrementAndGet(i - lo);
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertEquals(1, chunks.get(i));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}, {1} threads")
    @MethodSource("schedulesAndThreads")
    void longRangesNearOverflowAreCovered(Schedule schedule, int threads) {
        long hi = Long.MAX_VALUE;
        long lo = hi - 1000;
        AtomicIntegerArray hits = new AtomicIntegerArray(1000);
        TEAM.range(lo, hi).schedule(schedule).threads(threads).forEachLong(i -> hits.incrementAndGet((int) (i - lo)));
        for (int i = 0; i < 1000; i++) {
            assertEquals(1, hits.get(i));
        }
        long lo2 = Long.MIN_VALUE;
        AtomicIntegerArray hits2 = new AtomicIntegerArray(500);
        TEAM.range(lo2, lo2 + 500).schedule(schedule).threads(threads).forEachLongRange((a, b) -> {
            for (long i = a; i < b; i++) {
                hits2.incrementAndGet((int) (i - lo2));
            }
        });
        for (int i = 0; i < 500; i++) {
            assertEquals(1, hits2.get(i));
        }
    }

    @Test
    void staticBlocksFollowGccsMap() {
        for (int threads : THREADS) {
            for (int n : new int[] {0, 1, 5, 7, 10, 23, 100}) {
                int[] owner = new int[n];
                TEAM.range(0, n).threads(threads).forEachRange((a, b, tid) -> {
                    for (int i = a; i < b; i++) {
                        owner[i] = tid;
                    }
                });
                int q = n / threads;
                int r = n % threads;
                int[] expected = new int[n];
                int at = 0;
                for (int t = 0; t < threads; t++) {
                    int size = q + (t < r ? 1 : 0);
                    for (int k = 0; k < size; k++) {
                        expected[at++] = t;
                    }
                }
                assertArrayEquals(expected, owner, n + " iterations on " + threads + " threads");
            }
        }
    }

    @Test
    void staticChunksGoRoundRobin() {
        for (int threads : THREADS) {
            for (int c : new int[] {1, 2, 3, 10}) {
                int n = 97;
                int[] owner = new int[n];
                TEAM.range(0, n).schedule(Schedule.staticChunks(c)).threads(threads).forEachRange((a, b, tid) -> {
                    assertTrue(b - a <= c);
                    for (int i = a; i < b; i++) {
                        owner[i] = tid;
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertEquals((i / c) % threads, owner[i], "index " + i + ", static," + c + ", " + threads + " threads");
                }
            }
        }
    }

    @Test
    void guidedChunksShrinkAndNeverGoBelowTheMinimum() {
        for (int threads : THREADS) {
            for (int c : new int[] {1, 3, 16}) {
                int n = 10_000;
                ConcurrentHashMap<Integer, Integer> chunks = new ConcurrentHashMap<>();
                TEAM.range(0, n).schedule(Schedule.guided(c)).threads(threads).forEachRange((a, b) -> chunks.put(a, b - a));
                List<Integer> starts = new ArrayList<>(chunks.keySet());
                Collections.sort(starts);
                int previous = Integer.MAX_VALUE;
                int covered = 0;
                for (int k = 0; k < starts.size(); k++) {
                    int size = chunks.get(starts.get(k));
                    assertEquals(covered, (int) starts.get(k));
                    covered += size;
                    assertTrue(size <= previous, "guided chunk grew: " + size + " after " + previous);
                    if (k < starts.size() - 1) {
                        assertTrue(size >= c, "guided chunk " + size + " below " + c);
                    }
                    previous = size;
                }
                assertEquals(n, covered);
                if (threads > 1) {
                    assertEquals((n + threads - 1) / threads, (int) chunks.get(0), "first guided chunk is remaining/threads");
                }
            }
        }
    }

    @Test
    void serialBelowRunsOnTheCaller() {
        Thread caller = Thread.currentThread();
        TEAM.range(0, 50).serialBelow(100).forEach(i -> assertEquals(caller, Thread.currentThread()));
        assertThrows(IllegalArgumentException.class, () -> TEAM.range(0, 10).threads(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TEAM.range(10, 5));
        assertTrue(e.getMessage().contains("[10, 5)"));
    }
}
