package org.parallel4j.pool.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The thread pool's queue of batches: lock-free to add to and to take from, with workers
 * that spin briefly for the next batch and then park.
 *
 * <p>Implementation note: a put never takes a lock and wakes a worker only when one is
 * parked (a park and wake costs microseconds; a tiny task well under one). A worker about to
 * park first publishes itself in {@code parked}, then looks at the queue once more; a put
 * adds its batch, then looks at {@code parked}: both are volatile, so one of the two always
 * sees the other and no batch waits for a worker that sleeps. Parks are bounded (50 ms), so
 * a worker also notices shutdown without being woken. How long a worker spins adapts as
 * the loop teams' waits do: halved when a spin ends without work (more threads than free
 * cores: spinning only takes a core from the thread that would give it work), grown back
 * when spinning finds work.
 *
 * <p>A burst of batches (a map's) goes in as one {@link Bundle}: one queue entry whose
 * batches the workers claim one at a time with an atomic counter, in order, so the submitting
 * thread pays one queue insertion per bundle instead of one per batch, and the workers do not
 * fight it for the queue's ends batch after batch (measured: a map of 20000 one-item batches
 * spent most of its time in the queue's insertion).
 */
final class WorkQueue {
    /** Longest spin, in {@code onSpinWait} iterations (roughly 10 to 40 microseconds). */
    static final int MAX_SPINS = 1 << 10;
    static final int MIN_SPINS = 16;
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** {@link Batch}es and {@link Bundle}s, in submission order. */
    private final ConcurrentLinkedQueue<Object> batches = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedDeque<Thread> parked = new ConcurrentLinkedDeque<>();
    /** Racy on purpose: a lost update only makes one spin longer or shorter. */
    private int spins = MAX_SPINS;

    /** Adds a batch and wakes a parked worker if there is one. */
    void put(Batch b) {
        batches.offer(b);
        wake(1);
    }

    /** Adds {@code n} batches as one entry (one batch alone as itself) and wakes up to {@code n} parked workers. */
    void putAll(Batch[] bs, int n) {
        if (n == 1) {
            put(bs[0]);
            return;
        }
        batches.offer(new Bundle(java.util.Arrays.copyOf(bs, n), n)); // the caller may reuse its array
        wake(n);
    }

    private void wake(int n) {
        for (int i = 0; i < n && !parked.isEmpty(); i++) {
            Thread t = parked.pollFirst();
            if (t == null) {
                return;
            }
            LockSupport.unpark(t);
        }
    }

    /**
     * Batches submitted together, claimed in order by whichever worker comes: the last claim
     * takes the bundle off the queue.
     */
    private static final class Bundle {
        private static final VarHandle NEXT;

        static {
            try {
                NEXT = MethodHandles.lookup().findVarHandle(Bundle.class, "next", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Batch[] batches;
        final int size;
        @SuppressWarnings("unused") // through NEXT
        private volatile int next;

        Bundle(Batch[] batches, int size) {
            this.batches = batches;
            this.size = size;
        }

        /** The index of the next unclaimed batch, claimed; {@code size} or more when none is left. */
        int claim() {
            return (int) NEXT.getAndAdd(this, 1);
        }
    }

    /** A batch if one is queued, else null at once. */
    Batch poll() {
        while (true) {
            Object head = batches.peek();
            if (head == null) {
                return null;
            }
            if (head instanceof Bundle u) {
                int i = u.claim();
                if (i >= u.size - 1) {
                    batches.remove(u); // exhausted: whoever sees it first unlinks it
                }
                if (i < u.size) {
                    return u.batches[i];
                }
            } else if (batches.remove(head)) { // exactly one taker unlinks it
                return (Batch) head;
            }
        }
    }

    boolean isEmpty() {
        return batches.isEmpty();
    }

    /**
     * The next batch: spins, then parks; null after about 50 ms with nothing queued (the
     * caller checks for shutdown and calls again) or when interrupted (the flag stays set).
     */
    Batch take() {
        Batch b = poll();
        if (b != null) {
            return b;
        }
        int budget = spins;
        for (int i = 0; i < budget; i++) {
            Thread.onSpinWait();
            if ((i & 7) == 7 && (b = poll()) != null) {
                spins = Math.min(MAX_SPINS, budget + (budget >> 3) + 1);
                return b;
            }
        }
        spins = Math.max(MIN_SPINS, budget >> 1);
        Thread me = Thread.currentThread();
        parked.addFirst(me);
        try {
            if ((b = poll()) != null) {
                return b;
            }
            if (!me.isInterrupted()) {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
            return poll();
        } finally {
            parked.removeFirstOccurrence(me);
        }
    }

    /** Wakes every parked worker (shutdown). */
    void wakeAll() {
        for (Thread t : parked) {
            LockSupport.unpark(t);
        }
    }
}
