package org.parallel4j.loop.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shared counters of dynamic and guided loops.
 *
 * <p>Implementation note: every thread of a region meets the same loops in the same order,
 * so loop number {@code k} of the team (counted across regions) uses slot {@code k % SLOTS}.
 * A slot is ready for loop {@code k} when its {@code sequence} says so; the last thread to
 * leave loop {@code k} resets the counters and makes the slot ready for {@code k + SLOTS}.
 * A thread can run at most {@code SLOTS - 1} {@code nowait} loops ahead of the slowest
 * before it waits for a slot. Each slot's fields sit on their own cache lines.
 */
final class ChunkRing {
    static final int SLOTS = 16;

    /** One loop's shared state. */
    static final class Slot {
        long p0, p1, p2, p3, p4, p5, p6, p7;
        final AtomicLong next = new AtomicLong();
        final AtomicLong ordered = new AtomicLong();
        final AtomicInteger leavers = new AtomicInteger();
        volatile long sequence;
        long q0, q1, q2, q3, q4, q5, q6, q7;
    }

    private final Slot[] slots = new Slot[SLOTS];

    ChunkRing() {
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new Slot();
        }
        reset(0);
    }

    /** Makes slot {@code i} ready for the first loop at or after {@code base} that maps to it. */
    void reset(long base) {
        for (int i = 0; i < SLOTS; i++) {
            Slot s = slots[i];
            s.next.set(0);
            s.ordered.set(0);
            s.leavers.set(0);
            long k = base + Math.floorMod(i - base, SLOTS);
            s.sequence = k;
        }
    }

    /** The slot for loop {@code k}, once ready. */
    Slot enter(long k, ThreadTeam team) {
        Slot s = slots[(int) (k % SLOTS)];
        int spins = 0;
        while (s.sequence != k) {
            if (team.cancelled) {
                throw Cancelled.INSTANCE;
            }
            if (++spins > 1000) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
        return s;
    }

    /** Called by each of {@code threads} threads when it leaves loop {@code k}. */
    void leave(Slot s, long k, int threads) {
        if (s.leavers.incrementAndGet() == threads) {
            s.leavers.set(0);
            s.next.set(0);
            s.ordered.set(0);
            s.sequence = k + SLOTS;
        }
    }
}
