package org.parallel4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parallel4j.examples.mpi.MpiBcast;
import org.parallel4j.examples.mpi.MpiHello;
import org.parallel4j.examples.mpi.MpiP2p;
import org.parallel4j.examples.mpi.MpiParticles;
import org.parallel4j.examples.mpi.MpiPi;
import org.parallel4j.mpi.Mpi;

/** The workshop examples give the workshop's results. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MpiExamplesTest {

    @Test
    void piWithFourRanksMatchesTheWorkshop() {
        double[] pi = new double[1];
        Mpi.run(4, w -> {
            double v = MpiPi.compute(w, 1000);
            if (w.rank() == 0) {
                pi[0] = v;
            }
        });
        assertEquals(3.14159273692312, pi[0], 1e-14);
        assertEquals(8.333333e-8, Math.abs(pi[0] - Math.PI), 1e-12);
    }

    @Test
    void p2pDeliversTheMapAndPrintsItAsTheWorkshop() {
        Mpi.run(2, w -> {
            Map<String, Object> m = MpiP2p.exchange(w);
            if (w.rank() == 1) {
                assertEquals(Map.of("a", 7, "b", 3.14), m);
                assertEquals("{'a': 7, 'b': 3.14}", MpiP2p.pythonDict(m));
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 4, 7})
    void bcastGivesEveryRankZeroToFour(int ranks) {
        Mpi.run(ranks, w -> {
            double[] got = MpiBcast.broadcast(w);
            assertArrayEquals(new double[] {0, 1, 2, 3, 4}, got);
            assertEquals("[" + w.rank() + "] [0. 1. 2. 3. 4.]", MpiBcast.line(w.rank(), got));
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4})
    void particlesAreConserved(int ranks) {
        Mpi.run(ranks, w -> {
            long[] totals = MpiParticles.simulate(w, 20, 500, false);
            for (long t : totals) {
                assertEquals(500L * ranks, t);
            }
        });
    }

    @Test
    void helloGreetsFromEveryRank() {
        Mpi.run(3, w -> assertEquals("Hello! I'm rank " + w.rank() + " from 3 running in total...", MpiHello.greeting(w)));
    }

    @Test
    void piProgramPrintsTheWorkshopLineWhenLaunched() throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true));
        try {
            URL where = MpiPi.class.getProtectionDomain().getCodeSource().getLocation();
            Mpi.runMain(4, MpiPi.class.getName(), new URL[] {where}, new String[0], Duration.ofSeconds(30));
        } finally {
            System.setOut(old);
        }
        assertTrue(bytes.toString().contains("pi is approximately 3.14159273692312"), bytes.toString());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} ranks")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 3, 4})
    void mpiRandomDrawsReproduciblePositionsInTheRanksSlab(int ranks) {
        Mpi.run(ranks, w -> {
            double[] x = org.parallel4j.examples.mpi.MpiRandom.positions(w);
            assertArrayEquals(x, org.parallel4j.examples.mpi.MpiRandom.positions(w), "not reproducible");
            assertEquals(3, x.length);
            for (double v : x) {
                assertTrue(v >= (double) w.rank() / w.size() && v < (w.rank() + 1.0) / w.size(), v + " outside rank " + w.rank() + "'s slab");
            }
        });
    }
}
