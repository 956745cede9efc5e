package org.parallel4j.mpi.engine.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.ThreadLevel;

/**
 * What the thread engine promises beyond the conformance suite (which runs on any engine):
 * the thread level, and where its ranks sit.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ThreadEngineGuaranteesTest {
    @Test
    void theThreadEngineGrantsThreadMultiple() {
        assertEquals(ThreadLevel.MULTIPLE, ThreadEngineProvider.INSTANCE.threadLevel());
        assertEquals(ThreadLevel.MULTIPLE, Mpi.threadLevel());
    }

    @Test
    void everyRankOfAJobSitsInThisJvmAndOnThisNode() {
        assertEquals(1, ThreadEngineProvider.INSTANCE.ranksInThisJvm(), "outside a job");
        for (int n : new int[] {1, 3, 5}) {
            Mpi.run(n, Duration.ofSeconds(30), w -> {
                assertEquals(n, ThreadEngineProvider.INSTANCE.ranksInThisJvm());
                assertEquals(n, ThreadEngineProvider.INSTANCE.ranksOnThisNode());
                assertEquals(n, org.parallel4j.internal.RankPlacement.ranksOnThisNode());
                assertTrue(org.parallel4j.internal.RankPlacement.currentRank() != null);
            });
        }
    }
}
