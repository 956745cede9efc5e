package org.parallel4j.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;

/** The pool contract on platform threads, plus what only threads do. */
class ThreadPoolTest extends PoolContract {
    @Override
    Pool.Builder builder(int workers) {
        return Pool.builder().threads(workers);
    }

    @Test
    void aPoolIsAnExecutorService() throws Exception {
        ExecutorService es = pool;
        List<Callable<Integer>> tasks = List.of(() -> 1, () -> 2, () -> 3);
        assertEquals(6, es.invokeAll(tasks).stream().mapToInt(f -> {
            try {
                return f.get();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).sum());
        assertTrue(List.of(1, 2, 3).contains(es.invokeAny(tasks)));
    }

    @Test
    void virtualThreadsRunBlockingTasksConcurrently() {
        try (Pool p = Pool.builder().virtualThreads(100).build()) {
            long t0 = System.nanoTime();
            p.map(x -> {
                sleep(200);
                return x;
            }, range(100), MapOptions.defaults().chunksize(1));
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "100 sleeping tasks did not overlap");
        }
    }

    @Test
    void maxTasksPerChildReplacesTheThread() {
        try (Pool p = Pool.builder().threads(1).maxTasksPerChild(2).build()) {
            List<String> names = p.map(x -> Thread.currentThread().getName(), range(6), MapOptions.defaults().chunksize(1));
            assertEquals(3, names.stream().distinct().count(), names.toString());
        }
    }

    @Test
    void aTaskThatIgnoresItsTimeoutFailsAloneAndItsBatchKeepsTheOtherResults() {
        try (Pool p = Pool.builder().threads(1).taskTimeout(java.time.Duration.ofMillis(200)).build()) {
            java.util.List<Object> outcomes = new java.util.ArrayList<>();
            try (ResultIterator<Integer> it = p.imap(x -> {
                if (x == 1) {
                    long end = System.nanoTime() + 1_700_000_000L; // past the timeout and its one-second grace, deaf to interrupts
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                }
                return x * x;
            }, range(4), MapOptions.defaults().chunksize(4))) {
                while (it.hasNext()) {
                    try {
                        outcomes.add(it.next());
                    } catch (TaskTimeoutException e) {
                        outcomes.add("timeout " + e.taskIndex());
                    }
                }
            }
            assertEquals(List.of(0, "timeout 1", 4, 9), outcomes);
        }
    }

    /**
     * Randomized against a serial reference: worker counts below, at and above the cores,
     * sizes and chunks on both sides of the default chunking and of the in-flight window
     * (1024 tasks), failures at random places, and pauses that let every worker park so that
     * the next batch must wake one.
     */
    @Test
    void randomizedMapsMatchASerialReferenceWithWorkersParkingBetweenBursts() {
        java.util.Random rnd = new java.util.Random(42);
        for (int workers : new int[] {1, 2, 3, 7}) {
            try (Pool p = Pool.builder().threads(workers).build()) {
                for (int round = 0; round < 12; round++) {
                    int n = rnd.nextInt(5000);
                    int chunk = switch (rnd.nextInt(4)) {
                        case 0 -> 0; // the default chunking
                        case 1 -> 1;
                        case 2 -> 1 + rnd.nextInt(50);
                        default -> 1000 + rnd.nextInt(2000);
                    };
                    int failAt = rnd.nextInt(4) == 0 && n > 0 ? rnd.nextInt(n) : -1;
                    MapOptions options = chunk == 0 ? MapOptions.defaults() : MapOptions.defaults().chunksize(chunk);
                    SerializableFunction<Integer, Long> f = x -> {
                        if (x == failAt) {
                            throw new IllegalStateException("bad " + x);
                        }
                        return (long) x * x + 1;
                    };
                    String what = workers + " workers, " + n + " items, chunk " + chunk + ", failing at " + failAt;
                    List<Long> expected = new java.util.ArrayList<>();
                    for (int i = 0; i < n && i != failAt; i++) {
                        expected.add((long) i * i + 1);
                    }
                    List<Long> ordered = new java.util.ArrayList<>();
                    try (ResultIterator<Long> it = p.imap(f, range(n), options)) {
                        while (it.hasNext()) {
                            ordered.add(it.next());
                        }
                        assertEquals(-1, failAt, what + ": no failure raised");
                    } catch (TaskFailedException e) {
                        assertEquals(failAt, e.taskIndex(), what);
                    }
                    assertEquals(expected, ordered, what);
                    if (failAt < 0) {
                        List<Long> unordered = new java.util.ArrayList<>();
                        try (ResultIterator<Long> it = p.imapUnordered(f, range(n), options)) {
                            it.forEachRemaining(unordered::add);
                        }
                        java.util.Collections.sort(unordered);
                        assertEquals(expected, unordered, what + " (unordered)");
                        List<java.util.concurrent.CompletableFuture<Long>> futures = new java.util.ArrayList<>();
                        for (int i = 0; i < Math.min(n, 300); i++) {
                            int x = i;
                            futures.add(p.submit(() -> f.apply(x)));
                        }
                        for (int i = 0; i < futures.size(); i++) {
                            assertEquals(expected.get(i), futures.get(i).join(), what + " (submit " + i + ")");
                        }
                    }
                    if (rnd.nextBoolean()) {
                        sleep(60); // longer than a worker's park: all of them are asleep when the next round starts
                    }
                }
            }
        }
    }
}
