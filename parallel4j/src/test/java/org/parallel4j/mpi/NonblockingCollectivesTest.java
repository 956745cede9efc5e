package org.parallel4j.mpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The nonblocking collectives: each against its blocking twin on the same data (the blocking
 * ones are checked against serial references elsewhere) and against a serial reference of its
 * own, with all of them in flight at once and completed in reverse order, in-place forms, a
 * user operation that is not commutative, one that throws, and mismatches between ranks. Sizes
 * come from the cell's rank count and cross the engines' staging and eager limits.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NonblockingCollectivesTest {
    /** x ∘ y for affine maps x = (a, b), v ↦ a·v + b, composed: associative, not commutative; items of two longs. */
    static final Op AFFINE = Op.create("affine", false, 2, (acc, ao, next, no, n) -> {
        long[] x = (long[]) acc;
        long[] y = (long[]) next;
        for (int i = 0; i < n; i += 2) {
            long a = x[ao + i] * y[no + i];
            long b = y[no + i] * x[ao + i + 1] + y[no + i + 1];
            x[ao + i] = a;
            x[ao + i + 1] = b;
        }
    });

    static long value(int rank, int i) {
        return rank * 1_000_003L + i * 7L + 1;
    }

    static long[] values(int rank, int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = value(rank, i);
        }
        return v;
    }

    /** Rank {@code rank}'s affine maps: {@code n} items (2n longs), small coefficients so products stay exact. */
    static long[] maps(int rank, int n) {
        long[] v = new long[2 * n];
        for (int i = 0; i < n; i++) {
            v[2 * i] = 1 + (rank + i) % 3;
            v[2 * i + 1] = rank - i % 5;
        }
        return v;
    }

    /** The serial reference of the affine fold of ranks {@code from..to-1}. */
    static long[] affineFold(int from, int to, int n) {
        long[] acc = maps(from, n);
        for (int r = from + 1; r < to; r++) {
            long[] y = maps(r, n);
            for (int i = 0; i < 2 * n; i += 2) {
                long a = acc[i] * y[i];
                long b = y[i] * acc[i + 1] + y[i + 1];
                acc[i] = a;
                acc[i + 1] = b;
            }
        }
        return acc;
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void everyNonblockingCollectiveMatchesItsBlockingTwin(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            int n = c.size();
            int me = c.rank();
            Random rnd = new Random(ranks * 31L + kind.hashCode());
            int block = 1 + rnd.nextInt(2500);
            int root = rnd.nextInt(n);
            int[] counts = new int[n];
            int[] displs = new int[n];
            int at = 0;
            for (int k = n - 1; k >= 0; k--) { // blocks in reverse rank order, with gaps
                counts[k] = k % 3 == 1 ? 0 : 1 + rnd.nextInt(1500);
                displs[k] = at;
                at += counts[k] + k % 2;
            }
            int span = at;
            long[] mine = values(me, block);
            long[] mineV = values(me, counts[me]);
            long[] spread = values(me + 100, block * n);
            List<Request> reqs = new ArrayList<>();
            List<Runnable> checks = new ArrayList<>();

            long[] g = new long[block * n];
            long[] gRef = new long[block * n];
            c.gather(mine, me == root ? gRef : null, root);
            reqs.add(c.igather(mine, me == root ? g : null, root));
            checks.add(() -> assertArrayEquals(me == root ? gRef : new long[block * n], g, "igather"));

            long[] gv = filled(span, -3);
            long[] gvRef = filled(span, -3);
            c.gatherv(mineV, counts[me], me == root ? gvRef : null, counts, displs, root);
            reqs.add(c.igatherv(mineV, counts[me], me == root ? gv : null, counts, displs, root));
            checks.add(() -> assertArrayEquals(gvRef, gv, "igatherv"));

            long[] s = new long[block];
            long[] sRef = new long[block];
            c.scatter(me == root ? spread : null, sRef, root);
            reqs.add(c.iscatter(me == root ? spread : null, s, root));
            checks.add(() -> assertArrayEquals(sRef, s, "iscatter"));
            checks.add(() -> assertArrayEquals(Arrays.copyOfRange(values(root + 100, block * n), me * block, (me + 1) * block), s,
                    "iscatter against the serial reference"));

            long[] sv = filled(counts[me] + 2, -4);
            long[] svRef = filled(counts[me] + 2, -4);
            long[] rootSpan = values(root + 200, span);
            c.scatterv(me == root ? rootSpan : null, counts, displs, svRef, counts[me], root);
            reqs.add(c.iscatterv(me == root ? rootSpan : null, counts, displs, sv, counts[me], root));
            checks.add(() -> assertArrayEquals(svRef, sv, "iscatterv"));

            double[] dmine = new double[block];
            for (int i = 0; i < block; i++) {
                dmine[i] = me + i / 8.0;
            }
            double[] ag = new double[block * n];
            double[] agRef = new double[block * n];
            c.allgather(dmine, agRef);
            reqs.add(c.iallgather(dmine, ag));
            checks.add(() -> assertArrayEquals(agRef, ag, "iallgather"));

            long[] agv = filled(span, -5);
            long[] agvRef = filled(span, -5);
            c.allgatherv(mineV, counts[me], agvRef, counts, displs);
            reqs.add(c.iallgatherv(mineV, counts[me], agv, counts, displs));
            checks.add(() -> {
                assertArrayEquals(agvRef, agv, "iallgatherv");
                for (int k = 0; k < n; k++) {
                    assertArrayEquals(values(k, counts[k]), Arrays.copyOfRange(agv, displs[k], displs[k] + counts[k]),
                            "iallgatherv block of rank " + k + " against the serial reference");
                }
            });

            int[] a2a = new int[block * n];
            for (int i = 0; i < a2a.length; i++) {
                a2a[i] = me * 100_000 + i;
            }
            int[] aa = new int[block * n];
            int[] aaRef = new int[block * n];
            c.alltoall(a2a, aaRef);
            reqs.add(c.ialltoall(a2a, aa));
            checks.add(() -> {
                assertArrayEquals(aaRef, aa, "ialltoall");
                for (int k = 0; k < n; k++) {
                    assertEquals(k * 100_000 + me * block, aa[k * block], "ialltoall's first element from rank " + k);
                }
            });

            // alltoallv: rank i sends rank j (i + 2j) % 5 * 300 elements
            int[] sc = new int[n];
            int[] sd = new int[n];
            int[] rc = new int[n];
            int[] rd = new int[n];
            int sAt = 0;
            int rAt = 0;
            for (int j = 0; j < n; j++) {
                sc[j] = (me + 2 * j) % 5 * 300;
                sd[j] = sAt;
                sAt += sc[j] + 1;
                rc[j] = (j + 2 * me) % 5 * 300;
                rd[j] = rAt;
                rAt += rc[j];
            }
            long[] avSend = values(me, sAt);
            long[] av = new long[rAt];
            long[] avRef = new long[rAt];
            c.alltoallv(avSend, sc, sd, avRef, rc, rd);
            reqs.add(c.ialltoallv(avSend, sc, sd, av, rc, rd));
            checks.add(() -> assertArrayEquals(avRef, av, "ialltoallv"));

            long[] red = filled(block, -6);
            long[] redRef = filled(block, -6);
            c.reduce(mine, me == root ? redRef : null, Op.SUM, root);
            reqs.add(c.ireduce(mine, me == root ? red : null, Op.SUM, root));
            checks.add(() -> assertArrayEquals(redRef, red, "ireduce"));

            double[] all = new double[block];
            double[] allRef = new double[block];
            c.allreduce(dmine, allRef, Op.MAX);
            reqs.add(c.iallreduce(dmine, all, Op.MAX));
            checks.add(() -> assertArrayEquals(allRef, all, "iallreduce"));

            int total = Arrays.stream(counts).sum();
            long[] rsSend = values(me, total);
            long[] rs = filled(counts[me], -7);
            long[] rsRef = filled(counts[me], -7);
            c.reduceScatter(rsSend, rsRef, counts, Op.SUM);
            reqs.add(c.ireduceScatter(rsSend, rs, counts, Op.SUM));
            checks.add(() -> assertArrayEquals(rsRef, rs, "ireduceScatter"));

            long[] rsb = new long[block];
            long[] rsbRef = new long[block];
            c.reduceScatterBlock(spread, rsbRef, block, Op.BXOR);
            reqs.add(c.ireduceScatterBlock(spread, rsb, block, Op.BXOR));
            checks.add(() -> {
                assertArrayEquals(rsbRef, rsb, "ireduceScatterBlock");
                for (int i = 0; i < block; i += 97) {
                    long x = 0;
                    for (int k = 0; k < n; k++) {
                        x ^= value(k + 100, me * block + i);
                    }
                    assertEquals(x, rsb[i], "reduceScatterBlock element " + i + " against the serial reference");
                }
            });

            long[] sc1 = new long[block];
            long[] scRef = new long[block];
            c.scan(mine, scRef, Op.SUM);
            reqs.add(c.iscan(mine, sc1, Op.SUM));
            checks.add(() -> assertArrayEquals(scRef, sc1, "iscan"));

            long[] ex = filled(block, -8);
            long[] exRef = filled(block, -8);
            c.exscan(mine, exRef, Op.SUM);
            reqs.add(c.iexscan(mine, ex, Op.SUM));
            checks.add(() -> assertArrayEquals(exRef, ex, "iexscan (rank 0's left as it was)"));

            // Complete them in reverse order of starting.
            List<Request> reversed = new ArrayList<>(reqs);
            Collections.reverse(reversed);
            for (Request r : reversed) {
                assertTrue(r.await(60, TimeUnit.SECONDS), "request " + r + " did not complete");
            }
            for (Runnable check : checks) {
                check.run();
            }
        });
    }

    static long[] filled(int n, long v) {
        long[] a = new long[n];
        Arrays.fill(a, v);
        return a;
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void inPlaceFormsMatchTheBlockingOnes(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            int n = c.size();
            int me = c.rank();
            int block = 3 + 700 * (ranks % 3);
            int root = n - 1;
            long[] base = values(me, block * n);

            long[] g = base.clone();
            long[] gRef = base.clone();
            c.gather(me == root ? Mpi.IN_PLACE : Arrays.copyOfRange(base, 0, block), me == root ? gRef : null, root);
            c.igather(me == root ? Mpi.IN_PLACE : Arrays.copyOfRange(base, 0, block), me == root ? g : null, root).await();
            assertArrayEquals(gRef, g, "igather IN_PLACE");

            long[] s = base.clone();
            long[] sRef = base.clone();
            long[] sRecvRef = new long[block];
            long[] sRecv = new long[block];
            c.scatter(me == root ? sRef : null, me == root ? Mpi.IN_PLACE : sRecvRef, root);
            c.iscatter(me == root ? s : null, me == root ? Mpi.IN_PLACE : sRecv, root).await();
            assertArrayEquals(sRef, s, "iscatter IN_PLACE leaves the root's buffer");
            assertArrayEquals(sRecvRef, sRecv, "iscatter IN_PLACE");

            long[] ag = base.clone();
            long[] agRef = base.clone();
            c.allgather(Mpi.IN_PLACE, agRef);
            c.iallgather(Mpi.IN_PLACE, ag).await();
            assertArrayEquals(agRef, ag, "iallgather IN_PLACE");

            long[] aa = base.clone();
            long[] aaRef = base.clone();
            c.alltoall(Mpi.IN_PLACE, aaRef);
            c.ialltoall(Mpi.IN_PLACE, aa).await();
            assertArrayEquals(aaRef, aa, "ialltoall IN_PLACE");

            long[] r = base.clone();
            long[] rRef = base.clone();
            c.reduce(me == root ? Mpi.IN_PLACE : base, me == root ? rRef : null, Op.SUM, root);
            c.ireduce(me == root ? Mpi.IN_PLACE : base, me == root ? r : null, Op.SUM, root).await();
            assertArrayEquals(rRef, r, "ireduce IN_PLACE");

            long[] rs = base.clone();
            long[] rsRef = base.clone();
            c.reduceScatterBlock(Mpi.IN_PLACE, rsRef, block, Op.SUM);
            c.ireduceScatterBlock(Mpi.IN_PLACE, rs, block, Op.SUM).await();
            assertArrayEquals(Arrays.copyOf(rsRef, block), Arrays.copyOf(rs, block), "ireduceScatterBlock IN_PLACE");

            long[] sc = base.clone();
            long[] scRef = base.clone();
            c.scan(Mpi.IN_PLACE, scRef, Op.MAX);
            c.iscan(Mpi.IN_PLACE, sc, Op.MAX).await();
            assertArrayEquals(scRef, sc, "iscan IN_PLACE");
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void aUserOperationFoldsInRankOrder(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            int n = c.size();
            int me = c.rank();
            int items = 5 + 400 * (ranks % 2);
            long[] mine = maps(me, items);
            long[] red = new long[2 * items];
            long[] all = new long[2 * items];
            long[] sc = new long[2 * items];
            long[] ex = filled(2 * items, -1);
            int[] counts = new int[n];
            for (int k = 0; k < n; k++) {
                counts[k] = 2 * (k % 2 == 0 ? 1 : 2);
            }
            int total = Arrays.stream(counts).sum();
            long[] rsSend = maps(me, total / 2);
            long[] rs = new long[counts[me]];
            List<Request> reqs = List.of(c.ireduce(mine, me == 0 ? red : null, AFFINE, 0), c.iallreduce(mine, all, AFFINE),
                    c.iscan(mine, sc, AFFINE), c.iexscan(mine, ex, AFFINE), c.ireduceScatter(rsSend, rs, counts, AFFINE));
            Request.waitAll(reqs);
            if (me == 0) {
                assertArrayEquals(affineFold(0, n, items), red, "ireduce");
            }
            assertArrayEquals(affineFold(0, n, items), all, "iallreduce");
            assertArrayEquals(affineFold(0, me + 1, items), sc, "iscan");
            assertArrayEquals(me == 0 ? filled(2 * items, -1) : affineFold(0, me, items), ex, "iexscan");
            int lo = 0;
            for (int k = 0; k < me; k++) {
                lo += counts[k];
            }
            assertArrayEquals(Arrays.copyOfRange(affineFold(0, n, total / 2), lo, lo + counts[me]), rs, "ireduceScatter");
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void aThrowingOperationFailsEveryRankThatNeedsItsResult(int ranks) {
        CommMatrix.launch(ranks, c -> {
            Op sometimes = Op.ofLongs("sometimes", (x, y) -> {
                if (y == 2) {
                    throw new IllegalStateException("two is not welcome");
                }
                return x + y;
            });
            long[] out = new long[4];
            long[] in = {c.rank(), c.rank(), c.rank(), c.rank()};
            Request r = c.iallreduce(in, out, sometimes);
            if (c.size() < 3) {
                r.await(); // no rank contributes 2
                assertEquals(c.size() == 1 ? 0 : 1, out[0]);
                return;
            }
            MpiException e = assertThrows(MpiException.class, r::await);
            assertEquals(ErrorClass.OP, e.errorClass(), e.getMessage());
            assertTrue(e.getMessage().contains("sometimes") && e.getMessage().contains("two is not welcome"), e.getMessage());
            // The communicator is still usable.
            assertEquals(c.size(), awaitSum(c));
        });
    }

    private static int awaitSum(Comm c) {
        int[] out = new int[1];
        c.iallreduce(new int[] {1}, out, Op.SUM).await();
        return out[0];
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void badArgumentsAreRefusedNamingTheValues(int ranks) {
        CommMatrix.launch(ranks, c -> {
            int n = c.size();
            MpiException small = assertThrows(MpiException.class, () -> c.iallgather(new int[4], new int[4 * n - 1]).await());
            assertEquals(ErrorClass.COUNT, small.errorClass(), small.getMessage());
            assertTrue(small.getMessage().contains(String.valueOf(4 * n - 1)), small.getMessage());
            MpiException types = assertThrows(MpiException.class, () -> c.iallreduce(new int[2], new long[2], Op.SUM).await());
            assertEquals(ErrorClass.TYPE, types.errorClass(), types.getMessage());
            MpiException block = assertThrows(MpiException.class, () -> c.ireduceScatterBlock(new int[n], new int[1], -1, Op.SUM));
            assertTrue(block.getMessage().contains("-1"), block.getMessage());
            assertThrows(MpiException.class, () -> c.igather(new int[1], new int[n], n));
            long[] x = new long[2 * n];
            MpiException same = assertThrows(MpiException.class, () -> c.ialltoall(x, x).await());
            assertTrue(same.getMessage().contains("IN_PLACE"), same.getMessage());
            // Still usable afterwards.
            assertEquals(n, awaitSum(c));
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    @Requires(Capability.NONBLOCKING_MISMATCH_DETECTION)
    void aMismatchFailsEveryRanksRequestNamingTheRanks(int ranks) {
        if (ranks < 2) {
            return;
        }
        CommMatrix.launch(ranks, c -> {
            int n = c.size();
            int me = c.rank();
            Request r = me == 1 ? c.iallgather(new int[1], new int[n]) : c.igather(new int[1], new int[n], 0);
            MpiException e = assertThrows(MpiException.class, r::await);
            assertEquals(ErrorClass.COLLECTIVE_MISMATCH, e.errorClass(), e.getMessage());
            assertTrue(e.getMessage().contains("igather") && e.getMessage().contains("iallgather") && e.getMessage().contains("rank 1"),
                    e.getMessage());
            int[] counts = new int[n];
            Arrays.fill(counts, 2);
            Request v = c.igatherv(new int[me == n - 1 ? 3 : 2], me == n - 1 ? 3 : 2, new int[2 * n + 1], counts, blocks(n, 2), 0);
            MpiException ev = assertThrows(MpiException.class, v::await);
            assertTrue(ev.getMessage().contains("expects 2 elements from rank " + (n - 1) + ", which sends 3"), ev.getMessage());
            MpiException bad = assertThrows(MpiException.class,
                    () -> c.iallreduce(new double[2], new double[me == 0 ? 1 : 2], Op.SUM).await());
            assertTrue(bad.getMessage().contains("rank 0"), "rank 0's bad buffer is named on every rank: " + bad.getMessage());
            assertEquals(n, awaitSum(c));
        });
    }

    static int[] blocks(int n, int count) {
        int[] d = new int[n];
        for (int k = 0; k < n; k++) {
            d[k] = k * count;
        }
        return d;
    }
}
