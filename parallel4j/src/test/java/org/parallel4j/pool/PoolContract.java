package org.parallel4j.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** What every pool does, written once; {@link ThreadPoolTest} and {@link ProcessPoolTest} bind it to a backend. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class PoolContract {
    Pool pool;

    abstract Pool.Builder builder(int workers);

    @BeforeAll
    void start() {
        pool = builder(2).build();
    }

    @AfterAll
    void stop() {
        pool.close();
    }

    static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    static int square(int x) {
        return x * x;
    }

    /** Sleeps, keeping the interrupt (a pool's timeout interrupts a thread worker). */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Test
    void mapKeepsInputOrderForEveryChunking() {
        List<Integer> expected = range(1000).stream().map(PoolContract::square).toList();
        assertEquals(expected, pool.map(PoolContract::square, range(1000)));
        assertEquals(expected, pool.map(PoolContract::square, range(1000), MapOptions.defaults().chunksize(1)));
        assertEquals(expected, pool.map(PoolContract::square, range(1000), MapOptions.defaults().chunksize(7)));
        assertEquals(expected, pool.map(PoolContract::square, range(1000), MapOptions.defaults().autoBatch()));
        assertEquals(List.of(), pool.map(PoolContract::square, List.of()));
    }

    @Test
    void imapUnorderedReturnsEveryResultOnce() {
        Set<Integer> seen = new TreeSet<>();
        try (ResultIterator<Integer> it = pool.imapUnordered(x -> x + 1, range(500), MapOptions.defaults().chunksize(3))) {
            while (it.hasNext()) {
                assertTrue(seen.add(it.next()));
            }
        }
        assertEquals(new TreeSet<>(IntStream.range(1, 501).boxed().toList()), seen);
    }

    @Test
    void imapReadsItsInputLazilyWithABoundedNumberInFlight() {
        AtomicLong read = new AtomicLong();
        Iterable<Integer> endless = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return read.get() < 1_000_000;
            }

            @Override
            public Integer next() {
                return (int) read.getAndIncrement();
            }
        };
        try (ResultIterator<Integer> it = pool.imap(x -> x * 2, endless, MapOptions.defaults().chunksize(10).maxInFlight(4))) {
            for (int i = 0; i < 300; i++) {
                assertEquals(2 * i, it.next());
                assertTrue(read.get() <= i + 1 + 4 * 10 + 10, "imap read " + read.get() + " inputs ahead of result " + i);
            }
        }
        assertTrue(read.get() < 1000, "closing did not stop the input: " + read.get());
    }

    /**
     * Three threads at once map, imap (windows of 1, 2, 3, 5 and the default, over an input
     * that is not a collection) and submit one-item tasks on one pool, in bursts on both sides
     * of the 256 batches a burst goes out in: every result is its own task's, in order.
     */
    @Test
    void burstsOfOneItemTasksFromSeveralThreadsEachGetTheirOwnResults() throws Exception {
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<?>> running = new java.util.ArrayList<>();
            for (int producer = 0; producer < 3; producer++) {
                int p = producer;
                running.add(callers.submit(() -> {
                    for (int round = 0; round < 5; round++) {
                        int n = 200 + 300 * p + 211 * round;
                        int base = 100_000 * p;
                        List<Integer> in = range(n).stream().map(x -> x + base).toList();
                        List<Integer> expected = in.stream().map(x -> 3 * x + 1).toList();
                        String what = "producer " + p + ", round " + round + ", " + n + " tasks";
                        assertEquals(expected, pool.map(x -> 3 * x + 1, in, MapOptions.defaults().chunksize(1)), "map, " + what);
                        int window = new int[] {1, 2, 3, 5, 0}[round];
                        MapOptions o = window > 0 ? MapOptions.defaults().chunksize(1).maxInFlight(window) : MapOptions.defaults().chunksize(1);
                        List<Integer> got = new java.util.ArrayList<>();
                        Iterable<Integer> lazy = in::iterator;
                        try (ResultIterator<Integer> it = pool.imap(x -> 3 * x + 1, lazy, o)) {
                            it.forEachRemaining(got::add);
                        }
                        assertEquals(expected, got, "imap, window " + window + ", " + what);
                        List<java.util.concurrent.CompletableFuture<Integer>> futures = new java.util.ArrayList<>();
                        for (int x : in.subList(0, Math.min(n, 300))) {
                            futures.add(pool.submit(() -> 3 * x + 1));
                        }
                        for (int i = 0; i < futures.size(); i++) {
                            assertEquals(expected.get(i), futures.get(i).join(), "submit " + i + ", " + what);
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void starmapSubmitAndApplyAsync() throws Exception {
        assertEquals(List.of(3, 7, 11), pool.starmap((Integer a, Integer b) -> a + b, List.of(Map.entry(1, 2), Map.entry(3, 4), Map.entry(5, 6))));
        assertEquals("done 6", pool.submit(() -> "done " + (2 * 3)).get(30, TimeUnit.SECONDS));
        CountDownLatch called = new CountDownLatch(2);
        AtomicInteger got = new AtomicInteger();
        pool.applyAsync((Integer x) -> x * 10, 4, v -> {
            got.set(v);
            called.countDown();
        }, e -> { });
        pool.applyAsync((Integer x) -> 10 / x, 0, v -> { }, e -> {
            if (e instanceof TaskFailedException) {
                called.countDown();
            }
        });
        assertTrue(called.await(30, TimeUnit.SECONDS));
        assertEquals(40, got.get());
    }

    @Test
    void aFailingTaskNeverHangsAMapAndNamesItsInput() {
        TaskFailedException e = assertThrows(TaskFailedException.class, () -> pool.map(x -> {
            if (x == 13) {
                throw new IllegalArgumentException("thirteen is unlucky");
            }
            return x;
        }, range(100)));
        assertEquals(13, e.taskIndex());
        assertTrue(e.getMessage().contains("input 13"), e.getMessage());
        assertTrue(e.getCause().getMessage().contains("thirteen is unlucky"), e.getCause().getMessage());
        assertTrue(e.getCause().getStackTrace().length > 0, "the task's stack trace is kept");
        // imap raises in place and goes on with the remaining results
        List<Object> seen = new ArrayList<>();
        try (ResultIterator<Integer> it = pool.imap(x -> {
            if (x % 4 == 1) {
                throw new IllegalStateException("bad " + x);
            }
            return x;
        }, range(8), MapOptions.defaults().chunksize(2))) {
            while (it.hasNext()) {
                try {
                    seen.add(it.next());
                } catch (TaskFailedException f) {
                    seen.add("failed " + f.taskIndex());
                }
            }
        }
        assertEquals(List.of(0, "failed 1", 2, 3, 4, "failed 5", 6, 7), seen);
    }

    /**
     * A map raises its first failure in input order whatever the chunking, with failures in
     * several batches and several in one batch, ahead of and behind the first.
     */
    @Test
    void aMapRaisesItsFirstFailureInInputOrderForEveryChunking() {
        java.util.Random random = new java.util.Random(11);
        for (MapOptions options : List.of(MapOptions.defaults(), MapOptions.defaults().chunksize(1), MapOptions.defaults().chunksize(7),
                MapOptions.defaults().autoBatch())) {
            for (int round = 0; round < 4; round++) {
                int n = 50 + random.nextInt(3000);
                Set<Integer> failing = new TreeSet<>();
                for (int k = 0; k < 1 + random.nextInt(5); k++) {
                    failing.add(random.nextInt(n));
                }
                int first = failing.iterator().next();
                TaskFailedException e = assertThrows(TaskFailedException.class, () -> pool.map(x -> {
                    if (failing.contains(x)) {
                        throw new IllegalStateException("fails at " + x);
                    }
                    return x;
                }, range(n), options), options + " " + failing);
                assertEquals(first, e.taskIndex(), options + " failing " + failing);
                assertTrue(e.getCause().getMessage().endsWith("fails at " + first), e.getCause().getMessage());
            }
        }
    }

    /**
     * Auto batching sends only a few one-item batches before the first is timed, then grows
     * them: a map of tiny tasks is not sent item by item while the workers wake up (it was:
     * about 260 of some 300 batches held one item). Batches are seen through the progress
     * listener, called once per batch.
     */
    @Test
    void autoBatchingSendsFewOneItemBatches() {
        int n = 20_000;
        List<Long> reports = Collections.synchronizedList(new ArrayList<>());
        for (int round = 0; round < 5; round++) {
            reports.clear();
            List<Integer> out = pool.map(PoolContract::square, range(n), MapOptions.defaults().autoBatch().listener((done, total) -> reports.add(done)));
            assertEquals(range(n).stream().map(PoolContract::square).toList(), out);
            List<Long> sorted = new ArrayList<>(reports);
            Collections.sort(sorted);
            assertEquals(n, sorted.get(sorted.size() - 1));
            int ones = 0;
            long before = 0;
            for (long done : sorted) {
                ones += done - before == 1 ? 1 : 0;
                before = done;
            }
            // 4 a worker before the first timing, and a few as the batches shrink to the end.
            assertTrue(ones <= 4 * 2 + 12, ones + " one-item batches of " + sorted.size() + " for " + n + " tiny tasks");
        }
    }

    @Test
    void progressListenerCountsCompletedTasks() {
        List<Long> reports = Collections.synchronizedList(new ArrayList<>());
        pool.map(PoolContract::square, range(200), MapOptions.defaults().chunksize(10).listener((done, total) -> {
            assertEquals(200, total);
            reports.add(done);
        }));
        assertEquals(20, reports.size());
        assertEquals(200L, Collections.max(reports));
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream bar = new java.io.ByteArrayOutputStream();
        try {
            System.setErr(new java.io.PrintStream(bar, true));
            assertEquals(range(50).stream().map(x -> x * x).toList(),
                    pool.map(PoolContract::square, range(50), MapOptions.defaults().chunksize(5).progress(true)));
        } finally {
            System.setErr(err);
        }
        assertTrue(bar.toString().contains("50/50"), "the bar asked for is drawn on stderr: " + bar);
    }

    @Test
    void futuresHelpersWorkOnThePoolsFutures() {
        List<CompletableFuture<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int v = i;
            fs.add(pool.submit(() -> {
                Thread.sleep(20L * (6 - v));
                return v;
            }));
        }
        Futures.Done<Integer> first = Futures.wait(fs, ReturnWhen.FIRST_COMPLETED, Duration.ofSeconds(30));
        assertTrue(first.done().size() >= 1);
        Futures.Done<Integer> all = Futures.wait(fs, ReturnWhen.ALL_COMPLETED, Duration.ofSeconds(30));
        assertEquals(6, all.done().size());
        assertEquals(0, all.notDone().size());
        int n = 0;
        for (var f : Futures.asCompleted(fs)) {
            assertTrue(f.isDone());
            n++;
        }
        assertEquals(6, n);
        CompletableFuture<Integer> bad = pool.submit(() -> {
            throw new IllegalStateException("no");
        });
        CompletableFuture<Integer> slow = pool.submit(() -> {
            Thread.sleep(2000);
            return 1;
        });
        Futures.Done<Integer> fe = Futures.wait(List.of(bad, slow), ReturnWhen.FIRST_EXCEPTION, Duration.ofSeconds(30));
        assertTrue(fe.done().contains(bad));
        assertTrue(fe.notDone().contains(slow));
        ExecutionException ee = assertThrows(ExecutionException.class, bad::get);
        assertInstanceOf(TaskFailedException.class, ee.getCause());
    }

    @Test
    void initializerRunsInEveryWorkerAndTimeoutsFailTheTask() throws Exception {
        try (Pool p = builder(2).initializer(() -> System.setProperty("p4j.test.initialized", "yes"))
                .taskTimeout(Duration.ofMillis(300)).build()) {
            assertEquals(List.of("yes", "yes", "yes"), p.map(x -> System.getProperty("p4j.test.initialized"), range(3)));
            long t0 = System.nanoTime();
            TaskTimeoutException e = assertThrows(TaskTimeoutException.class, () -> p.map(x -> {
                sleep(x == 1 ? 30_000 : 1);
                return x;
            }, range(3), MapOptions.defaults().chunksize(1)));
            assertEquals(1, e.taskIndex());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
            assertEquals(List.of(0, 1, 4), p.map(PoolContract::square, range(3)), "pool unusable after a timeout");
        }
    }

    @Test
    void closeFinishesWorkTerminateCancelsAndAClosedPoolRefuses() throws Exception {
        Pool p = builder(1).build();
        CompletableFuture<Integer> f = p.submit(() -> {
            Thread.sleep(200);
            return 7;
        });
        p.close();
        assertEquals(7, f.get(1, TimeUnit.SECONDS));
        assertTrue(p.isTerminated());
        assertThrows(RejectedExecutionException.class, () -> p.submit(() -> 1));
        Pool q = builder(1).build();
        q.submit(() -> {
            Thread.sleep(30_000);
            return 0;
        });
        CompletableFuture<Integer> queued = q.submit(() -> 1);
        long t0 = System.nanoTime();
        q.terminate();
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "terminate waited for a running task");
        CancellationException e = assertThrows(CancellationException.class, () -> queued.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("terminated"), e.getCause().getMessage());
    }

    /** A pool closed under a running imap: the iterator says so once, then ends; it never waits for tasks that were refused. */
    @Test
    void anImapWhosePoolClosesEndsWithTheRefusalAndNeverWaits() {
        Pool p = builder(1).build();
        Iterable<Integer> endless = () -> IntStream.iterate(0, i -> i + 1).iterator();
        ResultIterator<Integer> it = p.imap(x -> x + 1, endless, MapOptions.defaults().chunksize(1).maxInFlight(4));
        for (int i = 0; i < 10; i++) {
            assertEquals(i + 1, it.next());
        }
        p.close();
        RejectedExecutionException refused = null;
        int more = 0;
        try {
            while (it.hasNext() && more < 100) { // the results already computed may still come first
                it.next();
                more++;
            }
        } catch (RejectedExecutionException e) {
            refused = e;
        }
        assertTrue(refused != null, "a closed pool's imap refused nothing after " + more + " more results");
        assertTrue(refused.getMessage().contains("closed"), refused.getMessage());
        assertTrue(!it.hasNext(), "the iterator ends after the refusal");
    }

    @Test
    void badArgumentsNameTheirValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder(0));
        assertTrue(e.getMessage().contains("got 0"));
        e = assertThrows(IllegalArgumentException.class, () -> MapOptions.defaults().chunksize(0));
        assertTrue(e.getMessage().contains("chunksize 0"));
        e = assertThrows(IllegalArgumentException.class, () -> Pool.builder().taskTimeout(Duration.ofSeconds(-1)));
        assertTrue(e.getMessage().contains("PT-1S"));
    }

    /** A task that leaves a mark (a file: it works across JVMs) and takes {@code millis}. */
    static SerializableCallable<Integer> marking(java.nio.file.Path dir, int id, long millis) {
        String d = dir.toString();
        return () -> {
            java.nio.file.Files.createFile(java.nio.file.Path.of(d, "ran-" + id));
            sleep(millis);
            return id;
        };
    }

    static long marks(java.nio.file.Path dir) throws java.io.IOException {
        try (var s = java.nio.file.Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void invokeAllAndInvokeAnyRunSerializableCallables() throws Exception {
        List<java.util.concurrent.Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int k = i;
            tasks.add((SerializableCallable<Integer>) () -> k * k);
        }
        List<Integer> got = new ArrayList<>();
        for (java.util.concurrent.Future<Integer> f : pool.invokeAll(tasks)) {
            got.add(f.get());
        }
        assertEquals(List.of(0, 1, 4, 9, 16, 25), got);
        List<java.util.concurrent.Callable<Integer>> mixed = List.of((SerializableCallable<Integer>) () -> {
            throw new IllegalStateException("no");
        }, (SerializableCallable<Integer>) () -> 42);
        assertEquals(42, pool.invokeAny(mixed));
        ExecutionException e = assertThrows(ExecutionException.class, () -> pool.invokeAny(List.of((SerializableCallable<Integer>) () -> {
            throw new IllegalStateException("all fail");
        })));
        assertTrue(String.valueOf(e.getCause()).contains("all fail"), String.valueOf(e.getCause()));
        List<java.util.concurrent.Future<Integer>> timed = pool.invokeAll(List.of((SerializableCallable<Integer>) () -> {
            sleep(5_000);
            return 1;
        }), 200, TimeUnit.MILLISECONDS);
        assertTrue(timed.getFirst().isCancelled(), "a task past invokeAll's deadline is cancelled");
    }

    @Test
    void aCancelledQueuedTaskNeverRuns(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (Pool one = builder(1).build()) {
            CompletableFuture<Integer> blocker = one.submit(marking(dir, 0, 1000));
            sleep(300);
            CompletableFuture<Integer> queued = one.submit(marking(dir, 1, 0));
            assertTrue(queued.cancel(true));
            assertEquals(0, blocker.get());
            assertEquals(7, one.submit(() -> 7).get());
            assertEquals(1, marks(dir), "the cancelled task ran");
        }
    }

    @Test
    void closingAResultIteratorWithdrawsItsQueuedTasks(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (Pool one = builder(1).build()) {
            String d = dir.toString();
            try (ResultIterator<Integer> it = one.imap(x -> {
                try {
                    java.nio.file.Files.createFile(java.nio.file.Path.of(d, "ran-" + x));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                sleep(300);
                return x;
            }, range(10), MapOptions.defaults().chunksize(1))) {
                assertEquals(0, it.next());
            }
            assertEquals(3, one.submit(() -> 3).get()); // everything before it has run or been withdrawn
            assertTrue(marks(dir) <= 3, marks(dir) + " of 10 tasks ran after the iterator was closed at the first");
        }
    }

    @Test
    void shutdownNowReturnsTheTasksThatNeverStarted(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Pool one = builder(1).build();
        one.submit(marking(dir, 0, 1500));
        // Until the first task runs (a worker JVM may take a while to start on a loaded machine).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (marks(dir) == 0 && System.nanoTime() < deadline) {
            sleep(10);
        }
        for (int i = 1; i <= 4; i++) {
            one.submit(marking(dir, i, 0));
        }
        one.execute((SerializableRunnable) () -> { });
        List<Runnable> never = one.shutdownNow();
        assertEquals(5, never.size(), "never started: " + never);
        assertTrue(one.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(1, marks(dir));
    }
}
