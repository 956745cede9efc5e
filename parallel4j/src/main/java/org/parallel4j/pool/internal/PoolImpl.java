package org.parallel4j.pool.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.parallel4j.pool.MapOptions;
import org.parallel4j.pool.Pool;
import org.parallel4j.pool.PoolException;
import org.parallel4j.pool.ResultIterator;
import org.parallel4j.pool.SerializableBiFunction;
import org.parallel4j.pool.SerializableCallable;
import org.parallel4j.pool.SerializableFunction;
import org.parallel4j.pool.SerializableRunnable;

/** The one {@link Pool} implementation; the backend decides threads or worker JVMs. */
public final class PoolImpl extends AbstractExecutorService implements Pool {
    private final Backend backend;
    private final AtomicLong submissions = new AtomicLong();
    private volatile boolean shut;

    private PoolImpl(Backend backend) {
        this.backend = backend;
    }

    /** Makes a pool of the given kind. */
    public static Pool create(String kind, int workers, SerializableRunnable initializer, int maxTasksPerChild, long timeoutNanos,
                              List<String> jvmOptions, int retries) {
        Backend b = switch (kind) {
            case "threads" -> new ThreadBackend(workers, false, initializer, maxTasksPerChild, timeoutNanos);
            case "virtual" -> new ThreadBackend(workers, true, initializer, maxTasksPerChild, timeoutNanos);
            case "processes" -> new ProcessBackend(workers, initializer, maxTasksPerChild, timeoutNanos, jvmOptions, retries);
            default -> throw new IllegalArgumentException(kind);
        };
        return new PoolImpl(b);
    }

    /** The pool over the ranks of {@code comm} on the root, null on the other ranks (after serving it). */
    public static Pool onRanks(org.parallel4j.mpi.Comm comm, int root) {
        Backend b = RankBackend.onRanks(comm, root);
        return b == null ? null : new PoolImpl(b);
    }

    @Override
    public int workers() {
        return backend.workers();
    }

    @Override
    public String kind() {
        return backend.kind();
    }

    // ---------------------------------------------------------------- maps

