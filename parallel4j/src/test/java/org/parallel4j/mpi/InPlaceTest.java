package org.parallel4j.mpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Mpi#IN_PLACE} and aliased buffers, against serial references, at sizes on both sides
 * of the staging limit (2 KiB per rank) and of the eager limit (16 KiB).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class InPlaceTest {
    private static final int[] SIZES = {1, 5, 256, 257, 3000, 100_003};

    private static double value(int rank, int i) {
        return rank * 0.5 + i % 97;
    }

    private static double[] contribution(int rank, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = value(rank, i);
        }
        return a;
    }

    private static double[] sumOver(int ranks, int n) {
        double[] s = contribution(0, n);
        for (int r = 1; r < ranks; r++) {
            for (int i = 0; i < n; i++) {
                s[i] += value(r, i);
            }
        }
        return s;
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void reductionsInPlaceEqualTheirOutOfPlaceForms(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            for (int n : SIZES) {
                double[] buf = contribution(c.rank(), n);
                c.allreduce(Mpi.IN_PLACE, buf, Op.SUM);
                assertArrayEquals(sumOver(c.size(), n), buf, "allreduce IN_PLACE of " + n);

                double[] nb = contribution(c.rank(), n);
                c.iallreduce(Mpi.IN_PLACE, nb, Op.SUM).await();
                assertArrayEquals(sumOver(c.size(), n), nb, "iallreduce IN_PLACE of " + n);

                int root = n % c.size();
                double[] r = contribution(c.rank(), n);
                c.reduce(c.rank() == root ? Mpi.IN_PLACE : r, c.rank() == root ? r : null, Op.SUM, root);
                if (c.rank() == root) {
                    assertArrayEquals(sumOver(c.size(), n), r, "reduce IN_PLACE at the root, " + n);
                }

                double[] scanned = contribution(c.rank(), n);
                c.scan(Mpi.IN_PLACE, scanned, Op.SUM);
                assertArrayEquals(sumOver(c.rank() + 1, n), scanned, "scan IN_PLACE");

                double[] ex = contribution(c.rank(), n);
                c.exscan(Mpi.IN_PLACE, ex, Op.SUM);
                if (c.rank() > 0) {
                    assertArrayEquals(sumOver(c.rank(), n), ex, "exscan IN_PLACE");
                }
            }
            // reduceScatter: the input is recvBuf, the result its first recvCounts[rank] elements
            int[] counts = new int[c.size()];
            int total = 0;
            for (int k = 0; k < c.size(); k++) {
                counts[k] = 100 + 37 * k;
                total += counts[k];
            }
            double[] rs = contribution(c.rank(), total);
            c.reduceScatter(Mpi.IN_PLACE, rs, counts, Op.SUM);
            int lo = Arrays.stream(counts).limit(c.rank()).sum();
            assertArrayEquals(Arrays.copyOfRange(sumOver(c.size(), total), lo, lo + counts[c.rank()]),
                    Arrays.copyOf(rs, counts[c.rank()]), "reduceScatter IN_PLACE");
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void gathersAndScattersInPlace(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            int p = c.size();
            for (int block : new int[] {1, 300, 5000}) {
                int root = block % p;
                long[] all = new long[block * p];
                for (int i = 0; i < all.length; i++) {
                    all[i] = i * 3L + 1;
                }
                long[] mine = Arrays.copyOfRange(all, c.rank() * block, (c.rank() + 1) * block);

                long[] everyone = new long[block * p];
                System.arraycopy(mine, 0, everyone, c.rank() * block, block);
                c.allgather(Mpi.IN_PLACE, everyone);
                assertArrayEquals(all, everyone, "allgather IN_PLACE, block " + block);

                long[] atRoot = c.rank() == root ? new long[block * p] : null;
                if (c.rank() == root) {
                    System.arraycopy(mine, 0, atRoot, root * block, block);
                }
                c.gather(c.rank() == root ? Mpi.IN_PLACE : mine, atRoot, root);
                if (c.rank() == root) {
                    assertArrayEquals(all, atRoot, "gather IN_PLACE at the root");
                }

                long[] part = new long[block];
                c.scatter(c.rank() == root ? all.clone() : null, c.rank() == root ? Mpi.IN_PLACE : part, root);
                if (c.rank() != root) {
                    assertArrayEquals(mine, part, "scatter with IN_PLACE at the root");
                }

                // alltoall: block j of rank i goes to block i of rank j
                long[] a2a = new long[block * p];
                for (int j = 0; j < p; j++) {
                    Arrays.fill(a2a, j * block, (j + 1) * block, c.rank() * 1000L + j);
                }
                c.alltoall(Mpi.IN_PLACE, a2a);
                for (int i = 0; i < p; i++) {
                    assertEquals(i * 1000L + c.rank(), a2a[i * block + block - 1], "alltoall IN_PLACE");
                }

                // v-variants with unequal counts
                int[] counts = new int[p];
                int[] displs = new int[p];
                for (int k = 0; k < p; k++) {
                    counts[k] = block + k;
                    displs[k] = k == 0 ? 0 : displs[k - 1] + counts[k - 1] + 2;
                }
                int length = displs[p - 1] + counts[p - 1];
                long[] v = new long[length];
                for (int k = 0; k < p; k++) {
                    Arrays.fill(v, displs[k], displs[k] + counts[k], k + 1);
                }
                long[] gv = new long[length];
                Arrays.fill(gv, displs[c.rank()], displs[c.rank()] + counts[c.rank()], c.rank() + 1);
                c.allgatherv(Mpi.IN_PLACE, 0, gv, counts, displs);
                assertArrayEquals(v, gv, "allgatherv IN_PLACE");
                long[] gr = new long[length];
                Arrays.fill(gr, displs[c.rank()], displs[c.rank()] + counts[c.rank()], c.rank() + 1);
                long[] myPart = Arrays.copyOfRange(gr, displs[c.rank()], displs[c.rank()] + counts[c.rank()]);
                c.gatherv(c.rank() == root ? Mpi.IN_PLACE : myPart, counts[c.rank()], c.rank() == root ? gr : null, counts, displs, root);
                if (c.rank() == root) {
                    assertArrayEquals(v, gr, "gatherv IN_PLACE at the root");
                }
                long[] sv = new long[counts[c.rank()]];
                c.scatterv(c.rank() == root ? v : null, counts, displs, c.rank() == root ? Mpi.IN_PLACE : sv, counts[c.rank()], root);
                if (c.rank() != root) {
                    long[] expected = new long[counts[c.rank()]];
                    Arrays.fill(expected, c.rank() + 1);
                    assertArrayEquals(expected, sv, "scatterv with IN_PLACE at the root");
                }
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void inPlaceWhereItDoesNotApplyIsOneClearErrorOnEveryRank(int ranks) {
        CommMatrix.launch(ranks, c -> {
            MpiException e = assertThrows(MpiException.class, () -> c.bcast(Mpi.IN_PLACE, 0));
            assertEquals(ErrorClass.BUFFER, e.errorClass());
            assertTrue(e.getMessage().contains("IN_PLACE is not allowed here"), e.getMessage());
            if (c.size() > 1 && Capability.ofEngine().contains(Capability.MISMATCH_DETECTION)) {
                // IN_PLACE on a non-root's sendBuf of reduce: reported on every rank, nobody hangs
                e = assertThrows(MpiException.class, () -> c.reduce(Mpi.IN_PLACE, new double[4], Op.SUM, 0));
                assertTrue(e.getMessage().contains("IN_PLACE"), e.getMessage());
            }
            double[] same = new double[8];
            e = assertThrows(MpiException.class, () -> c.allreduce(same, same, Op.SUM));
            assertEquals(ErrorClass.ARG, e.errorClass());
            assertTrue(e.getMessage().contains("Mpi.IN_PLACE"), e.getMessage());
            assertEquals(c.size(), c.allreduce(1, Op.SUM));
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void sendrecvWithOneBufferShiftsARingAtEverySize(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            int right = (c.rank() + 1) % c.size();
            int left = (c.rank() + c.size() - 1) % c.size();
            for (int n : new int[] {1, 2048, 2049, 10_000, 100_000}) {
                double[] buf = contribution(c.rank(), n);
                Status s = Status.create();
                c.sendrecv(buf, right, 3, buf, left, 3, s);
                assertArrayEquals(contribution(left, n), buf, "sendrecv with one buffer, " + n + " doubles");
                assertEquals(left, s.source());
                assertEquals(n, s.count());

                double[] rep = contribution(c.rank(), n);
                c.sendrecvReplace(rep, right, 4, left, 4, null);
                assertArrayEquals(contribution(left, n), rep, "sendrecvReplace, " + n + " doubles");

                // overlapping segments over one array
                double[] backing = contribution(c.rank(), n);
                MemorySegment whole = MemorySegment.ofArray(backing);
                c.sendrecv(whole, right, 5, whole, left, 5, null);
                assertEquals(value(left, n - 1), whole.getAtIndex(ValueLayout.JAVA_DOUBLE, n - 1));
                assertArrayEquals(contribution(left, n), backing, "sendrecv with one segment");
            }
        });
    }
}
