package org.parallel4j.pool.internal;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.Status;
import org.parallel4j.pool.PoolException;
import org.parallel4j.pool.RemoteException;

/**
 * The other ranks of a communicator as a pool's workers (mpi4py's {@code MPICommExecutor}): the
 * root's dispatcher thread hands each idle rank one batch, the rank runs it and sends the
 * outcomes back, and the next batch goes to whichever rank answers first. Every message is on a
 * duplicate of the user's communicator, so the pool's traffic never meets the program's. A
 * function travels to a rank once and is named by a number after that. A task's exception comes
 * back as a {@link RemoteException}; a result that cannot be serialized fails its task with an
 * error naming its type. A rank that fails outside a task ends the job (the engine's failure
 * rules); the root's dispatcher then fails every waiting task with that failure, never hangs.
 */
public final class RankBackend implements Backend {
    static final int TAG_TASK = 1;
    static final int TAG_RESULT = 2;
    static final int TAG_STOP = 3;

    /**
     * What the root sends: a batch of inputs for function {@code functionId} (the function itself
     * the first time a rank sees it), and the shapes of submitted lambdas the rank has not seen.
     */
    record Frame(long batch, int functionId, Object function, Object[] inputs, Map<Integer, Lambdas.Shape> shapes) implements Serializable {
    }

    /**
     * A submitted lambda on its way: its shape's id (the shape travels once per rank) and its
     * captured values, so that a task is a small record of standard values, not a serialized
     * lambda (which takes the JDK's serialization for the whole batch, every time).
     */
    record Submitted(int shapeId, Object[] captured) implements Serializable {
    }

    /** What a rank sends back. */
    record Outcome(long batch, Object[] results, Throwable[] errors, long elapsedNanos) implements Serializable {
    }

    private final Comm comm;
    private final int root;
    private final ArrayDeque<Batch> queue = new ArrayDeque<>();
    private final Map<Long, Batch> running = new java.util.HashMap<>();
    private final Map<Object, Integer> functionIds = new IdentityHashMap<>();
    private final List<Set<Integer>> known = new ArrayList<>();
    /** The shapes of submitted lambdas, by id, and which of them each rank has. */
    private final Map<Class<?>, Integer> shapeIds = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Lambdas.Shape> shapes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Set<Integer>> knownShapes = new ArrayList<>();
    private final ArrayDeque<Integer> idle = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread dispatcher;
    private long nextBatch;
    private volatile boolean shutdown;
    private volatile boolean now;
    private volatile Throwable failure;

    /** The root's side: starts the dispatcher over {@code comm} (a duplicate made for the pool, freed when it stops). */
    public RankBackend(Comm comm, int root) {
        this.comm = comm;
        this.root = root;
        for (int r = 0; r < comm.size(); r++) {
            known.add(new HashSet<>());
            knownShapes.add(new HashSet<>());
            if (r != root) {
                idle.add(r);
            }
        }
        dispatcher = Thread.ofPlatform().daemon().name("p4j-pool-ranks").start(this::dispatch);
    }

    @Override
    public int workers() {
        return comm.size() - 1;
    }

    @Override
    public String kind() {
        return "ranks";
    }

    /** Task classes already shown to serialize (submit makes a new lambda per task, of one class). */
    private final Set<Class<?>> serializable = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public Object prepare(Object task) {
        // ranks may be other processes: the task must serialize, and the error say which captured
        // value does not; once per class here (a later instance that does not is failed when sent)
        if (!serializable.contains(task.getClass())) {
            TaskCodec.encode(task, "task");
            serializable.add(task.getClass());
        }
        if (task instanceof Invoker.Call || task instanceof java.util.function.Function<?, ?> || task instanceof java.util.function.BiFunction<?, ?, ?>) {
            return task; // a map's function: it travels once per rank, as it is
        }
        java.lang.invoke.SerializedLambda sl = Lambdas.serialized(task);
        if (sl == null) {
            return task;
        }
        Object[] captured = new Object[sl.getCapturedArgCount()];
        for (int i = 0; i < captured.length; i++) {
            captured[i] = sl.getCapturedArg(i);
        }
        return new Submitted(shapeId(task.getClass(), sl), captured);
    }

    /** The id of a lambda expression's shape, registered the first time it is seen. */
    private int shapeId(Class<?> lambdaClass, java.lang.invoke.SerializedLambda sl) {
        return shapeIds.computeIfAbsent(lambdaClass, c -> {
            synchronized (shapes) {
                shapes.add(Lambdas.shapeOf(sl));
                return shapes.size() - 1;
            }
        });
    }

