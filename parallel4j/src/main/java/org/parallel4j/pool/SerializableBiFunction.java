package org.parallel4j.pool;

import java.io.Serializable;
import java.util.function.BiFunction;

/** A two-argument function a pool can send to worker JVMs ({@link Pool#starmap}). */
@FunctionalInterface
public interface SerializableBiFunction<A, B, R> extends BiFunction<A, B, R>, Serializable {
}
