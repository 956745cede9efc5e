package org.parallel4j.mpi.engine.threads;

import java.util.concurrent.locks.LockSupport;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.MpiException;

/**
 * The one wait loop of the engine.
 *
 * <p>Implementation note: a wait first spins (a handover between two running threads takes
 * well under a microsecond, a park/unpark pair several), checking the job's failure state
 * every few iterations; then it records the rank as blocked (for the deadlock detector),
 * publishes the parked thread in the waitable and parks in bounded slices, rechecking the
 * condition, job failure, interruption and the deadline after each. A wait with a timeout
 * is not recorded as blocked: it ends by itself, so it cannot be part of a deadlock. The completer writes
 * the state (volatile) before it reads the parked thread, and the waiter publishes itself
 * before it rechecks the state, so one of the two always sees the other.
 */
final class Waiting {
    static final long PARK_SLICE_NANOS = Settings.PARK_SLICE_NANOS;

    private Waiting() {
    }

    /**
     * Waits for {@code w}. Returns true when done, false when the timeout (nanoseconds,
     * or 0 for none) ran out; throws when the job fails or the thread is interrupted.
     */
    static boolean await(RankContext me, Waitable w, long timeoutNanos) {
        if (w.isDone()) {
            return true;
        }
        Job job = me.job;
        int spins = job.spinIterations;
        for (int i = 0; i < spins; i++) {
            Thread.onSpinWait();
            if (w.isDone()) {
                return true;
            }
            if ((i & 255) == 0 && job.failure != null) {
                throw job.failureSeenBy(me);
            }
        }
        for (int i = 0; i < job.yieldIterations; i++) {
            Thread.yield();
            if (w.isDone()) {
                return true;
            }
        }
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        // A timed wait ends by itself: it is never part of a deadlock, so it is not recorded.
        RankContext.BlockState blocked = timeoutNanos > 0 ? null : me.blockStateOfCurrentThread();
        if (blocked != null) {
            blocked.enter(w);
        }
        try {
            while (true) {
                if (w.isDone()) {
                    return true;
                }
                if (job.failure != null) {
                    throw job.failureSeenBy(me);
                }
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new MpiException(ErrorClass.INTERRUPTED, "interrupted while waiting for " + w.describe());
                }
                long slice = PARK_SLICE_NANOS;
                if (deadline != 0) {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        return false;
                    }
                    slice = Math.min(slice, remaining);
                }
                w.setParkedWaiter(Thread.currentThread());
                if (!w.isDone() && job.failure == null) {
                    LockSupport.parkNanos(w, slice);
                }
                w.setParkedWaiter(null);
            }
        } finally {
            if (blocked != null) {
                blocked.exit();
            }
        }
    }
}
