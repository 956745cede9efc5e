package org.parallel4j.pool;

/**
 * How {@link Pool#map}, {@link Pool#imap} and {@link Pool#imapUnordered} batch and report.
 *
 * <pre>{@code
 * pool.map(f, inputs, MapOptions.defaults().chunksize(64).progress(true));
 * pool.imap(f, hugeStream, MapOptions.defaults().autoBatch().maxInFlight(32));
 * }</pre>
 *
 * @param chunksize tasks sent to a worker at once; 0 for the default (map: input size /
 *                  (4 x workers) when the size is known, else 1, as multiprocessing does)
 * @param autoBatching grow batches of tiny tasks until each takes about 0.2 s (joblib's rule)
 * @param maxInFlight batches in flight at once: lazy input is read only this far ahead, so
 *                    10^7 inputs stream in constant memory; 0 for 4 x workers
 * @param progress draw a terminal progress bar while the map runs
 * @param listener told of completed tasks, or null
 */
public record MapOptions(int chunksize, boolean autoBatching, int maxInFlight, boolean progress, ProgressListener listener) {
    /** Checks the values. */
    public MapOptions {
        if (chunksize < 0) {
            throw new IllegalArgumentException("chunksize " + chunksize + " is negative: use 0 for the default, or at least 1");
        }
        if (maxInFlight < 0) {
            throw new IllegalArgumentException("maxInFlight " + maxInFlight + " is negative: use 0 for the default");
        }
    }

    /**
     * Default chunking; a progress bar only when the system property {@code p4j.progress} is
     * {@code true} (what {@code p4j --progress} sets).
     *
     * @return the default options
     */
    public static MapOptions defaults() {
        return new MapOptions(0, false, 0, Boolean.getBoolean("p4j.progress"), null);
    }

    /**
     * With a fixed chunk size.
     *
     * @param n the value (at least 1)
     * @return these options with the chunk size
     */
    public MapOptions chunksize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("chunksize " + n + ": it must be at least 1 (or use autoBatch())");
        }
        return new MapOptions(n, false, maxInFlight, progress, listener);
    }

    /**
     * With batches that grow until each takes about 0.2 s.
     *
     * @return these options with growing batches
     */
    public MapOptions autoBatch() {
        return new MapOptions(0, true, maxInFlight, progress, listener);
    }

    /**
     * With at most {@code n} batches in flight.
     *
     * @param n the value (at least 1)
     * @return these options with the bound on batches in flight
     */
    public MapOptions maxInFlight(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("maxInFlight " + n + ": it must be at least 1");
        }
        return new MapOptions(chunksize, autoBatching, n, progress, listener);
    }

    /**
     * With or without a terminal progress bar.
     *
     * @param on whether to draw a progress bar
     * @return these options with the progress bar on or off
     */
    public MapOptions progress(boolean on) {
        return new MapOptions(chunksize, autoBatching, maxInFlight, on, listener);
    }

    /**
     * With a listener told of completed tasks.
     *
     * @param l called with the completed and total task counts
     * @return these options with the listener
     */
    public MapOptions listener(ProgressListener l) {
        return new MapOptions(chunksize, autoBatching, maxInFlight, progress, l);
    }
}
