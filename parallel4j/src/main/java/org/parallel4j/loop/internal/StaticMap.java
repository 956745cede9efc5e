package org.parallel4j.loop.internal;

/**
 * The static iteration maps, in one place.
 *
 * <p>{@code schedule(static)}: with {@code n} iterations and {@code T} threads, thread
 * {@code t} gets the block starting at {@code t * (n / T) + min(t, n % T)}, of
 * {@code n / T} iterations plus one for the first {@code n % T} threads (GCC's map).
 * {@code schedule(static, c)}: chunk {@code k}, iterations {@code [k c, (k + 1) c)}, goes to
 * thread {@code k mod T}.
 */
public final class StaticMap {
    private StaticMap() {
    }

    /** The first iteration (an offset from the loop's start) of thread {@code t}'s block. */
    public static long blockStart(long n, int threads, int t) {
        long q = n / threads;
        long r = n % threads;
        return t * q + Math.min(t, r);
    }

    /** One past the last iteration of thread {@code t}'s block. */
    public static long blockEnd(long n, int threads, int t) {
        return blockStart(n, threads, t + 1);
    }
}
