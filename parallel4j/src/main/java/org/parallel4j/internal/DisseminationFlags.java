package org.parallel4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The memory of a dissemination barrier, in one place: its flags, their layout and who
 * signals whom. Both the ranks of a communicator and the threads of a loop team synchronize
 * on it; each supplies its own way of waiting (deadlock detection for ranks, cancellation for
 * teams).
 *
 * <p>Layout: one flag per participant and round, {@link CacheLines#LONGS} longs (128 bytes) apart, so
 * no two flags share a cache line or a prefetched pair; the long after participant
 * {@code p}'s round-0 flag carries a value published with its arrival ({@link #publish}).
 * In round {@code k} participant {@code p} raises its flag to the barrier's epoch (release)
 * and waits until participant {@code p - 2^k} has raised its own (acquire); after
 * {@code ceil(log2 n)} rounds everything written before the barrier by anyone is visible to
 * everyone. Epochs count barriers per participant; all pass the same barriers in the same
 * order, so their epochs agree.
 */
public final class DisseminationFlags {
    /** Longs between two flags. */
    private static final VarHandle FLAGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final int size;
    private final int rounds;
    private final long[] flags;
    private final long[] epochs;
    private final AtomicReferenceArray<Thread> parked;

    /** Flags for {@code size} participants. */
    public DisseminationFlags(int size) {
        this.size = size;
        this.rounds = size == 1 ? 0 : 32 - Integer.numberOfLeadingZeros(size - 1);
        // One stride of padding before the first and after the last slot of each array: the
        // objects next to an array in memory (after a GC, anything) stay off its slots' lines.
        this.flags = new long[CacheLines.length(size * Math.max(rounds, 1), CacheLines.LONGS)];
        this.epochs = new long[CacheLines.length(size, CacheLines.LONGS)];
        this.parked = new AtomicReferenceArray<>(CacheLines.length(size, CacheLines.REFS));
    }

    /** The number of participants. */
    public int size() {
        return size;
    }

    /** The number of rounds, {@code ceil(log2 size)}. */
    public int rounds() {
        return rounds;
    }

    /** Starts participant {@code p}'s next barrier; returns its epoch. */
    public long nextEpoch(int p) {
        return ++epochs[CacheLines.index(p, CacheLines.LONGS)];
    }

    private int index(int p, int round) {
        return CacheLines.index(p * rounds + round, CacheLines.LONGS);
    }

    /** Publishes a value with {@code p}'s coming arrival, in the cache line of its round-0 flag. */
    public void publish(int p, long value) {
        if (rounds > 0) {
            flags[index(p, 0) + 1] = value;
        }
    }

    /**
     * The value {@code p} published with its arrival at barrier {@code epoch}, or
     * {@link Long#MIN_VALUE} when {@code p} has since moved on. Call after passing that barrier.
     */
    public long published(int p, long epoch) {
        int i = index(p, 0);
        long before = (long) FLAGS.getAcquire(flags, i);
        long value = (long) FLAGS.getAcquire(flags, i + 1);
        long after = (long) FLAGS.getAcquire(flags, i);
        return before == epoch && after == epoch ? value : Long.MIN_VALUE;
    }

    /** Participant {@code p} raises its round-{@code round} flag and wakes the one it signals, if parked. */
    public void raise(int p, int round, long epoch) {
        FLAGS.setRelease(flags, index(p, round), epoch);
        Thread t = parked.get(CacheLines.index((p + (1 << round)) % size, CacheLines.REFS));
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Whom {@code p} waits for in round {@code round}. */
    public int awaited(int p, int round) {
        return (p - (1 << round) + size) % size;
    }

    /** True once the participant {@code p} waits for in {@code round} has arrived at barrier {@code epoch}. */
    public boolean arrived(int p, int round, long epoch) {
        return (long) FLAGS.getAcquire(flags, index(awaited(p, round), round)) >= epoch;
    }

    /** Records (or, with null, clears) the thread of participant {@code p} that is about to park. */
    public void parked(int p, Thread thread) {
        parked.set(CacheLines.index(p, CacheLines.REFS), thread);
    }

    /** Wakes every parked participant (so that it sees a failure). */
    public void wakeAll() {
        for (int p = 0; p < size; p++) {
            Thread t = parked.get(CacheLines.index(p, CacheLines.REFS));
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }
}
