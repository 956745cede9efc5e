package org.parallel4j.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code THREAD_MULTIPLE}: several threads per rank sending and receiving at once, matched per
 * (source, tag, communicator); and waits that must not be mistaken for deadlock.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ThreadMultipleTest {

    static Stream<Arguments> ranksAndThreads() {
        List<Arguments> out = new ArrayList<>();
        for (int ranks : new int[] {1, 2, 3, 4}) {
            for (int threads : new int[] {2, 5}) {
                out.add(Arguments.of(ranks, threads));
            }
        }
        return out.stream();
    }

    private static void runAll(List<Thread> threads) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (Thread t : threads) {
            t.setUncaughtExceptionHandler((th, e) -> failure.compareAndSet(null, e));
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("a thread failed: " + failure.get(), failure.get());
        }
    }

    @ParameterizedTest(name = "{0} ranks x {1} threads")
    @MethodSource("ranksAndThreads")
    void threadsOfEveryRankExchangeOnTheirOwnTagsWithoutMixingMessages(int ranks, int threadsPerRank) {
        int perPeer = 150;
        CommMatrix.launch(ranks, world -> {
            Comm c = world.dup();
            int n = c.size();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < threadsPerRank; t++) {
                int tag = t;
                threads.add(new Thread(() -> {
                    SplittableRandom random = new SplittableRandom(c.rank() * 131L + tag);
                    List<Request> sends = new ArrayList<>();
                    for (int k = 0; k < perPeer; k++) {
                        for (int dest = 0; dest < n; dest++) {
                            // small (inline and eager) and rendezvous sizes, blocking and not
                            int size = random.nextInt(8) == 0 ? 3000 : 2 + random.nextInt(3);
                            long[] msg = new long[size];
                            msg[0] = c.rank();
                            msg[size - 1] = ((long) tag << 32) | k;
                            if (random.nextBoolean() || size > 1000) {
                                sends.add(c.isend(msg, dest, tag));
                            } else {
                                c.send(msg, dest, tag);
                            }
                        }
                        for (int src = 0; src < n; src++) {
                            long[] in = new long[3000];
                            Status s = Status.create();
                            c.recv(in, 0, in.length, src, tag, s);
                            assertEquals(tag, s.tag());
                            assertEquals(src, s.source());
                            assertEquals(src, in[0], "payload from another source");
                            assertEquals(((long) tag << 32) | k, in[s.count() - 1], "message of another tag or out of order");
                        }
                    }
                    Request.waitAll(sends);
                }, "rank" + c.rank() + "-worker" + tag));
            }
            runAll(threads);
            c.barrier();
            // object tier and probes from several threads too
            List<Thread> objects = new ArrayList<>();
            for (int t = 0; t < threadsPerRank; t++) {
                int tag = 100 + t;
                objects.add(new Thread(() -> {
                    for (int k = 0; k < 20; k++) {
                        c.sendObject(List.of(c.rank(), tag, k), (c.rank() + 1) % n, tag);
                        int from = (c.rank() + n - 1) % n;
                        Status probed = c.probe(from, tag);
                        assertTrue(probed.isObject());
                        List<Integer> got = c.recvObject(from, tag);
                        assertEquals(List.of(from, tag, k), got);
                    }
                }));
            }
            runAll(objects);
            c.free();
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void collectivesOnOneThreadWhileOthersDoPointToPoint(int ranks) {
        CommMatrix.launch(ranks, world -> {
            Comm p2p = world.dup();
            Thread ping = new Thread(() -> {
                for (int k = 0; k < 500; k++) {
                    p2p.send(new int[] {k}, (p2p.rank() + 1) % p2p.size(), 1);
                    int[] in = new int[1];
                    p2p.recv(in, (p2p.rank() + p2p.size() - 1) % p2p.size(), 1);
                    assertEquals(k, in[0]);
                }
            });
            ping.start();
            for (int k = 0; k < 300; k++) {
                assertEquals(world.size() * (long) k, world.allreduce((long) k, Op.SUM));
            }
            ping.join();
            p2p.free();
        });
    }

    @Test
    @Requires({Capability.DEADLOCK_DETECTION})
    void aRankWaitingForItsOwnHelperThreadIsNotADeadlock() {
        // Rank 1's main thread waits for a message its helper sends after computing for a while,
        // longer than the detector needs to see every rank thread blocked.
        CommMatrix.launch(2, Duration.ofSeconds(30), world -> {
            if (world.rank() == 1) {
                Thread helper = new Thread(() -> {
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(600);
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    world.send(new int[] {7}, 0, 5);
                });
                helper.start();
                int[] in = new int[1];
                world.recv(in, 0, 6);
                assertEquals(8, in[0]);
                helper.join();
            } else {
                int[] in = new int[1];
                world.recv(in, 1, 5);
                world.send(new int[] {in[0] + 1}, 1, 6);
            }
        });
    }

    @Test
    @Requires({Capability.DEADLOCK_DETECTION})
    void aTimedWaitIsNotPartOfADeadlock() {
        CommMatrix.launch(2, Duration.ofSeconds(30), world -> {
            if (world.rank() == 0) {
                Request r = world.irecv(new int[1], 1, 9);
                int polls = 0;
                while (!r.await(50, TimeUnit.MILLISECONDS)) {
                    polls++;
                }
                assertTrue(polls >= 10, "only " + polls + " polls");
                ObjectRequest<String> o = world.irecvObject(1, 10);
                assertEquals("late", o.get(5, TimeUnit.SECONDS));
            } else {
                // blocked with a timeout too: neither rank is in an unbounded wait
                Request never = world.irecv(new int[1], 0, 99);
                assertEquals(-1, Request.waitAny(800, TimeUnit.MILLISECONDS, never));
                never.cancel();
                world.send(new int[] {1}, 0, 9);
                Thread.sleep(600);
                world.sendObject("late", 0, 10);
            }
        });
    }

    @Test
    @Requires({Capability.INLINE_JOBS}) // ranks are threads: a pool thread belongs to no rank
    void theWorldOnAPoolThreadOfNoRankIsAClearErrorNotAWrongWorld() {
        CommMatrix.launch(3, Duration.ofSeconds(30), world -> {
            MpiException e = CompletableFuture.supplyAsync(() -> {
                try {
                    Mpi.world();
                    return null;
                } catch (MpiException ex) {
                    return ex;
                }
            }).join();
            assertTrue(e != null, "Mpi.world() on a common-pool thread returned a world");
            assertEquals(ErrorClass.COMM, e.errorClass());
            assertTrue(e.getMessage().contains("belongs to no rank") && e.getMessage().contains("pass the communicator"), e.getMessage());
            // a thread the rank starts belongs to it
            int[] seen = new int[1];
            Thread t = new Thread(() -> seen[0] = Mpi.world().rank());
            t.start();
            t.join();
            assertEquals(world.rank(), seen[0]);
            // a parallel stream using a captured communicator is fine
            int sum = IntStream.range(0, 100).parallel().map(i -> world.size()).sum();
            assertEquals(100 * world.size(), sum);
        });
        assertEquals(1, Mpi.world().size(), "outside a job: the singleton world");
        assertThrows(MpiException.class, () -> Mpi.world().free());
    }
}
