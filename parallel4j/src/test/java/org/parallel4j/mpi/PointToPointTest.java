package org.parallel4j.mpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Point-to-point: blocking, nonblocking, persistent, probe, both tiers, over the matrix. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PointToPointTest {

    record Particle(double x, double y, String label) implements java.io.Serializable {
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void ringSendRecvOfEveryBufferType(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            int next = (c.rank() + 1) % c.size();
            int prev = (c.rank() + c.size() - 1) % c.size();
            Object[] sends = {new byte[] {(byte) c.rank(), 2}, new short[] {(short) c.rank()}, new char[] {(char) ('a' + c.rank())},
                new int[] {c.rank(), 10}, new long[] {c.rank() * 1_000_000_000_000L}, new float[] {c.rank() + 0.5f},
                new double[] {c.rank() + 0.25, -1}, new boolean[] {c.rank() % 2 == 0, true}};
            Object[] expected = {new byte[] {(byte) prev, 2}, new short[] {(short) prev}, new char[] {(char) ('a' + prev)},
                new int[] {prev, 10}, new long[] {prev * 1_000_000_000_000L}, new float[] {prev + 0.5f},
                new double[] {prev + 0.25, -1}, new boolean[] {prev % 2 == 0, true}};
            for (int i = 0; i < sends.length; i++) {
                Object recv = java.lang.reflect.Array.newInstance(sends[i].getClass().getComponentType(), java.lang.reflect.Array.getLength(sends[i]));
                Request r = c.isend(sends[i], next, i);
                Status st = Status.create();
                c.recv(recv, prev, i, st);
                r.await();
                assertEquals(prev, st.source());
                assertEquals(i, st.tag());
                assertEquals(java.lang.reflect.Array.getLength(sends[i]), st.count());
                assertTrue(java.util.Objects.deepEquals(expected[i], recv), "type " + sends[i].getClass().getSimpleName());
            }
        });
    }

    @Test
    void objectsArriveAsIndependentCopiesWithSharedReferencesKept() {
        CommMatrix.launch(2, c -> {
            int other = 1 - c.rank();
            List<Integer> inner = new ArrayList<>(List.of(1, 2));
            Map<String, Object> sent = new java.util.HashMap<>(Map.of("a", inner, "b", inner,
                    "p", new Particle(1, 2, "q"), "arr", new int[] {4, 5}));
            c.sendObject(sent, other, 0);
            inner.add(99); // after the send: the receiver must not see it
            Map<String, Object> got = c.recvObject(other, 0);
            assertEquals(List.of(1, 2), got.get("a"));
            assertTrue(got.get("a") == got.get("b"), "shared reference not kept");
            assertTrue(got.get("a") != inner);
            assertEquals(new Particle(1, 2, "q"), got.get("p"));
            assertArrayEquals(new int[] {4, 5}, (int[]) got.get("arr"));
            // a type the direct copy does not know goes through the codec, same result
            java.util.concurrent.ConcurrentHashMap<String, Integer> chm = new java.util.concurrent.ConcurrentHashMap<>(Map.of("x", 1));
            c.sendObject(chm, other, 1);
            assertEquals(chm, c.recvObject(other, 1));
        });
    }

    @Test
    void smallMessagesToAnAlreadyPostedReceiveArriveIntact() {
        // Receives posted before the send: the small-message path that travels inside the request.
        Object[] values = {new byte[] {-1, 0, 127, -128, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, -2}, new short[] {-1, Short.MIN_VALUE, 3},
            new char[] {'\uffff', 'x'}, new int[] {-1, Integer.MIN_VALUE, 7, 8}, new long[] {-1L, Long.MIN_VALUE},
            new float[] {-0.0f, Float.NaN, 1e30f, -3}, new double[] {-0.0, Double.MIN_VALUE}, new boolean[] {true, false, true},
            new byte[0], new double[] {Math.PI}};
        CommMatrix.launch(2, c -> {
            for (int i = 0; i < values.length; i++) {
                Object v = values[i];
                if (c.rank() == 0) {
                    Object into = java.lang.reflect.Array.newInstance(v.getClass().getComponentType(), java.lang.reflect.Array.getLength(v) + 1);
                    Status st = Status.create();
                    c.recv(into, 1, i, st);
                    assertEquals(java.lang.reflect.Array.getLength(v), st.count());
                    Object head = java.lang.reflect.Array.newInstance(v.getClass().getComponentType(), st.count());
                    System.arraycopy(into, 0, head, 0, st.count());
                    assertTrue(java.util.Objects.deepEquals(v, head), "value " + i);
                } else {
                    Thread.sleep(5);
                    c.send(v, 0, i);
                }
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void anySourceAndAnyTagReportTheSender(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            if (c.rank() != 0) {
                c.send(new int[] {c.rank() * 7}, 0, 100 + c.rank());
            } else {
                boolean[] seen = new boolean[c.size()];
                for (int i = 1; i < c.size(); i++) {
                    int[] v = new int[1];
                    Status st = Status.create();
                    c.recv(v, Mpi.ANY_SOURCE, Mpi.ANY_TAG, st);
                    assertEquals(st.source() * 7, v[0]);
                    assertEquals(100 + st.source(), st.tag());
                    assertFalse(seen[st.source()]);
                    seen[st.source()] = true;
                }
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void messagesBetweenAPairAreNotOvertaken(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            int n = 200;
            if (c.size() < 2) {
                return;
            }
            if (c.rank() == 1) {
                for (int i = 0; i < n; i++) {
                    // mix of eager and rendezvous sizes, same tag
                    int[] msg = new int[i % 10 == 0 ? 10_000 : 1];
                    msg[0] = i;
                    c.send(msg, 0, 3);
                }
            } else if (c.rank() == 0) {
                for (int i = 0; i < n; i++) {
                    int[] msg = new int[10_000];
                    c.recv(msg, 1, Mpi.ANY_TAG);
                    assertEquals(i, msg[0]);
                }
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void offsetAndCountSelectARegion(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            double[] data = {0, 1, 2, 3, 4, 5};
            double[] into = new double[8];
            Request r = c.irecv(into, 2, 3, c.rank(), 1);
            c.send(data, 1, 3, c.rank(), 1);
            assertEquals(3, r.await().count());
            assertArrayEquals(new double[] {0, 0, 1, 2, 3, 0, 0, 0}, into);
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void largeMessagesArriveIntactBothWays(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            int n = 300_000;
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = c.rank() * 1e6 + i;
            }
            double[] in = new double[n];
            int next = (c.rank() + 1) % c.size();
            int prev = (c.rank() + c.size() - 1) % c.size();
            c.sendrecv(out, next, 9, in, prev, 9, null);
            for (int i = 0; i < n; i += 997) {
                assertEquals(prev * 1e6 + i, in[i]);
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void waitAnyWaitAllAndTestAll(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            List<Request> recvs = new ArrayList<>();
            int[][] bufs = new int[c.size()][1];
            for (int r = 0; r < c.size(); r++) {
                recvs.add(c.irecv(bufs[r], r, 5));
            }
            List<Request> sends = new ArrayList<>();
            for (int r = 0; r < c.size(); r++) {
                sends.add(c.isend(new int[] {c.rank() * 100 + r}, r, 5));
            }
            int first = Request.waitAny(recvs.toArray(Request[]::new));
            assertTrue(first >= 0 && first < c.size());
            Request.waitAll(recvs);
            Request.waitAll(sends);
            assertTrue(Request.testAll(recvs.toArray(Request[]::new)));
            for (int r = 0; r < c.size(); r++) {
                assertEquals(r * 100 + c.rank(), bufs[r][0]);
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void persistentRequestsRunManyTimes(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            int next = (c.rank() + 1) % c.size();
            int prev = (c.rank() + c.size() - 1) % c.size();
            long[] out = new long[1];
            long[] in = new long[1];
            PersistentRequest send = c.sendInit(out, next, 2);
            PersistentRequest recv = c.recvInit(in, prev, 2);
            for (int step = 0; step < 50; step++) {
                out[0] = c.rank() * 1000L + step;
                PersistentRequest.startAll(recv, send);
                Request.waitAll(send, recv);
                assertEquals(prev * 1000L + step, in[0]);
            }
        });
    }

    /** A record that JDK serialization resolves to a canonical instance. */
    record Interned(int v) implements java.io.Serializable {
        static final Interned ZERO = new Interned(0);

        @java.io.Serial
        private Object readResolve() {
            return v == 0 ? ZERO : this;
        }
    }

    /**
     * Found by comparing with JDK serialization: the thread engine's copy and the compact codec
     * gave a LinkedHashMap in access order back in insertion order, and skipped a record's readResolve.
     */
    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void objectsKeepWhatJdkSerializationKeeps(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            java.util.LinkedHashMap<String, Integer> lru = new java.util.LinkedHashMap<>(16, 0.75f, true);
            lru.put("a", 1);
            lru.put("b", 2);
            lru.get("a");
            int next = (c.rank() + 1) % c.size(), prev = (c.rank() + c.size() - 1) % c.size();
            Request r = c.isendObject(List.of(lru, new Interned(0)), next, 50);
            List<?> got = c.recvObject(prev, 50);
            @SuppressWarnings("unchecked")
            java.util.LinkedHashMap<String, Integer> back = (java.util.LinkedHashMap<String, Integer>) got.get(0);
            assertEquals(List.of("b", "a"), new ArrayList<>(back.keySet()));
            back.get("b");
            assertEquals(List.of("a", "b"), new ArrayList<>(back.keySet()), "still in access order");
            // the receiver's own ZERO: on the thread engine each rank may see its own copy of the class
            org.junit.jupiter.api.Assertions.assertSame(zeroOf(got.get(1)), got.get(1), "readResolve ran");
            Object b = c.bcastObject(c.rank() == 0 ? new Interned(0) : null, 0);
            if (c.rank() != 0) { // the root keeps its own object
                org.junit.jupiter.api.Assertions.assertSame(zeroOf(b), b);
            }
            r.await();
        });
    }

    private static Object zeroOf(Object interned) throws ReflectiveOperationException {
        return interned.getClass().getDeclaredField("ZERO").get(null);
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void probeReportsSizeBeforeTheReceive(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            int next = (c.rank() + 1) % c.size();
            int prev = (c.rank() + c.size() - 1) % c.size();
            c.isend(new float[c.rank() + 3], next, 44);
            Status st = c.probe(prev, Mpi.ANY_TAG);
            if (Capability.ofEngine().contains(Capability.TYPED_MESSAGES)) {
                assertEquals(prev + 3, st.count()); // else the count of a probe is in bytes: the message has no type
            }
            assertEquals(44, st.tag());
            assertEquals((prev + 3) * 4L, st.bytes());
            assertEquals(prev + 3, st.count(float.class), "the count in an element type: the same on every engine");
            assertEquals(4 * (prev + 3), st.count(byte.class));
            assertNotNull(c.iprobe(prev, 44));
            c.recv(new float[st.count(float.class)], prev, 44);
            c.barrier();
            assertNull(c.iprobe(Mpi.ANY_SOURCE, 44));
            // not a whole number of the type asked for, and an object message: errors that say so
            c.isend(new byte[5], next, 45);
            Status odd = c.probe(prev, 45);
            MpiException e = org.junit.jupiter.api.Assertions.assertThrows(MpiException.class, () -> odd.count(long.class));
            assertEquals(ErrorClass.TYPE, e.errorClass());
            assertTrue(e.getMessage().contains("5 bytes, not a whole number of 8-byte elements"), e.getMessage());
            c.recv(new byte[5], prev, 45);
            Request r = c.isendObject("x", next, 46);
            Status obj = c.probe(prev, 46);
            e = org.junit.jupiter.api.Assertions.assertThrows(MpiException.class, () -> obj.count(long.class));
            assertTrue(e.getMessage().contains("recvObject"), e.getMessage());
            assertEquals("x", c.recvObject(prev, 46));
            r.await();
            c.barrier();
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void objectsOfAnySerializableTypeIncludingRecords(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            int next = (c.rank() + 1) % c.size();
            int prev = (c.rank() + c.size() - 1) % c.size();
            Map<String, Object> map = Map.of("rank", c.rank(), "p", new Particle(c.rank(), 2, "p" + c.rank()));
            Request s = c.isendObject(map, next, 8);
            ObjectRequest<Map<String, Object>> r = c.irecvObject(prev, 8);
            Map<String, Object> got = r.get(10, TimeUnit.SECONDS);
            s.await();
            assertEquals(prev, got.get("rank"));
            assertEquals(new Particle(prev, 2, "p" + prev), got.get("p"));
            c.sendObject(List.of(1, 2, c.rank()), next, 9);
            Status st = Status.create();
            List<Integer> l = c.recvObject(Mpi.ANY_SOURCE, 9, st);
            assertEquals(List.of(1, 2, prev), l);
            assertEquals(prev, st.source());
            assertTrue(st.isObject());
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void memorySegmentsExchangeBytesWithArrays(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment seg = arena.allocate(8 * 4);
                for (int i = 0; i < 4; i++) {
                    seg.setAtIndex(ValueLayout.JAVA_DOUBLE, i, c.rank() + i);
                }
                Request s = c.isend(seg, c.rank(), 1);
                double[] d = new double[4];
                c.recv(d, c.rank(), 1);
                s.await();
                assertArrayEquals(new double[] {c.rank(), c.rank() + 1, c.rank() + 2, c.rank() + 3}, d);
                MemorySegment back = arena.allocate(32);
                Request s2 = c.isend(d, c.rank(), 2);
                c.recv(back, c.rank(), 2);
                s2.await();
                assertEquals(c.rank() + 3.0, back.getAtIndex(ValueLayout.JAVA_DOUBLE, 3));
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void ssendCompletesOnlyOnceMatched(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            if (c.size() < 2 || c.rank() > 1) {
                return;
            }
            if (c.rank() == 0) {
                Request r = c.issend(new int[] {1}, 1, 0);
                Thread.sleep(50);
                assertFalse(r.test(), "synchronous send completed before the receive was posted");
                c.send(new int[0], 1, 1); // tell rank 1 to receive
                r.await();
            } else {
                c.recv(new int[0], 0, 1);
                int[] v = new int[1];
                c.recv(v, 0, 0);
                assertEquals(1, v[0]);
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void procNullCompletesAtOnce(int ranks) {
        CommMatrix.launch(ranks, c -> {
            c.send(new int[1], Mpi.PROC_NULL, 0);
            Status st = Status.create();
            c.recv(new int[1], Mpi.PROC_NULL, 0, st);
            assertEquals(Mpi.PROC_NULL, st.source());
            assertEquals(0, st.count());
            assertTrue(c.isend(new int[1], Mpi.PROC_NULL, 0).test());
            ObjectRequest<Object> o = c.irecvObject(Mpi.PROC_NULL, 0);
            assertTrue(o.test());
            assertFalse(o.status().isCancelled(), "a receive from PROC_NULL completes, it is not cancelled");
            assertEquals(Mpi.PROC_NULL, o.status().source());
            assertNull(o.get());
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void aProbedObjectMessageReportsItsSerializedSize(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            List<Integer> value = new ArrayList<>(List.of(1, 2, 3, 4, 5));
            long expected = Mpi.objectCodec().encode(value).length; // the size it has on the wire, in the codec's form
            c.sendObject(value, c.rank(), 4);
            Status probed = c.probe(c.rank(), 4);
            assertTrue(probed.isObject());
            assertTrue(probed.bytes() > 0, "bytes of a probed object message: " + probed);
            assertEquals(probed.bytes(), c.iprobe(c.rank(), 4).bytes());
            Status received = Status.create();
            assertEquals(value, c.recvObject(c.rank(), 4, received));
            assertEquals(probed.bytes(), received.bytes());
            assertTrue(Math.abs(expected - probed.bytes()) < 64, "serialized size " + expected + ", status says " + probed.bytes());
        });
    }

    @Test
    void cancelAnUnmatchedReceive() {
        CommMatrix.launch(2, c -> {
            Request r = c.irecv(new int[1], Mpi.ANY_SOURCE, 77);
            assertTrue(r.cancel());
            assertTrue(r.test());
            assertTrue(r.status().isCancelled());
            assertFalse(r.cancel());
        });
    }

    @Test
    void completableFutureViewCompletesWithTheStatus() {
        CommMatrix.launch(2, c -> {
            int other = 1 - c.rank();
            var f = c.irecv(new int[1], other, 4).toCompletableFuture();
            c.send(new int[] {5}, other, 4);
            assertEquals(other, f.get(10, TimeUnit.SECONDS).source());
        });
    }

    @Test
    void timedAwaitGivesUpAndTheRequestStaysUsable() {
        CommMatrix.launch(2, c -> {
            if (c.rank() == 0) {
                Request r = c.irecv(new int[1], 1, 1);
                assertFalse(r.await(50, TimeUnit.MILLISECONDS));
                c.send(new int[0], 1, 2);
                assertTrue(r.await(10, TimeUnit.SECONDS));
            } else {
                c.recv(new int[0], 0, 2);
                c.send(new int[] {1}, 0, 1);
            }
        });
    }

    @Test
    void wtimeAdvances() {
        double t0 = Mpi.wtime();
        assertTrue(Mpi.wtick() > 0);
        assertTrue(Mpi.wtime() >= t0);
    }

    @Test
    @Requires({Capability.INLINE_JOBS})
    void worldOutsideAJobIsASingleRank() {
        assertEquals(1, Mpi.world().size());
        assertEquals(0, Mpi.world().rank());
        Mpi.world().sendObject("x", 0, 1);
        assertEquals("x", Mpi.world().recvObject(0, 1));
    }
}
