/**
 * Task pools and futures: Python's {@code multiprocessing} and {@code concurrent.futures} for
 * Java. {@link org.parallel4j.pool.Pool} runs tasks on threads or worker JVMs;
 * {@link org.parallel4j.pool.Futures} waits on any futures; {@link org.parallel4j.pool.WorkerProcess},
 * {@link org.parallel4j.pool.ProcessQueue}, {@link org.parallel4j.pool.SharedDoubleArray} and
 * {@link org.parallel4j.pool.SharedIntArray} are the building blocks that cross JVMs.
 */
package org.parallel4j.pool;
