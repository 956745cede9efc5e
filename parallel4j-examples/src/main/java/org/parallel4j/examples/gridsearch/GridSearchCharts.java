package org.parallel4j.examples.gridsearch;

import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The grid search's pictures, drawn with XChart as PNG: the speed-up of each backend over the
 * serial run, and a task timeline (which worker ran which fit when, as dask's task stream).
 */
public final class GridSearchCharts {
    private GridSearchCharts() {
    }

    /**
     * Draws each backend's wall time and speed-up over the first outcome (the serial run).
     *
     * @param outcomes the runs, the baseline first
     * @param file the PNG to write
     * @return {@code file}
     * @throws IOException if it cannot be written
     */
    public static Path speedup(List<GridSearch.Outcome> outcomes, Path file) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(800).height(450).title("Grid search: speed-up over the first run")
                .xAxisTitle("backend").yAxisTitle("speed-up").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(16f));
        List<String> names = new ArrayList<>();
        List<Double> speedups = new ArrayList<>();
        double base = outcomes.getFirst().wallSeconds();
        for (GridSearch.Outcome o : outcomes) {
            names.add(o.implementation() + String.format(" (%.1f s)", o.wallSeconds()));
            speedups.add(base / o.wallSeconds());
        }
        chart.addSeries("speed-up", names, speedups);
        return write(chart, file);
    }

    /**
     * Draws one run's fits as bars on a lane per worker, coloured by grid point, over time.
     *
     * @param outcome the run
     * @param file the PNG to write
     * @return {@code file}
     * @throws IOException if it cannot be written
     */
    public static Path timeline(GridSearch.Outcome outcome, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(120 + 60 * Math.max(1, lanes(outcome).size()))
                .title("Task timeline: " + outcome.implementation()).xAxisTitle("seconds since the first fit started")
                .yAxisTitle("worker").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisDecimalPattern("0");
        chart.getStyler().setYAxisMin(-0.5);
        Map<String, Integer> lanes = lanes(outcome);
        chart.getStyler().setYAxisMax(lanes.size() - 0.5);
        long t0 = outcome.fits().stream().mapToLong(GridSearch.Fit::startMillis).min().orElse(0);
        Map<String, List<GridSearch.Fit>> byPoint = new LinkedHashMap<>();
        for (GridSearch.Fit f : outcome.fits()) {
            byPoint.computeIfAbsent(f.point().label(), k -> new ArrayList<>()).add(f);
        }
        for (Map.Entry<String, List<GridSearch.Fit>> e : byPoint.entrySet()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (GridSearch.Fit f : e.getValue()) {
                double lane = lanes.get(f.worker());
                // a bar from start to end, then a gap (NaN breaks the line)
                xs.add((f.startMillis() - t0) / 1000.0);
                ys.add(lane);
                xs.add((f.endMillis() - t0) / 1000.0);
                ys.add(lane);
                xs.add((f.endMillis() - t0) / 1000.0);
                ys.add(Double.NaN);
            }
            XYSeries s = chart.addSeries(e.getKey(), xs, ys);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(new BasicStroke(18f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        }
        return write(chart, file);
    }

    /** The workers of a run, numbered in the order they first started a fit. */
    static Map<String, Integer> lanes(GridSearch.Outcome outcome) {
        Map<String, Integer> lanes = new LinkedHashMap<>();
        outcome.fits().stream().sorted(java.util.Comparator.comparingLong(GridSearch.Fit::startMillis))
                .forEach(f -> lanes.putIfAbsent(f.worker(), lanes.size()));
        return lanes;
    }

    private static Path write(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }
}
