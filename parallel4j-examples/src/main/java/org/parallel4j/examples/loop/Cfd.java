package org.parallel4j.examples.loop;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.parallel4j.loop.Team;

/**
 * Mirrors the workshops' {@code cfd.py}, EPCC's cavity-flow exercise: the stream function on a
 * (32s+2)^2 grid, the workshop's boundary values (an inlet on the bottom edge, an outlet on the
 * right), a fixed number of Jacobi sweeps, what the workshop's program prints, and the two
 * files it writes: the velocity field at every {@code scale}-th point ({@code velocity.dat})
 * and the colour map of every interior point ({@code colourmap.dat}, beside it), byte for byte
 * as the workshop writes them. {@code p4j example cfd [-n threads] [scale] [iterations] [velocity file]}
 * (default 1 1000 velocity.dat).
 *
 * <p>Given a Reynolds number the workshop's program sweeps the vorticity with the stream
 * function ({@link #solveVorticity}, {@code p4j example cfd-vorticity [scale] [iterations]
 * [reynolds] [velocity file]}, default 1 1000 1.3).
 *
 * <p>A grid of fewer than {@link #SERIAL_POINTS} points is swept serially: splitting a sweep
 * of a few thousand points costs more than it saves (the workshop's 32 x 32 grid).
 */
public final class Cfd {
    /** Grids smaller than this are swept on one thread. */
    static final int SERIAL_POINTS = 1 << 15;

    private Cfd() {
    }

    /**
     * The result of a run: the stream function, the vorticity (null for irrotational flow) and
     * the workshop's error of the last sweep, {@code sqrt(sum of squared changes) / bnorm}.
     *
     * @param psi the stream function, (m+2) x (n+2) with its boundary
     * @param zeta the vorticity, same shape, or null for irrotational flow
     * @param error the relative change in the last sweep (0 when no sweep ran)
     */
    public record Flow(double[][] psi, double[][] zeta, double error) {
    }

    /**
     * The stream function after {@code iterations} Jacobi sweeps at {@code scale}, rows in parallel on {@code team}.
     *
     * @param team the loop team that sweeps the rows
     * @param scale the workshop's scale factor: the grid is 32 x scale points a side
     * @param iterations the number of Jacobi sweeps
     * @return the stream function, (32s+2) x (32s+2) with its boundary
     */
    public static double[][] solve(Team team, int scale, int iterations) {
        return run(team, scale, iterations, Double.NaN).psi();
    }

    /**
     * The workshop's vorticity variant: stream function and vorticity swept together for
     * {@code iterations} steps at Reynolds number {@code reynolds}, which the workshop divides by
     * the scale factor, with the vorticity's boundary values recomputed from the stream function
     * after every sweep.
     *
     * @param team the loop team that sweeps the rows
     * @param scale the workshop's scale factor: the grid is 32 x scale points a side
     * @param iterations the number of Jacobi sweeps
     * @param reynolds the Reynolds number (divided by the scale, as the workshop does)
     * @return the stream function, the vorticity and the last sweep's error
     */
    public static Flow solveVorticity(Team team, int scale, int iterations, double reynolds) {
        if (!(reynolds >= 0) || Double.isInfinite(reynolds)) {
            throw new IllegalArgumentException("reynolds must be a finite number of at least 0, got " + reynolds);
        }
        return run(team, scale, iterations, reynolds / scale);
    }

