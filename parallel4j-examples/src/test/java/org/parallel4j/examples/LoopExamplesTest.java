package org.parallel4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** The workshop's write_data, transcribed plainly: both files at once, as it writes them. */
    static String[] workshopFiles(double[][] psi, int scale) {
        int m = psi.length - 2;
        int n = psi[0].length - 2;
        StringBuilder vel = new StringBuilder(m / scale + " " + n / scale + "\n");
        StringBuilder col = new StringBuilder(m + " " + n + "\n");
        for (int i = 1; i < m + 1; i++) {
            for (int j = 1; j < n + 1; j++) {
                double ux = (psi[i][j + 1] - psi[i][j - 1]) / 2.0;
                double uy = -(psi[i + 1][j] - psi[i - 1][j]) / 2.0;
                double umod = Math.pow(ux * ux + uy * uy, 0.5);
                col.append(String.format("%5d %5d %10s%n", i - 1, j - 1, c5(Math.pow(umod, 0.6))));
                if ((i - 1) % scale == 0 && (j - 1) % scale == 0) {
                    vel.append(String.format("%5d %5d %10s %10s%n", (i - 1) / scale, (j - 1) / scale, c5(ux), c5(uy)));
                }
            }
        }
        return new String[] {vel.toString(), col.toString()};
    }

    /** Python's and C's "%.5f" of the exact binary value. */
    private static String c5(double v) {
        String s = new java.math.BigDecimal(v).setScale(5, java.math.RoundingMode.HALF_EVEN).toPlainString();
        return (v < 0 || 1 / v < 0) && !s.startsWith("-") ? "-" + s : s; // -0.0 prints as -0.00000, as in Python and C
    }

    @ParameterizedTest(name = "scale {0}")
    @ValueSource(ints = {1, 2, 3})
    void cfdWritesBothWorkshopFilesAtEveryScaleOnAnyTeam(int scale) throws IOException {
        int iterations = 37 + 11 * scale;
        double[][] serial = Cfd.solve(Team.create(1), scale, iterations);
        String[] expected = workshopFiles(serial, scale);
        for (int threads : new int[] {1, 2, 3}) {
            try (Team team = Team.create(threads)) {
                double[][] psi = Cfd.solve(team, scale, iterations);
                StringWriter vel = new StringWriter();
                StringWriter col = new StringWriter();
                Cfd.writeVelocity(psi, scale, vel);
                Cfd.writeColourmap(psi, col);
                assertEquals(expected[0], vel.toString(), "velocity, " + threads + " threads");
                assertEquals(expected[1], col.toString(), "colour map, " + threads + " threads");
            }
        }
        assertEquals(1 + (32 * scale) * (32 * scale), expected[1].lines().count());
        assertEquals(1 + 32 * 32, expected[0].lines().count());
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3})
    void cfdVorticityReproducesTheWorkshopVelocityFileByteForByte(int threads) throws IOException {
        String expected = Files.readString(sharedData("cfdvort_velocity_1_1000_1.3.dat"));
        try (Team team = Team.create(threads)) {
            StringWriter out = new StringWriter();
            Cfd.writeVelocity(Cfd.solveVorticity(team, 1, 1000, 1.3).psi(), 1, out);
            assertEquals(expected, out.toString());
        }
    }

    /** Scale 6 is a 192 x 192 grid, above the serial cut-off: the sweeps really are split. */
    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {2, 3, 5})
    void cfdSweepsSplitAcrossTheTeamEqualTheSerialSweepsBitForBit(int threads) {
        int scale = 6;
        assertTrue(32 * scale * 32 * scale >= 1 << 15, "the grid must be above the serial cut-off");
        Cfd.Flow serialVort;
        double[][] serialPsi;
        try (Team one = Team.create(1)) {
            serialVort = Cfd.solveVorticity(one, scale, 41, 2.0);
            serialPsi = Cfd.solve(one, scale, 41);
        }
        try (Team team = Team.create(threads)) {
            Cfd.Flow vort = Cfd.solveVorticity(team, scale, 41, 2.0);
            assertTrue(java.util.Arrays.deepEquals(serialVort.psi(), vort.psi()), "stream function, vorticity scheme");
            assertTrue(java.util.Arrays.deepEquals(serialVort.zeta(), vort.zeta()), "vorticity");
            assertEquals(serialVort.error(), vort.error());
            assertTrue(java.util.Arrays.deepEquals(serialPsi, Cfd.solve(team, scale, 41)), "stream function, irrotational");
        }
    }

    @Test
    void cfdVorticityAtReynoldsZeroIsNotTheIrrotationalFlowAndBadArgumentsAreNamed() {
        try (Team one = Team.create(1)) {
            double[][] irrotational = Cfd.solve(one, 1, 50);
            Cfd.Flow vort = Cfd.solveVorticity(one, 1, 50, 0.0);
            assertTrue(!java.util.Arrays.deepEquals(irrotational, vort.psi()), "the vorticity feeds back into the stream function");
            assertTrue(vort.error() > 0);
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Cfd.solveVorticity(one, 1, 10, -1));
            assertTrue(e.getMessage().contains("-1.0"), e.getMessage());
            e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Cfd.Vorticity.main(new String[] {"1", "10", "fast"}));
            assertTrue(e.getMessage().contains("'fast'") && e.getMessage().contains("usage: cfd-vorticity"), e.getMessage());
            e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Cfd.solve(one, 0, 10));
            assertTrue(e.getMessage().contains("scale 0"), e.getMessage());
        }
    }

    @Test
    void scaleInPlaceEqualsTheSerialLoopAcrossSizes() {
        for (int n : new int[] {0, 1, 7, 4096, 100_003}) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = i * 0.5 - 3;
            }
            org.parallel4j.examples.loop.ScaleInPlace.scale(x, -1.75);
            for (int i = 0; i < n; i++) {
                assertEquals(-1.75 * (i * 0.5 - 3), x[i], "element " + i + " of " + n);
            }
        }
    }

    @Test
    void prangePrintPrintsEveryIterationOnceWholeLines() {
        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            System.setOut(new java.io.PrintStream(bytes, true));
            org.parallel4j.examples.loop.PrangePrint.main(new String[] {"200"});
        } finally {
            System.setOut(out);
        }
        java.util.List<String> lines = bytes.toString().lines().toList();
        assertEquals(200, lines.size());
        java.util.Set<Integer> seen = new java.util.TreeSet<>();
        for (String l : lines) {
            assertTrue(l.matches("iteration \\d+ on thread \\d+"), l);
            seen.add(Integer.parseInt(l.split(" ")[1]));
        }
        assertEquals(200, seen.size());
    }

    @Test
    void primesLoopCounts5411() {
        assertEquals(5411, PrimesLoop.count(PrimesLoop.START, PrimesLoop.COUNT));
    }

    @Test
    void threadIdsPrintsEveryTeamThreadOnce() {
        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int size = Team.common().size();
        try {
            System.setOut(new java.io.PrintStream(bytes, true));
            org.parallel4j.examples.loop.ThreadIds.main(new String[0]);
        } finally {
            System.setOut(out);
        }
        java.util.List<String> lines = bytes.toString().lines().sorted().toList();
        java.util.List<String> expected = new java.util.ArrayList<>();
        for (int t = 0; t < size; t++) {
            expected.add("Hello from thread " + t + " of " + size);
        }
        assertEquals(expected.stream().sorted().toList(), lines);
    }
}
