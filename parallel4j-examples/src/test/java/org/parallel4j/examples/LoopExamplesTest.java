package org.parallel4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parallel4j.examples.loop.Cfd;
import org.parallel4j.examples.loop.Julia;
import org.parallel4j.examples.loop.PrangeSum;
import org.parallel4j.examples.loop.PrimesLoop;
import org.parallel4j.loop.Schedule;
import org.parallel4j.loop.Team;

/** The loop examples give the workshop's results, serially and in parallel. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoopExamplesTest {

    /** {@code shared/data} beside the repository, found from the module or the repository root. */
    static Path sharedData(String name) {
        for (String up : new String[] {"../shared/data", "../../shared/data"}) {
            Path p = Path.of(up, name);
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new IllegalStateException("shared/data/" + name + " not found beside the repository (looked from "
                + Path.of("").toAbsolutePath() + ")");
    }

    @Test
    void prangeSums() {
        assertEquals(435, PrangeSum.sum(30));
        assertEquals(49_995_000, PrangeSum.sum(10_000));
    }

    @Test
    void juliaFractionMatchesTheWorkshop() {
        int n = Julia.WORKSHOP_N;
        long inside = Julia.compute(Team.common(), n, Schedule.staticChunks(1), new int[n * n]);
        assertEquals(0.23719749320741929, (double) inside / ((long) n * n));
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {2, 3, 7})
    void juliaSerialAndParallelCountsAreIdenticalForEverySchedule(int threads) {
        int n = 301;
        int[] serial = new int[n * n];
        long serialInside;
        try (Team one = Team.create(1)) {
            serialInside = Julia.compute(one, n, Schedule.staticChunks(1), serial);
        }
        try (Team team = Team.create(threads)) {
            for (String s : new String[] {"static,1", "static", "dynamic,4", "guided,1"}) {
                int[] parallel = new int[n * n];
                assertEquals(serialInside, Julia.compute(team, n, Schedule.parse(s), parallel));
                assertArrayEquals(serial, parallel, s);
            }
        }
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3})
    void cfdReproducesTheWorkshopVelocityFileByteForByte(int threads) throws IOException {
        String expected = Files.readString(sharedData("cfd_velocity_1_1000.dat"));
        try (Team team = Team.create(threads)) {
            StringWriter out = new StringWriter();
            Cfd.writeVelocity(Cfd.solve(team, 1, 1000), 1, out);
            assertEquals(expected, out.toString());
        }
    }

    @Test
    void primesLoopCounts5411() {
        assertEquals(5411, PrimesLoop.count(PrimesLoop.START, PrimesLoop.COUNT));
    }
}
