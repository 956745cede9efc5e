package org.parallel4j.loop.internal;

import java.util.concurrent.locks.LockSupport;
import org.parallel4j.internal.DisseminationFlags;

/**
 * The barrier of a region's threads: a dissemination barrier ({@link DisseminationFlags})
 * whose waits spin, then park (woken by the thread that raises the awaited flag), and leave
 * with {@link Cancelled} when the team has failed.
 */
final class TeamBarrier {
    private final DisseminationFlags flags;

    TeamBarrier(int size) {
        this.flags = new DisseminationFlags(size);
    }

    void await(int tid, ThreadTeam team) {
        long epoch = flags.nextEpoch(tid);
        for (int k = 0; k < flags.rounds(); k++) {
            flags.raise(tid, k, epoch);
            if (!flags.arrived(tid, k, epoch)) {
                waitFor(tid, k, epoch, team);
            }
        }
    }

    private void waitFor(int tid, int round, long epoch, ThreadTeam team) {
        int spins = team.spinIterations;
        for (int i = 0; i < spins; i++) {
            if (flags.arrived(tid, round, epoch)) {
                team.spinWorked();
                return;
            }
            if ((i & 1023) == 0 && team.cancelled) {
                throw Cancelled.INSTANCE;
            }
            Thread.onSpinWait();
        }
        team.spinFailed();
        Thread me = Thread.currentThread();
        while (!flags.arrived(tid, round, epoch)) {
            if (team.cancelled) {
                throw Cancelled.INSTANCE;
            }
            flags.parked(tid, me);
            if (!flags.arrived(tid, round, epoch) && !team.cancelled) {
                LockSupport.parkNanos(this, 1_000_000L);
            }
            flags.parked(tid, null);
        }
    }

    /** Wakes every parked thread (after a failure, so that it sees the cancellation). */
    void wakeAll() {
        flags.wakeAll();
    }
}
