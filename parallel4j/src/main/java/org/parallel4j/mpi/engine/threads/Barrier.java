package org.parallel4j.mpi.engine.threads;

import org.parallel4j.internal.DisseminationFlags;
import org.parallel4j.mpi.internal.Datatype;

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

    /** Bytes of data an arrival can carry ({@link #awaitCarrying}). */
    static final int CARRIED_BYTES = DisseminationFlags.CARRIED_LONGS * Long.BYTES;

    /**
     * Arrives and waits for the others; {@code what} describes the collective for reports.
     * {@code fingerprint} travels with the arrival in the same cache line. Returns this
     * barrier's epoch.
     */
    long await(RankContext me, int rank, CommShared comm, String what, long sequence, long fingerprint) {
        return awaitCarrying(me, rank, comm, what, sequence, fingerprint, null, null, 0, 0);
    }

    /**
     * Whether {@code count} elements of {@code t} fit in an arrival: a primitive array of at
     * most {@link #CARRIED_BYTES} bytes.
     */
    static boolean canCarry(Datatype t, int count) {
        return t != null && t != Datatype.SEGMENT && t != Datatype.OBJECT && (long) count * t.size <= CARRIED_BYTES;
    }

    /**
     * As {@link #await}, carrying {@code count} elements of {@code data} from {@code offset}
     * (when {@code data} is not null; see {@link #canCarry}) in the line of the arrival, where
     * {@link #carried} reads them after the barrier.
     */
    long awaitCarrying(RankContext me, int rank, CommShared comm, String what, long sequence, long fingerprint,
                       Object data, Datatype t, int offset, int count) {
        long epoch = flags.nextEpoch(rank);
        flags.publish(rank, epoch, fingerprint);
        if (data != null) {
            for (int i = 0, words = words(t, count); i < words; i++) {
                flags.carry(rank, epoch, i, InlineData.word(data, t, offset, count, i));
            }
        }
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
     * Copies the {@code count} elements of {@code t} that {@code rank} carried with its
     * arrival at barrier {@code epoch} into {@code into} from {@code offset}. Call after
     * passing that barrier and before arriving at the next one.
     */
    void carried(int rank, long epoch, Datatype t, int count, Object into, int offset) {
        for (int w = 0, words = words(t, count); w < words; w++) {
            InlineData.unpackWord(flags.carried(rank, epoch, w), w, into, t, offset, count);
        }
    }

    /** The longs {@code count} elements of {@code t} take when packed. */
    private static int words(Datatype t, int count) {
        return (count * t.size + Long.BYTES - 1) / Long.BYTES;
    }

    /**
     * The fingerprint {@code rank} arrived with at barrier {@code epoch}. Call after passing
     * that barrier and before arriving at the next one.
     */
    long fingerprint(int rank, long epoch) {
        return flags.published(rank, epoch);
    }

    /** Padding before a {@link Wait}'s fields. */
    abstract static class WaitPadBefore {
        int p0;
        long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p0a, p0b, p0c, p0d, p0e, p0f;
    }

    /** A wait's fields, written by its rank each time it waits. */
    abstract static class WaitFields extends WaitPadBefore {
        DisseminationFlags flags;
        int round;
        long epoch;
        int rank;
        CommShared comm;
        String what;
        long sequence;
    }

    /**
     * A rank's wait for one round; reused, one per rank, and padded (128 bytes on each side):
     * its rank writes it whenever it has to wait, and the waits of a job's ranks are allocated
     * one after the other.
     */
    static final class Wait extends WaitFields implements Waitable {
        long p10, p11, p12, p13, p14, p15, p16, p17, p18, p19, p1a, p1b, p1c, p1d, p1e, p1f;

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
