package org.parallel4j.pool.internal;

/** Gathers the single-task batches a batch was split into, and finishes the original once all report. */
final class SplitCollector {
    private final Batch original;
    private final Object[] results;
    private final Throwable[] errors;
    private int remaining;

    SplitCollector(Batch original) {
        this.original = original;
        this.results = new Object[original.size()];
        this.errors = new Throwable[original.size()];
        this.remaining = original.size();
    }

    void done(int i, Object result, Throwable error) {
        boolean last;
        synchronized (this) {
            results[i] = result;
            errors[i] = error;
            last = --remaining == 0;
        }
        if (last) {
            original.finish(results, errors, 0);
        }
    }
}
