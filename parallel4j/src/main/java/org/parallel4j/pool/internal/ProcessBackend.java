package org.parallel4j.pool.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.parallel4j.pool.PoolException;
import org.parallel4j.pool.RemoteException;
import org.parallel4j.pool.TaskTimeoutException;
import org.parallel4j.pool.WorkerDiedException;

/**
 * Worker JVMs: the dispatcher, which decides what runs where and what a worker's death
 * means. Tasks are encoded by {@link TaskCodec}; each worker's connection is a
 * {@link WorkerLink} to a {@link WorkerJvm}.
 *
 * <p>Implementation note: a batch goes straight into the connection of a worker with fewer than
 * {@link #WINDOW} batches in flight, written by the submitting thread and flushed once per
 * burst ({@link #flush()}), so tiny tasks are pipelined without a hand-off between threads;
 * otherwise it waits in the shared queue. Each worker has one thread that reads its results
 * and, as they free room, moves queued batches into its pipe. A worker runs its batches in the order received, so the first of
 * its in-flight batches is the one running. When a worker dies (end of its stdout), that
 * batch fails with the worker's exit status, or, holding several tasks, is split and requeued
 * so that exactly the task that kills a worker fails; the batches behind it go back to the
 * front of the queue and a new worker starts. A task past its timeout gets its worker killed
 * and fails with {@link TaskTimeoutException}.
 */
public final class ProcessBackend implements Backend {
    static final int WINDOW = 32;
    private final int workers;
    private final byte[] initializer;
    private final int maxTasksPerChild;
    private final long timeoutNanos;
    private final List<String> jvmOptions;
    private final int retries;
    private final LinkedBlockingDeque<Batch> queue = new LinkedBlockingDeque<>();
    private final Set<Handle> handles = ConcurrentHashMap.newKeySet();
    private final TaskCodec codec = new TaskCodec();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean shutdown;
    private volatile boolean now;
    private volatile RemoteException initializerFailure;
    private final java.util.concurrent.ConcurrentLinkedQueue<Handle> pendingFlush = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private long nextHandle;
    /** A moving average of the time a batch takes in a worker, or 0 before the first; racy updates are fine. */
    private volatile long batchNanos;
    /** Worker starts that failed in a row, and the pool's failure once there were {@link #MAX_START_FAILURES}. */
    private final AtomicInteger startFailures = new AtomicInteger();
    private volatile PoolException startFailure;
    static final int MAX_START_FAILURES = 3;

    /**
     * How many batches a worker may hold: enough to keep its connection busy with tiny tasks (up to
     * {@link #WINDOW}), but only about {@link #QUEUED_WORK_NANOS} of work ahead of it, so long
     * tasks stay in the shared queue for whichever worker is free first (and can still be
     * cancelled), and the worker that started first does not take the whole first map. One
     * until a batch has been timed, and for batches longer than that.
     */
    private int window() {
        long avg = batchNanos;
        return avg <= 0 || avg >= QUEUED_WORK_NANOS ? 1 : (int) Math.max(2, Math.min(WINDOW, QUEUED_WORK_NANOS / avg));
    }

    /** The work a worker may have queued ahead of it (see {@link #window()}). */
    static final long QUEUED_WORK_NANOS = 2_000_000L;

    /** Starts {@code workers} worker JVMs. */
    public ProcessBackend(int workers, Runnable initializer, int maxTasksPerChild, long timeoutNanos, List<String> jvmOptions, int retries) {
        this.workers = workers;
        this.initializer = initializer == null ? new byte[0] : TaskCodec.encode(initializer, "initializer");
        this.maxTasksPerChild = maxTasksPerChild;
        this.timeoutNanos = timeoutNanos;
        this.jvmOptions = WorkerJvm.withTeamShare(jvmOptions, workers);
        this.retries = retries;
        for (int i = 0; i < workers; i++) {
            new Handle().start();
        }
        if (timeoutNanos > 0) {
            Thread.ofPlatform().daemon().name("p4j-pool-timeouts").start(this::watchTimeouts);
        }
    }

    @Override
    public int workers() {
        return workers;
    }

    @Override
    public String kind() {
        return "processes";
    }

    @Override
    public Object prepare(Object task) {
        return codec.prepare(task);
    }

