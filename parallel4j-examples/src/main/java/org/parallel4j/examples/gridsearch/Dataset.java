package org.parallel4j.examples.gridsearch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A classification data set: one row of features per sample and an integer class label,
 * read from a CSV file whose last column is the label (a header line of names is skipped).
 *
 * @param x the features, {@code x[sample][feature]}
 * @param y the class labels, one per sample
 */
public record Dataset(double[][] x, int[] y) implements Serializable {
    /** The workshop's data set, shipped with the examples: scikit-learn's {@code make_classification(n_samples=13000, n_features=4, random_state=0)}. */
    public static final String BUNDLED = "gridsearch/classification_13000x4.csv.gz";

    /**
     * Checks the shape: as many labels as rows, every row as long as the first, at least one feature.
     *
     * @param x the features
     * @param y the labels
     */
    public Dataset {
        if (x.length != y.length) {
            throw new IllegalArgumentException("a data set needs one label per row: " + x.length + " rows, " + y.length + " labels");
        }
        if (x.length == 0 || x[0].length == 0) {
            throw new IllegalArgumentException("a data set needs at least one sample and one feature, got " + x.length + " samples");
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != x[0].length) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " features, row 0 has " + x[0].length);
            }
        }
    }

    /**
     * The workshop's data set (13,000 samples, 4 features, 2 classes), from the examples' resources.
     *
     * @return the data set
     */
    public static Dataset bundled() {
        try (InputStream in = Dataset.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("the bundled data set " + BUNDLED + " is not on the class path");
            }
            return read(new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8)), BUNDLED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a CSV file: comma-separated numbers, the last column the class label (an integer), an
     * optional first line of column names.
     *
     * @param file the file, plain or {@code .gz}
     * @return the data set
     * @throws IOException if the file cannot be read
     */
    public static Dataset read(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.toString().endsWith(".gz")) {
            in = new GZIPInputStream(in);
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return read(r, file.toString());
        }
    }

    private static Dataset read(BufferedReader r, String source) throws IOException {
        List<double[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int lineNo = 0;
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",");
            if (lineNo == 1 && !looksNumeric(f[0])) {
                continue; // the header
            }
            if (f.length < 2) {
                throw new IllegalArgumentException(source + ", line " + lineNo + ": expected features and a label, got \"" + line + "\"");
            }
            double[] row = new double[f.length - 1];
            try {
                for (int k = 0; k < row.length; k++) {
                    row[k] = Double.parseDouble(f[k].trim());
                }
                double label = Double.parseDouble(f[f.length - 1].trim());
                if (label != Math.rint(label)) {
                    throw new IllegalArgumentException(source + ", line " + lineNo + ": the label " + f[f.length - 1] + " is not an integer");
                }
                labels.add((int) label);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ", line " + lineNo + ": not a number in \"" + line + "\"", e);
            }
            rows.add(row);
        }
        return new Dataset(rows.toArray(double[][]::new), labels.stream().mapToInt(Integer::intValue).toArray());
    }

    private static boolean looksNumeric(String s) {
        try {
            Double.parseDouble(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Writes the data set as {@link #read} reads it: a header {@code f0,...,label}, then one
     * line per sample, the features in full precision and the label last.
     *
     * @param file the file to write
     * @return {@code file}
     * @throws IOException if it cannot be written
     */
    public Path write(Path file) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < features(); k++) {
            b.append('f').append(k).append(',');
        }
        b.append("label\n");
        for (int i = 0; i < samples(); i++) {
            for (double v : x[i]) {
                b.append(v).append(',');
            }
            b.append(y[i]).append('\n');
        }
        return Files.writeString(file, b);
    }

    /**
     * The number of samples.
     *
     * @return the row count
     */
    public int samples() {
        return y.length;
    }

    /**
     * The number of features per sample.
     *
     * @return the column count, the label not counted
     */
    public int features() {
        return x[0].length;
    }

    /**
     * The first {@code n} samples.
     *
     * @param n how many, at most {@link #samples()}
     * @return a data set of those rows
     */
    public Dataset head(int n) {
        if (n < 1 || n > samples()) {
            throw new IllegalArgumentException("head(" + n + ") of a data set of " + samples() + " samples");
        }
        return new Dataset(Arrays.copyOf(x, n), Arrays.copyOf(y, n));
    }
}
