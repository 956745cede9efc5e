package org.parallel4j.loop;

import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * What a thread of a parallel region can do, as OpenMP's constructs inside
 * {@code #pragma omp parallel}. Every thread of the team runs the region body with its own
 * {@code Region}.
 *
 * <p><b>Team-wide constructs.</b> {@link #barrier()}, {@link #single}, the worksharing loops
 * and {@link #reduce} must be met by every thread of the region, in the same order (as in
 * OpenMP). Worksharing loops end with a barrier unless called in their {@code Nowait} form.
 *
 * <p><b>Errors.</b> When a thread throws, the others leave the region at their next barrier,
 * chunk or team-wide construct, and {@link Team#region} rethrows the original exception
 * with its original stack trace. The team stays usable.
 */
public interface Region {
    /**
     * This thread's id, 0 (the thread that started the region) to {@code numThreads() - 1}.
     *
     * @return this thread's id, 0 (the thread that started the region) to {@code numThreads() - 1}
     */
    int threadId();

    /**
     * The number of threads in the region.
     *
     * @return the number of threads in the region
     */
    int numThreads();

    /** Waits until every thread of the region has arrived. */
    void barrier();

    /**
     * One thread (the first to arrive) computes the value; every thread gets it, after a barrier (OpenMP's {@code single copyprivate}).
     *
     * @param <T> the type of the values
     * @param body the loop body
     * @return the value one thread computed
     */
    <T> T single(Supplier<T> body);

    /**
     * One thread runs {@code body}; the others wait at the barrier that follows.
     *
     * @param body the loop body
     */
    void single(Runnable body);

    /**
     * One thread runs {@code body}; no barrier.
     *
     * @param body the loop body
     */
    void singleNowait(Runnable body);

    /**
     * Thread 0 runs {@code body}; no barrier.
     *
     * @param body the loop body
     */
    void master(Runnable body);

    /**
     * Runs {@code body} while holding the region's unnamed lock: one thread at a time.
     *
     * @param body the loop body
     */
    void critical(Runnable body);

    /**
     * Runs {@code body} while holding the team's lock called {@code name}.
     *
     * @param name the name of the critical section (sections of the same name exclude each other)
     * @param body the loop body
     */
    void critical(String name, Runnable body);

    /**
     * A worksharing loop over {@code [lo, hi)}, then a barrier.
     *
     * @param lo the first index of the range (inclusive)
     * @param hi the end of the range (exclusive)
     * @param schedule how iterations are dealt to the threads
     * @param body the loop body
     */
    void forLoop(int lo, int hi, Schedule schedule, IntConsumer body);

    /**
     * A worksharing loop without the closing barrier.
     *
     * @param lo the first index of the range (inclusive)
     * @param hi the end of the range (exclusive)
     * @param schedule how iterations are dealt to the threads
     * @param body the loop body
     */
    void forLoopNowait(int lo, int hi, Schedule schedule, IntConsumer body);

    /**
     * A worksharing loop handing out chunks {@code [lo, hi)}, then a barrier.
     *
     * @param lo the first index of the range (inclusive)
     * @param hi the end of the range (exclusive)
     * @param schedule how iterations are dealt to the threads
     * @param body the loop body
     */
    void forRange(int lo, int hi, Schedule schedule, RangeBody body);

    /**
     * A worksharing loop over chunks without the closing barrier.
     *
     * @param lo the first index of the range (inclusive)
     * @param hi the end of the range (exclusive)
     * @param schedule how iterations are dealt to the threads
     * @param body the loop body
     */
    void forRangeNowait(int lo, int hi, Schedule schedule, RangeBody body);

    /**
     * A worksharing loop whose {@link OrderedBody.Ordered} sections run in iteration order, then a barrier.
     *
     * @param lo the first index of the range (inclusive)
     * @param hi the end of the range (exclusive)
     * @param schedule how iterations are dealt to the threads
     * @param body the loop body
     */
    void forOrdered(int lo, int hi, Schedule schedule, OrderedBody body);

    /**
     * Every thread's value combined in thread order; every thread gets the result.
     *
     * @param op the reduction operation
     * @param value this thread's value
     * @return every thread's value combined in thread order; every thread gets the result
     */
    double reduce(Reduction op, double value);

    /**
     * Every thread's value combined; every thread gets the result.
     *
     * @param op the reduction operation
     * @param value this thread's value
     * @return every thread's value combined; every thread gets the result
     */
    long reduce(Reduction op, long value);
}
