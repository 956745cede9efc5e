package org.parallel4j.pool;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A function a pool can send to worker JVMs: a lambda whose target type is this is serializable.
 *
 * @param <T> the type of the values
 * @param <R> the type of the results
 */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {
}
