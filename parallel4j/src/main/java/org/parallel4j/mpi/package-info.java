/**
 * Message passing for Java, modelled on mpi4py and the MPI standard.
 *
 * <h2>Start here</h2>
 * <pre>{@code
 * Mpi.run(4, world -> {
 *     double[] x = {world.rank()};
 *     double[] sum = new double[1];
 *     world.allreduce(x, sum, Op.SUM);
 * });
 * }</pre>
 * A {@code main} method started by {@code p4j run -n 4 Main} gets its communicator from
 * {@link org.parallel4j.mpi.Mpi#world()}.
 *
 * <h2>Two tiers</h2>
 * <ul>
 *   <li><b>Buffer tier</b> ({@code send}, {@code recv}, {@code bcast}, {@code allreduce}, ...):
 *   a buffer is any primitive array ({@code byte[]} to {@code double[]}, and {@code boolean[]})
 *   or a {@link java.lang.foreign.MemorySegment} (counted in bytes). Data is copied once,
 *   straight into the receiver's buffer; nothing is allocated per message on the fast path.
 *   The buffer parameter is typed {@code Object}, as in mpi4py's buffer protocol and the
 *   Open MPI Java bindings: one method per operation instead of eight typed overloads of
 *   each; the element type is checked at run time and a mismatch names both types.</li>
 *   <li><b>Object tier</b> ({@code sendObject}, {@code recvObject}, {@code bcastObject}, ...):
 *   any {@link java.io.Serializable} value, records included, copied through an
 *   {@link org.parallel4j.mpi.ObjectCodec}.</li>
 * </ul>
 *
 * <h2>One-sided communication and files</h2>
 * {@link org.parallel4j.mpi.Win} (made by {@code comm.winCreate}, {@code winAllocate},
 * {@code winAllocateShared}) is MPI's window: {@code put}, {@code get}, the accumulates and
 * atomics, in fence, post/start/complete/wait and lock epochs. {@link org.parallel4j.mpi.MpiFile}
 * (made by {@code comm.fileOpen}) is MPI-IO: every rank's part of one file through a view of a
 * {@link org.parallel4j.mpi.Filetype}, at explicit offsets or file pointers.
 *
 * <h2>Topologies and dynamic processes</h2>
 * {@link org.parallel4j.mpi.CartComm} (from {@code createCart}) numbers a grid of ranks; the
 * graph topologies ({@code createGraph}, {@code createDistGraphAdjacent},
 * {@code createDistGraph}, described by {@link org.parallel4j.mpi.Topology}) feed the neighbour
 * collectives. {@code comm.spawn} starts new ranks and returns an
 * {@link org.parallel4j.mpi.Intercomm} to them; {@link org.parallel4j.mpi.Mpi#parent()} is its
 * other side in the new ranks.
 *
 * <h2>Naming</h2>
 * Names follow the standard with regular affixes: {@code send}/{@code isend}/{@code sendInit},
 * {@code allreduce}/{@code iallreduce}, and {@code ...Object} for the object tier.
 *
 * <h2>Errors</h2>
 * Every error is an {@link org.parallel4j.mpi.MpiException} carrying an
 * {@link org.parallel4j.mpi.ErrorClass}, and its message names the values involved.
 */
package org.parallel4j.mpi;
