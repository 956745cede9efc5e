package org.parallel4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Benchmark figures in the peers' format ({@code suite case implementation metric value}, tab
 * separated) drawn as bar charts with XChart: one chart per suite and metric, a group of bars
 * per case, a bar per implementation, on a logarithmic axis (figures span decades), all the
 * charts in one PNG.
 */
final class Charts {
    /**
     * One figure.
     *
     * @param suite the suite, as {@code mpi}
     * @param name the case, as {@code pingpong-8B}
     * @param impl the implementation, as {@code parallel4j-threads}
     * @param metric the metric, as {@code us}
     * @param value the figure
     */
    record Figure(String suite, String name, String impl, String metric, double value) {
    }

    private Charts() {
    }

    /** The figures among {@code lines}: lines of five tab-separated fields whose last is a positive number; the rest is skipped. */
    static List<Figure> parse(List<String> lines) {
        List<Figure> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split("\t");
            if (f.length != 5) {
                continue;
            }
            try {
                double v = Double.parseDouble(f[4].trim());
                if (v > 0 && Double.isFinite(v)) {
                    out.add(new Figure(f[0].trim(), f[1].trim(), f[2].trim(), f[3].trim(), v));
                }
            } catch (NumberFormatException notAFigure) {
                // a header or a note: not a figure
            }
        }
        return out;
    }

    /** The figures of {@code files}; an unreadable file is an error naming it. */
    static List<Figure> read(List<Path> files) {
        List<Figure> all = new ArrayList<>();
        for (Path p : files) {
            try {
                all.addAll(parse(Files.readAllLines(p)));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read figures from " + p + ": " + e);
            }
        }
        return all;
    }

    /** Draws {@code figures} into the PNG {@code out} (".png" added when missing); returns the file written. */
    static Path write(List<Figure> figures, Path out) throws IOException {
        if (figures.isEmpty()) {
            throw new IllegalArgumentException("no figures to draw: give lines of 'suite case implementation metric value'");
        }
        Map<String, List<Figure>> groups = new LinkedHashMap<>();
        for (Figure f : figures) {
            groups.computeIfAbsent(f.suite() + " (" + f.metric() + ")", k -> new ArrayList<>()).add(f);
        }
        List<String> impls = figures.stream().map(Figure::impl).distinct().toList(); // one colour per implementation in every chart
        List<CategoryChart> charts = new ArrayList<>();
        for (var group : groups.entrySet()) {
            charts.add(chart(group.getKey(), group.getValue(), impls));
        }
        String name = out.toString().endsWith(".png") ? out.toString() : out + ".png";
        Path parent = Path.of(name).toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        // The encoder adds the extension itself.
        String base = name.substring(0, name.length() - ".png".length());
        BitmapEncoder.saveBitmap(new ArrayList<>(charts), charts.size(), 1, base, BitmapEncoder.BitmapFormat.PNG);
        return Path.of(name);
    }

    /** Colours told apart in print and by most colour-blind readers (Okabe and Ito's, then greys). */
    private static final java.awt.Color[] PALETTE = {
        new java.awt.Color(0, 114, 178), new java.awt.Color(230, 159, 0), new java.awt.Color(0, 158, 115),
        new java.awt.Color(204, 121, 167), new java.awt.Color(86, 180, 233), new java.awt.Color(213, 94, 0),
        new java.awt.Color(240, 228, 66), new java.awt.Color(0, 0, 0), new java.awt.Color(120, 120, 120),
        new java.awt.Color(190, 190, 190)};

    private static CategoryChart chart(String title, List<Figure> figures, List<String> impls) {
        Set<String> cases = new LinkedHashSet<>();
        Map<String, Map<String, Double>> byImpl = new LinkedHashMap<>();
        for (Figure f : figures) {
            cases.add(f.name());
            byImpl.computeIfAbsent(f.impl(), k -> new LinkedHashMap<>()).put(f.name(), f.value()); // the last figure of a case wins
        }
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(900, 110 * cases.size())).height(520)
                .title(title).xAxisTitle("case").yAxisTitle(title.substring(title.indexOf('(') + 1, title.length() - 1))
                .theme(Styler.ChartTheme.Matlab).build();
        chart.getStyler().setYAxisLogarithmic(true);
        // Bars start at the axis' minimum, which a logarithmic axis cannot put at 0: a decade below the least figure.
        double least = figures.stream().mapToDouble(Figure::value).min().orElse(1);
        double most = figures.stream().mapToDouble(Figure::value).max().orElse(1);
        chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(least))));
        chart.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(most) + 1e-9)));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setOverlapped(false);
        List<String> xs = List.copyOf(cases);
        for (var impl : byImpl.entrySet()) {
            List<Double> ys = new ArrayList<>();
            for (String c : xs) {
                ys.add(impl.getValue().getOrDefault(c, Double.NaN)); // NaN: no figure of this implementation for the case
            }
            chart.addSeries(impl.getKey(), xs, ys).setFillColor(PALETTE[impls.indexOf(impl.getKey()) % PALETTE.length]);
        }
        return chart;
    }
}
