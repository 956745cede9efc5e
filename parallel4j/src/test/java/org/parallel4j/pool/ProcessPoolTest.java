package org.parallel4j.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pool contract on worker JVMs, plus what only processes do: death, retries, recycling, serialization errors. */
class ProcessPoolTest extends PoolContract {
    @Override
    Pool.Builder builder(int workers) {
        return Pool.builder().processes(workers);
    }

    @Test
    void aDeadWorkerFailsExactlyItsTaskAndThePoolGoesOn() {
        for (int chunk : new int[] {1, 4}) {
            WorkerDiedException e = assertThrows(WorkerDiedException.class, () -> pool.map(x -> {
                if (x == 3) {
                    System.exit(7);
                }
                return x;
            }, range(8), MapOptions.defaults().chunksize(chunk)));
            assertEquals(3, e.taskIndex());
            assertEquals(7, e.exitStatus());
            assertTrue(e.getMessage().contains("exit status 7") && e.getMessage().contains("input 3"), e.getMessage());
            List<Object> seen = new java.util.ArrayList<>();
            try (ResultIterator<Integer> it = pool.imap(x -> {
                if (x == 5) {
                    Runtime.getRuntime().halt(9);
                }
                return x;
            }, range(10), MapOptions.defaults().chunksize(chunk))) {
                while (it.hasNext()) {
                    try {
                        seen.add(it.next());
                    } catch (WorkerDiedException d) {
                        seen.add("died " + d.taskIndex());
                    }
                }
            }
            assertEquals(List.of(0, 1, 2, 3, 4, "died 5", 6, 7, 8, 9), seen);
        }
        assertEquals(List.of(1, 4, 9), pool.map(x -> x * x, List.of(1, 2, 3)));
    }

    @Test
    void aDeadWorkerIsReportedWithinHalfASecond() throws Exception {
        pool.map(x -> x, range(4)); // workers started
        long t0 = System.nanoTime();
        CompletableFuture<Integer> f = pool.submit(() -> {
            Runtime.getRuntime().halt(1);
            return 0;
        });
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        double seconds = (System.nanoTime() - t0) * 1e-9;
        assertInstanceOf(WorkerDiedException.class, e.getCause());
        assertTrue(seconds < 0.5, "took " + seconds + " s (the contract: within half a second)");
    }

    @Test
    void retriesRerunATaskWhoseWorkerDiedButNotForever() {
        try (SharedIntArray attempts = SharedIntArray.create(2); Pool p = Pool.builder().processes(1).retries(2).build()) {
            // dies on its first attempt only
            assertEquals(List.of(10), p.map(x -> {
                if (attempts.addAndGet(0, 1) == 1) {
                    Runtime.getRuntime().halt(1);
                }
                return x;
            }, List.of(10)));
            // dies every time: failed after 1 + 2 attempts
            WorkerDiedException e = assertThrows(WorkerDiedException.class, () -> p.map(x -> {
                attempts.addAndGet(1, 1);
                Runtime.getRuntime().halt(1);
                return x;
            }, List.of(1)));
            assertEquals(3, attempts.get(1));
            assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
        }
    }

    @Test
    void maxTasksPerChildReplacesTheWorkerAndRerunsTheInitializer() {
        try (SharedIntArray inits = SharedIntArray.create(1);
             Pool p = Pool.builder().processes(1).maxTasksPerChild(2).initializer(() -> inits.addAndGet(0, 1)).build()) {
            List<Long> pids = p.map(x -> ProcessHandle.current().pid(), range(6), MapOptions.defaults().chunksize(1));
            assertEquals(3, pids.stream().distinct().count(), pids.toString());
            assertTrue(inits.get(0) >= 3, "initializer ran " + inits.get(0) + " times");
        }
    }

    @Test
    void anUnserializableCaptureFailsAtSubmitNamingIt() {
        Thread notSerializable = new Thread(() -> { });
        PoolException e = assertThrows(PoolException.class, () -> pool.submit(() -> notSerializable.getName()));
        assertTrue(e.getMessage().contains("java.lang.Thread") && e.getMessage().contains("not Serializable"), e.getMessage());
        e = assertThrows(PoolException.class, () -> pool.map(x -> notSerializable.getName() + x, range(3)));
        assertTrue(e.getMessage().contains("captured value 1"), e.getMessage());
    }

