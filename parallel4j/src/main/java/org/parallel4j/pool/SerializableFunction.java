package org.parallel4j.pool;

import java.io.Serializable;
import java.util.function.Function;

/** A function a pool can send to worker JVMs: a lambda whose target type is this is serializable. */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {
}
