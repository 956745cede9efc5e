package org.parallel4j.examples.gridsearch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The grid-search case study against scikit-learn: its fold assignment exactly, its mean
 * accuracies within one test sample, the same scores on every backend and worker count, and
 * LIBSVM's static state kept apart between concurrent fits.
 */
class GridSearchTest {
    private static final Map<String, IntUnaryOperator> FORMULAS = Map.of(
            "two", i -> (i * 7) % 5 == 0 ? 1 : 0,
            "three", i -> (i * i + 3) % 3 + 5,
            "skewed", i -> i % 11 == 4 ? 9 : (i % 3 == 0 ? 2 : 4));

    private static List<String> resource(String name) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(GridSearchTest.class.getResourceAsStream("/gridsearch/" + name),
                StandardCharsets.UTF_8))) {
            return r.lines().toList();
        }
    }

    @Test
    @Timeout(30)
    void foldsAreScikitLearnsForEveryLabelPatternSizeAndFoldCount() throws IOException {
        List<String> lines = resource("sklearn_folds.txt");
        assertTrue(lines.size() > 50, "the expected file has " + lines.size() + " lines");
        for (String line : lines) {
            String[] f = line.split("\t");
            int n = Integer.parseInt(f[2]);
            int k = Integer.parseInt(f[3]);
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = FORMULAS.get(f[1]).applyAsInt(i);
            }
            int[] want = java.util.Arrays.stream(f[4].split(" ")).mapToInt(Integer::parseInt).toArray();
            Folds split = f[0].equals("kfold") ? Folds.KFOLD : Folds.STRATIFIED;
            assertArrayEquals(want, split.assign(y, k), line.substring(0, Math.min(60, line.length())));
        }
    }

    @Test
    @Timeout(30)
    void badInputIsRefusedWithTheValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Folds.KFOLD.assign(new int[3], 4));
        assertTrue(e.getMessage().contains("4 folds of 3 samples"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Dataset(new double[2][3], new int[3]));
        assertTrue(e.getMessage().contains("2 rows, 3 labels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GridSearch.Grid.named("huge"));
        assertTrue(e.getMessage().contains("'huge'") && e.getMessage().contains("small"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GridSearch.Backend.named("gpu"));
        assertTrue(e.getMessage().contains("'gpu'"), e.getMessage());
        Dataset d = Dataset.bundled().head(200);
        int[] all = java.util.stream.IntStream.range(0, 200).toArray();
        e = assertThrows(IllegalArgumentException.class, () -> Svm.fit(d, all, all, 0, "rbf", false));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Svm.fit(d, all, all, 1, "cubic", false));
        assertTrue(e.getMessage().contains("'cubic'"), e.getMessage());
    }

    @Test
    @Timeout(30)
    void aCsvFileReadsAsTheBundledDataAndABadLineIsNamed(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("d.csv");
        Files.writeString(csv, "f0,f1,label\n1.5,2,0\n-3,4e-1,1\n");
        Dataset d = Dataset.read(csv);
        assertEquals(2, d.samples());
        assertEquals(2, d.features());
        assertArrayEquals(new double[] {-3, 0.4}, d.x()[1]);
        assertArrayEquals(new int[] {0, 1}, d.y());
        Files.writeString(csv, "f0,f1,label\n1.5,2,0\n-3,x,1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dataset.read(csv));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        Dataset all = Dataset.bundled();
        assertEquals(13000, all.samples());
        assertEquals(4, all.features());
        Dataset back = Dataset.read(all.head(50).write(dir.resolve("w.csv")));
        assertTrue(java.util.Arrays.deepEquals(all.head(50).x(), back.x()), "written and read back bit for bit");
        assertArrayEquals(all.head(50).y(), back.y());
    }

    /** Every mean accuracy of the small grid within one test sample of scikit-learn's, and the same best point. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Folds.class)
    @Timeout(300)
    void theSmallGridScoresAsScikitLearnDoes(Folds split) throws IOException {
        String impl = "sklearn-1jobs" + (split == Folds.STRATIFIED ? "-stratified" : "");
        Map<String, Double> want = new HashMap<>();
        String best = null;
        for (String line : resource("sklearn_small.tsv")) {
            String[] f = line.split("\t");
            if (f[2].equals(impl)) {
                if (f[3].equals("params")) {
                    best = f[4];
                } else {
                    want.put(f[1], Double.parseDouble(f[4]));
                }
            }
        }
        GridSearch.Outcome o = GridSearch.run(Dataset.bundled(), GridSearch.Grid.SMALL.points(), split, 2, GridSearch.Backend.THREADS, 2,
                false, null);
        assertEquals(want.size(), o.scores().size());
        for (GridSearch.Score s : o.scores()) {
            double w = want.get(s.point().label());
            assertEquals(w, s.meanAccuracy(), 2e-4, s.point().label() + " against scikit-learn's " + w);
        }
        assertEquals(best, o.best().label());
        assertEquals(8, o.fits().size());
    }

    /** The same scores from every backend and worker count, on the first 1000 samples. */
    @Test
    @Timeout(300)
    void everyBackendAndWorkerCountScoresTheSame() {
        Dataset d = Dataset.bundled().head(1000);
        List<GridSearch.Point> grid = GridSearch.Grid.SLIDES.points();
        GridSearch.Outcome serial = GridSearch.run(d, grid, Folds.STRATIFIED, 2, GridSearch.Backend.SERIAL, 1, false, null);
        List<GridSearch.Outcome> others = new ArrayList<>();
        for (int w : new int[] {1, 3}) {
            others.add(GridSearch.run(d, grid, Folds.STRATIFIED, 2, GridSearch.Backend.THREADS, w, false, null));
        }
        others.add(GridSearch.run(d, grid, Folds.STRATIFIED, 2, GridSearch.Backend.RANKS, 2, false, null));
        others.add(GridSearch.run(d, grid, Folds.STRATIFIED, 2, GridSearch.Backend.PROCESSES, 2, false, null));
        for (GridSearch.Outcome o : others) {
            assertEquals(serial.scores(), o.scores(), o.implementation());
            assertEquals(serial.best(), o.best(), o.implementation());
            assertEquals(2 * grid.size(), o.fits().size(), o.implementation());
        }
        assertEquals("parallel4j-processes-2w", others.getLast().implementation());
        assertEquals("parallel4j-mpi-ranks-2", others.get(others.size() - 2).implementation());
        long processes = others.getLast().fits().stream().map(f -> f.worker().split(" ")[1]).distinct().count();
        assertTrue(processes >= 1 && processes <= 2, "fits ran in " + processes + " worker JVMs");
        // longest expected first, as measured on the workshop's data: rbf at C=0.001, then poly at C=0.001 and at C=10
        List<String> order = GridSearch.Grid.SMALL.points().stream()
                .sorted(java.util.Comparator.comparingDouble((GridSearch.Point p) -> -p.expectedCost())).map(GridSearch.Point::label).toList();
        assertEquals(List.of("C=0.001,kernel=rbf", "C=0.001,kernel=poly", "C=10.0,kernel=poly", "C=10.0,kernel=rbf"), order);
    }

    /**
     * Fits with probability estimates draw from LIBSVM's static random generator: on many threads
     * at once each still gets exactly what it gets alone.
     */
    @Test
    @Timeout(300)
    void concurrentProbabilityFitsDoNotDisturbEachOther() throws Exception {
        Dataset d = Dataset.bundled().head(1200);
        int[] fold = Folds.KFOLD.assign(d.y(), 2);
        int[] train = Folds.indices(fold, 0, false);
        int[] test = Folds.indices(fold, 0, true);
        double[] cs = {0.5, 1, 2, 4, 8, 16};
        Svm.Result[] alone = new Svm.Result[cs.length];
        for (int i = 0; i < cs.length; i++) {
            alone[i] = Svm.fit(d, train, test, cs[i], "rbf", true);
            assertTrue(Double.isFinite(alone[i].probA()), "Platt's A is fitted: " + alone[i]);
        }
        ExecutorService ex = Executors.newFixedThreadPool(cs.length);
        try {
            for (int round = 0; round < 2; round++) {
                List<Future<Svm.Result>> fs = new ArrayList<>();
                for (double c : cs) {
                    fs.add(ex.submit(() -> Svm.fit(d, train, test, c, "rbf", true)));
                }
                for (int i = 0; i < cs.length; i++) {
                    assertEquals(alone[i], fs.get(i).get(), "C=" + cs[i] + " on a thread among " + cs.length);
                }
            }
        } finally {
            ex.shutdownNow();
        }
    }

    /** The example, as {@code p4j example grid-search} runs it, on a CSV of the first 600 samples. */
    @Test
    @Timeout(300)
    void theExamplePrintsEveryScoreTheBestTheSpeedUpsAndTheChartPaths(@TempDir Path dir) throws IOException {
        Dataset d = Dataset.bundled().head(600);
        Path file = d.write(dir.resolve("head.csv"));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.out;
        System.setOut(new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            GridSearchExample.main(new String[] {"--data", file.toString(), "--out", dir.resolve("out").toString(), "--cv", "stratified",
                    "--backends", "serial,threads,mpi-ranks"});
        } finally {
            System.setOut(saved);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("600 samples x 4 features"), out);
        GridSearch.Outcome want = GridSearch.run(d, GridSearch.Grid.SMALL.points(), Folds.STRATIFIED, 2, GridSearch.Backend.SERIAL, 1, false, null);
        for (GridSearch.Score sc : want.scores()) {
            assertTrue(out.contains(String.format("%-24s %.6f", sc.point().label(), sc.meanAccuracy())), sc + " in\n" + out);
        }
        assertTrue(out.contains("best: " + want.best().label()), out);
        assertTrue(out.contains("parallel4j-threads-") && out.contains("parallel4j-mpi-ranks-"), out);
        assertTrue(!out.contains("scored differently"), out);
        assertTrue(Files.size(dir.resolve("out/grid-search-speedup.png")) > 1000);
        assertTrue(Files.size(dir.resolve("out/grid-search-timeline.png")) > 1000);
    }
}
