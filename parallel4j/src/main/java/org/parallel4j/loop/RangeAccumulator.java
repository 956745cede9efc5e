package org.parallel4j.loop;

/**
 * Folds a chunk {@code [lo, hi)} into an accumulator, for user-defined reductions
 * ({@link ParallelFor#reduce}). May update {@code acc} in place and return it.
 *
 * @param <A> the accumulator type
 */
@FunctionalInterface
public interface RangeAccumulator<A> {
    /**
     * Returns {@code acc} with iterations {@code lo} to {@code hi} (exclusive) folded in.
     *
     * @param acc the thread's accumulator
     * @param lo the first index of the range (inclusive)
     * @param hi the end of the range (exclusive)
     * @return {@code acc} with iterations {@code lo} to {@code hi} (exclusive) folded in
     */
    A accumulate(A acc, int lo, int hi);
}
