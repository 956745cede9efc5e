package org.parallel4j.pool;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import org.parallel4j.pool.internal.QueueStore;
import org.parallel4j.pool.internal.WorkerChannel;

/**
 * A queue between this JVM and its {@link WorkerProcess}es, as {@code multiprocessing.Queue}:
 * create it in the parent, capture it in a worker's body, and {@link #put}/{@link #get} from
 * either side. The queue lives in the parent; a worker's calls travel over its pipes (no
 * network port is opened). Values are serialized on the way. It works from a
 * {@link WorkerProcess} body and from a pool task on worker JVMs (one call at a time per
 * worker); a value taken for a worker that dies before it receives it stays in the queue.
 *
 * @param <T> the element type
 */
public final class ProcessQueue<T> implements Serializable, AutoCloseable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The queue's id in the parent JVM: all a worker needs to reach it. */
    private final long id;

    private ProcessQueue(long id) {
        this.id = id;
    }

    /**
     * A new, empty, unbounded queue.
     *
     * @param <T> the type of the values
     * @return a new, empty, unbounded queue
     */
    public static <T> ProcessQueue<T> create() {
        return new ProcessQueue<>(QueueStore.create());
    }

    /**
     * Appends {@code value}.
     *
     * @param value the item to add
     */
    public void put(T value) {
        if (WorkerChannel.inWorker()) {
            WorkerChannel.put(id, value);
        } else {
            QueueStore.put(id, value);
        }
    }

    /**
     * Takes the next value, waiting as long as it takes.
     *
     * @return the value taken
     */
    public T get() {
        return get(null);
    }

    /**
     * Takes the next value, waiting at most {@code timeout} (null: no limit); throws {@link PoolException} when it runs out.
     *
     * @param timeout how long to wait at most
     * @return the value taken
     */
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
            Object stored = QueueStore.take(id, nanos);
            if (stored == null) {
                throw new PoolException("ProcessQueue.get timed out after " + timeout, null, -1, null);
            }
            v = QueueStore.unwrap(stored);
        }
        return (T) v;
    }

    /**
     * The number of values waiting (in the parent).
     *
     * @return the number of values waiting (in the parent)
     */
    public int size() {
        return QueueStore.size(id);
    }

    /** Forgets the queue; later calls fail. */
    @Override
    public void close() {
        QueueStore.close(id);
    }
}
