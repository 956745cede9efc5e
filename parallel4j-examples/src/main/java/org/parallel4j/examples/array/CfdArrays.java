package org.parallel4j.examples.array;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.parallel4j.array.DoubleMatrix;
import org.parallel4j.examples.loop.Cfd;
import org.parallel4j.loop.Team;

/**
 * The workshops' {@code cfd.py} cavity flow (see {@link Cfd}, the loop version) written the way
 * its NumPy version is: each Jacobi sweep is one array expression over four shifted slices of
 * the stream function, {@code psinew[1:-1, 1:-1] = 0.25 * (psi[:-2, 1:-1] + psi[2:, 1:-1] +
 * psi[1:-1, :-2] + psi[1:-1, 2:])}, and the copy back another. The sums run in the loop's
 * order, so the velocity file is byte for byte the loop version's (and the workshop's).
 * {@code p4j example cfd-arrays [-n threads] [scale] [iterations] [velocity file]} (default 1 1000 velocity.dat).
 */
public final class CfdArrays {
    private CfdArrays() {
    }

    /**
     * The stream function after {@code iterations} Jacobi sweeps, and the workshop's error of the last.
     *
     * @param psi the stream function with its boundary values, (m+2) x (n+2); swept in place
     * @param iterations the number of sweeps
     * @param team the loop team the expressions run on
     * @return the relative change of the last sweep, {@code sqrt(sum of squared changes) / bnorm} (0 for none)
     */
    public static double sweep(DoubleMatrix psi, int iterations, Team team) {
        int m = psi.rows() - 2;
        int n = psi.cols() - 2;
        double bnorm = Math.sqrt(psi.expr().on(team).times(psi.expr()).sum());
        DoubleMatrix next = psi.copy();
        DoubleMatrix interior = psi.slice(1, m + 1, 1, n + 1);
        DoubleMatrix nextInterior = next.slice(1, m + 1, 1, n + 1);
        double error = 0;
        for (int iter = 1; iter <= iterations; iter++) {
            psi.slice(0, m, 1, n + 1).expr().on(team).plus(psi.slice(2, m + 2, 1, n + 1).expr())
                    .plus(psi.slice(1, m + 1, 0, n).expr()).plus(psi.slice(1, m + 1, 2, n + 2).expr()).times(0.25)
                    .into(nextInterior);
            if (iter == iterations) {
                var change = nextInterior.expr().on(team).minus(interior.expr());
                error = Math.sqrt(change.times(change).sum()) / bnorm;
            }
            nextInterior.expr().on(team).into(interior);
        }
        return error;
    }

    /**
     * The workshop's starting grid at {@code scale}: zeros inside, its inlet and outlet on the edges.
     *
     * @param scale the scale factor: 32 x scale points a side
     * @return the (32s+2) x (32s+2) stream function
     */
    public static DoubleMatrix start(int scale) {
        double[][] rows;
        try (Team one = Team.create(1)) {
            rows = Cfd.solve(one, scale, 0); // no sweep: the boundary values only
        }
        DoubleMatrix psi = DoubleMatrix.zeros(rows.length, rows[0].length);
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < rows[i].length; j++) {
                psi.set(i, j, rows[i][j]);
            }
        }
        return psi;
    }

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     * @throws IOException when a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        String usage = " (usage: cfd-arrays [scale] [iterations] [velocity file])";
        if (args.length > 3) {
            throw new IllegalArgumentException("cfd-arrays takes at most 3 arguments, got " + args.length + " " + List.of(args) + usage);
        }
        int scale = args.length > 0 ? integer(args[0], "scale", 1, usage) : 1;
        int iterations = args.length > 1 ? integer(args[1], "iterations", 0, usage) : 1000;
        Path out = Path.of(args.length > 2 ? args[2] : "velocity.dat");
        Path colours = out.resolveSibling("colourmap.dat");
        Team team = Team.common();
        int m = 32 * scale;
        System.out.printf("%n2D CFD Simulation (array expressions)%n=====================================%nScale factor = %d%nIterations   = %d%n",
                scale, iterations);
        System.out.println("Irrotational flow");
        System.out.printf("%nGrid size = %d x %d, each sweep one fused expression on up to %d threads%n", m, m, team.size());
        System.out.printf("%nStarting main Jacobi loop ...%n");
        DoubleMatrix psi = start(scale);
        long t0 = System.nanoTime();
        double error = sweep(psi, iterations, team);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        System.out.printf("%n... finished%n%nAfter %d iterations, the error is %.6g%n", iterations, error);
        System.out.printf("Time for %d iterations was %.5f seconds%n", iterations, seconds);
        System.out.printf("Each iteration took %.3g seconds%n", iterations == 0 ? 0 : seconds / iterations);
        double[][] rows = psi.toArray();
        try (Writer w = Files.newBufferedWriter(out)) {
            Cfd.writeVelocity(rows, scale, w);
        }
        try (Writer w = Files.newBufferedWriter(colours)) {
            Cfd.writeColourmap(rows, w);
        }
        System.out.printf("%nWriting output files %s and %s ...%n... finished%n%nCFD completed%n", out, colours);
    }

    private static int integer(String arg, String name, int min, String usage) {
        try {
            int v = Integer.parseInt(arg);
            if (v >= min) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be an integer of at least " + min + ", got '" + arg + "'" + usage);
    }
}
