package org.parallel4j.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** WorkerProcess, ProcessQueue, shared arrays, and no orphan worker after the parent goes. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessBuildingBlocksTest {

    @Test
    void aWorkerProcessRunsJoinsAndReportsItsFailure() {
        try (WorkerProcess ok = WorkerProcess.start(() -> { })) {
            assertEquals(0, ok.join());
            assertEquals(null, ok.failure());
        }
        try (WorkerProcess bad = WorkerProcess.start(() -> {
            throw new IllegalStateException("body failed");
        })) {
            assertEquals(1, bad.join());
            assertTrue(bad.failure().getMessage().contains("body failed"));
        }
        try (WorkerProcess slow = WorkerProcess.start(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            assertTrue(!slow.join(Duration.ofMillis(200)));
            assertTrue(slow.isAlive());
            slow.kill();
            assertTrue(slow.join(Duration.ofSeconds(10)));
        }
    }

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 2, 3})
    void producerConsumerThroughQueuesWithSentinels(int workers) {
        ProcessQueue<Integer> tasks = ProcessQueue.create();
        ProcessQueue<Integer> results = ProcessQueue.create();
        List<WorkerProcess> ps = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            ps.add(WorkerProcess.start(() -> {
                for (Integer n = tasks.get(); n != null; n = tasks.get()) {
                    results.put(n * n);
                }
                results.put(-1);
            }));
        }
        for (int i = 0; i < 50; i++) {
            tasks.put(i);
        }
        for (int w = 0; w < workers; w++) {
            tasks.put(null); // the sentinel
        }
        long sum = 0;
        int done = 0;
        while (done < workers) {
            int v = results.get(Duration.ofSeconds(60));
            if (v < 0) {
                done++;
            } else {
                sum += v;
            }
        }
        for (WorkerProcess p : ps) {
            assertEquals(0, p.join());
        }
        assertEquals(40425, sum);
        PoolException e = assertThrows(PoolException.class, () -> results.get(Duration.ofMillis(50)));
        assertTrue(e.getMessage().contains("timed out"));
    }

    @Test
    void sharedArraysAreSeenAndUpdatedAtomicallyAcrossJvms() {
        try (SharedDoubleArray d = SharedDoubleArray.create(3); SharedIntArray counter = SharedIntArray.create(1);
             Pool pool = Pool.processes(2)) {
            pool.map(x -> {
                for (int k = 0; k < 1000; k++) {
                    counter.addAndGet(0, 1);
                    d.addAndGet(1, 0.5);
                }
                return x;
            }, List.of(1, 2, 3, 4), MapOptions.defaults().chunksize(1));
            assertEquals(4000, counter.get(0));
            assertEquals(2000.0, d.get(1));
            try (WorkerProcess p = WorkerProcess.start(() -> d.set(2, 3.1415927))) {
                p.join();
            }
            assertArrayEquals(new double[] {0, 2000, 3.1415927}, d.toArray());
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> d.get(3));
            assertTrue(e.getMessage().contains("index 3"));
        }
    }

    /** A parent JVM that starts a process pool, prints its workers' pids, then waits to be killed. */
    public static final class OrphanParent {
        public static void main(String[] args) throws Exception {
            Pool pool = Pool.processes(2);
            List<Long> pids = pool.map(x -> {
                PoolContract.sleep(300);
                return ProcessHandle.current().pid();
            }, List.of(1, 2), MapOptions.defaults().chunksize(1));
            // Both workers busy in a task that never ends: they must still go when the parent does.
            for (int i = 0; i < 2; i++) {
                pool.submit(() -> {
                    while (true) {
                        Thread.onSpinWait();
                    }
                });
            }
            SharedDoubleArray shared = SharedDoubleArray.create(16);
            Thread.sleep(300);
            System.out.println("pids " + pids.get(0) + " " + pids.get(1));
            shared.set(0, 1.0);
            System.out.flush();
            Thread.sleep(60_000);
        }
    }

    @ParameterizedTest(name = "parent killed by {0}")
    @ValueSource(strings = {"INT", "KILL"})
    void noWorkerOutlivesItsParent(String signal) throws Exception {
        Process parent = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-cp", System.getProperty("java.class.path"),
                OrphanParent.class.getName()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream()));
        String line;
        List<Long> pids = new ArrayList<>();
        while ((line = out.readLine()) != null) {
            if (line.startsWith("pids ")) {
                for (String p : line.substring(5).split(" ")) {
                    pids.add(Long.parseLong(p));
                }
                break;
            }
        }
        assertEquals(2, pids.size(), "parent did not report its workers");
        new ProcessBuilder("kill", "-" + signal, String.valueOf(parent.pid())).start().waitFor();
        assertTrue(parent.waitFor(20, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (long pid : pids) {
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                assertTrue(System.nanoTime() < deadline, "busy worker " + pid + " outlived its parent (" + signal + ")");
                Thread.sleep(20);
            }
        }
        java.nio.file.Path shm = java.nio.file.Path.of("/dev/shm");
        if (java.nio.file.Files.isDirectory(shm)) {
            try (var left = java.nio.file.Files.newDirectoryStream(shm, "p4j-shared-" + parent.pid() + "-*")) {
                assertTrue(!left.iterator().hasNext(), "shared memory of the dead parent was left behind");
            }
        }
    }

    @Test
    void whatATaskWritesToFileDescriptorOneReachesTheParentAndCorruptsNothing() throws Exception {
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.out;
        System.setOut(new java.io.PrintStream(captured, true));
        try (Pool pool = Pool.processes(2)) {
            List<Integer> got = pool.map(x -> {
                try {
                    java.io.FileOutputStream fd1 = new java.io.FileOutputStream(java.io.FileDescriptor.out);
                    fd1.write(("raw fd 1 from task " + x + "\n").getBytes());
                    fd1.flush();
                    System.out.println("println from task " + x);
                    if (x == 0) {
                        new ProcessBuilder("echo", "child process of task 0").inheritIO().start().waitFor();
                    }
                } catch (java.io.IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return x * 10;
            }, List.of(0, 1, 2, 3), MapOptions.defaults().chunksize(1));
            assertEquals(List.of(0, 10, 20, 30), got);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!captured.toString().contains("child process of task 0") || !captured.toString().contains("raw fd 1 from task 3")) {
                assertTrue(System.nanoTime() < deadline, "worker output did not arrive: " + captured);
                Thread.sleep(20);
            }
            assertTrue(captured.toString().contains("println from task 2"), captured.toString());
        } finally {
            System.setOut(before);
        }
    }

    @Test
    void aWorkerJvmThatCannotStartFailsThePoolWithTheJvmsReasonAndNoStorm() {
        try (Pool g1 = Pool.builder().processes(1).jvmOptions("-XX:+UseG1GC").build()) {
            assertEquals(List.of(2), g1.map(x -> x + 1, List.of(1)), "a collector the user chose replaces the pool's");
        }
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
        try {
            // What the doomed JVMs print reaches this JVM's streams (the user sees why); captured here, not shown.
            System.setOut(new java.io.PrintStream(said, true));
            System.setErr(new java.io.PrintStream(said, true));
            for (String[] bad : new String[][] {{"-XX:+NoSuchOptionAtAll", "Unrecognized VM option"}, {"-Xmxbogus", "Invalid maximum heap size"}}) {
                long t0 = System.nanoTime();
                try (Pool pool = Pool.builder().processes(2).jvmOptions(bad[0]).build()) {
                    PoolException e = assertThrows(PoolException.class, () -> pool.map(x -> x, List.of(1, 2, 3)));
                    assertTrue(e.getMessage().contains(bad[1]) && e.getMessage().contains("cannot start"), e.getMessage());
                    PoolException again = assertThrows(PoolException.class, () -> pool.map(x -> x, List.of(1)));
                    assertTrue(again.getMessage().contains(bad[1]), again.getMessage());
                }
                assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(60), "took too long to give up on " + bad[0]);
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertTrue(said.toString().contains("Invalid maximum heap size"), said.toString());
    }

    @Test
    void processQueuesWorkFromInsidePoolTasks() {
        try (Pool pool = Pool.processes(2); ProcessQueue<Integer> in = ProcessQueue.create(); ProcessQueue<Integer> out = ProcessQueue.create()) {
            for (int i = 0; i < 200; i++) {
                in.put(i);
            }
            List<Integer> got = pool.map(x -> {
                int v = in.get(java.time.Duration.ofSeconds(30));
                out.put(v * 2);
                return x;
            }, IntStream.range(0, 200).boxed().toList(), MapOptions.defaults().chunksize(1));
            assertEquals(IntStream.range(0, 200).boxed().toList(), got);
            java.util.TreeSet<Integer> doubled = new java.util.TreeSet<>();
            for (int i = 0; i < 200; i++) {
                doubled.add(out.get(java.time.Duration.ofSeconds(5)));
            }
            assertEquals(IntStream.range(0, 200).map(v -> v * 2).boxed().collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)), doubled);
            assertEquals(0, in.size());
        }
    }

    @Test
    void aConsumerKilledWhileWaitingLosesNoItem() throws Exception {
        try (ProcessQueue<String> q = ProcessQueue.create()) {
            for (int round = 0; round < 3; round++) {
                WorkerProcess p = WorkerProcess.start(() -> System.out.println("consumer got " + q.get()));
                Thread.sleep(400); // it waits in get()
                p.kill();
                q.put("item " + round);
                p.join();
                assertEquals("item " + round, q.get(java.time.Duration.ofSeconds(5)), "the item disappeared with the killed consumer");
            }
        }
    }
}
