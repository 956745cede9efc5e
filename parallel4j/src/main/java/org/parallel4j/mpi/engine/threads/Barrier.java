package org.parallel4j.mpi.engine.threads;

import org.parallel4j.internal.DisseminationFlags;

/**
 * The barrier of a communicator's ranks: a dissemination barrier ({@link DisseminationFlags})
 * whose waits go through {@link Waiting}, so a rank blocked here is visible to the deadlock
 * detector and leaves when the job fails. A barrier of two ranks costs one cache-line
 * transfer each way; each arrival also carries a fingerprint of the rank's collective call,
 * read by {@link #fingerprint(int, long)} for mismatch detection.
 */
final class Barrier {
    private final DisseminationFlags flags;

    Barrier(int size) {
        this.flags = new DisseminationFlags(size);
    }

    /**
     * Arrives and waits for the others; {@code what} describes the collective for reports.
     * {@code fingerprint} travels with the arrival in the same cache line. Returns this
     * barrier's epoch.
     */
    long await(RankContext me, int rank, CommShared comm, String what, long sequence, long fingerprint) {
        long epoch = flags.nextEpoch(rank);
        flags.publish(rank, fingerprint);
        Wait w = null;
        for (int k = 0; k < flags.rounds(); k++) {
            flags.raise(rank, k, epoch);
            if (!flags.arrived(rank, k, epoch)) {
                if (w == null) {
                    w = me.barrierWait();
                }
                w.flags = flags;
                w.round = k;
                w.epoch = epoch;
                w.rank = rank;
                w.comm = comm;
                w.what = what;
                w.sequence = sequence;
                Waiting.await(me, w, 0);
            }
        }
        return epoch;
    }

    /**
     * The fingerprint {@code rank} arrived with at barrier {@code epoch}, or
     * {@link Long#MIN_VALUE} when that rank has since moved on to a later barrier (the
     * caller then compares the full descriptors). Call only after passing that barrier.
     */
    long fingerprint(int rank, long epoch) {
        return flags.published(rank, epoch);
    }

    /** A rank's wait for one round; reused, one per rank. */
    static final class Wait implements Waitable {
        DisseminationFlags flags;
        int round;
        long epoch;
        int rank;
        CommShared comm;
        String what;
        long sequence;

        @Override
        public boolean isDone() {
            return flags.arrived(rank, round, epoch);
        }

        @Override
        public void setParkedWaiter(Thread thread) {
            flags.parked(rank, thread);
        }

        @Override
        public String describe() {
            return what + " (collective #" + sequence + ") on " + comm.name + ", waiting for rank "
                    + flags.awaited(rank, round) + " to arrive";
        }
    }
}