    @Override
    public void execute(Batch batch) {
        if (shutdown) {
            throw new RejectedExecutionException("the pool is closed: no new tasks");
        }
        Throwable f = failure;
        if (f != null) {
            failAll(batch, f);
            return;
        }
        synchronized (this) {
            queue.add(batch);
        }
        LockSupport.unpark(dispatcher);
    }

    private static void failAll(Batch b, Throwable error) {
        Throwable[] errors = new Throwable[b.size()];
        java.util.Arrays.fill(errors, error);
        b.finish(new Object[b.size()], errors, 0);
    }

    /** The dispatcher: sends batches to idle ranks, takes outcomes, until shut down and drained; then stops every rank. */
    private void dispatch() {
        try {
            long idleSpins = 0;
            while (true) {
                boolean progress = false;
                Status st = comm.iprobe(Mpi.ANY_SOURCE, TAG_RESULT);
                if (st != null) {
                    Outcome o = comm.recvObject(st.source(), TAG_RESULT);
                    Batch b;
                    synchronized (this) {
                        b = running.remove(o.batch());
                        idle.add(st.source());
                    }
                    if (b != null) {
                        b.finish(o.results(), o.errors(), o.elapsedNanos());
                    }
                    progress = true;
                }
                Batch next = null;
                int rank = -1;
                synchronized (this) {
                    if (now) {
                        for (Batch b : queue) {
                            failAll(b, new CancellationException("the pool was terminated before this task started"));
                        }
                        queue.clear();
                    }
                    while (!queue.isEmpty() && queue.peek().isFinished()) {
                        queue.poll(); // withdrawn or cancelled before it went out
                    }
                    if (!queue.isEmpty() && !idle.isEmpty()) {
                        next = queue.poll();
                        rank = idle.poll();
                    }
                    if (next == null && shutdown && queue.isEmpty() && running.isEmpty()) {
                        break;
                    }
                }
                if (next != null) {
                    send(next, rank);
                    progress = true;
                }
                if (progress) {
                    idleSpins = 0;
                } else {
                    idleSpins++;
                    boolean inFlight;
                    synchronized (this) {
                        inFlight = !running.isEmpty();
                    }
                    if (idleSpins < 64) {
                        Thread.onSpinWait();
                    } else if (inFlight) {
                        LockSupport.parkNanos(20_000L); // an outcome is due: look again soon, without holding a core
                    } else {
                        LockSupport.parkNanos(2_000_000L); // nothing out: a new batch unparks this thread
                    }
                }
            }
            for (int r = 0; r < comm.size(); r++) {
                if (r != root) {
                    comm.sendObject(null, r, TAG_STOP);
                }
            }
            comm.free(); // the pool's duplicate: every rank frees it as it leaves
        } catch (RuntimeException | Error e) {
            // the job failed (a rank died, an abort, a time limit): every waiting task fails with it
            failure = new PoolException("the ranks' pool stopped: " + e, e, -1, null);
            List<Batch> waiting;
            synchronized (this) {
                waiting = new ArrayList<>(queue);
                waiting.addAll(running.values());
                queue.clear();
                running.clear();
            }
            for (Batch b : waiting) {
                failAll(b, failure);
            }
        } finally {
            stopped.countDown();
        }
    }

    private void send(Batch b, int rank) {
        long id;
        int fid;
        boolean first;
        synchronized (this) {
            id = nextBatch++;
            Integer f = functionIds.get(b.function);
            if (f == null) {
                f = functionIds.size();
                functionIds.put(b.function, f);
            }
            fid = f;
            first = known.get(rank).add(fid);
            running.put(id, b);
        }
        Map<Integer, Lambdas.Shape> newShapes = null;
        for (Object input : b.inputs) {
            if (input instanceof Submitted sub && !knownShapes.get(rank).contains(sub.shapeId())) {
                newShapes = newShapes == null ? new java.util.HashMap<>() : newShapes;
                newShapes.put(sub.shapeId(), shapes.get(sub.shapeId()));
            }
        }
        Frame frame = new Frame(id, fid, first ? b.function : null, b.inputs, newShapes);
        if (newShapes != null) {
            knownShapes.get(rank).addAll(newShapes.keySet()); // only the dispatcher thread reads and writes these
        }
        try {
            comm.sendObject(frame, rank, TAG_TASK);
        } catch (RuntimeException e) {
            PoolException unsendable;
            try {
                TaskCodec.encode(frame, "batch");
                throw e; // it serializes: the communication itself failed
            } catch (PoolException p) {
                unsendable = p;
            }
            synchronized (this) {
                running.remove(id);
                idle.add(rank);
                if (first) {
                    known.get(rank).remove(fid);
                }
                if (newShapes != null) {
                    knownShapes.get(rank).removeAll(newShapes.keySet());
                }
            }
            failAll(b, unsendable);
        }
    }

