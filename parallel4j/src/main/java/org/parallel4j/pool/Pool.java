package org.parallel4j.pool;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.parallel4j.pool.internal.PoolImpl;

/**
 * A pool of workers, as Python's {@code multiprocessing.Pool} and
 * {@code concurrent.futures} executors, over threads or worker JVMs, with what those get wrong
 * fixed: a worker that dies fails only its task and is replaced, {@code imap} reads its input
 * lazily, closing a pool (or the JVM exiting, or Ctrl-C) leaves no worker process behind, and
 * progress can be reported.
 *
 * <pre>{@code
 * try (Pool pool = Pool.processes(4)) {                       // or Pool.threads(4)
 *     List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));
 *     for (Iterator<Long> it = pool.imapUnordered(Primes::count, ranges); it.hasNext(); ) { ... }
 *     CompletableFuture<String> f = pool.submit(() -> expensive());
 * }
 * }</pre>
 *
 * <p><b>Tasks for worker JVMs</b> are serializable lambdas ({@link SerializableFunction},
 * {@link SerializableCallable}) or classes on the same class path; a task that cannot be
 * serialized fails at submit time with a message naming the captured value that cannot be.
 * Results and exceptions come back with the remote stack trace ({@link RemoteException}).
 *
 * <p><b>Errors.</b> A task's exception never hangs a map: {@code map} raises the first failure
 * (by input position) as a {@link PoolException} naming the task's input as soon as the results
 * before it are in, and drops the rest of the map (queued tasks do not run); {@code imap} raises
 * each failure in its place and goes on.
 *
 * <p>A pool is also an {@link ExecutorService}. {@link #close()} finishes submitted work and
 * stops the workers; {@link #terminate()} stops them now.
 */
public interface Pool extends ExecutorService, AutoCloseable {

    /**
     * A pool of {@code workers} platform threads.
     *
     * @param workers the number of workers (at least 1)
     * @return a pool of {@code workers} platform threads
     */
    static Pool threads(int workers) {
        return builder().threads(workers).build();
    }

    /**
     * A pool of {@code workers} worker JVMs.
     *
     * @param workers the number of workers (at least 1)
     * @return a pool of {@code workers} worker JVMs
     */
    static Pool processes(int workers) {
        return builder().processes(workers).build();
    }

    /**
     * The other ranks of {@code comm} as a pool's workers, rank 0 handing out the tasks
     * (mpi4py's {@code MPICommExecutor}): see {@link #ranks(org.parallel4j.mpi.Comm, int)}.
     *
     * @param comm the communicator whose ranks run the tasks
     * @return the pool on rank 0; null on the other ranks, once rank 0 has closed it
     */
    static Pool ranks(org.parallel4j.mpi.Comm comm) {
        return ranks(comm, 0);
    }

    /**
     * The other ranks of {@code comm} as a pool's workers, {@code root} handing out the tasks
     * (mpi4py's {@code MPICommExecutor}), on either message-passing engine, so a task farm started
     * by {@code p4j run -n N} or by {@code mpirun} runs across machines. Collective: every rank
     * calls it. The root gets the pool, with {@code size - 1} workers; every other rank runs the
     * tasks it is sent until the root closes the pool, then gets null, so that
     * <pre>{@code
     * try (Pool pool = Pool.ranks(world)) {
     *     if (pool != null) {                      // rank 0 only
     *         List<Long> counts = pool.map(Primes::count, ranges);
     *     }
     * }                                            // every rank goes on from here together
     * }</pre>
     * Tasks, their captured values and results are serialized (as for worker JVMs); each rank runs
     * one batch at a time; a failing task fails its future; a rank that dies ends the job, and the
     * root's waiting tasks fail with that failure. A communicator of one rank runs its tasks on one
     * thread.
     *
     * @param comm the communicator whose ranks run the tasks
     * @param root the rank that gets the pool
     * @return the pool on {@code root}; null on the other ranks, once the root has closed it
     */
    static Pool ranks(org.parallel4j.mpi.Comm comm, int root) {
        return PoolImpl.onRanks(comm, root);
    }

    /**
     * Configures a pool.
     *
     * @return a builder, for threads until told otherwise
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * The number of workers.
     *
     * @return the number of workers
     */
    int workers();

    /**
     * "threads", "virtual threads", "processes" or "ranks".
     *
     * @return the kind of the workers
     */
    String kind();

    /**
     * {@code f} applied to every input, in input order.
     *
     * @param <T> the type of the values
     * @param <R> the type of the results
     * @param f the function to apply to each input
     * @param inputs the inputs, one task each
     * @return the results in input order
     */
    <T, R> List<R> map(SerializableFunction<? super T, ? extends R> f, Iterable<? extends T> inputs);

    /**
     * {@code map} with chunking and progress options.
     *
     * @param <T> the type of the values
     * @param <R> the type of the results
     * @param f the function to apply to each input
     * @param inputs the inputs, one task each
     * @param options chunking, progress and batching options
     * @return the results in input order
     */
    <T, R> List<R> map(SerializableFunction<? super T, ? extends R> f, Iterable<? extends T> inputs, MapOptions options);

