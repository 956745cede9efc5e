package org.parallel4j.pool;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code concurrent.futures}' helpers over any {@link Future}s, from any pool or executor:
 * {@link #asCompleted} yields futures as they finish (more may be added while iterating),
 * {@link #wait(Collection, ReturnWhen, Duration)} returns at the first completion, the first failure, or when all are done.
 * Futures that are not {@link CompletableFuture}s are watched by polling every millisecond.
 */
public final class Futures {
    private Futures() {
    }

    /**
     * The result of {@link #wait(Collection, ReturnWhen, Duration)}: the futures done and those not done when it returned.
     *
     * @param done the completed futures (successfully, exceptionally or cancelled)
     * @param notDone the rest
     * @param <T> the type of the values
     */
    public record Done<T>(Set<Future<T>> done, Set<Future<T>> notDone) {
    }

    /** Raised by a timed wait that ran out: names how many futures were still pending. */
    public static final class WaitTimeoutException extends PoolException {
        private static final long serialVersionUID = 1L;

        WaitTimeoutException(String message) {
            super(message, null, -1, null);
        }
    }

    /**
     * Waits as {@code when} says, at most {@code timeout} (null for no limit); never throws for a failed future.
     *
     * @param <T> the type of the values
     * @param futures the futures to watch
     * @param when when to return
     * @param timeout how long to wait at most
     * @return the futures done and those not done when it returned
     */
    public static <T> Done<T> wait(Collection<? extends Future<T>> futures, ReturnWhen when, Duration timeout) {
        CompletionSet<T> set = asCompleted(futures);
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        Set<Future<T>> done = new LinkedHashSet<>();
        while (done.size() < futures.size()) {
            long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Future<T> f = set.poll(left);
            if (f == null) {
                break;
            }
            done.add(f);
            if (when == ReturnWhen.FIRST_COMPLETED
                    || (when == ReturnWhen.FIRST_EXCEPTION && f.state() == Future.State.FAILED)) {
                break;
            }
        }
        Set<Future<T>> notDone = new LinkedHashSet<>(futures);
        notDone.removeAll(done);
        // Futures that completed while we returned are reported done too.
        for (Iterator<Future<T>> it = notDone.iterator(); it.hasNext(); ) {
            Future<T> f = it.next();
            if (f.isDone() && when == ReturnWhen.ALL_COMPLETED) {
                done.add(f);
                it.remove();
            }
        }
        return new Done<>(done, notDone);
    }

    /**
     * The futures in completion order; iterate, or {@link CompletionSet#add} more while iterating.
     *
     * @param <T> the type of the values
     * @param futures the futures to watch
     * @return the futures in completion order; iterate, or {@link CompletionSet#add} more while iterating
     */
    public static <T> CompletionSet<T> asCompleted(Collection<? extends Future<T>> futures) {
        CompletionSet<T> set = new CompletionSet<>(null);
        futures.forEach(set::add);
        return set;
    }

    /**
     * Like {@link #asCompleted(Collection)}, the iteration throwing {@link WaitTimeoutException} after {@code timeout}.
     *
     * @param <T> the type of the values
     * @param futures the futures to watch
     * @param timeout how long to wait at most
     * @return the futures in completion order, the iteration bounded by {@code timeout}
     */
    public static <T> CompletionSet<T> asCompleted(Collection<? extends Future<T>> futures, Duration timeout) {
        CompletionSet<T> set = new CompletionSet<>(timeout);
        futures.forEach(set::add);
        return set;
    }

    /**
     * Futures handed out as they complete. Thread-safe.
     *
     * @param <T> the type of the values
     */
    public static final class CompletionSet<T> implements Iterable<Future<T>> {
        private final LinkedBlockingQueue<Future<T>> completed = new LinkedBlockingQueue<>();
        private final long deadline;
        private int added;
        private int handedOut;

        CompletionSet(Duration timeout) {
            this.deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        }

        /**
         * Adds a future; it is handed out once it completes.
         *
         * @param f the function to apply
         */
        public synchronized void add(Future<T> f) {
            added++;
            if (f instanceof CompletableFuture<T> cf) {
                cf.whenComplete((v, e) -> completed.add(f));
            } else {
                Poller.watch(f, () -> completed.add(f));
            }
        }

        /**
         * The next completed future, waiting at most {@code nanos}; null when none completed in time or none is left.
         *
         * @param nanos how long to wait at most, in nanoseconds
         * @return the next completed future, waiting at most {@code nanos}; null when none completed in time or none is left
         */
        public Future<T> poll(long nanos) {
            synchronized (this) {
                if (handedOut == added) {
                    return null;
                }
            }
            try {
                Future<T> f = nanos == Long.MAX_VALUE ? completed.take() : completed.poll(nanos, TimeUnit.NANOSECONDS);
                if (f != null) {
                    synchronized (this) {
                        handedOut++;
                    }
                }
                return f;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PoolException("interrupted while waiting for a future", e, -1, null);
            }
        }

        @Override
        public Iterator<Future<T>> iterator() {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    synchronized (CompletionSet.this) {
                        return handedOut < added;
                    }
                }

                @Override
                public Future<T> next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                    Future<T> f = left <= 0 ? null : poll(left);
                    if (f == null) {
                        int pending;
                        synchronized (CompletionSet.this) {
                            pending = added - handedOut;
                        }
                        throw new WaitTimeoutException("asCompleted timed out: " + pending + " of " + added
                                + " futures still pending");
                    }
                    return f;
                }
            };
        }
    }

    /** Watches plain futures: one daemon thread polls them every millisecond. */
    private static final class Poller {
        private static final java.util.concurrent.ConcurrentLinkedQueue<Object[]> WATCHED = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private static volatile Thread thread;

        static synchronized void watch(Future<?> f, Runnable onDone) {
            WATCHED.add(new Object[] {f, onDone});
            if (thread == null) {
                thread = Thread.ofPlatform().daemon().name("p4j-futures-poller").start(Poller::loop);
            }
        }

        private static void loop() {
            while (true) {
                for (Iterator<Object[]> it = WATCHED.iterator(); it.hasNext(); ) {
                    Object[] w = it.next();
                    if (((Future<?>) w[0]).isDone()) {
                        it.remove();
                        ((Runnable) w[1]).run();
                    }
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
            }
        }
    }
}
