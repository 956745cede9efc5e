package org.parallel4j.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * alltoallw: every pair of ranks exchanges its own element type (int, double, long, boolean by
 * the pair), count (zero included, across the eager limits) and offsets, checked element by
 * element against what the sender computed; and the errors.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AlltoallwTest {
    static int count(int from, int to) {
        return (from * 3 + to) % 5 * 700;
    }

    /** The pair's buffer, {@code pad} elements before the block; element e of the block encodes (from, to, e). */
    static Object buffer(int from, int to, int pad, boolean fill) {
        int n = count(from, to);
        switch ((from + to) % 4) {
            case 0 -> {
                int[] a = new int[pad + n];
                for (int e = 0; fill && e < n; e++) {
                    a[pad + e] = from * 1_000_000 + to * 10_000 + e;
                }
                return a;
            }
            case 1 -> {
                double[] a = new double[pad + n];
                for (int e = 0; fill && e < n; e++) {
                    a[pad + e] = from + to / 100.0 + e * 1e-6;
                }
                return a;
            }
            case 2 -> {
                long[] a = new long[pad + n];
                for (int e = 0; fill && e < n; e++) {
                    a[pad + e] = (long) from << 40 | (long) to << 20 | e;
                }
                return a;
            }
            default -> {
                boolean[] a = new boolean[pad + n];
                for (int e = 0; fill && e < n; e++) {
                    a[pad + e] = (from + to + e) % 3 == 0;
                }
                return a;
            }
        }
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void everyPairGetsItsOwnTypeAndCount(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            int n = c.size();
            int me = c.rank();
            Object[] send = new Object[n];
            Object[] recv = new Object[n];
            int[] sc = new int[n];
            int[] so = new int[n];
            int[] rc = new int[n];
            int[] ro = new int[n];
            for (int k = 0; k < n; k++) {
                so[k] = k % 3;
                ro[k] = (k + 1) % 2;
                sc[k] = count(me, k);
                rc[k] = count(k, me);
                send[k] = buffer(me, k, so[k], true);
                recv[k] = buffer(k, me, ro[k], false);
            }
            c.alltoallw(send, so, sc, recv, ro, rc);
            for (int k = 0; k < n; k++) {
                Object expected = buffer(k, me, ro[k], true);
                assertTrue(java.util.Objects.deepEquals(new Object[] {expected}, new Object[] {recv[k]}), "block from rank " + k + " on rank " + me);
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void badArgumentsAreRefused(int ranks) {
        CommMatrix.launch(ranks, c -> {
            int n = c.size();
            MpiException lengths = assertThrows(MpiException.class,
                    () -> c.alltoallw(new Object[n - 1], new int[n], new int[n], new Object[n], new int[n], new int[n]));
            assertTrue(lengths.getMessage().contains("one entry per rank"), lengths.getMessage());
            Object[] bufs = new Object[n];
            int[] counts = new int[n];
            bufs[0] = new int[2];
            counts[0] = 3;
            MpiException region = assertThrows(MpiException.class, () -> c.alltoallw(bufs, new int[n], counts, new Object[n], new int[n], new int[n]));
            assertEquals(ErrorClass.COUNT, region.errorClass(), region.getMessage());
            if (Capability.engine().equals("threads") && n > 1) {
                // Rank 1 receives doubles where rank 0 sends ints: a TYPE error on every rank.
                Object[] s = new Object[n];
                Object[] r = new Object[n];
                int[] one = new int[n];
                if (c.rank() == 0) {
                    s[1] = new int[1];
                    one[1] = 1;
                }
                int[] rcnt = new int[n];
                if (c.rank() == 1) {
                    r[0] = new double[1];
                    rcnt[0] = 1;
                }
                MpiException type = assertThrows(MpiException.class, () -> c.alltoallw(s, new int[n], one, r, new int[n], rcnt));
                assertEquals(ErrorClass.TYPE, type.errorClass(), type.getMessage());
            }
            assertEquals(n, c.allreduce(1, Op.SUM));
        });
    }
}
