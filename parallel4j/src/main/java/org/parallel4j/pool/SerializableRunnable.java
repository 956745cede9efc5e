package org.parallel4j.pool;

import java.io.Serializable;

/** Code a worker JVM can run: a pool initializer, or the body of a {@link WorkerProcess}. */
@FunctionalInterface
public interface SerializableRunnable extends Runnable, Serializable {
}
