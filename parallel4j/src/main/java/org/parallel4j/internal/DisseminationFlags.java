package org.parallel4j.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The memory of a dissemination barrier, in one place: its flags, their layout and who
 * signals whom. Both the ranks of a communicator and the threads of a loop team synchronize
 * on it; each supplies its own way of waiting (deadlock detection for ranks, cancellation for
 * teams).
 *
 * <p>In round {@code k} participant {@code p} raises its flag to the barrier's epoch (release)
 * and waits until participant {@code p - 2^k} has raised its own (acquire); after
 * {@code ceil(log2 n)} rounds everything written before the barrier by anyone is visible to
 * everyone. Epochs count barriers per participant; all pass the same barriers in the same
 * order, so their epochs agree.
 *
 * <p>Layout: the flags live off the heap, in memory aligned to {@link CacheLines#BYTES}, so
 * that the collector never moves them next to anything else and every 64-byte line is where
 * the code expects it. Each participant and round has a 128-byte slot of two lines, one for
 * even epochs and one for odd ones. A line holds the flag, a value published with the arrival
 * ({@link #publish}) and, in round 0, {@link #CARRIED_LONGS} longs of data carried with it
 * ({@link #carry}): a participant that sees the flag has the data in the same line, so a
 * two-party exchange of a few values costs one line transfer each way. Alternating the lines
 * keeps what a participant published at one barrier intact until everyone has arrived at the
 * next: it writes the same line again only two barriers later, and it gets there only after
 * every participant has arrived at the barrier in between, that is, after each has finished
 * reading.
 */
public final class DisseminationFlags {
    /** Longs of data a participant can carry with its arrival ({@link #carry}). */
    public static final int CARRIED_LONGS = 6;

    private static final long SLOT = CacheLines.BYTES;
    private static final long LINE = SLOT / 2;
    private static final long PUBLISHED = Long.BYTES;
    private static final long CARRIED = 2L * Long.BYTES;
    /** Coordinates (segment, byte offset). */
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final int size;
    private final int rounds;
    private final MemorySegment flags;
    private final long[] epochs;
    private final AtomicReferenceArray<Thread> parked;

    /**
     * Flags for {@code size} participants.
     *
     * @param size the number of participants, at least 1
     */
    public DisseminationFlags(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a barrier needs at least one participant, not " + size);
        }
        this.size = size;
        this.rounds = size == 1 ? 0 : 32 - Integer.numberOfLeadingZeros(size - 1);
        // Freed by the collector once the barrier is unreachable; a participant of a one-party
        // barrier still has a round-0 slot for what it publishes and carries.
        this.flags = Arena.ofAuto().allocate(SLOT * size * Math.max(rounds, 1), SLOT);
        this.epochs = new long[CacheLines.length(size, CacheLines.LONGS)];
        this.parked = new AtomicReferenceArray<>(CacheLines.length(size, CacheLines.REFS));
    }

    /**
     * The number of participants.
     *
     * @return the size given to the constructor
     */
    public int size() {
        return size;
    }

    /**
     * The number of rounds, {@code ceil(log2 size)}.
     *
     * @return the rounds of one barrier
     */
    public int rounds() {
        return rounds;
    }

    /**
     * Starts participant {@code p}'s next barrier.
     *
     * @param p the participant
     * @return its epoch
     */
    public long nextEpoch(int p) {
        return ++epochs[CacheLines.index(p, CacheLines.LONGS)];
    }

    /** The byte offset of {@code p}'s line for {@code round} of barrier {@code epoch}. */
    private long line(int p, int round, long epoch) {
        return (p * (long) Math.max(rounds, 1) + round) * SLOT + (epoch & 1) * LINE;
    }

    /**
     * Publishes a value with {@code p}'s coming arrival at barrier {@code epoch}, in the
     * line of its round-0 flag; call before raising that flag.
     *
     * @param p the participant
     * @param epoch the barrier it is about to arrive at
     * @param value the value
     */
    public void publish(int p, long epoch, long value) {
        LONG.set(flags, line(p, 0, epoch) + PUBLISHED, value);
    }

    /**
     * The value {@code p} published with its arrival at barrier {@code epoch}. Call after
     * passing that barrier and before arriving at the next one.
     *
     * @param p the participant
     * @param epoch the barrier passed
     * @return the value
     */
    public long published(int p, long epoch) {
        return (long) LONG.get(flags, line(p, 0, epoch) + PUBLISHED);
    }

    /**
     * Puts long {@code i} of the data {@code p} carries with its coming arrival at barrier
     * {@code epoch}; call before raising its round-0 flag.
     *
     * @param p the participant
     * @param epoch the barrier it is about to arrive at
     * @param i which long, from 0 to {@link #CARRIED_LONGS} - 1
     * @param value the data
     */
    public void carry(int p, long epoch, int i, long value) {
        LONG.set(flags, line(p, 0, epoch) + CARRIED + (long) Objects.checkIndex(i, CARRIED_LONGS) * Long.BYTES, value);
    }

    /**
     * Long {@code i} of the data {@code p} carried with its arrival at barrier {@code epoch}.
     * Call after passing that barrier and before arriving at the next one.
     *
     * @param p the participant
     * @param epoch the barrier passed
     * @param i which long, from 0 to {@link #CARRIED_LONGS} - 1
     * @return the data
     */
    public long carried(int p, long epoch, int i) {
        return (long) LONG.get(flags, line(p, 0, epoch) + CARRIED + (long) Objects.checkIndex(i, CARRIED_LONGS) * Long.BYTES);
    }

    /**
     * Participant {@code p} raises its round-{@code round} flag and wakes the one it signals, if parked.
     *
     * @param p the participant
     * @param round the round
     * @param epoch the barrier
     */
    public void raise(int p, int round, long epoch) {
        LONG.setRelease(flags, line(p, round, epoch), epoch);
        Thread t = parked.get(CacheLines.index((p + (1 << round)) % size, CacheLines.REFS));
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Whom {@code p} waits for in round {@code round}.
     *
     * @param p the participant
     * @param round the round
     * @return the awaited participant
     */
    public int awaited(int p, int round) {
        return (p - (1 << round) + size) % size;
    }

    /**
     * Whether the participant {@code p} waits for in {@code round} has arrived at barrier
     * {@code epoch}. Its line for that epoch holds {@code epoch - 2} until it does: it cannot
     * be two barriers ahead of a participant that has not passed this one.
     *
     * @param p the participant
     * @param round the round
     * @param epoch the barrier
     * @return true once the awaited one has raised its flag
     */
    public boolean arrived(int p, int round, long epoch) {
        return (long) LONG.getAcquire(flags, line(awaited(p, round), round, epoch)) >= epoch;
    }

    /**
     * Records (or, with null, clears) the thread of participant {@code p} that is about to park.
     *
     * @param p the participant
     * @param thread its thread, or null
     */
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
