package org.parallel4j.mpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Collectives, buffer and object tiers, blocking and nonblocking, over the matrix. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CollectivesTest {

    private static double[] seq(int n, double base) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = base + i;
        }
        return a;
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void bcastSmallAndLargeFromEveryRoot(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            for (int root = 0; root < c.size(); root++) {
                for (int n : new int[] {1, 5, 100_000}) {
                    double[] buf = c.rank() == root ? seq(n, root) : new double[n];
                    c.bcast(buf, root);
                    assertArrayEquals(seq(n, root), buf);
                }
            }
            c.barrier();
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void scatterGatherAllgatherAlltoall(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            int n = c.size();
            int root = n - 1;
            int[] all = new int[2 * n];
            for (int i = 0; i < all.length; i++) {
                all[i] = i * 3;
            }
            int[] part = new int[2];
            c.scatter(c.rank() == root ? all : null, part, root);
            assertArrayEquals(new int[] {c.rank() * 6, c.rank() * 6 + 3}, part);
            int[] back = c.rank() == root ? new int[2 * n] : null;
            c.gather(part, back, root);
            if (c.rank() == root) {
                assertArrayEquals(all, back);
            }
            int[] everyone = new int[2 * n];
            c.allgather(part, everyone);
            assertArrayEquals(all, everyone);
            long[] send = new long[n];
            for (int j = 0; j < n; j++) {
                send[j] = c.rank() * 100L + j;
            }
            long[] recv = new long[n];
            c.alltoall(send, recv);
            for (int i = 0; i < n; i++) {
                assertEquals(i * 100L + c.rank(), recv[i]);
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void vectorVariantsWithUnequalCounts(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            int n = c.size();
            int[] counts = new int[n];
            int[] displs = new int[n];
            int total = 0;
            for (int k = 0; k < n; k++) {
                counts[k] = k + 1;
                displs[k] = total;
                total += k + 1;
            }
            double[] all = seq(total, 0);
            double[] mine = new double[c.rank() + 1];
            c.scatterv(c.rank() == 0 ? all : null, counts, displs, mine, c.rank() + 1, 0);
            assertArrayEquals(java.util.Arrays.copyOfRange(all, displs[c.rank()], displs[c.rank()] + c.rank() + 1), mine);
            double[] gathered = c.rank() == 0 ? new double[total] : null;
            c.gatherv(mine, mine.length, gathered, counts, displs, 0);
            if (c.rank() == 0) {
                assertArrayEquals(all, gathered);
            }
            double[] everywhere = new double[total];
            c.allgatherv(mine, mine.length, everywhere, counts, displs);
            assertArrayEquals(all, everywhere);
            // alltoallv: rank r sends j+1 copies of r to rank j
            int[] sc = new int[n];
            int[] sd = new int[n];
            int[] rc = new int[n];
            int[] rd = new int[n];
            int st = 0;
            int rt = 0;
            for (int j = 0; j < n; j++) {
                sc[j] = j + 1;
                sd[j] = st;
                st += j + 1;
                rc[j] = c.rank() + 1;
                rd[j] = rt;
                rt += c.rank() + 1;
            }
            int[] s = new int[st];
            java.util.Arrays.fill(s, c.rank());
            int[] r = new int[rt];
            c.alltoallv(s, sc, sd, r, rc, rd);
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < c.rank() + 1; k++) {
                    assertEquals(j, r[rd[j] + k]);
                }
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void reductionsEqualTheSerialResult(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            int n = c.size();
            for (int len : new int[] {1, 300, 200_000}) {
                double[] in = seq(len, c.rank());
                double[] out = new double[len];
                c.allreduce(in, out, Op.SUM);
                for (int i = 0; i < len; i += Math.max(1, len / 50)) {
                    assertEquals(n * (double) i + n * (n - 1) / 2.0, out[i], 1e-9);
                }
                double[] atRoot = new double[len];
                c.reduce(in, atRoot, Op.MAX, 0);
                if (c.rank() == 0) {
                    assertEquals(n - 1 + len - 1.0, atRoot[len - 1]);
                }
            }
            long[] l = {c.rank() + 1, 1L << c.rank()};
            long[] lo = new long[2];
            c.allreduce(l, lo, Op.PROD);
            long fact = 1;
            for (int k = 1; k <= n; k++) {
                fact *= k;
            }
            assertEquals(fact, lo[0]);
            c.allreduce(l, lo, Op.BOR);
            assertEquals((1L << n) - 1, lo[1]);
            int[] bits = {c.rank() == 0 ? 1 : 0, 1};
            int[] bo = new int[2];
            c.allreduce(bits, bo, Op.LAND);
            assertEquals(n == 1 ? 1 : 0, bo[0]);
            assertEquals(1, bo[1]);
            boolean[] b = {c.rank() == n - 1};
            boolean[] bout = new boolean[1];
            c.allreduce(b, bout, Op.LOR);
            assertTrue(bout[0]);
            c.allreduce(new int[] {c.rank() % 2 == 0 ? 1 : 0}, bo = new int[1], Op.LXOR);
            assertEquals(((n + 1) / 2) % 2, bo[0]);
            short[] sh = {(short) c.rank()};
            short[] sho = new short[1];
            c.allreduce(sh, sho, Op.MIN);
            assertEquals(0, sho[0]);
            assertEquals(n * (n - 1) / 2.0, c.allreduce((double) c.rank(), Op.SUM));
            assertEquals(n - 1L, c.allreduce((long) c.rank(), Op.MAX));
            assertEquals(0, c.allreduce(c.rank(), Op.MIN));
            double atRoot = c.reduce((double) c.rank(), Op.SUM, 0);
            if (c.rank() == 0) {
                assertEquals(n * (n - 1) / 2.0, atRoot);
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void minlocMaxlocPickTheLowestIndexOnTies(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            double[] pair = {c.rank() % 2, c.rank()};
            double[] out = new double[2];
            c.allreduce(pair, out, Op.MAXLOC);
            assertArrayEquals(c.size() > 1 ? new double[] {1, 1} : new double[] {0, 0}, out);
            c.allreduce(pair, out, Op.MINLOC);
            assertArrayEquals(new double[] {0, 0}, out);
            Loc best = c.allreduceObject(new Loc(-Math.abs(c.rank() - 1), c.rank()), Op.MAXLOC);
            assertEquals(c.size() > 1 ? 1 : 0, best.index());
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void userDefinedNonCommutativeOpsRunInRankOrder(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            // x ∘ y = the decimal digits of x then those of y: associative (as MPI requires of every
            // operation, so that a library may group it as it likes) but not commutative, so rank order shows.
            Op digits = Op.ofLongs("digits", (x, y) -> x * (long) Math.pow(10, String.valueOf(y).length()) + y);
            long[] out = new long[1];
            c.allreduce(new long[] {c.rank() + 1}, out, digits);
            long expected = 0;
            for (int k = 1; k <= c.size(); k++) {
                expected = k == 1 ? 1 : 10 * expected + k;
            }
            assertEquals(expected, out[0]);
            // x ∘ y = y: associative, not commutative; the last rank's value wins.
            Op last = Op.create("last", false, (acc, ao, next, no, n) -> {
                double[] a = (double[]) acc;
                double[] b = (double[]) next;
                for (int i = 0; i < n; i++) {
                    a[ao + i] = b[no + i];
                }
            });
            double[] d = new double[1];
            c.allreduce(new double[] {c.rank() + 2}, d, last);
            assertEquals(c.size() + 1.0, d[0]);
            String s = c.allreduceObject(String.valueOf(c.rank()), String::concat);
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < c.size(); k++) {
                sb.append(k);
            }
            assertEquals(sb.toString(), s);
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void scanExscanAndReduceScatter(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            int r = c.rank();
            int[] out = {-5};
            c.scan(new int[] {r + 1}, out, Op.SUM);
            assertEquals((r + 1) * (r + 2) / 2, out[0]);
            out[0] = -5;
            c.exscan(new int[] {r + 1}, out, Op.SUM);
            assertEquals(r == 0 ? -5 : r * (r + 1) / 2, out[0]);
            int n = c.size();
            int[] counts = new int[n];
            java.util.Arrays.fill(counts, 2);
            double[] send = new double[2 * n];
            java.util.Arrays.fill(send, 1);
            double[] mine = new double[2];
            c.reduceScatter(send, mine, counts, Op.SUM);
            assertArrayEquals(new double[] {n, n}, mine);
            assertEquals(r == 0 ? null : (Integer) (r * (r + 1) / 2), c.exscanObject(r + 1, Integer::sum));
            assertEquals((r + 1) * (r + 2) / 2, (int) c.scanObject(r + 1, Integer::sum));
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void nonblockingCollectives(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            List<Request> reqs = new ArrayList<>();
            double[] b = c.rank() == 0 ? seq(1000, 7) : new double[1000];
            reqs.add(c.ibcast(b, 0));
            long[] out = new long[3];
            reqs.add(c.iallreduce(new long[] {1, c.rank(), 2}, out, Op.SUM));
            reqs.add(c.ibarrier());
            Request.waitAll(reqs);
            assertArrayEquals(seq(1000, 7), b);
            int n = c.size();
            assertArrayEquals(new long[] {n, (long) n * (n - 1) / 2, 2L * n}, out);
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void objectCollectives(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            int n = c.size();
            int r = c.rank();
            assertEquals(List.of("root", n - 1), c.bcastObject(r == n - 1 ? List.of("root", n - 1) : null, n - 1));
            List<String> parts = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                parts.add("part" + k);
            }
            assertEquals("part" + r, c.scatterObject(r == 0 ? parts : null, 0));
            List<Integer> g = c.gatherObject(r * r, 0);
            if (r == 0) {
                for (int k = 0; k < n; k++) {
                    assertEquals(k * k, g.get(k));
                }
            } else {
                assertNull(g);
            }
            assertEquals(n, c.allgatherObject(r).size());
            List<String> to = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                to.add(r + "->" + k);
            }
            List<String> from = c.alltoallObject(to);
            for (int k = 0; k < n; k++) {
                assertEquals(k + "->" + r, from.get(k));
            }
            Integer sum = c.reduceObject(r, Op.SUM, 0);
            if (r == 0) {
                assertEquals(n * (n - 1) / 2, sum);
            }
            assertArrayEquals(new double[] {n, 2.0 * n}, c.allreduceObject(new double[] {1, 2}, Op.SUM));
        });
    }
}
