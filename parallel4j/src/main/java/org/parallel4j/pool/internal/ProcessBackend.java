package org.parallel4j.pool.internal;

import java.io.IOException;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.internal.JdkSerializationCodec;
import org.parallel4j.pool.PoolException;
import org.parallel4j.pool.RemoteException;
import org.parallel4j.pool.TaskTimeoutException;
import org.parallel4j.pool.WorkerDiedException;

/**
 * Worker JVMs fed over pipes.
 *
 * <p>Implementation note: each worker has a feeder thread, which writes batches from the
 * shared queue while fewer than {@link #WINDOW} are in flight (so tiny tasks are pipelined and
 * the pipe is flushed only when the queue runs dry), and a reader thread, which completes
 * batches as results arrive. A worker runs its batches in the order received, so the first of
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
    /** Map functions already serialized (weakly held: a finished map's function is forgotten). */
    private final Map<Object, Integer> functionIds = new java.util.WeakHashMap<>();
    private final Map<Integer, byte[]> functionBytes = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean shutdown;
    private volatile boolean now;
    private volatile RemoteException initializerFailure;

    /** Starts {@code workers} worker JVMs. */
    public ProcessBackend(int workers, Runnable initializer, int maxTasksPerChild, long timeoutNanos, List<String> jvmOptions, int retries) {
        this.workers = workers;
        this.initializer = initializer == null ? new byte[0] : encode(initializer, "initializer");
        this.maxTasksPerChild = maxTasksPerChild;
        this.timeoutNanos = timeoutNanos;
        this.jvmOptions = List.copyOf(jvmOptions);
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
        if (task instanceof Invoker.Call || task instanceof Function<?, ?> || task instanceof java.util.function.BiFunction<?, ?, ?>) {
            functionId(task);
            return task;
        }
        // A single task travels as a value, serialized once, here, so that an error names it at submit time.
        return new Wire.Preencoded(encode(task, "task"));
    }

    private synchronized int functionId(Object task) {
        Integer id = functionIds.get(task);
        if (id == null) {
            id = functionIds.size() + 1;
            functionBytes.put(id, encode(task, "task"));
            functionIds.put(task, id);
        }
        return id;
    }

    /** JDK serialization, or an error naming the value that cannot be serialized. */
    static byte[] encode(Object task, String what) {
        try {
            return JdkSerializationCodec.INSTANCE.encode(task);
        } catch (MpiException e) {
            throw new PoolException(what + " " + describe(task) + " cannot be sent to a worker JVM: " + culprit(task, e)
                    + " (capture only serializable values, or use a thread pool)", e.getCause(), -1, null);
        }
    }

    private static String describe(Object task) {
        String name = task.getClass().getName();
        int lambda = name.indexOf("$$Lambda");
        return lambda > 0 ? "(a lambda in " + name.substring(0, lambda) + ")" : "(" + name + ")";
    }

    /** For a serializable lambda, the captured value that is not serializable. */
    private static String culprit(Object task, MpiException e) {
        try {
            Method m = task.getClass().getDeclaredMethod("writeReplace");
            m.setAccessible(true);
            if (m.invoke(task) instanceof SerializedLambda sl) {
                for (int i = 0; i < sl.getCapturedArgCount(); i++) {
                    Object arg = sl.getCapturedArg(i);
                    if (arg != null && !(arg instanceof java.io.Serializable)) {
                        return "it captures a " + arg.getClass().getName() + " (captured value " + (i + 1) + " of "
                                + sl.getCapturedArgCount() + ": " + MapRun.abbreviate(arg) + "), which is not Serializable";
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException ignored) {
            // not a lambda: the serializer's own message names the class
        }
        return e.getMessage();
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
        functionId(batch.function);
        queue.add(batch);
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
                if (head != null && h.timedOut == null && t - since > timeoutNanos * head.size()) {
                    h.timedOut = head;
                    h.jvm.kill();
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
    }

    /** One worker JVM: its process, feeder and reader. */
    private final class Handle {
        final int id = ids.incrementAndGet();
        final ArrayDeque<Batch> inFlight = new ArrayDeque<>();
        final Set<Integer> knownFunctions = new HashSet<>();
        volatile WorkerJvm jvm;
        volatile long headSince;
        volatile Batch timedOut;
        volatile boolean dead;
        boolean retiring;
        long tasksSent;
        final java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream(256);
        final java.io.DataOutputStream frameOut = new java.io.DataOutputStream(frame);

        void start() {
            handles.add(this);
            Thread.ofPlatform().daemon().name("p4j-pool-feeder-" + id).start(this::feed);
        }

        private void feed() {
            try {
                jvm = WorkerJvm.start(jvmOptions);
            } catch (PoolException e) {
                handles.remove(this);
                Batch b;
                while ((b = queue.poll()) != null) {
                    failAll(b, e);
                }
                return;
            }
            Thread.ofPlatform().daemon().name("p4j-pool-reader-" + id).start(this::read);
            if (now) {
                jvm.kill(); // terminated while this worker was starting
                return;
            }
            try {
                jvm.out.writeInt(Wire.INIT);
                Wire.writeBytes(jvm.out, initializer);
                jvm.out.flush();
                while (!now && !dead) {
                    synchronized (this) {
                        if (inFlight.size() >= WINDOW) {
                            jvm.out.flush(); // the worker must see what it is to work on before we wait for it
                        }
                        while (inFlight.size() >= WINDOW && !dead && !now) {
                            wait(50);
                        }
                        if (retiring) {
                            if (inFlight.isEmpty()) {
                                break;
                            }
                            jvm.out.flush(); // what it holds must reach it before it can finish and retire
                            wait(50);
                            continue;
                        }
                    }
                    Batch b = queue.poll();
                    if (b == null) {
                        jvm.out.flush();
                        b = queue.poll(20, TimeUnit.MILLISECONDS);
                        if (b == null) {
                            if (shutdown && queue.isEmpty()) {
                                synchronized (this) {
                                    if (inFlight.isEmpty()) {
                                        break;
                                    }
                                }
                            }
                            continue;
                        }
                    }
                    if (b.isFinished()) {
                        continue;
                    }
                    synchronized (this) {
                        if (!inFlight.isEmpty() && (b.suspect || inFlight.peek().suspect)) {
                            // A suspect runs alone: wait until this worker has nothing else in flight.
                            queue.addFirst(b);
                            jvm.out.flush();
                            wait(5);
                            continue;
                        }
                    }
                    // Encode the inputs first: one that cannot be serialized fails its batch, not the pipe.
                    frame.reset();
                    try {
                        for (Object input : b.inputs) {
                            Wire.writeValue(frameOut, input);
                        }
                    } catch (RuntimeException e) {
                        failAll(b, new PoolException("an input of task " + b.firstIndex + (b.size() > 1 ? ".." + (b.firstIndex + b.size() - 1) : "")
                                + " cannot be sent to a worker JVM: " + e.getMessage(), e, b.firstIndex, null));
                        continue;
                    }
                    int fid = functionId(b.function);
                    if (knownFunctions.add(fid)) {
                        jvm.out.writeInt(Wire.FUNC);
                        jvm.out.writeInt(fid);
                        Wire.writeBytes(jvm.out, functionBytes.get(fid));
                    }
                    synchronized (this) {
                        if (dead) {
                            queue.addFirst(b); // the reader has already handed back this worker's batches
                            break;
                        }
                        if (inFlight.isEmpty()) {
                            headSince = System.nanoTime();
                        }
                        inFlight.add(b);
                    }
                    jvm.out.writeInt(Wire.TASK);
                    jvm.out.writeLong(b.firstIndex);
                    jvm.out.writeInt(fid);
                    jvm.out.writeInt(b.size());
                    frame.writeTo(jvm.out);
                    tasksSent += b.size();
                    if (maxTasksPerChild > 0 && tasksSent >= maxTasksPerChild) {
                        synchronized (this) {
                            retiring = true;
                        }
                    }
                    if (queue.isEmpty()) {
                        jvm.out.flush();
                    }
                }
                if (!dead && !now) {
                    jvm.out.writeInt(Wire.EXIT);
                    jvm.out.flush();
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                // The worker died under us: the reader sees the end of its pipe and requeues its batches.
                jvm.kill();
            } finally {
                try {
                    jvm.out.close(); // end of input: a worker left without work exits on its own
                } catch (IOException ignored) {
                    // already gone
                }
            }
        }

        private void read() {
            try {
                while (true) {
                    int type = jvm.in.readInt();
                    switch (type) {
                        case Wire.READY -> { }
                        case Wire.RESULT -> {
                            jvm.in.readLong();
                            long elapsed = jvm.in.readLong();
                            int n = jvm.in.readInt();
                            Object[] results = new Object[n];
                            Throwable[] errors = new Throwable[n];
                            ClassLoader loader = ProcessBackend.class.getClassLoader();
                            for (int i = 0; i < n; i++) {
                                if (jvm.in.readBoolean()) {
                                    results[i] = Wire.readValue(jvm.in, loader);
                                } else {
                                    errors[i] = (Throwable) Wire.readValue(jvm.in, loader);
                                }
                            }
                            Batch b;
                            synchronized (this) {
                                b = inFlight.poll();
                                headSince = System.nanoTime();
                                notifyAll();
                            }
                            if (b != null) {
                                b.finish(results, errors, elapsed);
                            }
                        }
                        case Wire.FAILED -> {
                            RemoteException e = (RemoteException) Wire.readValue(jvm.in, ProcessBackend.class.getClassLoader());
                            initializerFailure = e;
                        }
                        default -> throw new IOException("corrupt message from worker " + id + ": frame type " + type);
                    }
                }
            } catch (IOException | RuntimeException e) {
                exited();
            }
        }

        private void exited() {
            List<Batch> lost;
            synchronized (this) {
                dead = true;
                lost = new ArrayList<>(inFlight);
                inFlight.clear();
                notifyAll();
            }
            int status = jvm.exitStatus();
            handles.remove(this);
            RemoteException init = initializerFailure;
            if (init != null) {
                PoolException e = new PoolException("the pool's initializer failed in worker " + id + ": " + init.getMessage(), init, -1, null);
                lost.forEach(b -> failAll(b, e));
                Batch b;
                while ((b = queue.poll()) != null) {
                    failAll(b, e);
                }
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
                        errors[i] = new TaskTimeoutException("task " + (head.firstIndex + i) + " (input " + MapRun.abbreviate(head.inputs[i])
                                + ") ran longer than the pool's task timeout of " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                                + " ms; worker " + id + " (pid " + jvm.pid() + ") was killed and replaced", head.firstIndex + i, head.inputs[i]);
                    }
                    head.finish(new Object[head.size()], errors, 0);
                } else if (lost.size() == 1 && head.size() == 1) {
                    // The only task in flight: it is the one that killed the worker.
                    if (head.attempts < retries) {
                        head.attempts++;
                        head.suspect = true;
                        queue.addFirst(head);
                    } else {
                        head.finish(new Object[1], new Throwable[] {new WorkerDiedException("worker " + id + " (pid " + jvm.pid()
                                + ") died with exit status " + status + " while running task " + head.firstIndex + " (input "
                                + MapRun.abbreviate(head.inputs[0]) + ")" + (retries > 0 ? " after " + (head.attempts + 1) + " attempts" : "")
                                + "; a new worker takes its place", head.firstIndex, head.inputs[0], status)}, 0);
                    }
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
    public void shutdown(boolean immediately) {
        shutdown = true;
        if (immediately) {
            now = true;
            Batch b;
            while ((b = queue.poll()) != null) {
                failAll(b, new CancellationException("the pool was terminated before this task ran"));
            }
            for (Handle h : handles) {
                if (h.jvm != null) {
                    h.jvm.kill();
                }
            }
        }
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
