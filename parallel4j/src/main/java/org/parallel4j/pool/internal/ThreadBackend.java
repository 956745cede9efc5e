package org.parallel4j.pool.internal;

import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.parallel4j.pool.PoolException;
import org.parallel4j.pool.TaskTimeoutException;

/**
 * Worker threads (platform or virtual) taking batches from one lock-free {@link WorkQueue}.
 *
 * <p>Implementation note: without a task timeout a batch runs in a plain loop (no timer, no
 * shared writes per item). A per-task timeout interrupts the worker's thread; a task that
 * still has not returned a second later is given up: it fails with a timeout, the items of
 * its batch before it keep their outcomes, the ones after it are queued again, the
 * thread is abandoned (Java cannot kill a thread) and a new worker takes its place. A worker
 * that has run {@code maxTasksPerChild} tasks hands its place to a fresh thread (and a fresh
 * initializer run).
 */
public final class ThreadBackend implements Backend {
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private final int workers;
    private final boolean virtual;
    private final Runnable initializer;
    private final int maxTasksPerChild;
    private final long timeoutNanos;
    private final WorkQueue queue = new WorkQueue();
    private final Set<Thread> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ids = new AtomicInteger();
    private final ScheduledExecutorService timer;
    private volatile boolean shutdown;
    private volatile boolean now;
    private volatile Throwable initializerFailure;

