package org.parallel4j.pool;

/**
 * Told each time tasks complete (not when they are submitted): {@code completed} so far and
 * the {@code total} when the input's size is known (-1 otherwise). Called from pool threads;
 * keep it quick.
 */
@FunctionalInterface
public interface ProgressListener {
    /**
     * Tasks completed so far, out of {@code total} (or -1).
     *
     * @param completed how many tasks have completed
     * @param total how many tasks there are, or -1 when not known
     */
    void onProgress(long completed, long total);
}
