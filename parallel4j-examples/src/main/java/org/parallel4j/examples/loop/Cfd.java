package org.parallel4j.examples.loop;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.parallel4j.loop.Team;

/**
 * The cavity-flow exercise of the workshops: the stream function on a (32s+2)^2 grid, the
 * workshop's boundary values (an inlet on the bottom edge, an outlet on the right), a fixed
 * number of Jacobi sweeps, and the two files the workshop's program writes: the velocity field
 * at every {@code scale}-th point ({@code velocity.dat}) and the colour map of every interior
 * point ({@code colourmap.dat}, beside it), byte for byte as the workshop writes them.
 * {@code p4j example cfd [-n threads] [scale] [iterations] [velocity file]} (default 1 1000 velocity.dat).
 *
 * <p>A grid of fewer than {@link #SERIAL_POINTS} points is swept serially: splitting a sweep
 * of a few thousand points costs more than it saves (the workshop's 32 x 32 grid).
 */
public final class Cfd {
    /** Grids smaller than this are swept on one thread. */
    static final int SERIAL_POINTS = 1 << 15;

    private Cfd() {
    }

    /** The stream function after {@code iterations} Jacobi sweeps at {@code scale}, rows in parallel on {@code team}. */
    public static double[][] solve(Team team, int scale, int iterations) {
        int m = 32 * scale;
        int n = 32 * scale;
        int b = 10 * scale;
        int h = 15 * scale;
        int w = 5 * scale;
        double[][] psi = new double[m + 2][n + 2];
        // Boundary values, as the workshop sets them: the bottom edge, then the right-hand side.
        for (int i = b + 1; i <= b + w - 1; i++) {
            psi[i][0] = i - b;
        }
        for (int i = b + w; i <= m; i++) {
            psi[i][0] = w;
        }
        for (int j = 1; j <= h; j++) {
            psi[m + 1][j] = w;
        }
        for (int j = h + 1; j <= h + w - 1; j++) {
            psi[m + 1][j] = w - j + h;
        }
        double[][] tmp = new double[m + 2][n + 2];
        for (int iter = 1; iter <= iterations; iter++) {
            double[][] from = psi;
            team.range(1, m + 1).serialBelow(SERIAL_POINTS / n + 1).forEachRange((lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    double[] up = from[i - 1];
                    double[] row = from[i];
                    double[] down = from[i + 1];
                    double[] out = tmp[i];
                    for (int j = 1; j <= n; j++) {
                        out[j] = 0.25 * (up[j] + down[j] + row[j - 1] + row[j + 1]);
                    }
                }
            });
            team.range(1, m + 1).serialBelow(SERIAL_POINTS / n + 1).forEachRange((lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    System.arraycopy(tmp[i], 1, from[i], 1, n);
                }
            });
        }
        return psi;
    }

    /**
     * Writes the velocity field as the workshop does: "m/scale n/scale", then
     * "%5d %5d %10.5f %10.5f" for every {@code scale}-th interior point from the first, indexed
     * {@code ((i-1)/scale, (j-1)/scale)}.
     */
    public static void writeVelocity(double[][] psi, int scale, Writer out) throws IOException {
        int m = psi.length - 2;
        int n = psi[0].length - 2;
        out.write((m / scale) + " " + (n / scale) + "\n");
        for (int i = 1; i <= m; i += scale) {
            for (int j = 1; j <= n; j += scale) {
                out.write(String.format("%5d %5d %10s %10s%n", (i - 1) / scale, (j - 1) / scale, fixed5(ux(psi, i, j)), fixed5(uy(psi, i, j))));
            }
        }
    }

    /** Writes the colour map as the workshop does: "m n", then "%5d %5d %10.5f" of |u|^0.6 for every interior point. */
    public static void writeColourmap(double[][] psi, Writer out) throws IOException {
        int m = psi.length - 2;
        int n = psi[0].length - 2;
        out.write(m + " " + n + "\n");
        for (int i = 1; i <= m; i++) {
            for (int j = 1; j <= n; j++) {
                double ux = ux(psi, i, j);
                double uy = uy(psi, i, j);
                double hue = Math.pow(Math.sqrt(ux * ux + uy * uy), 0.6);
                out.write(String.format("%5d %5d %10s%n", i - 1, j - 1, fixed5(hue)));
            }
        }
    }

    private static double ux(double[][] psi, int i, int j) {
        return (psi[i][j + 1] - psi[i][j - 1]) / 2.0;
    }

    private static double uy(double[][] psi, int i, int j) {
        return -(psi[i + 1][j] - psi[i - 1][j]) / 2.0;
    }

    /** C's {@code %.5f}: the exact binary value rounded half-even, keeping the sign of a negative that rounds to zero. */
    static String fixed5(double v) {
        String s = new BigDecimal(v).setScale(5, RoundingMode.HALF_EVEN).toPlainString();
        if ((v < 0 || (v == 0 && 1 / v < 0)) && !s.startsWith("-")) {
            s = "-" + s;
        }
        return s;
    }

    public static void main(String[] args) throws IOException {
        int scale = args.length > 0 ? positive(args[0], "scale", 1) : 1;
        int iterations = args.length > 1 ? positive(args[1], "iterations", 0) : 1000;
        Path out = Path.of(args.length > 2 ? args[2] : "velocity.dat");
        Path colours = out.resolveSibling("colourmap.dat");
        Team team = Team.common();
        long t0 = System.nanoTime();
        double[][] psi = solve(team, scale, iterations);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        try (Writer w = Files.newBufferedWriter(out)) {
            writeVelocity(psi, scale, w);
        }
        try (Writer w = Files.newBufferedWriter(colours)) {
            writeColourmap(psi, w);
        }
        System.out.printf("cfd: %d x %d grid, %d iterations on %d threads in %.3f s; velocity written to %s, colour map to %s%n",
                32 * scale, 32 * scale, iterations, 32 * scale * 32 * scale < SERIAL_POINTS ? 1 : team.size(), seconds, out, colours);
    }

    /** {@code arg} as an integer of at least {@code min}, or a usage error naming it. */
    private static int positive(String arg, String name, int min) {
        try {
            int v = Integer.parseInt(arg);
            if (v >= min) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be an integer of at least " + min + ", got '" + arg
                + "' (usage: cfd [scale] [iterations] [velocity file])");
    }
}
