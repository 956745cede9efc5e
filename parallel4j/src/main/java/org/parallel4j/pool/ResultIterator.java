package org.parallel4j.pool;

import java.util.Iterator;

/**
 * The results of {@link Pool#imap} or {@link Pool#imapUnordered}, produced while the input is
 * still being read. {@code next()} throws the {@link PoolException} of a failed task in its
 * place; the iteration can go on past it to the remaining results. Closing stops reading the
 * input and cancels what is queued.
 *
 * @param <R> the type of the results
 */
public interface ResultIterator<R> extends Iterator<R>, AutoCloseable {
    /** Stops the map: no more input is read, queued batches are dropped. */
    @Override
    void close();
}
