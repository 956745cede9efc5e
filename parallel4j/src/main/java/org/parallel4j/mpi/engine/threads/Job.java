package org.parallel4j.mpi.engine.threads;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.ObjectCodec;

/**
 * One launch of the thread engine: its ranks, its failure state and its watchdog.
 *
 * <p>Implementation note: {@link #failure} goes from null to the first failure exactly once
 * (CAS); every wait loop reads it, so setting it and unparking every rank ends all blocking
 * calls within one park slice. The watchdog thread polls every {@link #WATCHDOG_PERIOD_NANOS}:
 * a deadlock is declared when, in two consecutive polls, every live rank is blocked, none of
 * their conditions is met, and no rank has blocked anew in between (equal block sequences):
 * a rank only leaves a wait when another rank acts, and none is running.
 */
final class Job {
    static final long WATCHDOG_PERIOD_NANOS = Settings.WATCHDOG_PERIOD_NANOS;
    private static final VarHandle FAILURE;

    static {
        try {
            FAILURE = MethodHandles.lookup().findVarHandle(Job.class, "failure", MpiException.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The ranks the job started with. */
    final int size;
    /** Every rank: those it started with, then those spawned (the array is replaced as it grows). */
    volatile RankContext[] ranks;
    /** The threads of spawned ranks, for the launcher to wait for as for its own. */
    final java.util.Queue<Thread> spawnedThreads = new java.util.concurrent.ConcurrentLinkedQueue<>();
    final ObjectCodec codec;
    final int spinIterations;
    final int yieldIterations;
    final AtomicInteger nextContextId = new AtomicInteger(1);
    final CommShared worldShared;
    final long deadlineNanos;
    volatile MpiException failure;
    /** Every rank's own failure (not the echoes of the first in other ranks), for the final report. */
    final java.util.Queue<MpiException> rankFailures = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile boolean over;

    Job(int size, ObjectCodec codec, long timeoutNanos) {
        this.size = size;
        this.codec = codec;
        RankContext[] all0 = new RankContext[size];
        for (int r = 0; r < size; r++) {
            all0[r] = new RankContext(this, r, codec);
        }
        this.ranks = all0;
        int cores = Runtime.getRuntime().availableProcessors();
        boolean oversubscribed = size > cores;
        this.spinIterations = oversubscribed ? Settings.OVERSUBSCRIBED_SPIN_ITERATIONS : Settings.SPIN_ITERATIONS;
        this.yieldIterations = oversubscribed ? 4 : 0;
        int[] all = new int[size];
        for (int r = 0; r < size; r++) {
            all[r] = r;
        }
        this.worldShared = new CommShared(this, nextContextId.getAndIncrement(), all, "world", null);
        this.deadlineNanos = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
    }

    /** Adds {@code n} ranks (world ranks numbered on from the last), for a spawn; returns them. */
    synchronized RankContext[] grow(int n) {
        RankContext[] old = ranks;
        RankContext[] all = java.util.Arrays.copyOf(old, old.length + n);
        RankContext[] added = new RankContext[n];
        for (int i = 0; i < n; i++) {
            added[i] = new RankContext(this, old.length + i, codec);
            all[old.length + i] = added[i];
        }
        ranks = all;
        return added;
    }

    /** Records the first failure and wakes every rank. Later failures are ignored. */
    void fail(MpiException e) {
        if (FAILURE.compareAndSet(this, null, e)) {
            for (RankContext r : ranks) {
                Thread t = r.thread;
                if (t != null) {
                    LockSupport.unpark(t);
                }
                for (Thread h : r.helpers.keySet()) {
                    LockSupport.unpark(h);
                }
            }
        }
    }

    /** The exception a rank's blocking call throws once the job has failed. */
    MpiException failureSeenBy(RankContext me) {
        MpiException f = failure;
        if (f.failedRank() == me.worldRank && f.errorClass() == ErrorClass.ABORTED) {
            return f;
        }
        ErrorClass c = f.errorClass() == ErrorClass.DEADLOCK || f.errorClass() == ErrorClass.TIMEOUT ? f.errorClass() : ErrorClass.ABORTED;
        return new MpiException(c, "rank " + me.worldRank + ": job ended: " + f.getMessage(), null, f.failedRank(), f.exitCode());
    }

    /** Starts the watchdog: deadlock detection and the job timeout. */
    void startWatchdog() {
        Thread.ofPlatform().daemon().name("p4j-watchdog").start(this::watch);
    }

    void finish() {
        over = true;
    }

    private void watch() {
        long[] previous = null;
        while (!over) {
            LockSupport.parkNanos(WATCHDOG_PERIOD_NANOS);
            if (over || failure != null) {
                return;
            }
            if (deadlineNanos != 0 && System.nanoTime() - deadlineNanos > 0) {
                fail(new MpiException(ErrorClass.TIMEOUT, "job timed out; pending operations:\n" + pendingReport(), null, Mpi.UNDEFINED, 124));
                return;
            }
            long[] snapshot = blockedSnapshot();
            if (snapshot != null && previous != null && java.util.Arrays.equals(snapshot, previous) && blockedSnapshot() != null) {
                fail(new MpiException(ErrorClass.DEADLOCK, "deadlock: every rank is blocked and no operation in flight can release any of them\n"
                        + pendingReport(), null, -1, 1));
                return;
            }
            previous = snapshot;
        }
    }

    /**
     * Block sequences when every live rank is blocked on an unmet condition; null otherwise.
     * A rank counts as blocked when its thread and every other thread that has waited for it
     * and is still alive are blocked (see {@link RankContext}).
     */
    private long[] blockedSnapshot() {
        RankContext[] all = ranks;
        long[] seq = new long[all.length];
        boolean anyLive = false;
        for (int r = 0; r < all.length; r++) {
            RankContext c = all[r];
            if (c.finished) {
                seq[r] = -1;
                continue;
            }
            anyLive = true;
            long s = blockedSequence(c.main);
            if (s < 0) {
                return null;
            }
            // Threads the rank started (its group) that never waited here are computing, or
            // idle in a pool of the user's: either way the rank may still act.
            for (Thread t : c.threadsOfGroup()) {
                if (t != c.thread && t.isAlive() && !c.helpers.containsKey(t)) {
                    return null;
                }
            }
            for (var h : c.helpers.entrySet()) {
                if (!h.getKey().isAlive()) {
                    c.helpers.remove(h.getKey());
                    return null; // the rank's threads changed: look again next time
                }
                long hs = blockedSequence(h.getValue());
                if (hs < 0) {
                    return null;
                }
                s = s * 31 + hs;
            }
            seq[r] = s;
        }
        return anyLive ? seq : null;
    }

    /** The thread's block sequence when it is blocked on an unmet condition, else -1. */
    private static long blockedSequence(RankContext.BlockState b) {
        Waitable w = b.blockedOn;
        if (w == null || w.isDone()) {
            return -1;
        }
        int s = b.blockSequence;
        return b.blockedOn == w ? s & 0xffffffffL : -1;
    }

    /** One line per rank: what it is blocked on, or that it finished or is running. */
    String pendingReport() {
        StringBuilder b = new StringBuilder();
        for (RankContext c : ranks) {
            Waitable w = c.main.blockedOn;
            b.append("  rank ").append(c.worldRank).append(": ")
                    .append(c.finished ? "finished (returned from its program)" : w == null ? "running" : "blocked in " + w.describe())
                    .append('\n');
            for (var h : c.helpers.entrySet()) {
                Waitable hw = h.getValue().blockedOn;
                if (h.getKey().isAlive()) {
                    b.append("    its thread ").append(h.getKey().getName()).append(": ")
                            .append(hw == null ? "running" : "blocked in " + hw.describe()).append('\n');
                }
            }
        }
        return b.toString();
    }
}
