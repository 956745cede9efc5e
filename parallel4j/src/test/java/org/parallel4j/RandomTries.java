package org.parallel4j;

import java.util.SplittableRandom;

/**
 * Seeded random tries for the randomized tests: the same tries on every run (another set with
 * {@code -Dp4j.test.seed=N}), and a failure names its try's seed, so that it can be replayed.
 */
public final class RandomTries {
    /** One try, drawing what it needs from its own generator. */
    @FunctionalInterface
    public interface Try {
        /**
         * Runs the try.
         *
         * @param r the try's generator
         * @throws Throwable a failed assertion, or anything the code under test throws
         */
        void run(SplittableRandom r) throws Throwable;
    }

    private RandomTries() {
    }

    /**
     * Runs {@code tries} tries of {@code body}, each with a generator of its own.
     *
     * @param tries how many
     * @param body the try
     */
    public static void run(int tries, Try body) {
        long base = Long.getLong("p4j.test.seed", 20261203L);
        SplittableRandom seeds = new SplittableRandom(base);
        for (int t = 0; t < tries; t++) {
            long seed = seeds.nextLong();
            try {
                body.run(new SplittableRandom(seed));
            } catch (Throwable e) {
                throw new AssertionError("try " + t + " of " + tries + " (tries seeded by -Dp4j.test.seed=" + base + "; this try's seed "
                        + seed + "): " + e.getMessage(), e);
            }
        }
    }

    /**
     * A length for an array expression: a third of the time one on either side of the
     * evaluator's thresholds (the generated loop from 1024 elements, blocks of 4096, the serial
     * cut-off at 8192), else any up to 20000.
     *
     * @param r the try's generator
     * @return the length, at least 1
     */
    public static int arrayLength(SplittableRandom r) {
        int[] edges = {1, 1023, 1024, 1025, 4095, 4096, 4097, 8191, 8192, 8193, 12289};
        return r.nextInt(3) == 0 ? edges[r.nextInt(edges.length)] : 1 + r.nextInt(20_000);
    }
}