    @Override
    public List<Batch> shutdown(boolean now) {
        List<Batch> never = new ArrayList<>();
        synchronized (this) {
            this.shutdown = true;
            if (now) {
                this.now = true;
                for (Batch b : queue) {
                    if (b.origin != null) {
                        never.add(b);
                    }
                }
            }
        }
        LockSupport.unpark(dispatcher);
        return never;
    }

    @Override
    public boolean awaitTermination(long nanos) throws InterruptedException {
        return stopped.await(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean isTerminated() {
        return stopped.getCount() == 0;
    }

    /**
     * The pool over the ranks of {@code comm}, collectively: the root gets the pool; every other
     * rank runs the tasks it is sent until the root closes the pool, then gets null. One rank
     * alone runs its tasks on one thread.
     */
    public static Backend onRanks(Comm comm, int root) {
        if (root < 0 || root >= comm.size()) {
            throw new IllegalArgumentException("the pool's root must be a rank of the communicator: root " + root + ", size " + comm.size());
        }
        if (comm.size() == 1) {
            return new ThreadBackend(1, false, null, 0, 0);
        }
        Comm dup = comm.dup();
        if (dup.rank() == root) {
            return new RankBackend(dup, root);
        }
        serve(dup, root);
        dup.free();
        return null;
    }

    /**
     * A worker rank's side: runs the batches the root sends until it says stop. Returns when the
     * root's pool has closed.
     */
    static void serve(Comm comm, int root) {
        Map<Integer, Object> functions = new java.util.HashMap<>();
        Map<Integer, Lambdas.Shape> shapes = new java.util.HashMap<>();
        Status st = Status.create();
        while (true) {
            Object m = comm.recvObject(root, Mpi.ANY_TAG, st);
            if (st.tag() == TAG_STOP) {
                return;
            }
            Frame f = (Frame) m;
            if (f.function() != null) {
                functions.put(f.functionId(), f.function());
            }
            if (f.shapes() != null) {
                shapes.putAll(f.shapes());
            }
            Object function = functions.get(f.functionId());
            int n = f.inputs().length;
            Object[] results = new Object[n];
            Throwable[] errors = new Throwable[n];
            Object[] inputs = f.inputs();
            for (int i = 0; i < n; i++) {
                if (inputs[i] instanceof Submitted sub) {
                    try {
                        inputs[i] = Lambdas.rebuild(shapes.get(sub.shapeId()), sub.captured(), Thread.currentThread().getContextClassLoader());
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        inputs[i] = null;
                        errors[i] = new org.parallel4j.internal.SerializationException("the task cannot be rebuilt on rank " + comm.rank()
                                + ": " + e, e);
                    }
                }
            }
            long t0 = System.nanoTime();
            Invoker.runAll(function, inputs, results, errors);
            long elapsed = System.nanoTime() - t0;
            for (int i = 0; i < n; i++) {
                if (errors[i] != null) {
                    errors[i] = RemoteException.of(errors[i]);
                }
            }
            Outcome o = new Outcome(f.batch(), results, errors, elapsed);
            try {
                comm.sendObject(o, root, TAG_RESULT);
            } catch (RuntimeException e) {
                // a result that does not serialize fails its own task, and only it
                for (int i = 0; i < n; i++) {
                    if (results[i] != null) {
                        try {
                            TaskCodec.encode(results[i], "result");
                        } catch (RuntimeException bad) {
                            String type = results[i].getClass().getName();
                            results[i] = null;
                            errors[i] = RemoteException.of(new java.io.NotSerializableException("the result of this task, a " + type
                                    + ", cannot be sent back from rank " + comm.rank() + ": make it Serializable (" + bad.getMessage() + ")"));
                        }
                    }
                }
                comm.sendObject(new Outcome(f.batch(), results, errors, elapsed), root, TAG_RESULT);
            }
        }
    }
}
