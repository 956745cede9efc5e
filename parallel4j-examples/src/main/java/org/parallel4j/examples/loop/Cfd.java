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
 * number of Jacobi sweeps, and the velocity field written as the workshop writes it.
 * {@code p4j example cfd [-n threads] [scale] [iterations] [output file]} (default 1 1000 velocity.dat).
 */
public final class Cfd {
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
            team.range(1, m + 1).forEachRange((lo, hi) -> {
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
            team.range(1, m + 1).forEachRange((lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    System.arraycopy(tmp[i], 1, from[i], 1, n);
                }
            });
        }
        return psi;
    }

    /** Writes the velocity field as the workshop does: "m n", then "%5d %5d %10.5f %10.5f" per point. */
    public static void writeVelocity(double[][] psi, int scale, Writer out) throws IOException {
        int m = psi.length - 2;
        int n = psi[0].length - 2;
        out.write((m / scale) + " " + (n / scale) + "\n");
        for (int i = 1; i <= m; i++) {
            for (int j = 1; j <= n; j++) {
                if ((i - 1) % scale != (scale - 1) / 2 || (j - 1) % scale != (scale - 1) / 2) {
                    continue;
                }
                double ux = (psi[i][j + 1] - psi[i][j - 1]) / 2.0;
                double uy = -(psi[i + 1][j] - psi[i - 1][j]) / 2.0;
                out.write(String.format("%5d %5d %10s %10s%n", i - 1, j - 1, fixed5(ux), fixed5(uy)));
            }
        }
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
        int scale = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Path out = Path.of(args.length > 2 ? args[2] : "velocity.dat");
        Team team = Team.common();
        long t0 = System.nanoTime();
        double[][] psi = solve(team, scale, iterations);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        try (Writer w = Files.newBufferedWriter(out)) {
            writeVelocity(psi, scale, w);
        }
        System.out.printf("cfd: %d x %d grid, %d iterations on %d threads in %.3f s; velocity written to %s%n",
                32 * scale, 32 * scale, iterations, team.size(), seconds, out);
    }
}
