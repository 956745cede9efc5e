package org.parallel4j.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * What crosses a worker JVM's pipe and cannot be sent, read or held: each is a failure of exactly
 * that task, with a message that says what and why, and the worker lives on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessValuesTest {
    private Pool pool;

    @BeforeAll
    void start() {
        pool = Pool.processes(2);
    }

    @AfterAll
    void stop() {
        pool.close();
    }

    /** A record that forgot {@code implements Serializable}. */
    record Point(int x) {
    }

    /** Serializable, but holding something that is not. */
    record Holder(List<Object> items) implements Serializable {
    }

    static final class Node implements Serializable {
        final Node next;
        final int value;

        Node(Node next, int value) {
            this.next = next;
            this.value = value;
        }

        static Node list(int n) {
            Node head = null;
            for (int i = 0; i < n; i++) {
                head = new Node(head, i);
            }
            return head;
        }

        int length() {
            int k = 0;
            for (Node c = this; c != null; c = c.next) {
                k++;
            }
            return k;
        }
    }

    private Set<Long> workerPids() {
        Set<Long> pids = new TreeSet<>();
        for (long pid : pool.map(x -> {
            PoolContract.sleep(100);
            return ProcessHandle.current().pid();
        }, IntStream.range(0, 6).boxed().toList(), MapOptions.defaults().chunksize(1))) {
            pids.add(pid);
        }
        return pids;
    }

    @Test
    void anUnserializableResultFailsExactlyItsTaskNamingTheTypeAndTheWorkerLives() {
        Set<Long> before = workerPids();
        for (int chunk : new int[] {1, 4}) {
            List<Object> seen = new ArrayList<>();
            try (ResultIterator<Object> it = pool.imap(x -> x % 3 == 1 ? new Point(x) : (Object) x, IntStream.range(0, 10).boxed().toList(),
                    MapOptions.defaults().chunksize(chunk))) {
                while (it.hasNext()) {
                    try {
                        seen.add(it.next());
                    } catch (TaskFailedException e) {
                        assertTrue(e.getMessage().contains(Point.class.getName()) && e.getMessage().contains("does not implement java.io.Serializable")
                                && e.getMessage().contains("cannot be sent back"), e.getMessage());
                        seen.add("failed " + e.taskIndex());
                    }
                }
            }
            assertEquals(List.of(0, "failed 1", 2, 3, "failed 4", 5, 6, "failed 7", 8, 9), seen, "chunk " + chunk);
        }
        ExecutionException e = assertThrows(ExecutionException.class, () -> pool.submit(() -> new Holder(List.of(1, new Object()))).get());
        assertTrue(e.getCause().getMessage().contains("Holder.items[1] (a java.lang.Object) is not Serializable"), e.getCause().getMessage());
        e = assertThrows(ExecutionException.class, () -> pool.submit(Object::new).get());
        assertInstanceOf(TaskFailedException.class, e.getCause());
        assertEquals(before, workerPids(), "a worker was replaced");
    }

    @Test
    void deepGraphsTravelBothWaysOrFailNamingTheDepthLimit() throws Exception {
        Node thousand = Node.list(1000);
        assertEquals(List.of(1001, 1002), pool.map(n -> Node.list(n).length() + thousand.length() - 1000 + 1, List.of(1000, 1001)));
        assertEquals(5000, pool.submit(() -> Node.list(5000)).get().length());
        ExecutionException e = assertThrows(ExecutionException.class, () -> pool.submit(() -> Node.list(50_000)).get());
        assertTrue(e.getCause().getMessage().contains("depth limit") && e.getCause().getMessage().contains("p4j.serialFilter"),
                e.getCause().getMessage());
        assertEquals(List.of(2), pool.map(x -> x + 1, List.of(1)));
    }

    @Test
    void aCyclicCauseChainArrivesCut() {
        TaskFailedException e = assertThrows(TaskFailedException.class, () -> pool.map(x -> {
            IllegalStateException a = new IllegalStateException("a");
            IllegalArgumentException b = new IllegalArgumentException("b", a);
            a.initCause(b);
            throw b;
        }, List.of(1)));
        List<String> chain = new ArrayList<>();
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            chain.add(c.getMessage());
        }
        assertEquals(3, chain.size(), chain.toString());
        assertTrue(chain.get(0).contains("IllegalArgumentException: b") && chain.get(1).contains("IllegalStateException: a")
                && chain.get(2).contains("loops back"), chain.toString());
    }

    @Test
    void jdkClassesOutsideTheAllowlistAreRefusedBothWays() throws Exception {
        HashMap<java.net.URL, String> urls = new HashMap<>();
        urls.put(URI.create("http://example.invalid/").toURL(), "x");
        ExecutionException e = assertThrows(ExecutionException.class, () -> pool.submit(() -> {
            HashMap<java.net.URL, String> m = new HashMap<>();
            m.put(URI.create("http://example.invalid/").toURL(), "x");
            return m;
        }).get());
        assertTrue(e.getCause().getMessage().contains("java.net.URL") && e.getCause().getMessage().contains("allowlist"), e.getCause().getMessage());
        TaskFailedException t = assertThrows(TaskFailedException.class, () -> pool.map(m -> m.size(), List.of(urls)));
        assertTrue(t.getMessage().contains("input cannot be read in the worker") && t.getMessage().contains("java.net.URL"), t.getMessage());
        // JDK value types pass.
        HashMap<String, Object> values = new HashMap<>();
        values.put("list", new ArrayList<>(List.of(1, 2L, 3.0, "s", java.time.LocalDate.of(2026, 12, 1), new java.math.BigDecimal("1.5"))));
        values.put("set", new TreeSet<>(Set.of(3, 1, 2)));
        values.put("immutable", List.of(Set.of(1), java.util.Map.of("k", 2)));
        values.put("array", new int[][] {{1, 2}, {3}});
        values.put("concurrent", new java.util.concurrent.ConcurrentHashMap<>(java.util.Map.of("c", new java.util.concurrent.atomic.AtomicLong(3))));
        values.put("enums", java.util.EnumSet.of(java.util.concurrent.TimeUnit.SECONDS));
        SerializableFunction<HashMap<String, Object>, String> describe = m -> new java.util.TreeMap<>(m).entrySet().stream()
                .map(kv -> kv.getKey() + "=" + (kv.getValue() instanceof int[][] a ? java.util.Arrays.deepToString(a) : kv.getValue()))
                .toList().toString();
        assertEquals(describe.apply(values), pool.map(describe, List.of(values)).getFirst());
    }

    /** Defines a class the parent has never heard of (in the worker). */
    static final class GhostLoader extends ClassLoader {
        Object newGhost() throws ReflectiveOperationException {
            byte[] bytes = ClassFile.of().build(ClassDesc.of("p4j.ghost.Ghost"), cb -> cb
                    .withInterfaceSymbols(ClassDesc.of("java.io.Serializable"))
                    .withMethod(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC, mb -> mb.withCode(c -> c
                            .aload(0).invokespecial(ConstantDescs.CD_Object, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void).return_())));
            return defineClass(null, bytes, 0, bytes.length).getDeclaredConstructor().newInstance();
        }
    }

    @Test
    void aResultClassTheParentCannotLoadFailsThatTaskNamingTheClass() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> pool.submit(() -> new GhostLoader().newGhost()).get());
        assertTrue(e.getCause().getMessage().contains("p4j.ghost.Ghost") && e.getCause().getMessage().contains("cannot be loaded"),
                e.getCause().getMessage());
        assertEquals(List.of(4), pool.map(x -> x * 2, List.of(2)));
    }

    /** A parent with a small heap that receives a result larger than its heap, then terminates its pool. */
    public static final class SmallHeapParent {
        public static void main(String[] args) throws Exception {
            Pool p = Pool.processes(1);
            try {
                p.submit(() -> new byte[256 << 20]).get();
                System.out.println("no failure");
            } catch (ExecutionException e) {
                System.out.println("failed: " + e.getCause().getMessage());
            }
            System.out.println("next " + p.submit(() -> 6 * 7).get());
            p.terminate();
            System.out.println("terminated");
        }
    }

    @Test
    void aResultLargerThanTheParentsHeapFailsItsTaskAndTerminateReturns() throws Exception {
        Process parent = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-Xmx96m", "-cp", System.getProperty("java.class.path"),
                SmallHeapParent.class.getName()).redirectErrorStream(true).start();
        assertTrue(parent.waitFor(60, TimeUnit.SECONDS), "the parent hung");
        String out = new String(parent.getInputStream().readAllBytes());
        assertTrue(out.contains("failed: ") && out.contains("heap") && out.contains("next 42") && out.contains("terminated"), out);
    }
}
