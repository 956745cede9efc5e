package org.parallel4j.pool;

import java.io.Serializable;
import java.util.function.BiFunction;

/**
 * A two-argument function a pool can send to worker JVMs ({@link Pool#starmap}).
 *
 * @param <A> the type of the first argument
 * @param <B> the type of the second argument
 * @param <R> the type of the results
 */
@FunctionalInterface
public interface SerializableBiFunction<A, B, R> extends BiFunction<A, B, R>, Serializable {
}
