package org.parallel4j.mpi;

import java.util.concurrent.TimeUnit;

/**
 * A nonblocking object-tier receive ({@link Comm#irecvObject(int, int)}): waiting yields the
 * object.
 *
 * @param <T> the type the receiver expects
 */
public interface ObjectRequest<T> extends Request {
    /**
     * Waits for the message and returns the object.
     *
     * @return the object
     */
    T get();

    /**
     * Waits at most the timeout for the object; throws {@link ErrorClass#TIMEOUT} when it runs out.
     *
     * @param timeout how long to wait at most
     * @param unit the unit of {@code timeout}
     * @return the object received
     */
    T get(long timeout, TimeUnit unit);
}
