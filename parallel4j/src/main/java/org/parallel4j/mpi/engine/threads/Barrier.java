package org.parallel4j.mpi.engine.threads;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A dissemination barrier for the ranks of one communicator.
 *
 * <p>Implementation note: in round {@code k} (of {@code ceil(log2 n)}) rank {@code r} raises
 * its flag for that round to the barrier's epoch, then waits until the flag of rank
 * {@code r - 2^k} reaches it. After the last round every rank has heard, directly or through
 * others, from every rank, and each raise (release) and observation (acquire) carries what
 * the raiser wrote before: everything written before the barrier is visible after it. Each
 * rank writes only its own flags, each on its own cache line, and reads one other rank's per
 * round, so a barrier of two ranks costs one cache-line transfer each way instead of the
 * three or four of a shared counter. Epochs count barriers per rank; every rank of a
 * communicator passes the same barriers in the same order, so their epochs agree.
 */
final class Barrier {
    /** Longs between two flags: 128 bytes, so no two flags share a cache line (or a prefetched pair). */
    private static final int STRIDE = 16;
    private static final VarHandle FLAGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final int size;
    private final int rounds;
    private final long[] flags;
    private final long[] epochs;
    private final AtomicReferenceArray<Thread> parked;

    Barrier(int size) {
        this.size = size;
        this.rounds = size == 1 ? 0 : 32 - Integer.numberOfLeadingZeros(size - 1);
        this.flags = new long[(size * Math.max(rounds, 1) + 1) * STRIDE];
        this.epochs = new long[size * STRIDE];
        this.parked = new AtomicReferenceArray<>(size * STRIDE);
    }

    private int flagIndex(int rank, int round) {
        return (rank * rounds + round + 1) * STRIDE;
    }

    /**
     * Arrives and waits for the others; {@code what} describes the collective for reports.
     * {@code fingerprint} travels with the arrival in the same cache line (see
     * {@link #fingerprint(int, long)}). Returns this barrier's epoch.
     */
    long await(RankContext me, int rank, CommShared comm, String what, long sequence, long fingerprint) {
        long epoch = ++epochs[rank * STRIDE];
        Wait w = me.barrierWait;
        if (rounds > 0) {
            flags[flagIndex(rank, 0) + 1] = fingerprint;
        }
        for (int k = 0; k < rounds; k++) {
            FLAGS.setRelease(flags, flagIndex(rank, k), epoch);
            int to = (rank + (1 << k)) % size;
            Thread t = parked.get(to * STRIDE);
            if (t != null) {
                LockSupport.unpark(t);
            }
            int from = (rank - (1 << k) + size) % size;
            int index = flagIndex(from, k);
            if ((long) FLAGS.getAcquire(flags, index) < epoch) {
                w.barrier = this;
                w.index = index;
                w.epoch = epoch;
                w.rank = rank;
                w.from = from;
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
        int index = flagIndex(rank, 0);
        long before = (long) FLAGS.getAcquire(flags, index);
        long value = (long) FLAGS.getAcquire(flags, index + 1);
        long after = (long) FLAGS.getAcquire(flags, index);
        return before == epoch && after == epoch ? value : Long.MIN_VALUE;
    }

    /** A rank's wait for one round; reused, one per rank. */
    static final class Wait implements Waitable {
        Barrier barrier;
        int index;
        long epoch;
        int rank;
        int from;
        CommShared comm;
        String what;
        long sequence;

        @Override
        public boolean isDone() {
            return (long) FLAGS.getAcquire(barrier.flags, index) >= epoch;
        }

        @Override
        public void setParkedWaiter(Thread thread) {
            barrier.parked.set(rank * STRIDE, thread);
        }

        @Override
        public String describe() {
            return what + " (collective #" + sequence + ") on " + comm.name + ", waiting for rank " + from
                    + " to arrive";
        }
    }
}
