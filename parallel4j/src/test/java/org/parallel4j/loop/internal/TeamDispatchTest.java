package org.parallel4j.loop.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parallel4j.loop.Schedule;
import org.parallel4j.loop.Team;

/**
 * Regions of alternating thread counts, many more threads than cores, for a few seconds: a
 * worker that a region does not use, descheduled between reading the region's generation and
 * its thread count, once paired an old generation with the next region's count and task, and
 * ran its share of that region twice (a count of 626 for a 600-iteration loop, about once in
 * 100,000 regions on 2 cores before the fix; RandomLoopTest first saw it). A stress test: it
 * finds that fault about half the time in its 8 seconds, never a false one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TeamDispatchTest {
    @Test
    void aWorkerThatWakesLateNeverRunsARegionTwice() {
        try (Team team = Team.create(2)) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            int[] counts = {24, 2, 23, 1, 24, 3, 17};
            long regions = 0;
            while (System.nanoTime() < end) {
                for (int threads : counts) {
                    long c = team.range(0, 600).schedule(Schedule.staticBlocks()).threads(threads).serialBelow(0).count(i -> true);
                    regions++;
                    assertEquals(600, c, "a 600-iteration loop on " + threads + " threads, region " + regions);
                }
            }
        }
    }
}
