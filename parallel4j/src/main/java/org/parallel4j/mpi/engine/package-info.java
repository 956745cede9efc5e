/**
 * The engine seam of message passing (not exported): an {@link org.parallel4j.mpi.engine.EngineProvider}
 * per way of running ranks (threads of this JVM; the system's MPI library), listed and probed
 * without starting anything, and {@link org.parallel4j.mpi.engine.Engines}, the one place that
 * chooses the engine: an explicit choice ({@code -Dp4j.engine} or {@code P4J_ENGINE}), else
 * the engine whose launcher started this process, else threads. {@code Mpi}'s static methods,
 * {@code Request}'s helpers, the command line's {@code --engine} and {@code info} and the
 * benchmarks' implementation name all go through it. Each engine lives in a subpackage.
 */
package org.parallel4j.mpi.engine;
