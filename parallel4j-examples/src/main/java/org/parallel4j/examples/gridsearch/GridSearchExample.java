package org.parallel4j.examples.gridsearch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The workshops' case study from the command line: {@code p4j example grid-search [-n workers]
 * [--grid small|slides|large] [--cv kfold|stratified] [--backends serial,threads,processes,mpi-ranks]
 * [--probability] [--data file.csv] [--out dir]}. For each backend, a progress bar of completed
 * fits; then every grid point's mean accuracy, the best parameters, each backend's wall time and
 * speed-up over the first, and the paths of the speed-up chart and of the last run's task timeline.
 * Started as one rank of a job ({@code p4j run -n 3 [--engine mpi] org.parallel4j.examples.gridsearch.GridSearchExample},
 * or under {@code mpirun}), it runs the fits on the job's ranks ({@link GridSearch#runOnRanks})
 * and rank 0 prints the table and the time.
 */
public final class GridSearchExample {
    private GridSearchExample() {
    }

    /**
     * Runs the search on each backend and prints the results.
     *
     * @param args the options above
     * @throws IOException if the data or a chart cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        GridSearch.Grid grid = GridSearch.Grid.SMALL;
        Folds folds = Folds.KFOLD;
        List<GridSearch.Backend> backends = List.of(GridSearch.Backend.values());
        boolean probability = false;
        Path data = null;
        Path out = Path.of("grid-search");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--grid" -> grid = GridSearch.Grid.named(value(args, ++i, a));
                case "--cv" -> folds = switch (value(args, ++i, a).toLowerCase(Locale.ROOT)) {
                    case "kfold" -> Folds.KFOLD;
                    case "stratified" -> Folds.STRATIFIED;
                    default -> throw new IllegalArgumentException("--cv " + args[i] + ": expected kfold or stratified");
                };
                case "--backends" -> {
                    List<GridSearch.Backend> b = new ArrayList<>();
                    for (String name : value(args, ++i, a).split(",")) {
                        b.add(GridSearch.Backend.named(name.trim()));
                    }
                    backends = b;
                }
                case "--probability" -> probability = true;
                case "--data" -> data = Path.of(value(args, ++i, a));
                case "--out" -> out = Path.of(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option '" + a
                        + "': expected --grid, --cv, --backends, --probability, --data or --out");
            }
        }
        int workers = Integer.getInteger("p4j.numThreads", Runtime.getRuntime().availableProcessors());
        Dataset d = data == null ? Dataset.bundled() : Dataset.read(data);
        List<GridSearch.Point> points = grid.points();
        if (org.parallel4j.mpi.Mpi.inJob()) {
            // one rank of an SPMD job (p4j run -n N, mpirun): the fits run on the job's ranks, rank 0 prints
            org.parallel4j.mpi.Comm world = org.parallel4j.mpi.Mpi.world();
            GridSearch.Outcome o = GridSearch.runOnRanks(world, d, points, folds, 2, probability, null);
            if (o != null) {
                System.out.printf("Grid search on %d ranks (%d running fits): %s grid, %s, %d samples%n", world.size(), o.workers(),
                        grid.name().toLowerCase(Locale.ROOT), folds == Folds.KFOLD ? "KFold" : "StratifiedKFold", d.samples());
                table(o);
                System.out.printf("%s: %.2f s%n", o.implementation(), o.wallSeconds());
            }
            return;
        }
        System.out.printf("Grid search: SVC(gamma='auto') over C x kernel, the %s grid (%d points), %s 2-fold cross-validation,"
                + " %d samples x %d features%s%n", grid.name().toLowerCase(Locale.ROOT), points.size(),
                folds == Folds.KFOLD ? "KFold" : "StratifiedKFold", d.samples(), d.features(), probability ? ", with probability estimates" : "");
        List<GridSearch.Outcome> outcomes = new ArrayList<>();
        for (GridSearch.Backend b : backends) {
            String label = b == GridSearch.Backend.SERIAL ? "serial" : b.label() + ", " + workers + " workers";
            if (b == GridSearch.Backend.RANKS) {
                label = "mpi-ranks, " + workers + " + 1";
            }
            try (ProgressBar bar = bar(label, 2L * points.size())) {
                outcomes.add(GridSearch.run(d, points, folds, 2, b, workers, probability, f -> bar.step()));
            }
        }
        GridSearch.Outcome first = outcomes.getFirst();
        System.out.println();
        table(first);
        for (GridSearch.Outcome o : outcomes) {
            if (!o.scores().equals(first.scores())) {
                System.out.println("warning: " + o.implementation() + " scored differently: " + o.scores());
            }
        }
        System.out.println();
        System.out.printf("%-28s %8s %9s%n", "backend", "wall s", "speed-up");
        for (GridSearch.Outcome o : outcomes) {
            System.out.printf("%-28s %8.2f %8.2fx%n", o.implementation(), o.wallSeconds(), first.wallSeconds() / o.wallSeconds());
        }
        Path chart = GridSearchCharts.speedup(outcomes, out.resolve("grid-search-speedup.png"));
        Path timeline = GridSearchCharts.timeline(outcomes.getLast(), out.resolve("grid-search-timeline.png"));
        System.out.println();
        System.out.println("speed-up chart: " + chart.toAbsolutePath());
        System.out.println("task timeline:  " + timeline.toAbsolutePath());
    }

    /** Every grid point's mean accuracy, then the best. */
    private static void table(GridSearch.Outcome o) {
        System.out.printf("%-24s %s%n", "grid point", "mean accuracy");
        for (GridSearch.Score s : o.scores()) {
            System.out.printf("%-24s %.6f%n", s.point().label(), s.meanAccuracy());
        }
        System.out.println("best: " + o.best().label());
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static ProgressBar bar(String label, long fits) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(label).setInitialMax(fits).setUnit(" fits", 1)
                .setStyle(ProgressBarStyle.ASCII);
        if (System.console() == null) {
            b.setConsumer(new ConsoleProgressBarConsumer(System.err)); // not a terminal: redrawn per fit only
        } else {
            b.continuousUpdate(); // the clock ticks while a long fit runs
        }
        return b.build();
    }
}
