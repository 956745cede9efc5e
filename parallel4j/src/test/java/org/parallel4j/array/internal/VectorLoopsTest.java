package org.parallel4j.array.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Vector API loops against the scalar ones, bit for bit, at every length from 0 to past two
 * vector strides and at block lengths, from odd offsets, with NaN, infinities and signed zeros
 * mixed in: a reduction must not depend on whether the JVM has the module. The suite runs with
 * {@code --add-modules jdk.incubator.vector} (the build's surefire settings), so the vector loops
 * must be the ones in use.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VectorLoopsTest {
    private static final int[] LENGTHS = lengths();

    private static int[] lengths() {
        int[] l = new int[40 + 4];
        for (int i = 0; i < 40; i++) {
            l[i] = i;
        }
        l[40] = 4095;
        l[41] = 4096;
        l[42] = 1001;
        l[43] = 263;
        return l;
    }

    /** Values in [-2, 2) with, when {@code specials}, NaN, infinities and zeros of both signs sprinkled in. */
    private static double[] values(int n, long seed, boolean specials) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-2, 2);
            if (specials && r.nextInt(40) == 0) {
                v[i] = switch (r.nextInt(5)) {
                    case 0 -> Double.NaN;
                    case 1 -> Double.POSITIVE_INFINITY;
                    case 2 -> Double.NEGATIVE_INFINITY;
                    case 3 -> -0.0;
                    default -> 0.0;
                };
            }
        }
        return v;
    }

    @Test
    void theVectorLoopsAreTheOnesInUse() {
        assertTrue(BlockLoops.VECTOR, "the tests run with --add-modules jdk.incubator.vector; " + BlockLoops.describe());
    }

    @Test
    void reductionsAreBitForBitTheScalarOnes() {
        for (boolean specials : new boolean[] {false, true}) {
            for (int len : LENGTHS) {
                for (int o : new int[] {0, 1, 3, 5}) {
                    double[] v = values(o + len + 2, len * 31L + o, specials);
                    double[] w = values(o + len + 2, len * 17L + o + 1, specials);
                    String at = " (len " + len + ", offset " + o + ", specials " + specials + ")";
                    assertBits(BlockLoops.scalarSum(v, o, len), VectorLoops.sum(v, o, len), "sum" + at);
                    assertBits(BlockLoops.scalarDot(v, o, w, o + 1, len), VectorLoops.dot(v, o, w, o + 1, len), "dot" + at);
                    assertBits(BlockLoops.scalarSquaredDeviations(v, o, len, 0.25), VectorLoops.squaredDeviations(v, o, len, 0.25),
                            "squared deviations" + at);
                    assertBits(BlockLoops.scalarExtreme(v, o, len, true), VectorLoops.max(v, o, len), "max" + at);
                    assertBits(BlockLoops.scalarExtreme(v, o, len, false), VectorLoops.min(v, o, len), "min" + at);
                    int nonZero = 0;
                    for (int i = 0; i < len; i++) {
                        nonZero += v[o + i] != 0 ? 1 : 0;
                    }
                    assertEquals(nonZero, VectorLoops.countNonZero(v, o, len), "count" + at);
                }
            }
        }
    }

    @Test
    void signedZerosAndNaNFollowMathMinAndMax() {
        double[] z = {0.0, -0.0, 0.0, -0.0, 0.0, -0.0, 0.0};
        assertBits(-0.0, VectorLoops.min(z, 0, z.length), "min of zeros");
        assertBits(0.0, VectorLoops.max(z, 0, z.length), "max of zeros");
        double[] nan = {1, 2, 3, 4, 5, Double.NaN, 7, 8, 9};
        assertTrue(Double.isNaN(VectorLoops.max(nan, 0, nan.length)));
        assertTrue(Double.isNaN(VectorLoops.min(nan, 0, nan.length)));
        for (int at = 0; at < 41; at++) { // one zero of the other sign, in any of the four running vectors or the tails
            double[] negative = new double[41];
            java.util.Arrays.fill(negative, -0.0);
            negative[at] = 0.0;
            assertBits(0.0, VectorLoops.max(negative, 0, 41), "max of -0.0s and one 0.0 at " + at);
            double[] positive = new double[41];
            positive[at] = -0.0;
            assertBits(-0.0, VectorLoops.min(positive, 0, 41), "min of 0.0s and one -0.0 at " + at);
            double[] withNaN = new double[41];
            withNaN[at] = Double.NaN;
            assertTrue(Double.isNaN(VectorLoops.max(withNaN, 0, 41)) && Double.isNaN(VectorLoops.min(withNaN, 0, 41)), "NaN at " + at);
            assertEquals(at, VectorLoops.indexOf(withNaN, 0, 41, Double.NaN), "the first NaN");
        }
    }

    @Test
    void argExtremesAreTheScalarLoopsFirstIndex() {
        for (boolean specials : new boolean[] {false, true}) {
            for (int len : LENGTHS) {
                if (len == 0) {
                    continue;
                }
                for (int o : new int[] {0, 3}) {
                    double[] v = values(o + len, len * 13L + o, specials);
                    if (len > 6) { // ties: the first one counts
                        v[o + len / 2] = 7;
                        v[o + len - 1] = 7;
                        v[o + len / 3] = -7;
                        v[o + len - 2] = -7;
                    }
                    for (boolean max : new boolean[] {true, false}) {
                        assertEquals(scalarArg(v, o, len, max), VectorLoops.indexOf(v, o, len, BlockLoops.extreme(v, o, len, max)),
                                (max ? "argmax" : "argmin") + " (len " + len + ", offset " + o + ", specials " + specials + ")");
                    }
                }
            }
        }
    }

    /** NumPy's argmax/argmin written plainly: the first NaN, else the first index of the extreme. */
    private static int scalarArg(double[] v, int o, int len, boolean max) {
        int k = 0;
        for (int i = 0; i < len; i++) {
            if (Double.isNaN(v[o + i])) {
                return i;
            }
            if (max ? v[o + i] > v[o + k] : v[o + i] < v[o + k]) {
                k = i;
            }
        }
        return k;
    }

    @Test
    void transcendentalFunctionsAreWithinAnUlpOfMathsAndDoNotDependOnTheTail() {
        for (Unary.Op f : new Unary.Op[] {Unary.Op.EXP, Unary.Op.LOG, Unary.Op.SIN, Unary.Op.COS, Unary.Op.TAN, Unary.Op.TANH}) {
            double[] v = values(4100, f.ordinal(), true);
            double[] whole = new double[4100];
            VectorLoops.unary(f, v, 0, whole, 0, 4100);
            for (int len : LENGTHS) {
                double[] part = new double[len + 1];
                VectorLoops.unary(f, v, 1, part, 1, len);
                for (int i = 0; i < len; i++) {
                    double expected = switch (f) {
                        case EXP -> Math.exp(v[1 + i]);
                        case LOG -> Math.log(v[1 + i]);
                        case SIN -> Math.sin(v[1 + i]);
                        case COS -> Math.cos(v[1 + i]);
                        case TAN -> Math.tan(v[1 + i]);
                        default -> Math.tanh(v[1 + i]);
                    };
                    String at = f + " of " + v[1 + i] + " (len " + len + ", element " + i + ")";
                    assertBits(whole[1 + i], part[1 + i], at + ": the same wherever the block ends");
                    if (Double.isNaN(expected) || Double.isInfinite(expected)) {
                        assertBits(expected, part[1 + i], at);
                    } else {
                        assertTrue(Math.abs(part[1 + i] - expected) <= Math.ulp(expected), at + ": " + part[1 + i] + " against Math's " + expected);
                    }
                }
            }
        }
    }

    @Test
    void anInPlaceTailDoesNotReadWhatItWrote() {
        double[] v = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7};
        double[] expected = v.clone();
        VectorLoops.unary(Unary.Op.SIN, expected, 0, expected, 0, 7);
        double[] copy = v.clone();
        double[] out = new double[7];
        VectorLoops.unary(Unary.Op.SIN, copy, 0, out, 0, 7);
        for (int i = 0; i < 7; i++) {
            assertBits(out[i], expected[i], "element " + i);
        }
    }

    private static void assertBits(double expected, double actual, String what) {
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual), what + ": " + expected + " against " + actual);
    }
}
