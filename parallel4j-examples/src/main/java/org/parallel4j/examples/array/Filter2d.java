package org.parallel4j.examples.array;

import org.parallel4j.array.DoubleExpr;
import org.parallel4j.array.DoubleMatrix;
import org.parallel4j.loop.Team;

/**
 * Mirrors the Cython workshop's {@code filter2d}: the direct two-dimensional convolution of an
 * image with a filter, the filter flipped (a convolution, not a correlation), the image's
 * border taken as zeros, the output the image's size and centred as
 * {@code scipy.signal.convolve2d(f, g, mode='same')} centres it. Written twice: as the
 * workshop's four nested loops, and as one array expression, the sum of every filter weight
 * times a shifted slice of the zero-padded image, evaluated in one fused parallel pass. Both
 * on a seeded 100 x 100 image and 10 x 10 filter; the two results are compared element by
 * element. {@code p4j example filter2d [-n threads] [image size] [filter size]}
 */
public final class Filter2d {
    private Filter2d() {
    }

    /**
     * The workshop's loops: {@code h[x, y] = sum over s, t of g[s, t] * f[x + (K-1)/2 - s, y + (L-1)/2 - t]},
     * terms outside the image left out.
     *
     * @param f the image
     * @param g the filter, K x L
     * @return the filtered image, f's shape
     */
    public static double[][] serial(double[][] f, double[][] g) {
        int rows = f.length;
        int cols = f[0].length;
        int k = g.length;
        int l = g[0].length;
        int pk = (k - 1) / 2;
        int pl = (l - 1) / 2;
        double[][] h = new double[rows][cols];
        for (int x = 0; x < rows; x++) {
            for (int y = 0; y < cols; y++) {
                double value = 0;
                for (int s = 0; s < k; s++) {
                    for (int t = 0; t < l; t++) {
                        int v = x + pk - s;
                        int w = y + pl - t;
                        if (v >= 0 && v < rows && w >= 0 && w < cols) {
                            value += g[s][t] * f[v][w];
                        }
                    }
                }
                h[x][y] = value;
            }
        }
        return h;
    }

    /**
     * The same convolution as array expressions: the image is copied into a zero border wide
     * enough for the filter, and the output is {@code sum over s, t of g[s, t] * padded[K-1-s :, L-1-t :]}
     * (slices of the image's shape), the terms in the loops' order, one fused pass.
     *
     * @param f the image
     * @param g the filter
     * @param team the loop team the expression runs on
     * @return the filtered image, f's shape
     */
    public static DoubleMatrix convolve(DoubleMatrix f, DoubleMatrix g, Team team) {
        int rows = f.rows();
        int cols = f.cols();
        int k = g.rows();
        int l = g.cols();
        if (k < 1 || l < 1 || rows < 1 || cols < 1) {
            throw new IllegalArgumentException("the image and the filter need at least one element each, got shapes (" + rows + ", "
                    + cols + ") and (" + k + ", " + l + ")");
        }
        int top = k - 1 - (k - 1) / 2;
        int left = l - 1 - (l - 1) / 2;
        DoubleMatrix padded = DoubleMatrix.zeros(rows + k - 1, cols + l - 1);
        f.expr().on(team).into(padded.slice(top, top + rows, left, left + cols));
        DoubleExpr sum = null;
        for (int s = 0; s < k; s++) {
            for (int t = 0; t < l; t++) {
                DoubleExpr term = padded.slice(k - 1 - s, k - 1 - s + rows, l - 1 - t, l - 1 - t + cols).expr().times(g.get(s, t));
                sum = sum == null ? term : sum.plus(term);
            }
        }
        return sum.on(team).evalMatrix();
    }

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        String usage = " (usage: filter2d [image size] [filter size])";
        if (args.length > 2) {
            throw new IllegalArgumentException("filter2d takes at most 2 arguments, got " + args.length + usage);
        }
        int n = args.length > 0 ? size(args[0], "the image size", usage) : 100;
        int k = args.length > 1 ? size(args[1], "the filter size", usage) : 10;
        DoubleMatrix f = DoubleMatrix.random(n, n, 1);
        DoubleMatrix g = DoubleMatrix.random(k, k, 2);
        double[][] fa = f.toArray();
        double[][] ga = g.toArray();
        double[][] loops = null;
        DoubleMatrix fused = null;
        double loopMs = Double.MAX_VALUE;
        double fusedMs = Double.MAX_VALUE;
        for (int run = 0; run < 6; run++) { // the best of five after one run that compiles: the JIT's work is not the kernel's
            long t0 = System.nanoTime();
            loops = serial(fa, ga);
            long t1 = System.nanoTime();
            fused = convolve(f, g, Team.common());
            long t2 = System.nanoTime();
            if (run > 0) {
                loopMs = Math.min(loopMs, (t1 - t0) / 1e6);
                fusedMs = Math.min(fusedMs, (t2 - t1) / 1e6);
            }
        }
        double worst = 0;
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                worst = Math.max(worst, Math.abs(loops[i][j] - fused.get(i, j)));
                total += fused.get(i, j);
            }
        }
        System.out.printf("filter2d: a %d x %d image (seed 1) convolved with a %d x %d filter (seed 2), borders zero%n", n, n, k, k);
        System.out.printf("  loops (serial):           %8.2f ms (best of 5)%n", loopMs);
        System.out.printf("  array expression (fused): %8.2f ms (best of 5), %d terms, generated loops of at most 12 inputs each%n", fusedMs, k * k);
        System.out.printf("  h[0, 0] = %.6f, h[%d, %d] = %.6f, sum of h = %.6f%n", fused.get(0, 0), n / 2, n / 2, fused.get(n / 2, n / 2), total);
        System.out.printf("  largest difference from the loops: %s%n", worst == 0 ? "0 (the same values)" : Double.toString(worst));
    }

    private static int size(String arg, String what, String usage) {
        try {
            int v = Integer.parseInt(arg);
            if (v >= 1 && v <= 20_000) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + " must be an integer from 1 to 20000, got '" + arg + "'" + usage);
    }
}
