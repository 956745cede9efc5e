package org.parallel4j.loop;

/** A chunk's contribution to a {@code double} reduction: reduce {@code [lo, hi)} yourself and return it. */
@FunctionalInterface
public interface RangeToDouble {
    /**
     * The reduction of iterations {@code lo} to {@code hi} (exclusive).
     *
     * @param lo the first index of the range (inclusive)
     * @param hi the end of the range (exclusive)
     * @return the reduction of iterations {@code lo} to {@code hi} (exclusive)
     */
    double apply(int lo, int hi);
}