    @Override
    public void execute(Batch batch) {
        if (shutdown) {
            throw new RejectedExecutionException("the pool is closed: no new tasks");
        }
        RemoteException init = initializerFailure;
        if (init != null) {
            failAll(batch, new PoolException("the pool's initializer failed in a worker: " + init.getMessage(), init, batch.firstIndex, null));
            return;
        }
        PoolException cannotStart = startFailure;
        if (cannotStart != null) {
            failAll(batch, cannotStart);
            return;
        }
        if (timeoutNanos > 0 && batch.size() > 1) {
            // Timed tasks travel alone: a timeout then fails exactly the task that overran, after its own time.
            for (int i = 0; i < batch.size(); i++) {
                execute(single(batch, i));
            }
            return;
        }
        codec.functionId(batch.function);
        if (queue.isEmpty()) {
            // Straight into a worker's connection when one has room: no hand-off to another thread.
            int n = handles.size();
            int start = (int) Math.floorMod(nextHandle++, Math.max(n, 1));
            int k = 0;
            for (Handle h : handles) {
                if (k++ >= start && h.trySend(batch)) {
                    pendingFlush.add(h);
                    return;
                }
            }
            for (Handle h : handles) {
                if (h.trySend(batch)) {
                    pendingFlush.add(h);
                    return;
                }
            }
        }
        queue.add(batch);
        // A worker may have freed room while we queued: let one take it.
        for (Handle h : handles) {
            h.drain();
            if (queue.isEmpty()) {
                break;
            }
        }
    }

    @Override
    public void flush() {
        Handle h;
        while ((h = pendingFlush.poll()) != null) {
            h.flush();
        }
    }

    /** Fails every batch still in the shared queue with {@code error}. */
    private void failQueued(Throwable error) {
        Batch b;
        while ((b = queue.poll()) != null) {
            failAll(b, error);
        }
    }

    private static void failAll(Batch b, Throwable error) {
        Throwable[] errors = new Throwable[b.size()];
        java.util.Arrays.fill(errors, error);
        b.finish(new Object[b.size()], errors, 0);
    }

