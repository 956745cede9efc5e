package org.parallel4j.loop.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A dissemination barrier for the threads of one region: in round {@code k} thread
 * {@code t} raises its flag to the barrier's epoch and waits for thread {@code t - 2^k}'s.
 * Every flag sits on its own cache line; a barrier of two threads is one line transfer each
 * way. Waits spin, then park (woken by the thread that raises the awaited flag), and leave
 * with {@link Cancelled} when the team has failed.
 */
final class TeamBarrier {
    private static final int STRIDE = 16;
    private static final VarHandle FLAGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final int size;
    private final int rounds;
    private final long[] flags;
    private final long[] epochs;
    private final AtomicReferenceArray<Thread> parked;

    TeamBarrier(int size) {
        this.size = size;
        this.rounds = size == 1 ? 0 : 32 - Integer.numberOfLeadingZeros(size - 1);
        this.flags = new long[(size * Math.max(rounds, 1) + 1) * STRIDE];
        this.epochs = new long[size * STRIDE];
        this.parked = new AtomicReferenceArray<>(size * STRIDE);
    }

    void await(int tid, ThreadTeam team) {
        long epoch = ++epochs[tid * STRIDE];
        for (int k = 0; k < rounds; k++) {
            FLAGS.setRelease(flags, (tid * rounds + k + 1) * STRIDE, epoch);
            int to = (tid + (1 << k)) % size;
            Thread t = parked.get(to * STRIDE);
            if (t != null) {
                LockSupport.unpark(t);
            }
            int from = (tid - (1 << k) + size) % size;
            int index = (from * rounds + k + 1) * STRIDE;
            if ((long) FLAGS.getAcquire(flags, index) < epoch) {
                waitFor(index, epoch, tid, team);
            }
        }
    }

    private void waitFor(int index, long epoch, int tid, ThreadTeam team) {
        int spins = team.spinIterations;
        for (int i = 0; i < spins; i++) {
            if ((long) FLAGS.getAcquire(flags, index) >= epoch) {
                return;
            }
            if ((i & 1023) == 0 && team.cancelled) {
                throw Cancelled.INSTANCE;
            }
            Thread.onSpinWait();
        }
        Thread me = Thread.currentThread();
        while ((long) FLAGS.getAcquire(flags, index) < epoch) {
            if (team.cancelled) {
                throw Cancelled.INSTANCE;
            }
            parked.set(tid * STRIDE, me);
            if ((long) FLAGS.getAcquire(flags, index) < epoch && !team.cancelled) {
                LockSupport.parkNanos(this, 1_000_000L);
            }
            parked.set(tid * STRIDE, null);
        }
    }

    /** Wakes every parked thread (after a failure, so that it sees the cancellation). */
    void wakeAll() {
        for (int t = 0; t < size; t++) {
            Thread th = parked.get(t * STRIDE);
            if (th != null) {
                LockSupport.unpark(th);
            }
        }
    }
}