    /** Starts {@code workers} worker threads. */
    public ThreadBackend(int workers, boolean virtual, Runnable initializer, int maxTasksPerChild, long timeoutNanos) {
        this.workers = workers;
        this.virtual = virtual;
        this.initializer = initializer;
        this.maxTasksPerChild = maxTasksPerChild;
        this.timeoutNanos = timeoutNanos;
        if (timeoutNanos > 0) {
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().daemon().name("p4j-pool-timer").unstarted(r));
            t.setRemoveOnCancelPolicy(true);
            this.timer = t;
        } else {
            this.timer = null;
        }
        for (int i = 0; i < workers; i++) {
            startWorker();
        }
    }

    @Override
    public int workers() {
        return workers;
    }

    @Override
    public String kind() {
        return virtual ? "virtual threads" : "threads";
    }

    @Override
    public Object prepare(Object task) {
        return task; // threads share the heap: anything runs as it is
    }

    @Override
    public void execute(Batch batch) {
        Throwable init = refusal();
        if (init != null) {
            failAll(batch, initializerFailed(batch, init));
            return;
        }
        queue.put(batch);
    }

    /** Queues a burst as one bundle the workers claim from (see {@link WorkQueue}). */
    @Override
    public void executeAll(Batch[] batches, int n) {
        Throwable init = refusal();
        if (init != null) {
            for (int i = 0; i < n; i++) {
                failAll(batches[i], initializerFailed(batches[i], init));
            }
            return;
        }
        queue.putAll(batches, n);
    }

    /** Refuses new batches once the pool is closed; else the initializer's failure (which fails them), or null. */
    private Throwable refusal() {
        if (shutdown) {
            throw new java.util.concurrent.RejectedExecutionException("the pool is closed: no new tasks");
        }
        return initializerFailure;
    }

    private static PoolException initializerFailed(Batch b, Throwable init) {
        return new PoolException("the pool's initializer failed: " + init, init, b.firstIndex, null);
    }

    private void startWorker() {
        int id = ids.incrementAndGet();
        Runnable body = this::work;
        Thread t = virtual ? Thread.ofVirtual().name("p4j-pool-vworker-" + id).unstarted(body)
                : Thread.ofPlatform().daemon().name("p4j-pool-worker-" + id).unstarted(body);
        live.add(t);
        t.start();
    }

    private final class Running {
        final Thread thread = Thread.currentThread();
        volatile Batch batch;
        volatile int item = -1;
        volatile long itemSeq;
        volatile boolean abandoned;
        volatile boolean timedOut;
        /** The current batch's outcomes, for the timer when it gives up on the batch. */
        volatile Object[] results;
        volatile Throwable[] errors;
    }

    private void work() {
        Running me = new Running();
        try {
            if (initializer != null) {
                try {
                    initializer.run();
                } catch (Throwable t) {
                    initializerFailure = t;
                    Batch b;
                    while ((b = queue.poll()) != null) {
                        failAll(b, initializerFailed(b, t));
                    }
                    return;
                }
            }
            long tasks = 0;
            while (!now) {
                Batch b = queue.take();
                if (b == null) {
                    if (Thread.interrupted() && now) {
                        return;
                    }
                    if (shutdown && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                runBatch(me, b);
                if (me.abandoned) {
                    return;
                }
                Thread.interrupted();
                tasks += b.size();
                if (maxTasksPerChild > 0 && tasks >= maxTasksPerChild) {
                    startWorker();
                    return;
                }
            }
        } finally {
            live.remove(me.thread);
        }
    }

    private void runBatch(Running me, Batch b) {
        if (b.isFinished()) {
            return; // cancelled while queued
        }
        int n = b.size();
        Object[] results = new Object[n];
        Throwable[] errors = new Throwable[n];
        long t0 = b.timed ? System.nanoTime() : 0;
        if (timer == null) {
            Object function = b.function;
            Object[] inputs = b.inputs;
            for (int i = 0; i < n; i++) {
                try {
                    results[i] = Invoker.invoke(function, inputs[i]);
                } catch (Throwable t) {
                    errors[i] = t;
                }
            }
            b.finish(results, errors, b.timed ? System.nanoTime() - t0 : 0);
            return;
        }
        // Who ends this batch, this thread or the timer giving up on it: a fresh flag per batch,
        // so that a late timer of an earlier batch can never claim a later one.
        AtomicBoolean ending = new AtomicBoolean();
        me.results = results;
        me.errors = errors;
        me.batch = b;
        for (int i = 0; i < n && !me.abandoned; i++) {
            me.item = i;
            me.timedOut = false;
            long seq = ++me.itemSeq;
            java.util.concurrent.ScheduledFuture<?> watch = timer.schedule(() -> onTimeout(me, seq, ending), timeoutNanos, TimeUnit.NANOSECONDS);
            try {
                results[i] = Invoker.invoke(b.function, b.inputs[i]);
            } catch (Throwable t) {
                errors[i] = t;
            }
            watch.cancel(false);
            if (me.timedOut) {
                Thread.interrupted();
                errors[i] = timeout(b, i);
                results[i] = null;
            }
        }
        // Either this thread or the timer (giving up on it) ends the batch, never both.
        me.item = -1;
        if (ending.compareAndSet(false, true)) {
            b.finish(results, errors, b.timed ? System.nanoTime() - t0 : 0);
        }
    }

    private TaskTimeoutException timeout(Batch b, int i) {
        return new TaskTimeoutException("task " + (b.firstIndex + i) + " (input " + b.inputs[i] + ") ran longer than the pool's "
                + "task timeout of " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms; its thread was interrupted",
                b.firstIndex + i, b.inputs[i]);
    }

    private void onTimeout(Running me, long seq, AtomicBoolean ending) {
        if (me.itemSeq != seq || me.item < 0) {
            return;
        }
        me.timedOut = true;
        me.thread.interrupt();
        timer.schedule(() -> {
            int item = me.item;
            if (me.itemSeq == seq && item >= 0 && ending.compareAndSet(false, true)) {
                // The task ignores interrupts: give up on this thread, finish the batch, replace the worker.
                me.abandoned = true;
                Batch b = me.batch;
                // The items before the stuck one finished: their outcomes stand (the worker wrote
                // them before it published the stuck item's sequence number, which was read above).
                // The stuck one fails; the ones after it never started: they run on the new worker.
                Object[] results = me.results.clone();
                Throwable[] errors = me.errors.clone();
                results[item] = null;
                errors[item] = timeout(b, item);
                int n = b.size();
                if (item + 1 == n) {
                    b.finish(results, errors, 0);
                } else {
                    Object[] rest = java.util.Arrays.copyOfRange(b.inputs, item + 1, n);
                    queue.put(new Batch(b.function, rest, b.firstIndex + item + 1, (r, e, t) -> {
                        System.arraycopy(r, 0, results, item + 1, r.length);
                        System.arraycopy(e, 0, errors, item + 1, e.length);
                        b.finish(results, errors, 0);
                    }, b.group()));
                }
                live.remove(me.thread);
                startWorker();
            }
        }, GRACE_NANOS, TimeUnit.NANOSECONDS);
    }

    private static void failAll(Batch b, Throwable error) {
        Throwable[] errors = new Throwable[b.size()];
        java.util.Arrays.fill(errors, error);
        b.finish(new Object[b.size()], errors, 0);
    }

    @Override
    public java.util.List<Batch> shutdown(boolean immediately) {
        shutdown = true;
        java.util.List<Batch> dropped = new java.util.ArrayList<>();
        if (immediately) {
            now = true;
            Batch b;
            while ((b = queue.poll()) != null) {
                if (!b.isFinished()) {
                    dropped.add(b);
                    failAll(b, new CancellationException("the pool was terminated before this task ran"));
                }
            }
            for (Thread t : live) {
                t.interrupt();
            }
        }
        queue.wakeAll();
        if (timer != null && immediately) {
            timer.shutdownNow();
        }
        return dropped;
    }

    @Override
    public boolean awaitTermination(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (!live.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Thread t = live.stream().findAny().orElse(null);
            if (t != null) {
                t.join(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 50)));
            }
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        return true;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && live.isEmpty();
    }
}
