package org.parallel4j.pool;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.parallel4j.pool.internal.WorkerChannel;

/**
 * A queue between this JVM and its {@link WorkerProcess}es, as {@code multiprocessing.Queue}:
 * create it in the parent, capture it in a worker's body, and {@link #put}/{@link #get} from
 * either side. The queue lives in the parent; a worker's calls travel over its pipes (no
 * network port is opened). Values are serialized on the way. Use it from a worker's main
 * thread (one call at a time).
 *
 * @param <T> the element type
 */
public final class ProcessQueue<T> implements Serializable, AutoCloseable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final AtomicLong IDS = new AtomicLong();
    private static final ConcurrentHashMap<Long, LinkedBlockingQueue<Object>> QUEUES = new ConcurrentHashMap<>();

    /** The queue's id in the parent JVM: all a worker needs to reach it. */
    private final long id;

    private ProcessQueue(long id) {
        this.id = id;
    }

    /** A new, empty, unbounded queue. */
    public static <T> ProcessQueue<T> create() {
        long id = IDS.incrementAndGet();
        QUEUES.put(id, new LinkedBlockingQueue<>());
        return new ProcessQueue<>(id);
    }

    /** Appends {@code value}. */
    public void put(T value) {
        if (WorkerChannel.inWorker()) {
            WorkerChannel.put(id, value);
        } else {
            local().add(value == null ? NullValue.INSTANCE : value);
        }
    }

    /** Takes the next value, waiting as long as it takes. */
    public T get() {
        T v = get(null);
        return v;
    }

    /** Takes the next value, waiting at most {@code timeout} (null: no limit); throws {@link PoolException} when it runs out. */
    @SuppressWarnings("unchecked")
    public T get(Duration timeout) {
        long nanos = timeout == null ? -1 : timeout.toNanos();
        Object v;
        if (WorkerChannel.inWorker()) {
            Object[] reply = WorkerChannel.get(id, nanos);
            if (!(Boolean) reply[0]) {
                throw new PoolException("ProcessQueue.get timed out after " + timeout, null, -1, null);
            }
            v = reply[1];
        } else {
            v = takeLocal(id, nanos);
            if (v == null) {
                throw new PoolException("ProcessQueue.get timed out after " + timeout, null, -1, null);
            }
            v = v == NullValue.INSTANCE ? null : v;
        }
        return (T) v;
    }

    private LinkedBlockingQueue<Object> local() {
        LinkedBlockingQueue<Object> q = QUEUES.get(id);
        if (q == null) {
            throw new PoolException("ProcessQueue " + id + " was closed", null, -1, null);
        }
        return q;
    }

    /** Parent side of a worker's get: the value (NullValue for null), or null on timeout. Used by the pool engine. */
    public static Object takeLocal(long id, long nanos) {
        LinkedBlockingQueue<Object> q = QUEUES.get(id);
        if (q == null) {
            throw new PoolException("ProcessQueue " + id + " was closed", null, -1, null);
        }
        try {
            return nanos < 0 ? q.take() : q.poll(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PoolException("interrupted while waiting on a queue", e, -1, null);
        }
    }

    /** Parent side of a worker's put. Used by the pool engine. */
    public static void putLocal(long id, Object value) {
        LinkedBlockingQueue<Object> q = QUEUES.get(id);
        if (q == null) {
            throw new PoolException("ProcessQueue " + id + " was closed", null, -1, null);
        }
        q.add(value == null ? NullValue.INSTANCE : value);
    }

    /** Unwraps what {@link #takeLocal} returns. Used by the pool engine. */
    public static Object unwrap(Object v) {
        return v == NullValue.INSTANCE ? null : v;
    }

    /** The number of values waiting (in the parent). */
    public int size() {
        return local().size();
    }

    /** Forgets the queue; later calls fail. */
    @Override
    public void close() {
        QUEUES.remove(id);
    }

    private enum NullValue {
        INSTANCE
    }
}