    private void watchTimeouts() {
        while (!now && !(shutdown && handles.isEmpty())) {
            long t = System.nanoTime();
            for (Handle h : handles) {
                Batch head;
                long since;
                synchronized (h) {
                    head = h.inFlight.peek();
                    since = h.headSince;
                }
                if (head != null && h.ready && h.timedOut == null && t - since > timeoutNanos) {
                    h.timedOut = head;
                    h.link.jvm.kill();
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
    }

    /**
     * One worker JVM as the dispatcher sees it: its connection, the batches in flight on it
     * (oldest first: the one running), and what it was told; guarded by itself.
     */
    private final class Handle implements WorkerLink.Listener {
        final int id = ids.incrementAndGet();
        final ArrayDeque<Batch> inFlight = new ArrayDeque<>();
        final Set<Integer> knownFunctions = new HashSet<>();
        volatile WorkerLink link;
        volatile long headSince;
        volatile Batch timedOut;
        volatile boolean dead;
        /** Set once the worker JVM has started and run the initializer. */
        volatile boolean ready;
        /** Set when the worker said which task called System.exit. */
        volatile long dyingBatch = -1;
        volatile int dyingItem = -1;
        boolean retiring;
        boolean exitSent;
        long tasksSent;
        final java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream(256);
        final java.io.DataOutputStream frameOut = new java.io.DataOutputStream(frame);

        void start() {
            handles.add(this);
            // A large stack: deeply nested results deserialize on this thread.
            Thread.ofPlatform().daemon().name("p4j-pool-worker-" + id).stackSize(WorkerMain.STACK_BYTES).start(this::run);
        }

        /** Starts the JVM, then serves it: reads results and, as they free room, sends queued batches. */
        private void run() {
            WorkerJvm started = null;
            for (int attempt = 0; started == null; attempt++) {
                int failures = startFailures.get();
                if (failures > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L << Math.min(failures, 4));
                }
                try {
                    started = WorkerJvm.start(jvmOptions, id);
                } catch (PoolException e) {
                    // A worker that cannot start is retried after a pause, and after a few in a row
                    // the pool fails with the JVM's own reason: never a storm of doomed JVMs.
                    if (startFailures.incrementAndGet() >= MAX_START_FAILURES || shutdown || now) {
                        PoolException failure = new PoolException("the pool's worker JVMs cannot start (" + MAX_START_FAILURES
                                + " attempts in a row failed): " + e.getMessage(), e, -1, null);
                        startFailure = failure;
                        handles.remove(this);
                        failQueued(failure);
                        return;
                    }
                }
            }
            WorkerLink l = new WorkerLink(started, id);
            l.append(out -> {
                out.writeInt(Wire.INIT);
                Wire.writeBytes(out, initializer);
            });
            synchronized (this) {
                link = l;
                if (now) {
                    started.kill();
                }
            }
            l.startWriter();
            // Before waiting for more results: room was freed, take queued work.
            started.pipe.beforeBlock(this::drain);
            drain();
            l.read(this);
            exited();
        }

        /**
         * Writes {@code b} to this worker if it may take it now (running, room in its window,
         * suspects alone); false otherwise. The caller flushes (see {@link #flush()}).
         */
        synchronized boolean trySend(Batch b) {
            if (link == null || dead || now || retiring || inFlight.size() >= window()
                    || (!inFlight.isEmpty() && (b.suspect || inFlight.peek().suspect))) {
                return false;
            }
            if (b.isFinished()) {
                return true;
            }
            // Encode the inputs first: one that cannot be serialized fails its batch, not the connection.
            try {
                TaskCodec.encodeInputs(b, frame, frameOut);
            } catch (PoolException e) {
                failAll(b, e);
                return true;
            }
            if (inFlight.isEmpty()) {
                headSince = System.nanoTime();
            }
            inFlight.add(b);
            link.append(out -> {
                int fid = codec.writeFunctions(b, knownFunctions, out);
                out.writeInt(Wire.TASK);
                out.writeLong(b.firstIndex);
                out.writeInt(fid);
                out.writeInt(b.size());
                frame.writeTo(out);
            });
            tasksSent += b.size();
            if (maxTasksPerChild > 0 && tasksSent >= maxTasksPerChild) {
                retiring = true;
            }
            return true;
        }

        /** Hands what was written to the writer thread. Never blocks on the connection. */
        void flush() {
            WorkerLink l = link;
            if (l != null) {
                l.flush();
            }
        }

        /** Moves queued batches to this worker while it has room; tells it to exit when its work is done. */
        void drain() {
            Batch b;
            while ((b = queue.pollFirst()) != null) {
                if (!trySend(b)) {
                    queue.addFirst(b);
                    break;
                }
            }
            flush();
            synchronized (this) {
                boolean idle = inFlight.isEmpty();
                if (link != null && !dead && !now && idle && (retiring || (shutdown && queue.isEmpty())) && !exitSent) {
                    exitSent = true;
                    link.sendExit();
                }
            }
        }

        @Override
        public void ready() {
            startFailures.set(0);
            synchronized (this) {
                ready = true;
                headSince = System.nanoTime(); // the clock of a task starts when its worker can run it
            }
        }

        @Override
        public void result(long elapsed, Object[] results, Throwable[] errors) {
            long avg = batchNanos;
            batchNanos = avg == 0 ? Math.max(1, elapsed) : Math.max(1, avg - (avg >> 3) + (elapsed >> 3));
            Batch b;
            synchronized (this) {
                b = inFlight.poll(); // a worker answers in order: this result is its head's
                headSince = System.nanoTime();
            }
            if (b != null) {
                TaskCodec.named(b, errors);
                b.finish(results, errors, elapsed);
            }
        }

        @Override
        public void dying(long firstIndex, int item) {
            dyingBatch = firstIndex;
            dyingItem = item;
        }

        @Override
        public void initializerFailed(RemoteException e) {
            initializerFailure = e;
        }

        /** The task killed its worker: retried while retries last, else failed with the exit status. */
        private void diedWith(Batch task, int status) {
            if (task.attempts < retries) {
                task.attempts++;
                task.suspect = true;
                queue.addFirst(task);
            } else {
                task.finish(new Object[1], new Throwable[] {new WorkerDiedException("worker " + id + " (pid " + link.jvm.pid()
                        + ") died with exit status " + status + " while running " + TaskCodec.taskName(task.firstIndex, task.inputs[0]) + (retries > 0 ? " after " + (task.attempts + 1) + " attempts" : "")
                        + "; a new worker takes its place", task.firstIndex, task.inputs[0], status)}, 0);
            }
        }

        private void exited() {
            List<Batch> lost;
            synchronized (this) {
                dead = true;
                lost = new ArrayList<>(inFlight);
                inFlight.clear();
            }
            link.stop();
            int status = link.jvm.exitStatus();
            handles.remove(this);
            RemoteException init = initializerFailure;
            if (init != null) {
                PoolException e = new PoolException("the pool's initializer failed in worker " + id + ": " + init.getMessage(), init, -1, null);
                lost.forEach(b -> failAll(b, e));
                failQueued(e);
                return;
            }
            if (now) {
                lost.forEach(b -> failAll(b, new CancellationException("the pool was terminated while this task ran")));
                return;
            }
            if (!lost.isEmpty()) {
                Batch head = lost.getFirst();
                if (timedOut == head) {
                    for (int i = lost.size() - 1; i >= 1; i--) {
                        queue.addFirst(lost.get(i));
                    }
                    Throwable[] errors = new Throwable[head.size()];
                    for (int i = 0; i < head.size(); i++) {
                        errors[i] = new TaskTimeoutException(TaskCodec.taskName(head.firstIndex + i, head.inputs[i])
                                + " ran longer than the pool's task timeout of " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                                + " ms; worker " + id + " (pid " + link.jvm.pid() + ") was killed and replaced", head.firstIndex + i, head.inputs[i]);
                    }
                    head.finish(new Object[head.size()], errors, 0);
                } else if (dyingBatch == head.firstIndex && dyingItem >= 0 && dyingItem < head.size()) {
                    // The worker named the task that called System.exit: it fails (or retries); the rest go back as they were.
                    for (int i = lost.size() - 1; i >= 1; i--) {
                        queue.addFirst(lost.get(i));
                    }
                    Batch culprit = head.size() == 1 ? head : single(head, dyingItem);
                    for (int i = head.size() - 1; i >= 0 && head.size() > 1; i--) {
                        if (i != dyingItem) {
                            queue.addFirst(single(head, i));
                        }
                    }
                    diedWith(culprit, status);
                } else if (lost.size() == 1 && head.size() == 1) {
                    // The only task in flight: it is the one that killed the worker.
                    diedWith(head, status);
                } else {
                    // Several tasks were in flight (and results not yet flushed are lost with the worker):
                    // each goes back as a suspect of its own, to run alone until the culprit is found.
                    for (int k = lost.size() - 1; k >= 0; k--) {
                        Batch b = lost.get(k);
                        for (int i = b.size() - 1; i >= 0; i--) {
                            Batch one = b.size() == 1 ? b : single(b, i);
                            one.suspect = true;
                            queue.addFirst(one);
                        }
                    }
                }
            }
            if (!ready && startFailures.incrementAndGet() >= MAX_START_FAILURES) {
                // It connected but died before it could run anything, again and again (an option too small for the JVM, say).
                startFailure = new PoolException("the pool's worker JVMs die as they start (" + MAX_START_FAILURES
                        + " in a row; the last with exit status " + status + "; see its output above)", null, -1, null);
                failQueued(startFailure);
                return;
            }
            if (!shutdown || !queue.isEmpty()) {
                new Handle().start();
            }
        }
    }

    /** Item {@code i} of {@code b} as a batch of its own, reporting into {@code b}'s slot. */
    private Batch single(Batch b, int i) {
        SplitCollector c = b.split == null ? (b.split = new SplitCollector(b)) : b.split;
        return new Batch(b.function, new Object[] {b.inputs[i]}, b.firstIndex + i, (r, e, t) -> c.done(i, r[0], e[0]));
    }

    @Override
    public List<Batch> shutdown(boolean immediately) {
        shutdown = true;
        List<Batch> dropped = new ArrayList<>();
        if (immediately) {
            now = true; // before draining: nothing more goes to a worker
            Batch b;
            while ((b = queue.poll()) != null) {
                if (!b.isFinished()) {
                    dropped.add(b);
                    failAll(b, new CancellationException("the pool was terminated before this task ran"));
                }
            }
        }
        flush();
        for (Handle h : handles) {
            h.drain(); // an idle worker is told to exit now; a busy one when its last result arrives
        }
        if (immediately) {
            for (Handle h : handles) {
                synchronized (h) {
                    h.inFlight.stream().skip(1).filter(x -> !x.isFinished()).forEach(dropped::add); // behind the running one
                }
                WorkerLink l = h.link;
                if (l != null) {
                    l.stop();
                    l.jvm.kill();
                }
            }
        }
        return dropped;
    }

    @Override
    public boolean awaitTermination(long nanos) throws InterruptedException {
        long deadline = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos;
        while (!handles.isEmpty()) {
            if (deadline != Long.MAX_VALUE && System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && handles.isEmpty();
    }
}