    @Override
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> f, Iterable<? extends T> inputs) {
        return map(f, inputs, MapOptions.defaults());
    }

    @Override
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> f, Iterable<? extends T> inputs, MapOptions options) {
        return collect(start(f, inputs, true, options, true));
    }

    /** The results in order; the first failure (in input order) is raised as soon as it is reached, and the rest of the map dropped. */
    private static <R> List<R> collect(MapRun<R> run) {
        try (run) {
            return run.drain();
        }
    }

    @Override
    public <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> f, Iterable<? extends T> inputs) {
        return imap(f, inputs, MapOptions.defaults());
    }

    @Override
    public <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> f, Iterable<? extends T> inputs, MapOptions options) {
        return start(f, inputs, true, options, false);
    }

    @Override
    public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> f, Iterable<? extends T> inputs) {
        return imapUnordered(f, inputs, MapOptions.defaults());
    }

    @Override
    public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> f, Iterable<? extends T> inputs,
                                                  MapOptions options) {
        return start(f, inputs, false, options, false);
    }

    @Override
    public <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> f, Iterable<? extends Map.Entry<A, B>> args) {
        // Map.entry is not serializable: pairs travel as Invoker.Pair, converted lazily.
        Iterable<Invoker.Pair> pairs = () -> new java.util.Iterator<>() {
            private final java.util.Iterator<? extends Map.Entry<A, B>> it = args.iterator();

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Invoker.Pair next() {
                Map.Entry<A, B> e = it.next();
                return new Invoker.Pair(e.getKey(), e.getValue());
            }
        };
        return collect(start(f, pairs, true, MapOptions.defaults(), args instanceof java.util.Collection<?>));
    }

    private <R> MapRun<R> start(Object f, Iterable<?> inputs, boolean ordered, MapOptions options, boolean isMap) {
        open();
        if (f == null || inputs == null || options == null) {
            throw new NullPointerException("function, inputs and options must not be null");
        }
        return new MapRun<>(backend, backend.prepare(f), inputs, ordered, options, isMap);
    }

    // ---------------------------------------------------------------- single tasks

    @Override
    public <R> CompletableFuture<R> submit(SerializableCallable<R> task) {
        return single(task, null);
    }

    @Override
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        return single(task, null);
    }

    @Override
    public CompletableFuture<?> submit(Runnable task) {
        return single(task, null);
    }

    @Override
    public void execute(Runnable command) {
        single(command, null);
    }

    @Override
    public <T, R> CompletableFuture<R> applyAsync(SerializableFunction<? super T, ? extends R> f, T arg, Consumer<? super R> onSuccess,
                                                  Consumer<? super Throwable> onError) {
        CompletableFuture<R> future = single(new Invoker.Applied(f, arg), arg);
        future.whenComplete((v, e) -> {
            if (e == null) {
                if (onSuccess != null) {
                    onSuccess.accept(v);
                }
            } else if (onError != null) {
                onError.accept(e instanceof java.util.concurrent.CompletionException c && c.getCause() != null ? c.getCause() : e);
            }
        });
        return future;
    }

    /** A submitted task's future: cancelling it withdraws the task, so a worker that has not taken it never runs it. */
    private static final class TaskFuture<R> extends CompletableFuture<R> implements Batch.Callback {
        private static final int JOIN_SPINS = 1 << 10;
        private final long index;
        private final Object shownInput;
        Batch batch;

        TaskFuture(long index, Object shownInput) {
            this.index = index;
            this.shownInput = shownInput;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void done(Object[] results, Throwable[] errors, long elapsedNanos) {
            if (errors[0] != null) {
                completeExceptionally(shownInput == null ? MapRun.wrap(errors[0], index, null, "submitted task " + index)
                        : MapRun.wrap(errors[0], index, shownInput));
            } else {
                complete((R) results[0]);
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                batch.cancel();
            }
            return cancelled;
        }

        /** Spins briefly before {@link CompletableFuture#get()} parks: a tiny task ends in well under a park and wake. */
        @Override
        public R get() throws InterruptedException, java.util.concurrent.ExecutionException {
            spinUntilDone();
            return super.get();
        }

        @Override
        public R join() {
            spinUntilDone();
            return super.join();
        }

        private void spinUntilDone() {
            for (int i = 0; i < JOIN_SPINS && !isDone(); i++) {
                Thread.onSpinWait();
            }
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>(); // stages after this one are plain futures
        }
    }

    private <R> CompletableFuture<R> single(Object task, Object shownInput) {
        open();
        if (task == null) {
            throw new NullPointerException("task");
        }
        Object payload = backend.prepare(task);
        long index = submissions.getAndIncrement();
        TaskFuture<R> future = new TaskFuture<>(index, shownInput);
        Batch batch = new Batch(Invoker.Call.INSTANCE, new Object[] {payload}, index, future);
        batch.origin = task;
        future.batch = batch;
        backend.execute(batch);
        backend.flush();
        return future;
    }

    private void open() {
        if (shut) {
            throw new java.util.concurrent.RejectedExecutionException("the pool is closed: create a new one");
        }
    }

    // ---------------------------------------------------------------- shutdown

    @Override
    public void shutdown() {
        shut = true;
        backend.shutdown(false);
    }

    @Override
    public List<Runnable> shutdownNow() {
        shut = true;
        List<Runnable> neverStarted = new ArrayList<>();
        for (Batch b : backend.shutdown(true)) {
            switch (b.origin) {
                case Runnable r -> neverStarted.add(r);
                case Callable<?> c -> neverStarted.add(new java.util.concurrent.FutureTask<>(c));
                case null, default -> { } // part of a map: its iterator reports the cancellation
            }
        }
        return neverStarted;
    }

    // ---------------------------------------------------------------- invokeAll / invokeAny, through submit (serializable on worker JVMs)

    @Override
    public <T> List<java.util.concurrent.Future<T>> invokeAll(java.util.Collection<? extends Callable<T>> tasks) throws InterruptedException {
        return invokeAll(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    }

    @Override
    public <T> List<java.util.concurrent.Future<T>> invokeAll(java.util.Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        List<java.util.concurrent.Future<T>> futures = new ArrayList<>(tasks.size());
        for (Callable<T> t : tasks) {
            futures.add(single(t, null));
        }
        long deadline = timeout == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + unit.toNanos(timeout);
        for (java.util.concurrent.Future<T> f : futures) {
            try {
                if (deadline == Long.MAX_VALUE) {
                    f.get();
                } else {
                    f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
                // its future says so
            } catch (java.util.concurrent.TimeoutException e) {
                futures.forEach(x -> x.cancel(true)); // the contract: what is not done by the deadline is cancelled
                break;
            } catch (InterruptedException e) {
                futures.forEach(x -> x.cancel(true));
                throw e;
            }
        }
        return futures;
    }

    @Override
    public <T> T invokeAny(java.util.Collection<? extends Callable<T>> tasks) throws InterruptedException, java.util.concurrent.ExecutionException {
        try {
            return invokeAny(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot happen without a deadline", e);
        }
    }

    @Override
    public <T> T invokeAny(java.util.Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("invokeAny needs at least one task");
        }
        java.util.concurrent.BlockingQueue<CompletableFuture<T>> done = new java.util.concurrent.LinkedBlockingQueue<>();
        List<CompletableFuture<T>> futures = new ArrayList<>(tasks.size());
        for (Callable<T> t : tasks) {
            CompletableFuture<T> f = single(t, null);
            futures.add(f);
            f.whenComplete((v, e) -> done.add(f));
        }
        long deadline = timeout == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + unit.toNanos(timeout);
        java.util.concurrent.ExecutionException last = null;
        try {
            for (int i = 0; i < futures.size(); i++) {
                CompletableFuture<T> f = deadline == Long.MAX_VALUE ? done.take()
                        : done.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (f == null) {
                    throw new java.util.concurrent.TimeoutException("no task of invokeAny succeeded within " + unit.toMillis(timeout) + " ms");
                }
                try {
                    return f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    last = e;
                } catch (java.util.concurrent.CancellationException e) {
                    last = new java.util.concurrent.ExecutionException(e);
                }
            }
            throw last;
        } finally {
            futures.forEach(x -> x.cancel(true));
        }
    }

    @Override
    public boolean isShutdown() {
        return shut;
    }

    @Override
    public boolean isTerminated() {
        return backend.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return backend.awaitTermination(unit.toNanos(timeout));
    }

    @Override
    public void close() {
        shutdown();
        awaitQuietly();
    }

    @Override
    public void terminate() {
        shutdownNow();
        awaitQuietly();
    }

    private void awaitQuietly() {
        try {
            backend.awaitTermination(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            backend.shutdown(true);
        }
    }

    @Override
    public String toString() {
        return "Pool[" + workers() + " " + kind() + (shut ? ", closed" : "") + "]";
    }
}
