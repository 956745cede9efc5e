package org.parallel4j.loop;

/** A loop body over a chunk of iterations {@code [lo, hi)}: write the inner loop yourself so the JIT can vectorize it. */
@FunctionalInterface
public interface RangeBody {
    /**
     * Runs iterations {@code lo} (inclusive) to {@code hi} (exclusive).
     *
     * @param lo the first index of the range (inclusive)
     * @param hi the end of the range (exclusive)
     */
    void run(int lo, int hi);
}
