package org.parallel4j.mpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reductions against a plain serial fold in rank order, at sizes on both sides of the staging
 * limit (2 KiB per rank) and with odd slices: MINLOC/MAXLOC pairs and user operations with
 * multi-element items must never be split, whatever the rank count.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ReductionReferenceTest {
    /** Items per rank: tiny, around the staging limit (128 pairs of doubles = 2 KiB), and well past it, odd counts included. */
    private static final int[] PAIRS = {1, 3, 127, 128, 129, 257, 1001, 4099};

    static Stream<Arguments> ranks() {
        return Stream.of(1, 2, 3, 4, 5, 7).map(Arguments::of);
    }

    /** Rank r's (value, index) pairs: small integer values so that ties occur, random indices. */
    private static double[] pairs(int rank, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003 + rank);
        double[] a = new double[2 * n];
        for (int i = 0; i < n; i++) {
            a[2 * i] = random.nextInt(5);
            a[2 * i + 1] = random.nextInt(1000);
        }
        return a;
    }

    private static double[] locReference(int ranks, int n, long seed, boolean min, int upTo) {
        double[] acc = pairs(0, n, seed);
        for (int r = 1; r < upTo; r++) {
            double[] b = pairs(r, n, seed);
            for (int i = 0; i < 2 * n; i += 2) {
                boolean takeB = min ? (b[i] < acc[i] || (b[i] == acc[i] && b[i + 1] < acc[i + 1]))
                        : (b[i] > acc[i] || (b[i] == acc[i] && b[i + 1] < acc[i + 1]));
                if (takeB) {
                    acc[i] = b[i];
                    acc[i + 1] = b[i + 1];
                }
            }
        }
        return acc;
    }

    private static long[] toLongs(double[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (long) a[i];
        }
        return out;
    }

    private static int[] toInts(double[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (int) a[i];
        }
        return out;
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("ranks")
    void minlocAndMaxlocMatchTheSerialFoldAtEverySize(int ranks) {
        CommMatrix.launch(ranks, c -> {
            for (int n : PAIRS) {
                for (boolean min : new boolean[] {true, false}) {
                    Op op = min ? Op.MINLOC : Op.MAXLOC;
                    long seed = n * 31L + (min ? 1 : 2);
                    double[] expected = locReference(c.size(), n, seed, min, c.size());
                    double[] got = new double[2 * n];
                    c.allreduce(pairs(c.rank(), n, seed), got, op);
                    assertArrayEquals(expected, got, op + " allreduce of " + n + " pairs");
                    long[] gotLongs = new long[2 * n];
                    c.allreduce(toLongs(pairs(c.rank(), n, seed)), gotLongs, op);
                    assertArrayEquals(toLongs(expected), gotLongs, op + " allreduce of " + n + " long pairs");
                    int[] gotInts = new int[2 * n];
                    c.allreduce(toInts(pairs(c.rank(), n, seed)), gotInts, op);
                    assertArrayEquals(toInts(expected), gotInts, op + " allreduce of " + n + " int pairs");
                    for (int root = 0; root < c.size(); root += 2) {
                        double[] atRoot = new double[2 * n];
                        c.reduce(pairs(c.rank(), n, seed), atRoot, op, root);
                        if (c.rank() == root) {
                            assertArrayEquals(expected, atRoot, op + " reduce of " + n + " pairs at root " + root);
                        }
                    }
                    double[] scanned = new double[2 * n];
                    c.scan(pairs(c.rank(), n, seed), scanned, op);
                    assertArrayEquals(locReference(c.size(), n, seed, min, c.rank() + 1), scanned, op + " scan");
                    double[] nb = new double[2 * n];
                    c.iallreduce(pairs(c.rank(), n, seed), nb, op).await();
                    assertArrayEquals(expected, nb, op + " iallreduce");
                }
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("ranks")
    void reduceScatterOfPairsGivesEachRankItsPairs(int ranks) {
        CommMatrix.launch(ranks, c -> {
            for (int perRank : new int[] {1, 7, 300}) {
                int[] counts = new int[c.size()];
                int total = 0;
                for (int k = 0; k < c.size(); k++) {
                    counts[k] = 2 * (perRank + k);
                    total += counts[k];
                }
                long seed = perRank;
                double[] expected = locReference(c.size(), total / 2, seed, true, c.size());
                double[] mine = new double[counts[c.rank()]];
                c.reduceScatter(pairs(c.rank(), total / 2, seed), mine, counts, Op.MINLOC);
                int lo = 0;
                for (int k = 0; k < c.rank(); k++) {
                    lo += counts[k];
                }
                assertArrayEquals(java.util.Arrays.copyOfRange(expected, lo, lo + counts[c.rank()]), mine);
            }
            int[] odd = new int[c.size()];
            odd[0] = 3;
            MpiException e = assertThrows(MpiException.class, () -> c.reduceScatter(new double[2 * c.size() + 4], new double[3], odd, Op.MAXLOC));
            assertEquals(ErrorClass.COUNT, e.errorClass());
            assertTrue(e.getMessage().contains("recvCounts[0] is 3"), e.getMessage());
        });
    }

    /** (re, im) pairs multiplied as complex numbers: an item of two doubles. */
    static final Op COMPLEX_MULTIPLY = Op.create("cmul", true, 2, (acc, ao, next, no, n) -> {
        assertEquals(0, ao % 2, "slice starts inside an item");
        assertEquals(0, n % 2, "slice ends inside an item");
        double[] a = (double[]) acc;
        double[] b = (double[]) next;
        for (int i = 0; i < n; i += 2) {
            double re = a[ao + i] * b[no + i] - a[ao + i + 1] * b[no + i + 1];
            double im = a[ao + i] * b[no + i + 1] + a[ao + i + 1] * b[no + i];
            a[ao + i] = re;
            a[ao + i + 1] = im;
        }
    });

    /** Three-element items (a vector's x, y, z): keeps the item with the largest x, whole. */
    static final Op LARGEST_X = Op.create("largest-x", true, 3, (acc, ao, next, no, n) -> {
        assertEquals(0, n % 3, "slice ends inside an item");
        long[] a = (long[]) acc;
        long[] b = (long[]) next;
        for (int i = 0; i < n; i += 3) {
            assertEquals(a[ao + i] * 7, a[ao + i + 1], "item split: y does not belong to x");
            if (b[no + i] > a[ao + i]) {
                System.arraycopy(b, no + i, a, ao + i, 3);
            }
        }
    });

    private static double[] complexes(int rank, int n) {
        SplittableRandom random = new SplittableRandom(rank * 7L + n);
        double[] a = new double[2 * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextDouble(-1.5, 1.5);
        }
        return a;
    }

    private static long[] vectors(int rank, int n) {
        SplittableRandom random = new SplittableRandom(rank * 13L + n);
        long[] a = new long[3 * n];
        for (int i = 0; i < n; i++) {
            long x = random.nextInt(1_000_000);
            a[3 * i] = x;
            a[3 * i + 1] = 7 * x;
            a[3 * i + 2] = rank;
        }
        return a;
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("ranks")
    void userOperationsWithWideItemsGetWholeItems(int ranks) {
        CommMatrix.launch(ranks, c -> {
            for (int n : PAIRS) {
                double[] expected = complexes(0, n);
                for (int r = 1; r < c.size(); r++) {
                    double[] b = complexes(r, n);
                    for (int i = 0; i < 2 * n; i += 2) {
                        double re = expected[i] * b[i] - expected[i + 1] * b[i + 1];
                        double im = expected[i] * b[i + 1] + expected[i + 1] * b[i];
                        expected[i] = re;
                        expected[i + 1] = im;
                    }
                }
                double[] got = new double[2 * n];
                c.allreduce(complexes(c.rank(), n), got, COMPLEX_MULTIPLY);
                // A commutative, associative operation may be applied in any grouping (an MPI library
                // chooses its own tree): the products agree to rounding, not bit for bit.
                assertArrayEquals(expected, got, 1e-10, "cmul allreduce of " + n + " complex numbers");
                double[] atRoot = new double[2 * n];
                c.reduce(complexes(c.rank(), n), atRoot, COMPLEX_MULTIPLY, c.size() - 1);
                if (c.rank() == c.size() - 1) {
                    assertArrayEquals(expected, atRoot, 1e-10, "cmul reduce");
                }
                long[] v = new long[3 * n];
                c.allreduce(vectors(c.rank(), n), v, LARGEST_X);
                long[] ref = vectors(0, n);
                for (int r = 1; r < c.size(); r++) {
                    long[] b = vectors(r, n);
                    for (int i = 0; i < 3 * n; i += 3) {
                        if (b[i] > ref[i]) {
                            System.arraycopy(b, i, ref, i, 3);
                        }
                    }
                }
                assertArrayEquals(ref, v, "largest-x allreduce of " + n + " vectors");
            }
            MpiException e = assertThrows(MpiException.class, () -> c.allreduce(new long[4], new long[4], LARGEST_X));
            assertEquals(ErrorClass.COUNT, e.errorClass());
            assertTrue(e.getMessage().contains("largest-x") && e.getMessage().contains("multiple of 3"), e.getMessage());
            assertEquals(c.size(), c.allreduce(1, Op.SUM));
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("ranks")
    void anOperationThatThrowsOnOneRankFailsTheCollectiveOnEveryRank(int ranks) {
        int thrower = ranks - 1;
        // The thrower's contribution is poisoned (-1); the operation throws wherever it meets it:
        // which rank combines what is the engine's choice (an MPI library picks its own tree).
        Op picky = Op.create("picky", true, (acc, ao, next, no, n) -> {
            double[] a = (double[]) acc;
            double[] b = (double[]) next;
            for (int i = 0; i < n; i++) {
                if (a[ao + i] == -1 || b[no + i] == -1) {
                    throw new IllegalStateException("picky refuses on purpose");
                }
                a[ao + i] += b[no + i];
            }
        });
        CommMatrix.launch(ranks, c -> {
            List<String> calls = new ArrayList<>();
            for (int n : new int[] {8, 100_000}) {
                calls.add("allreduce " + n);
                calls.add("reduce " + n);
                calls.add("scan " + n);
                calls.add("reduceScatter " + n);
            }
            for (String call : calls) {
                int n = Integer.parseInt(call.split(" ")[1]);
                double[] send = new double[n];
                if (c.rank() == thrower) {
                    send[0] = -1;
                }
                double[] recv = new double[n];
                int[] counts = new int[c.size()];
                counts[thrower] = n; // the thrower holds the only slice
                Runnable body = switch (call.split(" ")[0]) {
                    case "allreduce" -> () -> c.allreduce(send, recv, picky);
                    case "reduce" -> () -> c.reduce(send, recv, picky, thrower);
                    case "scan" -> () -> c.scan(send, recv, picky);
                    default -> () -> c.reduceScatter(send, recv, counts, picky);
                };
                if (c.size() == 1) {
                    body.run(); // one rank: nothing to combine, the operation is never called
                    continue;
                }
                MpiException e = assertThrows(MpiException.class, body::run, call);
                assertEquals(ErrorClass.OP, e.errorClass(), call + ": " + e.getMessage());
                assertTrue(e.getMessage().matches("(?s).*\\brank \\d+.*") && e.getMessage().contains("picky"), call + ": " + e.getMessage());
                assertTrue(String.valueOf(e.getCause()).contains("refuses on purpose"), call + ": cause " + e.getCause());
                // still usable, and in step
                assertEquals(c.size(), c.allreduce(1, Op.SUM), "after " + call);
            }
            if (c.size() == 1) {
                return;
            }
            // The object tier: a BinaryOperator that throws on one rank fails every rank too.
            MpiException e = assertThrows(MpiException.class, () -> c.allreduceObject(c.rank(), (Integer a, Integer b) -> {
                if (Mpi.world().rank() == thrower) {
                    throw new IllegalArgumentException("no objects today");
                }
                return a + b;
            }));
            assertTrue(e.getMessage().contains("rank " + thrower), e.getMessage());
            assertEquals(c.size(), c.allreduce(1, Op.SUM));
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("ranks")
    @Requires({Capability.MISMATCH_DETECTION})
    void aUserOperationNamedLikeABuiltInIsAMismatch(int ranks) {
        if (ranks == 1) {
            return;
        }
        Op fakeSum = Op.ofDoubles("SUM", Double::sum);
        CommMatrix.launch(ranks, c -> {
            MpiException e = assertThrows(MpiException.class,
                    () -> c.allreduce(new double[4], new double[4], c.rank() == 0 ? Op.SUM : fakeSum));
            assertEquals(ErrorClass.COLLECTIVE_MISMATCH, e.errorClass(), e.getMessage());
            assertEquals(c.size(), c.allreduce(1, Op.SUM));
        });
    }
}
