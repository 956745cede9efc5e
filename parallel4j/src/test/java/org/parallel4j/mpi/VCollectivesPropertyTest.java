package org.parallel4j.mpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The v-collectives against a plain serial reference, with random rank counts, counts
 * (zero included, up to 3,000 elements: across the eager and staging limits) and
 * displacements (gaps, blocks in shuffled order), from fixed seeds so that a failure
 * reproduces. Every rank derives the same case from the seed and asserts on its own data,
 * so the test runs unchanged with ranks in separate processes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VCollectivesPropertyTest {
    static LongStream seeds() {
        return LongStream.range(1, 25);
    }

    /** One random case: the world size, per-rank counts, displacements with gaps in shuffled order, a root. */
    record Case(int ranks, int[] counts, int[] displs, int span, int root, int[][] matrix) {
        static Case of(long seed) {
            Random rnd = new Random(seed);
            int ranks = new int[] {1, 2, 3, 4, 5, 7}[rnd.nextInt(6)];
            int[] counts = new int[ranks];
            for (int r = 0; r < ranks; r++) {
                counts[r] = rnd.nextInt(5) == 0 ? 0 : rnd.nextInt(3001);
            }
            List<Integer> order = new ArrayList<>();
            for (int r = 0; r < ranks; r++) {
                order.add(r);
            }
            Collections.shuffle(order, rnd);
            int[] displs = new int[ranks];
            int at = 0;
            for (int r : order) {
                at += rnd.nextInt(4) == 0 ? rnd.nextInt(17) : 0; // a gap
                displs[r] = at;
                at += counts[r];
            }
            int[][] matrix = new int[ranks][ranks]; // matrix[i][j]: elements rank i sends rank j
            for (int i = 0; i < ranks; i++) {
                for (int j = 0; j < ranks; j++) {
                    matrix[i][j] = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(700);
                }
            }
            return new Case(ranks, counts, displs, at + rnd.nextInt(5), rnd.nextInt(ranks), matrix);
        }
    }

    /** Element {@code i} of rank {@code r}'s contribution: distinct everywhere. */
    static long value(int r, int i) {
        return r * 1_000_003L + i * 7L + 1;
    }

    static long[] contribution(int r, int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = value(r, i);
        }
        return v;
    }

    /** The serial reference of a gather: every rank's block at its displacement, gaps left as {@code fill}. */
    static long[] gathered(Case k, long fill) {
        long[] all = new long[k.span()];
        java.util.Arrays.fill(all, fill);
        for (int r = 0; r < k.ranks(); r++) {
            System.arraycopy(contribution(r, k.counts()[r]), 0, all, k.displs()[r], k.counts()[r]);
        }
        return all;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void gathervScattervAndAllgathervMatchTheSerialReference(long seed) {
        Case k = Case.of(seed);
        CommMatrix.launch(k.ranks(), w -> {
            int me = w.rank();
            long[] mine = contribution(me, k.counts()[me]);
            long[] at = new long[k.span()];
            java.util.Arrays.fill(at, -5);
            w.gatherv(mine, mine.length, me == k.root() ? at : null, k.counts(), k.displs(), k.root());
            if (me == k.root()) {
                assertArrayEquals(gathered(k, -5), at, "gatherv at root " + k.root());
            }
            long[] everywhere = new long[k.span()];
            java.util.Arrays.fill(everywhere, -5);
            w.allgatherv(mine, mine.length, everywhere, k.counts(), k.displs());
            assertArrayEquals(gathered(k, -5), everywhere, "allgatherv on rank " + me);
            long[] back = new long[k.counts()[me] + 3];
            java.util.Arrays.fill(back, -9);
            w.scatterv(me == k.root() ? gathered(k, -5) : null, k.counts(), k.displs(), back, k.counts()[me], k.root());
            long[] expected = java.util.Arrays.copyOf(mine, back.length);
            java.util.Arrays.fill(expected, mine.length, back.length, -9);
            assertArrayEquals(expected, back, "scatterv to rank " + me);
            // The nonblocking forms, all three in flight at once.
            long[] at2 = new long[k.span()];
            long[] everywhere2 = new long[k.span()];
            long[] back2 = new long[k.counts()[me] + 3];
            java.util.Arrays.fill(at2, -5);
            java.util.Arrays.fill(everywhere2, -5);
            java.util.Arrays.fill(back2, -9);
            Request.waitAll(List.of(w.igatherv(mine, mine.length, me == k.root() ? at2 : null, k.counts(), k.displs(), k.root()),
                    w.iallgatherv(mine, mine.length, everywhere2, k.counts(), k.displs()),
                    w.iscatterv(me == k.root() ? gathered(k, -5) : null, k.counts(), k.displs(), back2, k.counts()[me], k.root())));
            if (me == k.root()) {
                assertArrayEquals(gathered(k, -5), at2, "igatherv at root " + k.root());
            }
            assertArrayEquals(gathered(k, -5), everywhere2, "iallgatherv on rank " + me);
            assertArrayEquals(expected, back2, "iscatterv to rank " + me);
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void alltoallvMatchesTheSerialReference(long seed) {
        Case k = Case.of(seed);
        int n = k.ranks();
        CommMatrix.launch(n, w -> {
            int me = w.rank();
            // Send blocks in reverse order of destination, with a gap of 2 between them.
            int[] sc = new int[n];
            int[] sd = new int[n];
            int at = 0;
            for (int j = n - 1; j >= 0; j--) {
                sc[j] = k.matrix()[me][j];
                sd[j] = at;
                at += sc[j] + 2;
            }
            long[] send = new long[at];
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < sc[j]; i++) {
                    send[sd[j] + i] = value(me, j * 10_000 + i);
                }
            }
            int[] rc = new int[n];
            int[] rd = new int[n];
            int total = 0;
            for (int i = 0; i < n; i++) {
                rc[i] = k.matrix()[i][me];
                rd[i] = total;
                total += rc[i];
            }
            long[] recv = new long[total];
            w.alltoallv(send, sc, sd, recv, rc, rd);
            long[] recv2 = new long[total];
            w.ialltoallv(send, sc, sd, recv2, rc, rd).await();
            for (int i = 0; i < n; i++) {
                for (int e = 0; e < rc[i]; e++) {
                    assertEquals(value(i, me * 10_000 + e), recv[rd[i] + e], "element " + e + " from rank " + i + " on rank " + me);
                    assertEquals(value(i, me * 10_000 + e), recv2[rd[i] + e], "ialltoallv: element " + e + " from rank " + i + " on rank " + me);
                }
            }
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void reduceScatterMatchesTheSerialReference(long seed) {
        Case k = Case.of(seed);
        int n = k.ranks();
        CommMatrix.launch(n, w -> {
            int me = w.rank();
            int total = java.util.Arrays.stream(k.counts()).sum();
            long[] send = new long[total];
            for (int i = 0; i < total; i++) {
                send[i] = value(me, i);
            }
            long[] recv = new long[k.counts()[me]];
            w.reduceScatter(send, recv, k.counts(), Op.SUM);
            long[] recv2 = new long[k.counts()[me]];
            w.ireduceScatter(send, recv2, k.counts(), Op.SUM).await();
            assertArrayEquals(recv, recv2, "ireduceScatter on rank " + me);
            int offset = 0;
            for (int r = 0; r < me; r++) {
                offset += k.counts()[r];
            }
            for (int i = 0; i < recv.length; i++) {
                long sum = 0;
                for (int r = 0; r < n; r++) {
                    sum += value(r, offset + i);
                }
                assertEquals(sum, recv[i], "element " + i + " on rank " + me);
            }
        });
    }
}