    /** Irrotational flow when {@code re} is NaN, else the vorticity scheme at (already scaled) {@code re}. */
    private static Flow run(Team team, int scale, int iterations, double re) {
        if (scale < 1 || iterations < 0) {
            throw new IllegalArgumentException("scale must be at least 1 and iterations at least 0, got scale " + scale
                    + " and " + iterations + " iterations");
        }
        boolean vortex = !Double.isNaN(re);
        int m = 32 * scale;
        int n = 32 * scale;
        double[][] psi = new double[m + 2][n + 2];
        setStreamBoundary(psi, 10 * scale, 15 * scale, 5 * scale);
        double[][] zeta = vortex ? new double[m + 2][n + 2] : null;
        double bnorm = sumOfSquares(psi);
        if (vortex) {
            setVorticityBoundary(zeta, psi);
            bnorm += sumOfSquares(zeta);
        }
        bnorm = Math.sqrt(bnorm);
        double[][] psiNext = new double[m + 2][n + 2];
        double[][] zetaNext = vortex ? new double[m + 2][n + 2] : null;
        int serialRows = SERIAL_POINTS / n + 1;
        double error = 0;
        for (int iter = 1; iter <= iterations; iter++) {
            double[][] p = psi;
            double[][] z = zeta;
            team.range(1, m + 1).serialBelow(serialRows).forEachRange((lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    if (vortex) {
                        sweepRowVorticity(p, z, psiNext[i], zetaNext[i], i, n, re);
                    } else {
                        sweepRow(p, psiNext[i], i, n);
                    }
                }
            });
            if (iter == iterations) {
                double change = changeSquared(psiNext, psi) + (vortex ? changeSquared(zetaNext, zeta) : 0);
                error = Math.sqrt(change) / bnorm;
            }
            team.range(1, m + 1).serialBelow(serialRows).forEachRange((lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    System.arraycopy(psiNext[i], 1, p[i], 1, n);
                    if (vortex) {
                        System.arraycopy(zetaNext[i], 1, z[i], 1, n);
                    }
                }
            });
            if (vortex) {
                setVorticityBoundary(zeta, psi);
            }
        }
        return new Flow(psi, zeta, error);
    }

    /** The workshop's boundary values: an inlet on the bottom edge, an outlet on the right-hand side. */
    private static void setStreamBoundary(double[][] psi, int b, int h, int w) {
        int m = psi.length - 2;
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
    }

    /** The vorticity on the four edges (corners excluded), from the stream function beside them. */
    private static void setVorticityBoundary(double[][] zeta, double[][] psi) {
        int m = psi.length - 2;
        int n = psi[0].length - 2;
        for (int i = 1; i <= m; i++) {
            zeta[i][0] = 2 * (psi[i][1] - psi[i][0]);
            zeta[i][n + 1] = 2 * (psi[i][n] - psi[i][n + 1]);
        }
        for (int j = 1; j <= n; j++) {
            zeta[0][j] = 2.0 * (psi[1][j] - psi[0][j]);
            zeta[m + 1][j] = 2.0 * (psi[m][j] - psi[m + 1][j]);
        }
    }

    private static void sweepRow(double[][] psi, double[] out, int i, int n) {
        double[] up = psi[i - 1];
        double[] row = psi[i];
        double[] down = psi[i + 1];
        for (int j = 1; j <= n; j++) {
            out[j] = 0.25 * (up[j] + down[j] + row[j - 1] + row[j + 1]);
        }
    }

    private static void sweepRowVorticity(double[][] psi, double[][] zeta, double[] psiOut, double[] zetaOut, int i, int n, double re) {
        double[] pu = psi[i - 1];
        double[] p = psi[i];
        double[] pd = psi[i + 1];
        double[] zu = zeta[i - 1];
        double[] z = zeta[i];
        double[] zd = zeta[i + 1];
        for (int j = 1; j <= n; j++) {
            psiOut[j] = 0.25 * (pu[j] + pd[j] + p[j - 1] + p[j + 1] - z[j]);
            zetaOut[j] = 0.25 * (zu[j] + zd[j] + z[j - 1] + z[j + 1])
                    - re / 16.0 * ((p[j + 1] - p[j - 1]) * (zd[j] - zu[j]) - (pd[j] - pu[j]) * (z[j + 1] - z[j - 1]));
        }
    }

    private static double sumOfSquares(double[][] a) {
        double s = 0;
        for (double[] row : a) {
            for (double v : row) {
                s += v * v;
            }
        }
        return s;
    }

    /** The sum of squared differences over the interior, as the workshop's deltasq. */
    private static double changeSquared(double[][] next, double[][] now) {
        double s = 0;
        for (int i = 1; i < now.length - 1; i++) {
            for (int j = 1; j < now[i].length - 1; j++) {
                double d = next[i][j] - now[i][j];
                s += d * d;
            }
        }
        return s;
    }

    /**
     * Writes the velocity field as the workshop does: "m/scale n/scale", then
     * "%5d %5d %10.5f %10.5f" for every {@code scale}-th interior point from the first, indexed
     * {@code ((i-1)/scale, (j-1)/scale)}.
     *
     * @param psi the stream function, with its boundary
     * @param scale the workshop's scale factor: the grid is 32 x scale points a side
     * @param out where the figures are printed
     * @throws java.io.IOException when {@code out} fails
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

    /**
     * Writes the colour map as the workshop does: "m n", then "%5d %5d %10.5f" of |u|^0.6 for every interior point.
     *
     * @param psi the stream function, with its boundary
     * @param out where the figures are printed
     * @throws java.io.IOException when {@code out} fails
     */
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

    /**
     * {@code p4j example cfd [scale] [iterations] [velocity file]}: irrotational flow, as the workshop's cfd.py.
     *
     * @param args the example's arguments
     * @throws java.io.IOException when a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length > 3) {
            throw new IllegalArgumentException("cfd takes at most 3 arguments, got " + args.length + " " + List.of(args)
                    + " (usage: cfd [scale] [iterations] [velocity file])");
        }
        int scale = args.length > 0 ? integer(args[0], "scale", 1, "cfd") : 1;
        int iterations = args.length > 1 ? integer(args[1], "iterations", 0, "cfd") : 1000;
        simulate(scale, iterations, Double.NaN, Path.of(args.length > 2 ? args[2] : "velocity.dat"));
    }

    /**
     * {@code p4j example cfd-vorticity [scale] [iterations] [reynolds] [velocity file]} (default
     * 1 1000 1.3 velocity.dat): the workshop's cfd.py given a Reynolds number.
     */
    public static final class Vorticity {
        private Vorticity() {
        }

        /**
         * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
         * the class comment describes them.
         *
         * @param args the example's arguments
         * @throws java.io.IOException when a file cannot be written
         */
        public static void main(String[] args) throws IOException {
            String usage = " (usage: cfd-vorticity [scale] [iterations] [reynolds] [velocity file])";
            if (args.length > 4) {
                throw new IllegalArgumentException("cfd-vorticity takes at most 4 arguments, got " + args.length + " "
                        + List.of(args) + usage);
            }
            int scale = args.length > 0 ? integer(args[0], "scale", 1, "cfd-vorticity") : 1;
            int iterations = args.length > 1 ? integer(args[1], "iterations", 0, "cfd-vorticity") : 1000;
            double reynolds = 1.3;
            if (args.length > 2) {
                try {
                    reynolds = Double.parseDouble(args[2]);
                } catch (NumberFormatException e) {
                    reynolds = Double.NaN;
                }
                if (!(reynolds >= 0) || Double.isInfinite(reynolds)) {
                    throw new IllegalArgumentException("reynolds must be a finite number of at least 0, got '" + args[2] + "'" + usage);
                }
            }
            simulate(scale, iterations, reynolds, Path.of(args.length > 3 ? args[3] : "velocity.dat"));
        }
    }

    /** Runs, prints as the workshop's program does and writes both files; {@code reynolds} NaN for irrotational flow. */
    private static void simulate(int scale, int iterations, double reynolds, Path out) throws IOException {
        Path colours = out.resolveSibling("colourmap.dat");
        Team team = Team.common();
        int m = 32 * scale;
        System.out.printf("%n2D CFD Simulation%n=================%nScale factor = %d%nIterations   = %d%n", scale, iterations);
        System.out.println(Double.isNaN(reynolds) ? "Irrotational flow" : "Reynolds number = " + reynolds);
        boolean serial = m * m < SERIAL_POINTS;
        System.out.printf("%nGrid size = %d x %d, swept on %s%n", m, m,
                serial ? "1 thread (grids under " + SERIAL_POINTS + " points are swept serially)" : team.size() + " threads");
        System.out.printf("%nStarting main Jacobi loop ...%n");
        long t0 = System.nanoTime();
        Flow flow = Double.isNaN(reynolds) ? run(team, scale, iterations, Double.NaN) : solveVorticity(team, scale, iterations, reynolds);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        System.out.printf("%n... finished%n%nAfter %d iterations, the error is %.6g%n", iterations, flow.error());
        System.out.printf("Time for %d iterations was %.5f seconds%n", iterations, seconds);
        System.out.printf("Each iteration took %.3g seconds%n", iterations == 0 ? 0 : seconds / iterations);
        try (Writer w = Files.newBufferedWriter(out)) {
            writeVelocity(flow.psi(), scale, w);
        }
        try (Writer w = Files.newBufferedWriter(colours)) {
            writeColourmap(flow.psi(), w);
        }
        System.out.printf("%nWriting output files %s and %s ...%n... finished%n%nCFD completed%n", out, colours);
    }

    /** {@code arg} as an integer of at least {@code min}, or a usage error naming it. */
    private static int integer(String arg, String name, int min, String example) {
        try {
            int v = Integer.parseInt(arg);
            if (v >= min) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be an integer of at least " + min + ", got '" + arg
                + "' (usage: " + example + (example.equals("cfd") ? " [scale] [iterations] [velocity file])"
                        : " [scale] [iterations] [reynolds] [velocity file])"));
    }
}
