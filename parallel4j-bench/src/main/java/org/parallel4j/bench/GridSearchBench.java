package org.parallel4j.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.parallel4j.examples.gridsearch.Dataset;
import org.parallel4j.examples.gridsearch.Folds;
import org.parallel4j.examples.gridsearch.GridSearch;

/**
 * {@code p4j bench gridsearch} and {@code p4j bench gridsearch-stratified}: the cases of
 * {@code shared/peers/gridsearch_sklearn.py} on the workshop's data set, the small grid: each grid
 * point's {@code mean_cv_accuracy}, the {@code best} parameters and the {@code small wall_s},
 * for {@code parallel4j-serial}, {@code parallel4j-threads-Nw} and {@code parallel4j-processes-Nw}
 * (names ending in {@code -stratified} for the stratified split, as the peer's do).
 */
public final class GridSearchBench {
    private GridSearchBench() {
    }

    /**
     * Runs the small grid on every backend.
     *
     * @param workers the pool size
     * @param folds the split: {@link Folds#KFOLD} (suite gridsearch) or {@link Folds#STRATIFIED}
     * @param out where the figures are printed
     */
    public static void run(int workers, Folds folds, PrintStream out) {
        Dataset data = Dataset.bundled();
        String suffix = folds == Folds.STRATIFIED ? "-stratified" : "";
        for (GridSearch.Backend b : GridSearch.Backend.values()) {
            GridSearch.Outcome o = GridSearch.run(data, GridSearch.Grid.SMALL.points(), folds, 2, b, workers, false, null);
            String impl = o.implementation() + suffix;
            for (GridSearch.Score s : o.scores()) {
                out.printf(Locale.ROOT, "gridsearch\t%s\t%s\tmean_cv_accuracy\t%.6f%n", s.point().label(), impl, s.meanAccuracy());
            }
            out.printf(Locale.ROOT, "gridsearch\tbest\t%s\tparams\t%s%n", impl, o.best().label());
            out.printf(Locale.ROOT, "gridsearch\tsmall\t%s\twall_s\t%.3f%n", impl, o.wallSeconds());
            out.flush();
        }
    }
}
