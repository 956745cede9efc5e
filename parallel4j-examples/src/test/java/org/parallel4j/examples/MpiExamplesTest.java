package org.parallel4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.time.Duration;
import java.util.List;
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
import org.parallel4j.examples.mpi.MpiIo;
import org.parallel4j.examples.mpi.MpiRma;
import org.parallel4j.examples.mpi.MpiSpawnPi;
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

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 5, 8})
    void rmaHaloExchangeEqualsTheSerialSmootherAndTheQueueRunsEveryTaskOnce(int ranks) {
        int cells = 37 + ranks * 11;
        int steps = 25;
        int tasks = 3 * ranks + 2;
        long serialTotal = 0;
        for (int k = 0; k < tasks; k++) {
            serialTotal += MpiRma.task(k);
        }
        long expected = serialTotal;
        Mpi.run(ranks, w -> {
            double[] parallel = MpiRma.smooth(w, cells, steps);
            // the same operations in the same order as the serial smoother: the same bits
            assertArrayEquals(MpiRma.serialSmooth(cells, steps), parallel);
            long[] result = new long[1];
            List<Integer> mine = MpiRma.workQueue(w, tasks, result);
            assertEquals(expected, w.allreduce(result[0], org.parallel4j.mpi.Op.SUM));
            List<List<Integer>> all = w.allgatherObject(mine);
            assertEquals(tasks, all.stream().mapToInt(List::size).sum());
            assertEquals(tasks, all.stream().flatMap(List::stream).distinct().count());
        });
    }

    @Test
    void theJuliaSetWrittenByBlocksReadsBackAsTheSerialOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        for (int ranks : new int[] {1, 2, 3, 4, 6}) {
            String path = dir.resolve("julia-" + ranks + ".dat").toString();
            int n = 37 + ranks;
            Mpi.run(ranks, w -> {
                MpiIo.Result r = MpiIo.run(w, n, path);
                assertEquals(4L * n * n, r.bytes());
                assertTrue(r.blocksMatch(), "every block read back");
                if (w.rank() == 0) {
                    assertTrue(r.fileMatchesSerial(), "the whole file is the serial grid at " + ranks + " ranks");
                }
            });
        }
    }

    @Test
    void spawnPiGivesTheWorkshopsDigits() {
        double[] pi = new double[1];
        Mpi.run(1, w -> pi[0] = MpiSpawnPi.parent(Mpi.self(), 5, 100));
        // The children's parts added in their rank order, as MpiSpawnPi documents.
        assertEquals(3.1416009869231245, pi[0], 0.0);
        Mpi.run(2, w -> {
            if (w.rank() == 1) {
                assertEquals(MpiPi.compute(Mpi.self(), 1000), MpiSpawnPi.parent(Mpi.self(), 3, 1000), 1e-12);
            }
        });
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
            assertEquals(String.format("[%02d] [0. 1. 2. 3. 4.]", w.rank()), MpiBcast.line(w.rank(), got));
        });
    }

    /**
     * The workshop's particles program transcribed serially: every rank's stream, lists and
     * broadcasts in the same order, one list per rank, no messages.
     */
    static List<List<MpiParticles.Particle>> serialParticles(int size, int steps) {
        List<java.util.Random> streams = new java.util.ArrayList<>();
        List<List<MpiParticles.Particle>> held = new java.util.ArrayList<>();
        for (int r = 0; r < size; r++) {
            streams.add(new java.util.Random(1235 + r));
            held.add(MpiParticles.initial(r, size, streams.get(r)));
        }
        for (int step = 0; step < steps; step++) {
            List<List<MpiParticles.Particle>> moved = new java.util.ArrayList<>();
            for (int r = 0; r < size; r++) {
                List<MpiParticles.Particle> m = new java.util.ArrayList<>();
                for (MpiParticles.Particle p : held.get(r)) {
                    double x = p.x() + streams.get(r).nextGaussian() * 0.02;
                    x = x < 0 ? 0 : x >= 1 ? Math.nextDown(1.0) : x;
                    m.add(new MpiParticles.Particle(p.idx(), x));
                }
                moved.add(m);
            }
            held = new java.util.ArrayList<>();
            for (int r = 0; r < size; r++) {
                List<MpiParticles.Particle> kept = new java.util.ArrayList<>();
                for (List<MpiParticles.Particle> from : moved) {
                    for (MpiParticles.Particle p : from) {
                        if (p.x() >= (double) r / size && (p.x() < (r + 1.0) / size || r == size - 1)) {
                            kept.add(p);
                        }
                    }
                }
                held.add(kept);
            }
        }
        for (List<MpiParticles.Particle> h : held) {
            h.sort(java.util.Comparator.comparingInt(MpiParticles.Particle::idx));
        }
        return held;
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4, 6})
    void particlesEndWhereTheSerialTranscriptionPutsThem(int ranks) {
        List<List<MpiParticles.Particle>> expected = serialParticles(ranks, MpiParticles.STEPS);
        List<List<MpiParticles.Particle>> got = new java.util.concurrent.CopyOnWriteArrayList<>(java.util.Collections.nCopies(ranks, null));
        Mpi.run(ranks, w -> got.set(w.rank(), MpiParticles.simulate(w, MpiParticles.STEPS)));
        assertEquals(expected, got);
        assertEquals(3 * ranks, got.stream().mapToInt(List::size).sum());
        java.util.Set<Integer> ids = new java.util.TreeSet<>();
        got.forEach(l -> l.forEach(p -> ids.add(p.idx())));
        assertEquals(3 * ranks, ids.size(), "every particle exactly once: " + got);
        for (int r = 0; r < ranks; r++) {
            for (MpiParticles.Particle p : got.get(r)) {
                assertTrue(p.x() >= 0 && p.x() < 1 && MpiParticles.inSlab(p.x(), r, ranks), p + " on rank " + r);
            }
        }
        if (ranks == 6) {
            // With the workshop's seeds some particle leaves its slab within 5 steps: the broadcasts move it.
            assertTrue(got.stream().anyMatch(l -> l.stream().anyMatch(p -> !MpiParticles.inSlab(p.x(), p.idx() / 3, ranks))), got.toString());
        }
        assertEquals("Particle(4, 0.317)", new MpiParticles.Particle(4, 0.31749).toString());
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4})
    void theExchangeVariantConservesTheParticles(int ranks) {
        Mpi.run(ranks, w -> {
            long[] totals = MpiParticles.exchange(w, 20, 500, false);
            for (long t : totals) {
                assertEquals(500L * ranks, t);
            }
        });
    }

    @Test
    void bcastBannerIsTheWorkshops() {
        String rule = "-".repeat(78);
        assertEquals(rule + "\n Running on 4 cores\n" + rule, MpiBcast.banner(4));
        assertEquals("[12] [0.5 -1. 3.]", MpiBcast.line(12, new double[] {0.5, -1, 3}));
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
