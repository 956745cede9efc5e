package org.parallel4j.pool.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 * (in {@code hasNext}/{@code next}), since user iterators are rarely thread-safe, and so is
 * all the bookkeeping: nothing is locked. A worker finishing a batch stores its outcomes in
 * the batch's {@link Slot}, marks it done (volatile) and, for an unordered map, adds it to a
 * lock-free queue; then it wakes the consumer if the consumer is parked (the consumer
 * publishes itself before it rechecks, the worker marks before it looks: one always sees the
 * other). The consumer takes results a batch at a time, so an item costs a few array reads.
 * With {@code autoBatch}, each completed batch's time per item sets the next batch size so
 * that a batch takes about {@link #TARGET_BATCH_NANOS}, joblib's rule.
 */
final class MapRun<R> implements ResultIterator<R> {
    private static final VarHandle PARKED;

    static {
        try {
            PARKED = MethodHandles.lookup().findVarHandle(MapRun.class, "parkedConsumer", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final long TARGET_BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** Auto batching: one-item batches a worker sent before the first batch's time is known. */
    static final int FIRST_BATCHES = 4;
    /** Batches a map over a collection keeps in flight by default. */
    static final int MAP_WINDOW = 1 << 16;
    /** Brief: a spinning consumer takes a core the workers could use (measured: 2000 spins cost throughput on 2 cores). */
    private static final int SPINS = 100;
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /** One batch sent: its inputs, and its outcomes once a worker reports them. */
    private final class Slot implements Batch.Callback {
        final long first;
        final Object[] inputs;
        Object[] results;
        Throwable[] errors;
        /** The first item that failed, or -1: found by the worker, so that the consumer does not look at every item. */
        int firstError;
        volatile boolean done;

        Slot(long first, Object[] inputs) {
            this.first = first;
            this.inputs = inputs;
        }

        @Override
        public void done(Object[] results, Throwable[] errors, long elapsedNanos) {
            completed(this, results, errors, elapsedNanos);
        }
    }

    private final Backend backend;
    private final Object function;
    private final Iterator<?> input;
    private final boolean ordered;
    private final int maxInFlight;
    private final long total;
    private final boolean auto;
    private final ProgressListener listener;
    private final Progress bar;
    private final Batch.Group group = new Batch.Group();

    // Consumer thread only.
    private int chunk;
    /** Batches made and not yet handed to the backend (see {@link #send}). */
    private final Batch[] burst = new Batch[256];
    private int bursting;
    /** Ordered: every batch sent and not yet consumed, in input order. */
    private final ArrayDeque<Slot> sent = new ArrayDeque<>();
    private int unconsumedBatches;
    private long unconsumedItems;
    private long submitted;
    private Slot current;
    private int cursor;
    private boolean closed;

    // Shared with the workers.
    /** Unordered: batches done and not yet consumed, in completion order. */
    private final ConcurrentLinkedQueue<Slot> finished = new ConcurrentLinkedQueue<>();
    private volatile Thread parkedConsumer;
    /** Ordered: the batch the parked consumer waits for. */
    private volatile Slot awaited;
    /** Auto batching: the last finished batch's nanoseconds per item (0 until one finishes). */
    private volatile long perItemNanos;
    /** Orders progress reports, so that counts never go backwards; guards {@link #reported}. */
    private final Object progressOrder = new Object();
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
        // A map over a collection keeps every result until it returns, so it may send far ahead
        // (up to MAP_WINDOW batches: a map of 10^7 one-item tasks does not hold 10^7 batches at once).
        this.maxInFlight = options.maxInFlight() > 0 ? options.maxInFlight()
                : isMap && total > 0 ? MAP_WINDOW : Math.max(4 * workers, 1024 / requestedChunk);
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

    /**
     * Sends batches while there is input and room, then flushes them to the workers; with
     * batches in flight, only once a quarter of the window (at most a burst) is free, so that
     * batches go out in bursts rather than one per batch consumed.
     */
    private void fill() {
        if (unconsumedBatches > 0 && maxInFlight - unconsumedBatches < Math.max(1, Math.min(burst.length, maxInFlight / 4))) {
            return;
        }
        try {
            fillBuffered();
        } finally {
            backend.flush();
        }
    }

    private void fillBuffered() {
        // Bounded by results not yet consumed, not just batches running: memory stays constant
        // however fast the workers are and however slow the consumer.
        while (!closed && unconsumedBatches < maxInFlight && unconsumedItems < (long) maxInFlight * Math.max(chunk, 1)
                && input.hasNext()) {
            if (auto && !resize()) {
                break;
            }
            int size = chunk;
            Object[] items = new Object[size];
            int n = 0;
            while (n < size && input.hasNext()) {
                items[n++] = input.next();
            }
            if (n < size) {
                items = Arrays.copyOf(items, n);
            }
            Slot slot = new Slot(submitted, items);
            submitted += n;
            unconsumedBatches++;
            unconsumedItems += n;
            if (ordered) {
                sent.addLast(slot);
            }
            Batch batch = new Batch(function, items, slot.first, slot, group);
            batch.timed = auto;
            burst[bursting++] = batch;
            if (bursting == burst.length) {
                send();
            }
        }
        send();
    }

    /** Hands the batches made so far to the backend at once: a long burst goes in parts, so the workers start while the rest is made. */
    private void send() {
        if (bursting > 0) {
            int n = bursting;
            bursting = 0;
            try {
                backend.executeAll(burst, n);
            } catch (RuntimeException refused) { // a closed pool: this iterator ends with the error, it never waits for these
                closed = true;
                throw refused;
            }
            Arrays.fill(burst, 0, n, null);
        }
    }

    /**
     * Auto batching: the next batch takes about {@link #TARGET_BATCH_NANOS}, growing at most
     * twofold per batch. Until a first batch has been timed, only {@link #FIRST_BATCHES} a
     * worker go out (false: wait): a consumer that went on making one-item batches while the
     * workers woke up sent most of a map of tiny tasks one item at a time.
     */
    private boolean resize() {
        long perItem = perItemNanos;
        if (perItem <= 0) {
            return unconsumedBatches < FIRST_BATCHES * backend.workers();
        }
        long next = Math.max(1, Math.min(TARGET_BATCH_NANOS / perItem, chunk * 2L));
        if (total > 0) {
            next = Math.min(next, Math.max(1, (total - submitted) / (2L * backend.workers()) + 1));
        }
        chunk = (int) Math.min(next, 1 << 20);
        return true;
    }

    /** On a worker thread. */
    private void completed(Slot slot, Object[] results, Throwable[] errors, long elapsedNanos) {
        // Progress is told before the results can be seen: when map returns, the last report has been made.
        if (listener != null || bar != null) {
            synchronized (progressOrder) {
                reported += slot.inputs.length;
                if (listener != null) {
                    listener.onProgress(reported, total);
                }
                if (bar != null) {
                    bar.update(reported);
                }
            }
        }
        if (auto && slot.inputs.length > 0) { // a batch that took under a nanosecond an item counts as one
            perItemNanos = Math.max(1, elapsedNanos / slot.inputs.length);
        }
        int firstError = -1;
        for (int i = 0; i < errors.length && firstError < 0; i++) {
            if (errors[i] != null) {
                firstError = i;
            }
        }
        slot.results = results;
        slot.errors = errors;
        slot.firstError = firstError;
        slot.done = true;
        if (!ordered) {
            finished.add(slot);
        }
        // One wake per park, and for an ordered map only by the batch the consumer waits for.
        Thread consumer = parkedConsumer;
        if (consumer != null && (!ordered || awaited == slot) && PARKED.compareAndSet(this, consumer, null)) {
            LockSupport.unpark(consumer);
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
        if (closed) {
            return false;
        }
        if (current != null && cursor < current.inputs.length) {
            return true;
        }
        fill();
        return unconsumedBatches > 0 || input.hasNext();
    }

    @Override
    @SuppressWarnings("unchecked")
    public R next() {
        Slot s = current;
        if (closed || s == null || cursor >= s.inputs.length) { // else an item of the current batch is next
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            current = s = take();
            cursor = 0;
        }
        int i = cursor++;
        if (cursor == s.inputs.length && bar != null && unconsumedBatches == 0 && !input.hasNext()) {
            bar.close();
        }
        if (s.firstError >= 0 && s.errors[i] != null) {
            throw wrap(s.errors[i], s.first + i, s.inputs[i]);
        }
        return (R) s.results[i];
    }

    /**
     * Every result in input order (an ordered run's, on a fresh iterator), taken a batch at a
     * time instead of an item at a time: a map's consumer is one thread against all the
     * workers, and per-item calls were most of a map of tiny tasks' time on threads. The
     * first failure in input order is thrown as {@link #next} would throw it.
     */
    @SuppressWarnings("unchecked")
    List<R> drain() {
        ArrayList<R> out = new ArrayList<>(total > 0 ? (int) Math.min(total, 1 << 24) : 16);
        while (hasNext()) {
            Slot s = take();
            if (s.firstError >= 0) {
                int i = s.firstError;
                throw wrap(s.errors[i], s.first + i, s.inputs[i]);
            }
            out.addAll((List<R>) Arrays.asList(s.results));
        }
        return out; // the caller's close() draws the bar's last frame

    }

    /** The next batch to hand out, waiting for it: spins a little (results usually stream in), then parks. */
    private Slot take() {
        while (true) {
            Slot s = ready();
            for (int i = 0; s == null && i < SPINS; i++) {
                Thread.onSpinWait();
                s = ready();
            }
            if (s == null) {
                awaited = ordered ? sent.peekFirst() : null;
                parkedConsumer = Thread.currentThread();
                try {
                    s = ready();
                    if (s == null) {
                        LockSupport.parkNanos(this, PARK_NANOS);
                        if (Thread.currentThread().isInterrupted()) {
                            throw new PoolException("interrupted while waiting for results", new InterruptedException(), -1, null);
                        }
                        s = ready();
                    }
                } finally {
                    parkedConsumer = null;
                }
            }
            if (s != null) {
                unconsumedBatches--;
                unconsumedItems -= s.inputs.length;
                fill();
                return s;
            }
            fill();
        }
    }

    /** The next batch if it is done, taken off its queue; else null. */
    private Slot ready() {
        if (!ordered) {
            return finished.poll();
        }
        Slot head = sent.peekFirst();
        if (head != null && head.done) {
            return sent.pollFirst();
        }
        return null;
    }

    @Override
    public void close() {
        closed = true;
        group.withdraw(); // queued tasks of a closed iterator never run
        if (bar != null) {
            bar.close();
        }
    }
}