    @Test
    void remoteExceptionsCarryTheWorkersStackTrace() {
        TaskFailedException e = assertThrows(TaskFailedException.class, () -> pool.map(x -> {
            throw new UnsupportedOperationException("from the worker " + ProcessHandle.current().pid());
        }, List.of(1)));
        RemoteException r = assertInstanceOf(RemoteException.class, e.getCause());
        assertEquals("java.lang.UnsupportedOperationException", r.remoteClass());
        assertTrue(r.getStackTrace()[0].getClassName().contains("ProcessPoolTest"), r.getStackTrace()[0].toString());
        assertTrue(!r.getMessage().contains(String.valueOf(ProcessHandle.current().pid())), "ran in this JVM");
    }

    @Test
    void resultsStreamAsTasksFinish() {
        pool.map(x -> x, range(4)); // workers started
        for (boolean ordered : new boolean[] {true, false}) {
            long t0 = System.nanoTime();
            List<Long> arrivals = new java.util.ArrayList<>();
            List<Integer> order = new java.util.ArrayList<>();
            SerializableFunction<Integer, Integer> slow = x -> {
                sleep(x == 0 ? 1500 : 100);
                return x;
            };
            try (ResultIterator<Integer> it = ordered ? pool.imap(slow, range(16), MapOptions.defaults().chunksize(1))
                    : pool.imapUnordered(slow, range(16), MapOptions.defaults().chunksize(1))) {
                while (it.hasNext()) {
                    order.add(it.next());
                    arrivals.add(System.nanoTime() - t0);
                }
            }
            long total = arrivals.getLast();
            if (ordered) {
                assertEquals(range(16), order);
            } else {
                // Task 0 takes as long as the 15 others on the other worker: its result comes last or nearly.
                assertTrue(order.indexOf(0) >= 8, "completion order: " + order);
                assertTrue(arrivals.getFirst() < total / 3, "first result at " + arrivals.getFirst() / 1_000_000 + " ms of "
                        + total / 1_000_000 + " ms: results were held back");
            }
        }
    }

    /** A worker's loop team gets its share of the cores, cores / workers, unless the user chose a size. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} workers")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 3, 5})
    void aWorkersLoopTeamIsItsShareOfTheCoresUnlessTheUserChose(int workers) {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("P4J_NUM_THREADS") == null && System.getenv("OMP_NUM_THREADS") == null,
                "a team size set in the environment wins, by design");
        int cores = Runtime.getRuntime().availableProcessors();
        SerializableFunction<Integer, Integer> teamSize = x -> org.parallel4j.loop.Team.common().size();
        try (Pool pool = Pool.processes(workers)) {
            assertEquals(List.of(Math.max(1, cores / workers)), List.copyOf(new java.util.HashSet<>(pool.map(teamSize, range(workers)))));
        }
        try (Pool pool = Pool.builder().processes(workers).jvmOptions("-Dp4j.numThreads=3").build()) {
            assertEquals(List.of(3), List.copyOf(new java.util.HashSet<>(pool.map(teamSize, range(workers)))));
        }
    }

    @Test
    void theFirstMapOnAFreshPoolUsesEveryWorker() {
        try (Pool fresh = Pool.processes(2)) {
            List<Long> pids = fresh.map(x -> {
                sleep(300);
                return ProcessHandle.current().pid();
            }, range(8), MapOptions.defaults().chunksize(1));
            assertEquals(2, new java.util.HashSet<>(pids).size(), "pids " + pids);
        }
    }

    @Test
    void aTimeoutFailsOnlyTheTaskThatOverranWithinAboutTheTimeout() {
        try (Pool timed = Pool.builder().processes(2).taskTimeout(java.time.Duration.ofMillis(700)).build()) {
            timed.map(x -> x, range(2)); // started
            for (int chunk : new int[] {1, 5}) {
                long t0 = System.nanoTime();
                List<Object> seen = new java.util.ArrayList<>();
                try (ResultIterator<Integer> it = timed.imap(x -> {
                    sleep(x == 6 ? 60_000 : 200);
                    return x;
                }, range(10), MapOptions.defaults().chunksize(chunk))) {
                    while (it.hasNext()) {
                        try {
                            seen.add(it.next());
                        } catch (TaskTimeoutException e) {
                            seen.add("timeout " + e.taskIndex());
                        }
                    }
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertEquals(List.of(0, 1, 2, 3, 4, 5, "timeout 6", 7, 8, 9), seen, "chunk " + chunk);
                assertTrue(ms < 20_000, "took " + ms + " ms");
            }
        }
    }
}
