package org.parallel4j.mpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reductions and broadcasts of a few values, against a serial reference. The thread engine
 * carries up to 48 bytes per rank in the cache line of a barrier arrival and staged copies
 * above that, so every size here runs from 0 to a few elements past 48 bytes, for every
 * element width; back-to-back calls with values that change every time catch data read
 * after its rank has moved on to the next call.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SmallCollectivesTest {
    /** Bytes per rank that travel with the arrival on the thread engine. */
    private static final int CARRIED_BYTES = 48;

    /** Rank {@code r}'s {@code n} longs for call {@code call}: small values (products stay exact), negatives too. */
    private static long[] values(int r, int n, long call) {
        SplittableRandom random = new SplittableRandom(call * 7919 + r);
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextInt(7) - 3;
        }
        return a;
    }

    private static long fold(Op op, long a, long b) {
        if (op == Op.SUM) {
            return a + b;
        } else if (op == Op.PROD) {
            return a * b;
        } else if (op == Op.MIN) {
            return Math.min(a, b);
        } else if (op == Op.MAX) {
            return Math.max(a, b);
        } else if (op == Op.BXOR) {
            return a ^ b;
        }
        throw new IllegalArgumentException(op.name());
    }

    /** The serial fold in rank order, in long arithmetic, narrowed by {@code narrow} after every step (as the element type wraps). */
    private static long[] reference(Op op, int ranks, int n, long call, java.util.function.LongUnaryOperator narrow) {
        long[] acc = values(0, n, call);
        for (int i = 0; i < n; i++) {
            acc[i] = narrow.applyAsLong(acc[i]);
        }
        for (int r = 1; r < ranks; r++) {
            long[] b = values(r, n, call);
            for (int i = 0; i < n; i++) {
                acc[i] = narrow.applyAsLong(fold(op, acc[i], narrow.applyAsLong(b[i])));
            }
        }
        return acc;
    }

    private static final Op[] OPS = {Op.SUM, Op.PROD, Op.MIN, Op.MAX, Op.BXOR};

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void integerReductionsOfEveryWidthMatchTheSerialFold(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            long call = 0;
            for (Op op : OPS) {
                for (int width : new int[] {1, 2, 4, 8}) {
                    for (int n = 0; n <= CARRIED_BYTES / width + 3; n++) {
                        call++;
                        int root = (int) (call % c.size());
                        long[] own = values(c.rank(), n, call);
                        long[] all = reference(op, c.size(), n, call, narrowing(width));
                        assertArrayEquals(all, allreduceAs(c, width, own, op, -1), op.name() + " allreduce, width " + width + ", n " + n);
                        long[] atRoot = allreduceAs(c, width, own, op, root);
                        if (c.rank() == root) {
                            assertArrayEquals(all, atRoot, op.name() + " reduce to " + root + ", width " + width + ", n " + n);
                        }
                    }
                }
            }
        });
    }

    private static java.util.function.LongUnaryOperator narrowing(int width) {
        return switch (width) {
            case 1 -> v -> (byte) v;
            case 2 -> v -> (short) v;
            case 4 -> v -> (int) v;
            default -> v -> v;
        };
    }

    /** Allreduce ({@code root < 0}) or reduce of {@code own} as an array of {@code width}-byte integers; the result widened to longs. */
    private static long[] allreduceAs(Comm c, int width, long[] own, Op op, int root) {
        int n = own.length;
        long[] out = new long[n];
        switch (width) {
            case 1 -> {
                byte[] in = new byte[n];
                byte[] res = new byte[n];
                for (int i = 0; i < n; i++) {
                    in[i] = (byte) own[i];
                }
                reduceOrAll(c, in, res, op, root);
                for (int i = 0; i < n; i++) {
                    out[i] = res[i];
                }
            }
            case 2 -> {
                short[] in = new short[n];
                short[] res = new short[n];
                for (int i = 0; i < n; i++) {
                    in[i] = (short) own[i];
                }
                reduceOrAll(c, in, res, op, root);
                for (int i = 0; i < n; i++) {
                    out[i] = res[i];
                }
            }
            case 4 -> {
                int[] in = new int[n];
                int[] res = new int[n];
                for (int i = 0; i < n; i++) {
                    in[i] = (int) own[i];
                }
                reduceOrAll(c, in, res, op, root);
                for (int i = 0; i < n; i++) {
                    out[i] = res[i];
                }
            }
            default -> {
                long[] res = new long[n];
                reduceOrAll(c, own.clone(), res, op, root);
                out = res;
            }
        }
        return out;
    }

    private static void reduceOrAll(Comm c, Object in, Object out, Op op, int root) {
        if (root < 0) {
            c.allreduce(in, out, op);
        } else {
            c.reduce(in, c.rank() == root ? out : null, op, root);
        }
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void floatingAndBooleanReductionsMatchTheSerialFold(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            for (int n = 0; n <= CARRIED_BYTES / 4 + 3; n++) {
                double[] d = new double[n];
                float[] f = new float[n];
                boolean[] b = new boolean[n];
                double[] dRef = new double[n];
                float[] fRef = new float[n];
                boolean[] andRef = new boolean[n];
                boolean[] xorRef = new boolean[n];
                for (int i = 0; i < n; i++) {
                    d[i] = 0.125 * (c.rank() + 1) + i; // exact in binary: any summation order gives the same sum
                    f[i] = 0.25f * (c.rank() + 1) - i;
                    b[i] = ((c.rank() + i) % 3) != 0;
                    andRef[i] = true;
                    for (int r = 0; r < c.size(); r++) {
                        dRef[i] = r == 0 ? 0.125 + i : dRef[i] + (0.125 * (r + 1) + i);
                        fRef[i] = r == 0 ? 0.25f - i : Math.max(fRef[i], 0.25f * (r + 1) - i);
                        andRef[i] &= ((r + i) % 3) != 0;
                        xorRef[i] ^= ((r + i) % 3) != 0;
                    }
                }
                double[] dOut = new double[n];
                c.allreduce(d, dOut, Op.SUM);
                assertArrayEquals(dRef, dOut, "double SUM, n " + n);
                float[] fOut = new float[n];
                c.allreduce(f, fOut, Op.MAX);
                assertArrayEquals(fRef, fOut, "float MAX, n " + n);
                boolean[] and = new boolean[n];
                c.allreduce(b, and, Op.LAND);
                assertArrayEquals(andRef, and, "boolean LAND, n " + n);
                boolean[] xor = new boolean[n];
                c.allreduce(b, xor, Op.LXOR);
                assertArrayEquals(xorRef, xor, "boolean LXOR, n " + n);
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void minlocPairsOfFewValuesMatchTheSerialFold(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            for (int pairs = 1; pairs <= 4; pairs++) {
                double[] in = new double[2 * pairs];
                double[] ref = new double[2 * pairs];
                for (int i = 0; i < pairs; i++) {
                    in[2 * i] = (c.rank() * 5 + i * 3) % 4;
                    in[2 * i + 1] = c.rank();
                    ref[2 * i] = Double.MAX_VALUE;
                    for (int r = 0; r < c.size(); r++) {
                        double v = (r * 5 + i * 3) % 4;
                        if (v < ref[2 * i]) {
                            ref[2 * i] = v;
                            ref[2 * i + 1] = r;
                        }
                    }
                }
                double[] out = new double[2 * pairs];
                c.allreduce(in, out, Op.MINLOC);
                assertArrayEquals(ref, out, pairs + " pairs");
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void broadcastsOfEveryWidthAndOffsetReachEveryRank(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            SplittableRandom random = new SplittableRandom(11);
            for (int call = 0; call < 200; call++) {
                int root = random.nextInt(c.size());
                int n = random.nextInt(CARRIED_BYTES / 2 + 4);
                int offset = random.nextInt(3);
                short[] buf = new short[offset + n + 2];
                short[] expected = new short[buf.length];
                for (int i = 0; i < n; i++) {
                    expected[offset + i] = (short) (call * 31 + i * 7 - 500);
                }
                if (c.rank() == root) {
                    System.arraycopy(expected, 0, buf, 0, buf.length);
                }
                c.bcast(buf, offset, n, root);
                assertArrayEquals(expected, buf, "call " + call + ": root " + root + ", offset " + offset + ", n " + n);
                long[] one = {c.rank() == root ? call * 1_000_003L : -1};
                c.bcast(one, root);
                assertEquals(call * 1_000_003L, one[0]);
            }
        });
    }

    /**
     * Many calls in a row, nothing else between them: a rank that finishes first is already
     * arriving at the next call while the others still read this one's values.
     */
    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void backToBackReductionsNeverSeeTheNextCallsValues(int ranks, String kind) {
        // The carried lines are the thread engine's; under a real MPI library with more ranks than
        // cores (MPICH polls: each call waits for a descheduled rank) a tenth of the calls keeps
        // the test inside its time on a loaded machine (30,000 took up to a minute on 2 cores).
        int calls = Capability.engine().equals("threads") ? 30_000 : 3_000;
        CommMatrix.run(ranks, kind, c -> {
            int n = c.size();
            long[] in = new long[3];
            long[] out = new long[3];
            double[] one = new double[1];
            double[] sum = new double[1];
            for (long call = 0; call < calls; call++) {
                in[0] = call * (c.rank() + 1);
                in[1] = -call;
                in[2] = c.rank();
                c.allreduce(in, out, Op.SUM);
                long ranksSum = (long) n * (n + 1) / 2;
                if (out[0] != call * ranksSum || out[1] != -call * n || out[2] != (long) n * (n - 1) / 2) {
                    throw new AssertionError("call " + call + " on rank " + c.rank() + ": " + java.util.Arrays.toString(out));
                }
                one[0] = call + c.rank();
                c.allreduce(one, sum, Op.MAX);
                assertEquals(call + n - 1, sum[0], "call " + call);
                if (call % 7 == 0) {
                    // A staged call between the carried ones (past the carried size).
                    long[] wide = new long[CARRIED_BYTES / 8 + 1];
                    java.util.Arrays.fill(wide, call);
                    long[] wideOut = new long[wide.length];
                    c.allreduce(wide, wideOut, Op.SUM);
                    assertEquals(call * n, wideOut[wide.length - 1]);
                }
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    @Requires({Capability.MISMATCH_DETECTION})
    void aCountMismatchAcrossTheCarriedLimitFailsOnEveryRank(int ranks) {
        CommMatrix.launch(ranks, world -> {
            if (world.size() == 1) {
                return;
            }
            // Rank 0 carries 6 longs; the others would stage 7.
            long[] in = new long[world.rank() == 0 ? CARRIED_BYTES / 8 : CARRIED_BYTES / 8 + 1];
            MpiException e = assertThrows(MpiException.class, () -> world.allreduce(in, new long[in.length], Op.SUM));
            assertEquals(ErrorClass.COLLECTIVE_MISMATCH, e.errorClass(), e.getMessage());
            assertTrue(e.getMessage().contains("allreduce"), e.getMessage());
            // The communicator stays usable.
            long[] ok = {1};
            long[] total = new long[1];
            world.allreduce(ok, total, Op.SUM);
            assertEquals(world.size(), total[0]);
        });
    }
}
