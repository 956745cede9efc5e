package org.parallel4j.pool.internal;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.parallel4j.pool.MapOptions;
import org.parallel4j.pool.PoolException;
import org.parallel4j.pool.ProgressListener;
import org.parallel4j.pool.ResultIterator;
import org.parallel4j.pool.TaskFailedException;

/**
 * One {@code imap} (ordered or not): reads the input lazily, at most {@code maxInFlight}
 * batches ahead of the consumer, and hands results out in input order (ordered) or in
 * completion order.
 *
 * <p>Implementation note: the input iterator is only ever touched by the consuming thread
 * (in {@code hasNext}/{@code next}), since user iterators are rarely thread-safe; completions
 * arrive on worker threads and are parked in {@code ready} under the lock. With
 * {@code autoBatch}, each completed batch's time per item sets the next batch size so that a
 * batch takes about {@link #TARGET_BATCH_NANOS}, joblib's rule.
 */
final class MapRun<R> implements ResultIterator<R> {
    static final long TARGET_BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** Brief: a spinning consumer takes a core the workers could use (measured: 2000 spins cost throughput on 2 cores). */
    private static final int SPINS = 100;

    private final Backend backend;
    private final Object function;
    private final Iterator<?> input;
    private final boolean ordered;
    private final int maxInFlight;
    private final long total;
    private final boolean auto;
    private final ProgressListener listener;
    private final Progress bar;
    private int chunk;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<Long, Object[]> ready = new HashMap<>();
    private final ArrayDeque<Object[]> completionOrder = new ArrayDeque<>();
    private int inFlight;
    /** Bumped (volatile) on every completion: the consumer spins on it before it parks. */
    private volatile long completions;
    /** True while the consumer is parked: completions signal only then. */
    private volatile boolean consumerParked;
    private long submitted;
    private long returned;
    private long completed;
    private boolean closed;
    /** Orders progress reports, so that counts never go backwards; {@link #reported} is the last count told. */
    private final Object progressOrder = new Object();
    /** Batches sent and not yet reported: what {@link #close()} withdraws. */
    private final Map<Long, Batch> outstanding = new java.util.concurrent.ConcurrentHashMap<>();
    private long reported;

    MapRun(Backend backend, Object function, Iterable<?> inputs, boolean ordered, MapOptions options, boolean isMap) {
        this.backend = backend;
        this.function = function;
        this.input = inputs.iterator();
        this.ordered = ordered;
        this.total = inputs instanceof Collection<?> c ? c.size() : -1;
        int workers = backend.workers();
        int requestedChunk = options.chunksize() > 0 ? options.chunksize() : 1;
        // Default: 4 batches per worker, and at least 1024 tasks, so small chunks still keep the workers' connections full.
        this.maxInFlight = options.maxInFlight() > 0 ? options.maxInFlight() : Math.max(4 * workers, 1024 / requestedChunk);
        this.auto = options.autoBatching();
        if (options.chunksize() > 0) {
            this.chunk = options.chunksize();
        } else if (auto) {
            this.chunk = 1;
        } else if (isMap && total > 0) {
            this.chunk = (int) Math.max(1, (total + 4L * workers - 1) / (4L * workers));
        } else {
            this.chunk = 1;
        }
        this.listener = options.listener();
        this.bar = options.progress() ? Progress.terminal(total) : null;
    }

    /** Sends batches while there is input and room, then flushes them to the workers. Consumer thread only. */
    private void fill() {
        try {
            fillBuffered();
        } finally {
            backend.flush();
        }
    }

    private void fillBuffered() {
        while (!closed) {
            lock.lock();
            try {
                // Bounded by results not yet consumed, not just batches running: memory stays constant
                // however fast the workers are and however slow the consumer.
                if (inFlight >= maxInFlight || submitted - returned >= (long) maxInFlight * Math.max(chunk, 1)) {
                    return;
                }
            } finally {
                lock.unlock();
            }
            if (!input.hasNext()) {
                return;
            }
            int size = chunk;
            Object[] items = new Object[size];
            int n = 0;
            while (n < size && input.hasNext()) {
                items[n++] = input.next();
            }
            if (n < size) {
                items = java.util.Arrays.copyOf(items, n);
            }
            long first = submitted;
            submitted += n;
            Object[] batchInputs = items;
            lock.lock();
            try {
                inFlight++;
            } finally {
                lock.unlock();
            }
            Batch batch = new Batch(function, batchInputs, first, (results, errors, elapsed) -> completed(first, batchInputs, results, errors, elapsed));
            outstanding.put(first, batch);
            backend.execute(batch);
        }
    }

