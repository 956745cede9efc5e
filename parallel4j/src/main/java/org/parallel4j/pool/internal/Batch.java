package org.parallel4j.pool.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Items of one map (or one submitted task) sent to a worker together. The backend runs
 * {@code function} on each input, catching each item's failure separately, and calls
 * {@link Callback#done} exactly once, unless the batch was withdrawn first.
 */
public final class Batch {
    /** How a batch reports back. */
    @FunctionalInterface
    public interface Callback {
        /** {@code results[i]} or {@code errors[i]} for each item; {@code elapsedNanos} of work in the worker. */
        void done(Object[] results, Throwable[] errors, long elapsedNanos);
    }

    /**
     * The batches of one map, withdrawn together when the map's iterator is closed: one
     * flag for all of them, so that closing costs nothing per batch until then.
     */
    public static final class Group {
        private volatile boolean withdrawn;

        /** Withdraws every batch of this group that has not finished: workers skip them, their callbacks are never called. */
        public void withdraw() {
            withdrawn = true;
        }
    }

    private static final VarHandle FINISHED;

    static {
        try {
            FINISHED = MethodHandles.lookup().findVarHandle(Batch.class, "finished", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Object function;
    final Object[] inputs;
    final long firstIndex;
    final Callback callback;
    private final Group group;
    @SuppressWarnings("unused") // through FINISHED
    private volatile boolean finished;
    /** Times this batch was requeued after its worker died. */
    int attempts;
    /** Set when the batch was split into single tasks after its worker died. */
    SplitCollector split;
    /**
     * Was in flight on a worker that died, with others: it may be the one that killed it. A
     * suspect runs alone on its worker, so that a second death names exactly the culprit.
     */
    boolean suspect;
    /** The callback uses {@code elapsedNanos} (auto batching): a thread worker reads the clock only then. */
    boolean timed;
    /** For a submitted task, the task as the user gave it (what {@code shutdownNow} returns if it never ran); else null. */
    Object origin;

    /** A batch of {@code inputs}, the first with task index {@code firstIndex}, in no group. */
    public Batch(Object function, Object[] inputs, long firstIndex, Callback callback) {
        this(function, inputs, firstIndex, callback, null);
    }

    /** A batch of {@code inputs} that is withdrawn with {@code group} (null: none). */
    public Batch(Object function, Object[] inputs, long firstIndex, Callback callback, Group group) {
        this.function = function;
        this.inputs = inputs;
        this.firstIndex = firstIndex;
        this.callback = callback;
        this.group = group;
    }

    /**
     * Reports the outcome once; later reports (a stuck thread finishing after its timeout)
     * are dropped, and so is the report of a withdrawn batch. True when this call was the
     * one that finished the batch.
     */
    boolean finish(Object[] results, Throwable[] errors, long elapsedNanos) {
        if (FINISHED.compareAndSet(this, false, true)) {
            if (group == null || !group.withdrawn) {
                callback.done(results, errors, elapsedNanos);
            }
            return true;
        }
        return false;
    }

    /**
     * Withdraws a batch that is no longer wanted (its future was cancelled): a worker that
     * has not taken it skips it; its callback is never called. False when it had already
     * finished.
     */
    public boolean cancel() {
        return FINISHED.compareAndSet(this, false, true);
    }

    /** The group this batch is withdrawn with, or null. */
    Group group() {
        return group;
    }

    boolean isFinished() {
        return finished || (group != null && group.withdrawn);
    }

    int size() {
        return inputs.length;
    }
}
