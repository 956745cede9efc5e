package org.parallel4j.loop.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.parallel4j.internal.CacheLines;

/**
 * The shared counters of dynamic and guided loops.
 *
 * <p>Implementation note: every thread of a region meets the same loops in the same order,
 * so loop number {@code k} of the team (counted across regions) uses slot {@code k % SLOTS}.
 * A slot is ready for loop {@code k} when its {@code sequence} says so; the last thread to
 * leave loop {@code k} resets the counters and makes the slot ready for {@code k + SLOTS}.
 * A thread can run at most {@code SLOTS - 1} {@code nowait} loops ahead of the slowest
 * before it waits for a slot. Each slot's counters sit on their own cache lines.
 */
final class ChunkRing {
    static final int SLOTS = 16;

    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int NEXT = 0;
    private static final int ORDERED = 1;
    private static final int LEAVERS = 2;
    private static final int SEQUENCE = 3;

    /**
     * One loop's shared counters: four cells of one padded array ({@link CacheLines}), so a
     * slot's counters share their lines with nothing else (objects' padding fields would not
     * do it: HotSpot reorders fields; separate atomic objects land side by side).
     */
    static final class Slot {
        private final long[] cells;
        private final int base;

        Slot(long[] cells, int base) {
            this.cells = cells;
            this.base = base;
        }

        long next() {
            return (long) CELL.getVolatile(cells, base + NEXT);
        }

        long getAndAddNext(long delta) {
            return (long) CELL.getAndAdd(cells, base + NEXT, delta);
        }

        boolean casNext(long expected, long value) {
            return CELL.compareAndSet(cells, base + NEXT, expected, value);
        }

        long ordered() {
            return (long) CELL.getVolatile(cells, base + ORDERED);
        }

        void setOrdered(long value) {
            CELL.setVolatile(cells, base + ORDERED, value);
        }

        long sequence() {
            return (long) CELL.getVolatile(cells, base + SEQUENCE);
        }

        /** Resets the counters and makes the slot ready for loop {@code k}: the sequence last, so an entering thread sees the reset. */
        void readyFor(long k) {
            CELL.setVolatile(cells, base + NEXT, 0L);
            CELL.setVolatile(cells, base + ORDERED, 0L);
            CELL.setVolatile(cells, base + LEAVERS, 0L);
            CELL.setVolatile(cells, base + SEQUENCE, k);
        }

        /** Counts a thread leaving; true for the last of {@code threads}. */
        boolean leftLast(int threads) {
            return (long) CELL.getAndAdd(cells, base + LEAVERS, 1L) + 1 == threads;
        }
    }

    private final Slot[] slots = new Slot[SLOTS];

    ChunkRing() {
        long[] cells = new long[CacheLines.length(SLOTS, CacheLines.LONGS)];
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new Slot(cells, CacheLines.index(i, CacheLines.LONGS));
        }
        reset(0);
    }

    /** Makes slot {@code i} ready for the first loop at or after {@code base} that maps to it. */
    void reset(long base) {
        for (int i = 0; i < SLOTS; i++) {
            slots[i].readyFor(base + Math.floorMod(i - base, SLOTS));
        }
    }

    /** The slot for loop {@code k}, once ready. */
    Slot enter(long k, ThreadTeam team) {
        Slot s = slots[(int) (k % SLOTS)];
        int spins = 0;
        while (s.sequence() != k) {
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
        if (s.leftLast(threads)) {
            s.readyFor(k + SLOTS);
        }
    }
}
