package org.parallel4j.pool.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.parallel4j.pool.PoolException;

/**
 * Where the values of every {@code ProcessQueue} live: in the parent JVM, by queue id. A
 * worker's put and get arrive here over its socket; a value taken for a worker that died
 * before the reply reached it goes back to the front ({@link #putBack}), so nothing is lost.
 */
public final class QueueStore {
    private static final AtomicLong IDS = new AtomicLong();
    private static final ConcurrentHashMap<Long, LinkedBlockingDeque<Object>> QUEUES = new ConcurrentHashMap<>();

    private QueueStore() {
    }

    /** A new queue's id. */
    public static long create() {
        long id = IDS.incrementAndGet();
        QUEUES.put(id, new LinkedBlockingDeque<>());
        return id;
    }

    private static LinkedBlockingDeque<Object> queue(long id) {
        LinkedBlockingDeque<Object> q = QUEUES.get(id);
        if (q == null) {
            throw new PoolException("ProcessQueue " + id + " was closed (or belongs to another JVM)", null, -1, null);
        }
        return q;
    }

    /** Appends {@code value} (null allowed). */
    public static void put(long id, Object value) {
        queue(id).add(value == null ? NullValue.INSTANCE : value);
    }

    /** Puts a taken value back at the front: its taker could not receive it. */
    static void putBack(long id, Object taken) {
        LinkedBlockingDeque<Object> q = QUEUES.get(id);
        if (q != null) {
            q.addFirst(taken);
        }
    }

    /** The next value as stored (see {@link #unwrap}), waiting at most {@code nanos} (negative: no limit); null on timeout. */
    public static Object take(long id, long nanos) {
        LinkedBlockingDeque<Object> q = queue(id);
        try {
            return nanos < 0 ? q.take() : q.poll(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PoolException("interrupted while waiting on ProcessQueue " + id, e, -1, null);
        }
    }

    /** The user's value of a stored one. */
    public static Object unwrap(Object stored) {
        return stored == NullValue.INSTANCE ? null : stored;
    }

    /** Values waiting. */
    public static int size(long id) {
        return queue(id).size();
    }

    /** Forgets the queue. */
    public static void close(long id) {
        QUEUES.remove(id);
    }

    private enum NullValue {
        INSTANCE
    }
}
