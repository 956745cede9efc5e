package org.parallel4j.pool.internal;

/** Where a pool's batches run: worker threads or worker JVMs. */
public interface Backend {
    /** The number of workers. */
    int workers();

    /** Queues a batch; it reports through its callback. It may sit in a buffer until {@link #flush()}. */
    void execute(Batch batch);

    /** Queues {@code batches[0, n)}, a burst in order, as {@link #execute} queues each (one at a time unless the backend takes a burst at once). */
    default void executeAll(Batch[] batches, int n) {
        for (int i = 0; i < n; i++) {
            execute(batches[i]);
        }
    }

    /** Sends what {@link #execute} buffered; call after a burst of batches. */
    default void flush() {
    }

    /**
     * Readies a function or a single task for this backend's workers, or refuses it with an
     * error that names why it cannot be sent (a captured value that is not serializable).
     */
    Object prepare(Object task);

    /**
     * Stops taking batches; finishes the queued ones ({@code now == false}) or fails them with a
     * {@link java.util.concurrent.CancellationException} and stops the workers at once, returning
     * the batches that never started.
     */
    java.util.List<Batch> shutdown(boolean now);

    /** Waits for the workers to stop; true when they did. */
    boolean awaitTermination(long nanos) throws InterruptedException;

    /** True once every worker has stopped. */
    boolean isTerminated();

    /** "threads", "virtual threads" or "processes". */
    String kind();
}
