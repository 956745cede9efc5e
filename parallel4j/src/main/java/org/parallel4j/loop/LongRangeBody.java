package org.parallel4j.loop;

/** A loop body over a chunk {@code [lo, hi)} of a {@code long} range. */
@FunctionalInterface
public interface LongRangeBody {
    /**
     * Runs iterations {@code lo} to {@code hi} (exclusive).
     *
     * @param lo the first index of the range (inclusive)
     * @param hi the end of the range (exclusive)
     */
    void run(long lo, long hi);
}
