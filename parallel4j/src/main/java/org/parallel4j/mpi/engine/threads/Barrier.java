package org.parallel4j.mpi.engine.threads;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A centralized counting barrier for the ranks of one communicator.
 *
 * <p>Implementation note: arrivals increment {@code arrived}; the last one resets it, then
 * advances {@code generation} (volatile write: everything each rank wrote before arriving is
 * visible to every rank that sees the new generation), then unparks the ranks that parked.
 * The reset is ordered before the advance, so a rank that passes and arrives at the next
 * barrier counts towards the next generation.
 */
final class Barrier {
    private final int size;
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile int generation;
    private final AtomicReferenceArray<Thread> parked;

    Barrier(int size) {
        this.size = size;
        this.parked = new AtomicReferenceArray<>(size);
    }

    /** Arrives and waits for the others; {@code what} describes the collective for reports. */
    void await(RankContext me, int rank, CommShared comm, String what, long sequence) {
        int g = generation;
        if (arrived.incrementAndGet() == size) {
            arrived.set(0);
            generation = g + 1;
            for (int i = 0; i < size; i++) {
                Thread t = parked.get(i);
                if (t != null) {
                    LockSupport.unpark(t);
                }
            }
            return;
        }
        Wait w = me.barrierWait;
        w.barrier = this;
        w.generation = g;
        w.rank = rank;
        w.comm = comm;
        w.what = what;
        w.sequence = sequence;
        Waiting.await(me, w, 0);
    }

    int waitingFor() {
        return size - arrived.get();
    }

    /** A rank's wait for one generation; reused, one per rank. */
    static final class Wait implements Waitable {
        Barrier barrier;
        int generation;
        int rank;
        CommShared comm;
        String what;
        long sequence;

        @Override
        public boolean isDone() {
            return barrier.generation != generation;
        }

        @Override
        public void setParkedWaiter(Thread thread) {
            barrier.parked.set(rank, thread);
        }

        @Override
        public String describe() {
            return what + " (collective #" + sequence + ") on " + comm.name + " (waiting for " + barrier.waitingFor() + " of " + barrier.size + " ranks to arrive)";
        }
    }
}
