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
}
