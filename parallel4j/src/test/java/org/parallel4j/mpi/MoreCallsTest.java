package org.parallel4j.mpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The calls mpi4py users reach for beyond the basics: the environment queries, communicator
 * names, splitType, idup, synchronous object sends, matched probes (each message received
 * exactly once, even by several threads at once), buffered and ready sends.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MoreCallsTest {
    private static boolean threads() {
        return Capability.engine().equals("threads");
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void theEnvironmentQueriesAnswer(int ranks) {
        CommMatrix.launch(ranks, c -> {
            assertFalse(Mpi.processorName().isBlank());
            String version = Mpi.libraryVersion();
            assertTrue(version.contains("Open MPI") || version.contains("MPICH") || version.contains("parallel4j"), version);
            assertEquals(Mpi.threadLevel(), Mpi.queryThread());
            assertTrue(Mpi.isThreadMain(), "the rank's own thread is its main thread");
            AtomicReference<Boolean> other = new AtomicReference<>();
            Thread t = new Thread(() -> other.set(Mpi.isThreadMain()));
            t.start();
            t.join();
            assertEquals(Boolean.FALSE, other.get(), "a thread the rank started is not its main thread");
            List<String> names = c.allgatherObject(Mpi.processorName());
            assertEquals(ranks, names.size());
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void namesSplitTypeAndIdup(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            Comm d = c.dup();
            d.setName("rows");
            assertEquals("rows", d.name());
            MpiException blank = assertThrows(MpiException.class, () -> d.setName(" "));
            assertEquals(ErrorClass.ARG, blank.errorClass());
            d.free();

            Comm node = c.splitType(SplitType.SHARED, -c.rank());
            assertEquals(c.size(), node.size(), "every rank here is on one node");
            assertEquals(c.size() - 1 - c.rank(), node.rank(), "ordered by key");
            assertEquals(c.size(), node.allreduce(1, Op.SUM));
            node.free();
            assertThrows(MpiException.class, () -> c.splitType(null, 0));

            CommRequest r = c.idup();
            // The old communicator works while the dup is in flight: messages on both engines; a
            // collective on the thread engine only (Open MPI 4.1 once never completed an idup with
            // other collectives on its communicator in flight: docs/mpi-engine.md).
            c.sendrecv(new int[] {c.rank()}, (c.rank() + 1) % c.size(), 4, new int[1], (c.rank() + c.size() - 1) % c.size(), 4, null);
            if (threads()) {
                assertEquals(c.size(), c.allreduce(1, Op.SUM));
            }
            assertTrue(r.await(30, TimeUnit.SECONDS));
            Comm copy = r.comm();
            assertEquals(Comparison.CONGRUENT, c.compare(copy));
            assertEquals(c.size() * (c.size() - 1) / 2, copy.allreduce(c.rank(), Op.SUM));
            assertEquals("from 0", copy.bcastObject(c.rank() == 0 ? "from 0" : null, 0));
            if (c.size() > 1) {
                // Its messages do not mix with the parent's.
                int to = (c.rank() + 1) % c.size();
                int from = (c.rank() + c.size() - 1) % c.size();
                Request a = copy.isend(new int[] {1}, to, 3);
                Request b = c.isend(new int[] {2}, to, 3);
                int[] got = new int[1];
                c.recv(got, from, 3);
                assertEquals(2, got[0]);
                copy.recv(got, from, 3);
                assertEquals(1, got[0]);
                Request.waitAll(List.of(a, b));
            }
            assertTrue(r.comm() == copy, "comm() gives the same communicator each time");
            copy.free();
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void aSynchronousObjectSendCompletesOnlyOnceReceived(int ranks) {
        if (ranks < 2) {
            return;
        }
        CommMatrix.launch(ranks, c -> {
            if (c.rank() == 0) {
                Request r = c.issendObject(List.of("sync", 1), 1, 5);
                boolean early = r.test();
                c.barrier();
                r.await();
                assertFalse(early, "issendObject completed before the receiver received");
                c.ssendObject("again", 1, 6);
            } else {
                c.barrier();
                if (c.rank() == 1) {
                    assertEquals(List.of("sync", 1), c.recvObject(0, 5));
                    assertEquals("again", c.recvObject(0, 6));
                }
            }
            c.ssendObject("nobody", Mpi.PROC_NULL, 1);
            c.issendObject("nobody", Mpi.PROC_NULL, 1).await();
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void aMatchedMessageIsReceivedExactlyOnceEvenByManyThreads(int ranks) {
        if (ranks < 2) {
            return;
        }
        CommMatrix.launch(ranks, c -> {
            int n = c.size();
            int perRank = 40;
            if (c.rank() == 0) {
                assertNull(c.improbe(Mpi.ANY_SOURCE, 9), "no message is there yet");
            }
            c.barrier();
            if (c.rank() != 0) {
                for (int i = 0; i < perRank; i++) {
                    int len = 1 + (i * 37 + c.rank()) % 3000; // across the eager limits
                    long[] data = new long[len];
                    Arrays.fill(data, c.rank() * 1000L + i);
                    c.send(data, 0, 9);
                }
                c.sendObject(List.of(c.rank(), "object"), 0, 10);
            } else {
                ConcurrentHashMap<Long, Boolean> seen = new ConcurrentHashMap<>();
                List<Thread> workers = new ArrayList<>();
                List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
                int total = (n - 1) * perRank;
                java.util.concurrent.atomic.AtomicInteger taken = new java.util.concurrent.atomic.AtomicInteger();
                for (int w = 0; w < 3; w++) {
                    Thread t = new Thread(() -> {
                        try {
                            while (taken.getAndIncrement() < total) {
                                Message m = c.mprobe(Mpi.ANY_SOURCE, 9);
                                long[] buf = new long[(int) (m.status().bytes() / Long.BYTES)];
                                Status s = m.recv(buf);
                                assertEquals(buf.length, s.count());
                                assertEquals(m.status().source(), s.source());
                                assertTrue(buf.length > 0 && Arrays.stream(buf).allMatch(v -> v == buf[0]));
                                assertNull(seen.put(buf[0], true), "message " + buf[0] + " received twice");
                                assertTrue(m.isReceived());
                                assertThrows(MpiException.class, () -> m.recv(buf), "a second receive of one message");
                            }
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    });
                    workers.add(t);
                    t.start();
                }
                for (Thread t : workers) {
                    t.join();
                }
                assertEquals(List.of(), failures);
                assertEquals(total, seen.size());
                for (int k = 1; k < n; k++) {
                    Message m = c.mprobe(k, 10);
                    assertTrue(m.status().isObject());
                    MpiException wrong = assertThrows(MpiException.class, () -> m.recv(new long[100]));
                    assertEquals(ErrorClass.TYPE, wrong.errorClass(), wrong.getMessage());
                    assertEquals(List.of(k, "object"), m.recvObject());
                }
            }
            c.barrier();
            // A receive too small fails and keeps the message in the Message; irecv; PROC_NULL.
            int to = (c.rank() + 1) % n;
            int from = (c.rank() + n - 1) % n;
            c.send(new double[] {1, 2, 3, 4, 5}, to, 11);
            c.send(new double[] {6, 7}, to, 12);
            Message big = c.mprobe(from, 11);
            MpiException small = assertThrows(MpiException.class, () -> big.recv(new double[2]));
            assertEquals(ErrorClass.TRUNCATE, small.errorClass(), small.getMessage());
            assertFalse(big.isReceived());
            double[] five = new double[5];
            big.recv(five);
            assertArrayEquals(new double[] {1, 2, 3, 4, 5}, five);
            Message m12 = null;
            for (int spin = 0; m12 == null; spin++) {
                m12 = c.improbe(from, 12);
                if (spin > 100_000) {
                    Thread.sleep(1);
                }
            }
            double[] two = new double[2];
            m12.irecv(two).await();
            assertArrayEquals(new double[] {6, 7}, two);
            Message none = c.mprobe(Mpi.PROC_NULL, 0);
            assertEquals(Mpi.PROC_NULL, none.status().source());
            none.recv(new int[1]);
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void bufferedSendsReturnAtOnceWithinTheAttachedBuffer(int ranks) {
        if (ranks < 2) {
            return;
        }
        CommMatrix.launch(ranks, c -> {
            int n = c.size();
            int to = (c.rank() + 1) % n;
            int from = (c.rank() + n - 1) % n;
            MpiException none = assertThrows(MpiException.class, () -> c.bsend(new int[4], to, 1));
            assertEquals(ErrorClass.BUFFER, none.errorClass(), none.getMessage());
            int len = 200_000; // far beyond the eager limits: a standard send would wait for the receiver
            Mpi.attachBuffer(2 * (len * Double.BYTES + Mpi.BSEND_OVERHEAD));
            try {
                double[] a = new double[len];
                double[] b = new double[len];
                Arrays.fill(a, c.rank());
                Arrays.fill(b, c.rank() + 0.5);
                c.bsend(a, to, 2);
                c.ibsend(b, to, 3).await(); // complete at once: copied into the buffer
                Arrays.fill(a, -1); // the buffered copies are what travels
                if (threads()) {
                    MpiException full = assertThrows(MpiException.class, () -> c.bsend(new double[len], to, 4));
                    assertEquals(ErrorClass.BUFFER, full.errorClass(), full.getMessage());
                    assertTrue(full.getMessage().contains(String.valueOf(len * Double.BYTES + Mpi.BSEND_OVERHEAD)), full.getMessage());
                }
                c.barrier(); // every rank has sent before any receives
                double[] got = new double[len];
                c.recv(got, from, 2);
                assertEquals(from, got[0]);
                assertEquals(from, got[len - 1]);
                c.recv(got, from, 3);
                assertEquals(from + 0.5, got[len - 1]);
            } finally {
                assertEquals(2 * (len * Double.BYTES + Mpi.BSEND_OVERHEAD), Mpi.detachBuffer());
            }
            MpiException again = assertThrows(MpiException.class, Mpi::detachBuffer);
            assertEquals(ErrorClass.BUFFER, again.errorClass());
            c.barrier();
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void aReadySendIntoAPostedReceive(int ranks) {
        if (ranks < 2) {
            return;
        }
        CommMatrix.launch(ranks, c -> {
            int n = c.size();
            int to = (c.rank() + 1) % n;
            int from = (c.rank() + n - 1) % n;
            long[] got = new long[3];
            Request posted = c.irecv(got, from, 7);
            long[] got2 = new long[3];
            Request posted2 = c.irecv(got2, from, 8);
            c.barrier(); // every receive is posted
            c.rsend(new long[] {c.rank(), 1, 2}, to, 7);
            c.irsend(new long[] {c.rank(), 3, 4}, to, 8).await();
            posted.await();
            posted2.await();
            assertArrayEquals(new long[] {from, 1, 2}, got);
            assertArrayEquals(new long[] {from, 3, 4}, got2);
            c.barrier();
            if (threads()) {
                MpiException e = assertThrows(MpiException.class, () -> c.rsend(new long[1], to, 99));
                assertEquals(ErrorClass.ARG, e.errorClass());
                assertTrue(e.getMessage().contains("no matching receive is posted") && e.getMessage().contains("dest=" + to), e.getMessage());
                c.barrier();
                assertNull(c.iprobe(Mpi.ANY_SOURCE, 99), "a refused ready send delivers nothing");
            }
        });
    }
}
