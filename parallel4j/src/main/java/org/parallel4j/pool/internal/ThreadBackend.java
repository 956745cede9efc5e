package org.parallel4j.pool.internal;

import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.parallel4j.pool.PoolException;
import org.parallel4j.pool.TaskTimeoutException;

/**
 * Worker threads (platform or virtual) taking batches from one queue.
 *
 * <p>Implementation note: a per-task timeout interrupts the worker's thread; a task that
 * still has not returned a second later is given up: its batch is finished with timeouts, the
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
    private final LinkedBlockingDeque<Batch> queue = new LinkedBlockingDeque<>();
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
        if (shutdown) {
            throw new java.util.concurrent.RejectedExecutionException("the pool is closed: no new tasks");
        }
        Throwable init = initializerFailure;
        if (init != null) {
            failAll(batch, new PoolException("the pool's initializer failed: " + init, init, batch.firstIndex, null));
            return;
        }
        queue.add(batch);
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
                        failAll(b, new PoolException("the pool's initializer failed: " + t, t, b.firstIndex, null));
                    }
                    return;
                }
            }
            long tasks = 0;
            while (!now) {
                Batch b;
                try {
                    b = queue.poll(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    if (now) {
                        return;
                    }
                    continue;
                }
                if (b == null) {
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
        Object[] results = new Object[b.size()];
        Throwable[] errors = new Throwable[b.size()];
        me.batch = b;
        long t0 = System.nanoTime();
        for (int i = 0; i < b.size() && !me.abandoned; i++) {
            me.item = i;
            me.timedOut = false;
            long seq = ++me.itemSeq;
            java.util.concurrent.ScheduledFuture<?> watch = timer == null ? null
                    : timer.schedule(() -> onTimeout(me, seq), timeoutNanos, TimeUnit.NANOSECONDS);
            try {
                results[i] = Invoker.invoke(b.function, b.inputs[i]);
            } catch (Throwable t) {
                errors[i] = t;
            }
            if (watch != null) {
                watch.cancel(false);
            }
            if (me.timedOut) {
                Thread.interrupted();
                errors[i] = timeout(b, i);
                results[i] = null;
            }
        }
        me.item = -1;
        if (!me.abandoned) {
            b.finish(results, errors, System.nanoTime() - t0);
        }
    }

    private TaskTimeoutException timeout(Batch b, int i) {
        return new TaskTimeoutException("task " + (b.firstIndex + i) + " (input " + b.inputs[i] + ") ran longer than the pool's "
                + "task timeout of " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms; its thread was interrupted",
                b.firstIndex + i, b.inputs[i]);
    }

    private void onTimeout(Running me, long seq) {
        if (me.itemSeq != seq || me.item < 0) {
            return;
        }
        me.timedOut = true;
        me.thread.interrupt();
        timer.schedule(() -> {
            if (me.itemSeq == seq && me.item >= 0) {
                // The task ignores interrupts: give up on this thread, finish the batch, replace the worker.
                me.abandoned = true;
                Batch b = me.batch;
                Object[] results = new Object[b.size()];
                Throwable[] errors = new Throwable[b.size()];
                for (int i = me.item; i < b.size(); i++) {
                    errors[i] = timeout(b, i);
                }
                if (b.finish(results, errors, 0)) {
                    live.remove(me.thread);
                    startWorker();
                }
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
