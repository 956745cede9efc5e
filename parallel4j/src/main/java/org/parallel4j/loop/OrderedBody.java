package org.parallel4j.loop;

/** The body of an ordered loop ({@link Region#forOrdered}): iteration {@code i} and the way into its ordered section. */
@FunctionalInterface
public interface OrderedBody {
    /**
     * Runs iteration {@code i}; code passed to {@code ordered.run} runs in iteration order.
     *
     * @param i the iteration
     * @param ordered the ordered section of this iteration
     */
    void run(int i, Ordered ordered);

    /** The ordered section of one iteration, as OpenMP's {@code ordered} construct. */
    @FunctionalInterface
    interface Ordered {
        /**
         * Runs {@code section} after the ordered sections of all earlier iterations. At most once per iteration.
         *
         * @param section the code that runs in iteration order
         */
        void run(Runnable section);
    }
}
