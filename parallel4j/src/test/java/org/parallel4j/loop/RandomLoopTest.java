package org.parallel4j.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parallel4j.RandomTries;

/**
 * Random loops (ranges that start below zero or end at {@code Long.MAX_VALUE}, every schedule with
 * random chunks, 1 to 6 threads on a team of 3, random serial cut-offs, deterministic or not)
 * against a plain serial loop: every iteration exactly once, every reduction exact.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RandomLoopTest {
    private static final Team TEAM = Team.create(3);
    /** Loop lengths at the edges: none, one, a few, and around a chunk of 4096. */
    private static final int[] EDGES = {0, 1, 2, 3, 7, 8, 4095, 4096, 4097};

    private static ParallelFor configure(ParallelFor loop, SplittableRandom r) {
        int chunk = 1 + r.nextInt(r.nextBoolean() ? 8 : 3000);
        loop.schedule(switch (r.nextInt(4)) {
            case 0 -> Schedule.staticBlocks();
            case 1 -> Schedule.staticChunks(chunk);
            case 2 -> Schedule.dynamic(chunk);
            default -> Schedule.guided(chunk);
        }).threads(1 + r.nextInt(6));
        if (r.nextBoolean()) {
            loop.serialBelow(r.nextInt(5000));
        }
        if (r.nextBoolean()) {
            loop.deterministic();
        }
        return loop;
    }

    @Test
    void everyIterationRunsOnceAndReductionsAreTheSerialLoops() {
        RandomTries.run(300, trial -> {
            int n = trial.nextInt(4) == 0 ? EDGES[trial.nextInt(EDGES.length)] : trial.nextInt(40_001);
            int lo = trial.nextInt(-5000, 5001);
            long seed = trial.nextLong();
            SplittableRandom r = new SplittableRandom(seed);
            int hi = lo + n;
            long[] f = new long[n];
            for (int k = 0; k < n; k++) {
                f[k] = r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(1000) - 500;
            }
            AtomicIntegerArray seen = new AtomicIntegerArray(n);
            configure(TEAM.range(lo, hi), r).forEach(i -> seen.incrementAndGet(i - lo));
            AtomicIntegerArray ranged = new AtomicIntegerArray(n);
            configure(TEAM.range(lo, hi), r).forEachRange((a, b) -> {
                assertTrue(lo <= a && a <= b && b <= hi, "[" + a + ", " + b + ") outside [" + lo + ", " + hi + ")");
                for (int i = a; i < b; i++) {
                    ranged.incrementAndGet(i - lo);
                }
            });
            long sum = 0;
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            long xor = 0;
            long positive = 0;
            int best = -1; // the offset of the first largest, from lo
            for (int k = 0; k < n; k++) {
                assertEquals(1, seen.get(k), "forEach ran iteration " + (lo + k) + " " + seen.get(k) + " times");
                assertEquals(1, ranged.get(k), "forEachRange ran iteration " + (lo + k) + " " + ranged.get(k) + " times");
                sum += f[k];
                min = Math.min(min, f[k]);
                max = Math.max(max, f[k]);
                xor ^= f[k];
                positive += f[k] > 0 ? 1 : 0;
                if (best < 0 || (double) f[k] > (double) f[best]) {
                    best = k;
                }
            }
            int argMax = best < 0 ? -1 : lo + best;
            String what = "[" + lo + ", " + hi + ")";
            assertEquals(sum, configure(TEAM.range(lo, hi), r).reduceLong(Reduction.SUM, i -> f[i - lo]), "sum of " + what);
            assertEquals(min, configure(TEAM.range(lo, hi), r).reduceLong(Reduction.MIN, i -> f[i - lo]), "min of " + what);
            assertEquals(max, configure(TEAM.range(lo, hi), r).reduceLong(Reduction.MAX, i -> f[i - lo]), "max of " + what);
            assertEquals(xor, configure(TEAM.range(lo, hi), r).reduceLong(Reduction.BXOR, i -> f[i - lo]), "xor of " + what);
            assertEquals(positive, configure(TEAM.range(lo, hi), r).count(i -> f[i - lo] > 0), "count of " + what);
            assertEquals(argMax, configure(TEAM.range(lo, hi), r).argMax(i -> (double) f[i - lo]), "argMax of " + what);
            int isum = 0;
            int imin = Integer.MAX_VALUE;
            int iand = -1;
            int ior = 0;
            double dmin = Double.POSITIVE_INFINITY;
            double dmax = Double.NEGATIVE_INFINITY;
            int first = -1; // the offset of the first smallest
            for (int k = 0; k < n; k++) {
                int v = (int) f[k];
                isum += v;
                imin = Math.min(imin, v);
                iand &= v;
                ior |= v;
                dmin = Math.min(dmin, (double) f[k]);
                dmax = Math.max(dmax, (double) f[k]);
                if (first < 0 || (double) f[k] < (double) f[first]) {
                    first = k;
                }
            }
            assertEquals(isum, configure(TEAM.range(lo, hi), r).reduceInt(Reduction.SUM, i -> (int) f[i - lo]), "int sum (wrapping) of " + what);
            assertEquals(imin, configure(TEAM.range(lo, hi), r).reduceInt(Reduction.MIN, i -> (int) f[i - lo]), "int min of " + what);
            assertEquals(iand, configure(TEAM.range(lo, hi), r).reduceInt(Reduction.BAND, i -> (int) f[i - lo]), "int and of " + what);
            assertEquals(ior, configure(TEAM.range(lo, hi), r).reduceInt(Reduction.BOR, i -> (int) f[i - lo]), "int or of " + what);
            assertEquals(dmin, configure(TEAM.range(lo, hi), r).reduceDouble(Reduction.MIN, i -> (double) f[i - lo]), "double min of " + what);
            assertEquals(dmax, configure(TEAM.range(lo, hi), r).reduceDouble(Reduction.MAX, i -> (double) f[i - lo]), "double max of " + what);
            assertEquals(first < 0 ? -1 : lo + first, configure(TEAM.range(lo, hi), r).argMin(i -> (double) f[i - lo]), "argMin of " + what);
            assertEquals((double) positive, configure(TEAM.range(lo, hi), r).reduceDoubleRange(Reduction.SUM, (a, b) -> {
                double c = 0;
                for (int i = a; i < b; i++) {
                    c += f[i - lo] > 0 ? 1 : 0;
                }
                return c;
            }), "a range-wise double sum of " + what);
            long threshold = n == 0 ? 0 : f[(int) Math.floorMod(seed, n)];
            boolean anyAbove = false;
            boolean all = true;
            for (long v : f) {
                anyAbove |= v > threshold;
                all &= v >= -400;
            }
            assertEquals(anyAbove, configure(TEAM.range(lo, hi), r).anyMatch(i -> f[i - lo] > threshold), "anyMatch of " + what);
            assertEquals(all, configure(TEAM.range(lo, hi), r).allMatch(i -> f[i - lo] >= -400), "allMatch of " + what);
            int threads = 1 + r.nextInt(6);
            ParallelFor withIds = configure(TEAM.range(lo, hi), r).threads(threads);
            AtomicIntegerArray byThread = new AtomicIntegerArray(n);
            withIds.forEachRange((a, b, id) -> {
                assertTrue(id >= 0 && id < threads, "thread id " + id + " of " + threads);
                for (int i = a; i < b; i++) {
                    byThread.incrementAndGet(i - lo);
                }
            });
            for (int k = 0; k < n; k++) {
                assertEquals(1, byThread.get(k), "forEachRange with thread ids ran " + (lo + k) + " " + byThread.get(k) + " times");
            }
            long[] folded = configure(TEAM.range(lo, hi), r).reduce(() -> new long[1], (acc, a, b) -> {
                for (int i = a; i < b; i++) {
                    acc[0] += f[i - lo];
                }
                return acc;
            }, (x, y) -> new long[] {x[0] + y[0]});
            assertEquals(sum, folded[0], "a user reduction of " + what);
            // doubles: small integers sum exactly in any order; deterministic sums of any values give the same bits on any team
            assertEquals((double) positive, configure(TEAM.range(lo, hi), r).sum(i -> f[i - lo] > 0 ? 1.0 : 0.0), "double sum of " + what);
            double[] g = new double[n];
            for (int k = 0; k < n; k++) {
                g[k] = (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(12));
            }
            double one = TEAM.range(lo, hi).threads(1).deterministic().sum(i -> g[i - lo]);
            double any = configure(TEAM.range(lo, hi), r).deterministic().sum(i -> g[i - lo]);
            assertEquals(Double.doubleToLongBits(one), Double.doubleToLongBits(any), "deterministic sum of " + what);
        });
    }

    /** Long ranges at the top of {@code long}: no chunk boundary may overflow. */
    @Test
    void longRangesEndingAtTheLargestLongRunEveryIterationOnce() {
        RandomTries.run(100, trial -> {
            int n = trial.nextInt(4) == 0 ? EDGES[trial.nextInt(EDGES.length)] : trial.nextInt(20_001);
            int gap = trial.nextInt(4);
            long seed = trial.nextLong();
            SplittableRandom r = new SplittableRandom(seed);
            long hi = Long.MAX_VALUE - gap;
            long lo = hi - n;
            AtomicIntegerArray seen = new AtomicIntegerArray(n);
            AtomicLong calls = new AtomicLong();
            configure(TEAM.range(lo, hi), r).forEachLongRange((a, b) -> {
                assertTrue(lo <= a && a <= b && b <= hi, "[" + a + ", " + b + ") outside [" + lo + ", " + hi + ")");
                calls.incrementAndGet();
                for (long i = a; i < b; i++) {
                    seen.incrementAndGet((int) (i - lo));
                }
            });
            AtomicIntegerArray each = new AtomicIntegerArray(n);
            configure(TEAM.range(lo, hi), r).forEachLong(i -> each.incrementAndGet((int) (i - lo)));
            for (int k = 0; k < n; k++) {
                assertEquals(1, seen.get(k), "forEachLongRange ran " + (lo + k) + " " + seen.get(k) + " times");
                assertEquals(1, each.get(k), "forEachLong ran " + (lo + k) + " " + each.get(k) + " times");
            }
        });
    }

    /**
     * argMin and argMax over indices below zero: they were taken for "no index yet", so a range
     * of negative indices gave -1 or the wrong index (found by the randomized loop above).
     */
    @Test
    void argMinAndArgMaxOverNegativeIndices() {
        for (int threads = 1; threads <= 4; threads++) {
            assertEquals(-7, TEAM.range(-10, -2).threads(threads).argMax(i -> -Math.abs(i + 7)), threads + " threads");
            assertEquals(-3, TEAM.range(-10, -2).threads(threads).argMin(i -> -Math.abs(i + 7)), threads + " threads"); // -|(-3) + 7| = -4, the smallest
            assertEquals(-1, TEAM.range(-3, 3).threads(threads).argMax(i -> i == -1 ? 5.0 : 0.0), "the index -1 itself, " + threads + " threads");
            assertEquals(-1, TEAM.range(-5, 5).threads(threads).argMax(i -> Double.NaN), "every value NaN, " + threads + " threads");
            assertEquals(-1, TEAM.range(-5, -5).threads(threads).argMin(i -> i), "an empty range, " + threads + " threads");
            assertEquals(-20_000, TEAM.range(-20_000, 20_000).threads(threads).schedule(Schedule.dynamic(7)).argMin(i -> i), threads + " threads");
        }
    }
}
