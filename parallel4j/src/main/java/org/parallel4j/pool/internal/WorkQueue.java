package org.parallel4j.pool.internal;

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
 */
final class WorkQueue {
    /** Longest spin, in {@code onSpinWait} iterations (roughly 10 to 40 microseconds). */
    static final int MAX_SPINS = 1 << 10;
    static final int MIN_SPINS = 16;
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ConcurrentLinkedQueue<Batch> batches = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedDeque<Thread> parked = new ConcurrentLinkedDeque<>();
    /** Racy on purpose: a lost update only makes one spin longer or shorter. */
    private int spins = MAX_SPINS;

    /** Adds a batch and wakes a parked worker if there is one. */
    void put(Batch b) {
        batches.offer(b);
        if (!parked.isEmpty()) {
            Thread t = parked.pollFirst();
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /** A batch if one is queued, else null at once. */
    Batch poll() {
        return batches.poll();
    }

    boolean isEmpty() {
        return batches.isEmpty();
    }

    /**
     * The next batch: spins, then parks; null after about 50 ms with nothing queued (the
     * caller checks for shutdown and calls again) or when interrupted (the flag stays set).
     */
    Batch take() {
        Batch b = batches.poll();
        if (b != null) {
            return b;
        }
        int budget = spins;
        for (int i = 0; i < budget; i++) {
            Thread.onSpinWait();
            if ((i & 7) == 7 && (b = batches.poll()) != null) {
                spins = Math.min(MAX_SPINS, budget + (budget >> 3) + 1);
                return b;
            }
        }
        spins = Math.max(MIN_SPINS, budget >> 1);
        Thread me = Thread.currentThread();
        parked.addFirst(me);
        try {
            if ((b = batches.poll()) != null) {
                return b;
            }
            if (!me.isInterrupted()) {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
            return batches.poll();
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
