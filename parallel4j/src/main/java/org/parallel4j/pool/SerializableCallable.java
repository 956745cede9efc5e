package org.parallel4j.pool;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A task with a result that a pool can send to worker JVMs.
 *
 * @param <R> the type of the results
 */
@FunctionalInterface
public interface SerializableCallable<R> extends Callable<R>, Serializable {
}