    private void completed(long first, Object[] inputs, Object[] results, Throwable[] errors, long elapsedNanos) {
        outstanding.remove(first);
        long done;
        lock.lock();
        try {
            completed += inputs.length;
            done = completed;
        } finally {
            lock.unlock();
        }
        // Progress is told before the results can be seen: when map returns, the last report has been made.
        if (listener != null || bar != null) {
            synchronized (progressOrder) {
                done = Math.max(done, reported);
                reported = done;
                if (listener != null) {
                    listener.onProgress(done, total);
                }
                if (bar != null) {
                    bar.update(done);
                }
            }
        }
        lock.lock();
        try {
            inFlight--;
            for (int i = 0; i < inputs.length; i++) {
                Object[] outcome = {results[i], wrap(errors[i], first + i, inputs[i]), first + i};
                if (ordered) {
                    ready.put(first + i, outcome);
                } else {
                    completionOrder.add(outcome);
                }
            }
            completions++;
            if (auto && inputs.length > 0 && elapsedNanos > 0) {
                long perItem = Math.max(1, elapsedNanos / inputs.length);
                long next = Math.max(1, Math.min(TARGET_BATCH_NANOS / perItem, chunk * 2L));
                if (total > 0) {
                    next = Math.min(next, Math.max(1, (total - submitted) / (2L * backend.workers()) + 1));
                }
                chunk = (int) Math.min(next, 1 << 20);
            }
            if (consumerParked) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    static RuntimeException wrap(Throwable error, long index, Object input) {
        return wrap(error, index, input, "task " + index + " (input " + abbreviate(input) + ")");
    }

    /** {@code error} as the pool reports it, the task named as {@code task}. */
    static RuntimeException wrap(Throwable error, long index, Object input, String task) {
        if (error == null) {
            return null;
        }
        if (error instanceof PoolException || error instanceof java.util.concurrent.CancellationException) {
            return (RuntimeException) error;
        }
        return new TaskFailedException(task + " failed: " + error, error, index, input);
    }

    static String abbreviate(Object input) {
        String s = String.valueOf(input);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    @Override
    public boolean hasNext() {
        fill();
        lock.lock();
        try {
            return returned < submitted || (!closed && input.hasNext());
        } finally {
            lock.unlock();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public R next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        while (true) {
            Object[] outcome;
            lock.lock();
            try {
                outcome = ordered ? ready.remove(returned) : completionOrder.poll();
            } finally {
                lock.unlock();
            }
            if (outcome == null) {
                // Results usually stream in: spin a little before parking (a park and wake costs microseconds).
                long seen = completions;
                for (int i = 0; i < SPINS && completions == seen; i++) {
                    Thread.onSpinWait();
                }
            }
            lock.lock();
            try {
                if (outcome == null) {
                    outcome = ordered ? ready.remove(returned) : completionOrder.poll();
                }
                if (outcome == null) {
                    consumerParked = true;
                    try {
                        changed.await(5, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new PoolException("interrupted while waiting for results", e, -1, null);
                    } finally {
                        consumerParked = false;
                    }
                }
            } finally {
                lock.unlock();
            }
            if (outcome == null) {
                fill();
                continue;
            }
            lock.lock();
            try {
                returned++;
            } finally {
                lock.unlock();
            }
            fill();
            if (returned == submitted && !input.hasNext() && bar != null) {
                bar.close();
            }
            if (outcome[1] != null) {
                throw (RuntimeException) outcome[1];
            }
            return (R) outcome[0];
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Batch b : outstanding.values()) {
            b.cancel(); // queued tasks of a closed iterator never run
        }
        outstanding.clear();
        if (bar != null) {
            bar.close();
        }
    }
}
