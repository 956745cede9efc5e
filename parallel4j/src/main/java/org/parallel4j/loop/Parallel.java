package org.parallel4j.loop;

/**
 * Shortcuts to {@link Team#common()}: {@code Parallel.range(0, n).forEach(...)} is
 * Cython's {@code prange} and OpenMP's {@code parallel for}, {@code Parallel.region(...)}
 * its {@code parallel} region.
 */
public final class Parallel {
    private Parallel() {
    }

    /**
     * A parallel loop over {@code [lo, hi)} on the common team.
     *
     * @param lo the first index of the range (inclusive)
     * @param hi the end of the range (exclusive)
     * @return a parallel loop over {@code [lo, hi)} on the common team
     */
    public static ParallelFor range(int lo, int hi) {
        return Team.common().range(lo, hi);
    }

    /**
     * A parallel loop over a {@code long} range on the common team.
     *
     * @param lo the first index of the range (inclusive)
     * @param hi the end of the range (exclusive)
     * @return a parallel loop over a {@code long} range on the common team
     */
    public static ParallelFor range(long lo, long hi) {
        return Team.common().range(lo, hi);
    }

    /**
     * Runs {@code body} on every thread of the common team.
     *
     * @param body the loop body (or region body)
     */
    public static void region(RegionBody body) {
        Team.common().region(body);
    }

    /**
     * The calling thread's id in the region it runs in, 0 outside any region (OpenMP's {@code omp_get_thread_num}).
     *
     * @return the calling thread's id in the region it runs in, 0 outside any region (OpenMP's {@code omp_get_thread_num})
     */
    public static int threadId() {
        var ctx = org.parallel4j.loop.internal.ThreadTeam.current();
        return ctx == null ? 0 : ctx.threadId();
    }

    /**
     * The number of threads of the region the caller runs in, 1 outside any (OpenMP's {@code omp_get_num_threads}).
     *
     * @return the number of threads of the region the caller runs in, 1 outside any (OpenMP's {@code omp_get_num_threads})
     */
    public static int numThreads() {
        var ctx = org.parallel4j.loop.internal.ThreadTeam.current();
        return ctx == null ? 1 : ctx.numThreads();
    }
}
