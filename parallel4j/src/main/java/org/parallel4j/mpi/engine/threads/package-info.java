/**
 * The thread engine: every rank is a thread in one JVM. Not exported.
 *
 * <h2>How it works</h2>
 * <ul>
 *   <li>{@link org.parallel4j.mpi.engine.threads.Job} is one launch: its ranks, its failure
 *   state and a watchdog that detects deadlock and enforces the job timeout.</li>
 *   <li>Point-to-point: each rank owns a {@link org.parallel4j.mpi.engine.threads.Mailbox}
 *   with posted receives and unexpected messages, matched under one lock in MPI order.
 *   A send that finds its receive posted copies straight into the receiver's buffer; a
 *   small unmatched message is copied once into a pooled envelope; a large one waits
 *   (rendezvous) until the receive copies it straight out of the sender's buffer.</li>
 *   <li>Collectives run on a {@link org.parallel4j.mpi.engine.threads.CollectiveBoard}
 *   shared by the ranks of a communicator: each rank publishes its buffers, a barrier
 *   makes them visible, and every rank copies or reduces its share directly from the
 *   others' buffers, never through point-to-point messages.</li>
 *   <li>Every wait spins briefly, then parks (see {@link org.parallel4j.mpi.engine.threads.Waiting});
 *   a parked rank is visible to the deadlock detector.</li>
 * </ul>
 */
package org.parallel4j.mpi.engine.threads;