    /**
     * Results in input order, produced while the input is read lazily (a bounded number of tasks in flight).
     *
     * @param <T> the type of the values
     * @param <R> the type of the results
     * @param f the function to apply to each input
     * @param inputs the inputs, one task each
     * @return results in input order, produced while the input is read lazily (a bounded number of tasks in flight)
     */
    <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> f, Iterable<? extends T> inputs);

    /**
     * {@code imap} with options.
     *
     * @param <T> the type of the values
     * @param <R> the type of the results
     * @param f the function to apply to each input
     * @param inputs the inputs, one task each
     * @param options chunking, progress and batching options
     * @return the results in input order
     */
    <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> f, Iterable<? extends T> inputs, MapOptions options);

    /**
     * Results in completion order.
     *
     * @param <T> the type of the values
     * @param <R> the type of the results
     * @param f the function to apply to each input
     * @param inputs the inputs, one task each
     * @return results in completion order
     */
    <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> f, Iterable<? extends T> inputs);

    /**
     * {@code imapUnordered} with options.
     *
     * @param <T> the type of the values
     * @param <R> the type of the results
     * @param f the function to apply to each input
     * @param inputs the inputs, one task each
     * @param options chunking, progress and batching options
     * @return the results in completion order
     */
    <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> f, Iterable<? extends T> inputs, MapOptions options);

    /**
     * {@code f(a, b)} for every pair, in order (Python's {@code starmap}); pairs as {@code Map.entry(a, b)}.
     *
     * @param <A> the type of the first argument
     * @param <B> the type of the second argument
     * @param <R> the type of the results
     * @param f the function to apply to each input
     * @param args the pairs of arguments, as {@code Map.entry(a, b)}
     * @return the results, in input order
     */
    <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> f, Iterable<? extends Map.Entry<A, B>> args);

    /**
     * Runs {@code task} on a worker.
     *
     * @param <R> the type of the results
     * @param task the task to run
     * @return a future of its result
     */
    <R> CompletableFuture<R> submit(SerializableCallable<R> task);

    /**
     * Runs {@code f(arg)} on a worker and calls {@code onSuccess} or {@code onError} (Python's {@code apply_async}).
     *
     * @param <T> the type of the values
     * @param <R> the type of the results
     * @param f the function to apply to each input
     * @param arg the function's argument
     * @param onSuccess called with the result
     * @param onError called with the task's failure
     * @return a future of the result, as the callbacks see it
     */
    <T, R> CompletableFuture<R> applyAsync(SerializableFunction<? super T, ? extends R> f, T arg, Consumer<? super R> onSuccess,
                                           Consumer<? super Throwable> onError);

    /** Finishes the submitted work, then stops the workers (Python's {@code close()} then {@code join()}). */
    @Override
    void close();

    /** Stops the workers now; queued tasks fail with {@link java.util.concurrent.CancellationException}. */
    void terminate();

    /** How a pool is made. */
    final class Builder {
        private String kind = "threads";
        private int workers = Runtime.getRuntime().availableProcessors();
        private SerializableRunnable initializer;
        private int maxTasksPerChild;
        private Duration taskTimeout;
        private List<String> jvmOptions = List.of();
        private int retries;

        Builder() {
        }

        /**
         * Platform threads.
         *
         * @param n the number of workers (at least 1)
         * @return this builder
         */
        public Builder threads(int n) {
            this.kind = "threads";
            return workers(n);
        }

        /**
         * Virtual threads (for I/O-bound tasks).
         *
         * @param n the number of workers (at least 1)
         * @return this builder
         */
        public Builder virtualThreads(int n) {
            this.kind = "virtual";
            return workers(n);
        }

        /**
         * Worker JVMs.
         *
         * @param n the number of workers (at least 1)
         * @return this builder
         */
        public Builder processes(int n) {
            this.kind = "processes";
            return workers(n);
        }

        private Builder workers(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("a pool needs at least 1 worker, got " + n);
            }
            this.workers = n;
            return this;
        }

        /**
         * Run once in each worker before its first task, and again in every replacement worker.
         *
         * @param init run in each worker before its first task
         * @return this builder
         */
        public Builder initializer(SerializableRunnable init) {
            this.initializer = init;
            return this;
        }

        /**
         * Replace a worker after it has run this many tasks (0: never).
         *
         * @param n the number of workers (at least 1)
         * @return this builder
         */
        public Builder maxTasksPerChild(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxTasksPerChild " + n + " is negative");
            }
            this.maxTasksPerChild = n;
            return this;
        }

        /**
         * Fail a task that runs longer: its thread is interrupted, or its worker JVM killed and replaced.
         *
         * @param timeout how long to wait at most
         * @return this builder
         */
        public Builder taskTimeout(Duration timeout) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("task timeout " + timeout + " must be positive");
            }
            this.taskTimeout = timeout;
            return this;
        }

        /**
         * Options for worker JVMs, such as {@code -Xmx256m}.
         *
         * @param options chunking, progress and batching options
         * @return this builder
         */
        public Builder jvmOptions(String... options) {
            this.jvmOptions = List.of(options);
            return this;
        }

        /**
         * Rerun a task whose worker JVM died up to {@code n} times (for idempotent tasks); default 0.
         *
         * @param n the number of workers (at least 1)
         * @return this builder
         */
        public Builder retries(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("retries " + n + " is negative");
            }
            this.retries = n;
            return this;
        }

        /**
         * Starts the workers.
         *
         * @return the pool, its workers started
         */
        public Pool build() {
            long timeoutNanos = taskTimeout == null ? 0 : taskTimeout.toNanos();
            return PoolImpl.create(kind, workers, initializer, maxTasksPerChild, timeoutNanos, jvmOptions, retries);
        }
    }
}
