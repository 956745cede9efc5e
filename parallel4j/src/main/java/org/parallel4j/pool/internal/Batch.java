package org.parallel4j.pool.internal;

/**
 * Items of one map (or one submitted task) sent to a worker together. The backend runs
 * {@code function} on each input, catching each item's failure separately, and calls
 * {@link Callback#done} exactly once.
 */
public final class Batch {
    /** How a batch reports back. */
    @FunctionalInterface
    public interface Callback {
        /** {@code results[i]} or {@code errors[i]} for each item; {@code elapsedNanos} of work in the worker. */
        void done(Object[] results, Throwable[] errors, long elapsedNanos);
    }

    final Object function;
    final Object[] inputs;
    final long firstIndex;
    final Callback callback;
    private final java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
    /** Times this batch was requeued after its worker died. */
    int attempts;
    /** Set when the batch was split into single tasks after its worker died. */
    SplitCollector split;
    /**
     * Was in flight on a worker that died, with others: it may be the one that killed it. A
     * suspect runs alone on its worker, so that a second death names exactly the culprit.
     */
    boolean suspect;
    /** For a submitted task, the task as the user gave it (what {@code shutdownNow} returns if it never ran); else null. */
    Object origin;

    /** A batch of {@code inputs}, the first with task index {@code firstIndex}. */
    public Batch(Object function, Object[] inputs, long firstIndex, Callback callback) {
        this.function = function;
        this.inputs = inputs;
        this.firstIndex = firstIndex;
        this.callback = callback;
    }

    /** Reports the outcome once; later reports (a stuck thread finishing after its timeout) are dropped. */
    boolean finish(Object[] results, Throwable[] errors, long elapsedNanos) {
        if (finished.compareAndSet(false, true)) {
            callback.done(results, errors, elapsedNanos);
            return true;
        }
        return false;
    }

    /**
     * Withdraws a batch that is no longer wanted (its future was cancelled, its map closed):
     * a worker that has not taken it skips it; its callback is never called. False when it
     * had already finished.
     */
    public boolean cancel() {
        return finished.compareAndSet(false, true);
    }

    boolean isFinished() {
        return finished.get();
    }

    int size() {
        return inputs.length;
    }
}
