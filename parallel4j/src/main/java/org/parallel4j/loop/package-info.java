/**
 * Parallel loops on a persistent thread team: Cython's {@code prange} and OpenMP for Java.
 *
 * <ul>
 *   <li>{@link org.parallel4j.loop.Parallel#range} / {@link org.parallel4j.loop.Team#range}:
 *   parallel for over {@code int} or {@code long} ranges, with OpenMP's schedules
 *   ({@link org.parallel4j.loop.Schedule}), bodies per index or per chunk, and reductions
 *   without boxing, optionally deterministic.</li>
 *   <li>{@link org.parallel4j.loop.Team#region}: parallel regions with barrier, single,
 *   master, critical, ordered, worksharing loops (with or without {@code nowait}) and
 *   reductions ({@link org.parallel4j.loop.Region}).</li>
 *   <li>{@link org.parallel4j.loop.Atomic}: atomic updates of array elements.</li>
 * </ul>
 *
 * Team size: {@code P4J_NUM_THREADS}, then {@code OMP_NUM_THREADS}, then the cores (divided
 * among the ranks inside a thread-engine job). Schedule of {@code Schedule.runtime()}:
 * {@code P4J_SCHEDULE}, then {@code OMP_SCHEDULE}. Wait policy: {@code P4J_WAIT_POLICY}, then
 * {@code OMP_WAIT_POLICY}.
 */
package org.parallel4j.loop;
