package org.parallel4j.examples.loop;

import org.parallel4j.loop.Reduction;
import org.parallel4j.loop.Schedule;
import org.parallel4j.loop.Team;

/**
 * The Julia set of the Cython/OpenMP workshop: escape counts of {@code z -> z^2 + c},
 * {@code c = 0.322 + 0.05i}, on an N x N grid over [-1.5, 1.5]^2 (N = 2001), at most 1000
 * iterations, escape once {@code |z| >= 4}. Rows are dealt {@code static,1}; the cells that
 * never escape are counted with a reduction.
 * {@code p4j example julia [-n threads] [N] [schedule]} (e.g. {@code julia 2001 dynamic,4}).
 */
public final class Julia {
    /** The workshop's constant. */
    public static final double C_RE = 0.322;
    /** The workshop's constant. */
    public static final double C_IM = 0.05;
    /** The most iterations per cell. */
    public static final int MAX_ITERATIONS = 1000;
    /** The escape radius. */
    public static final double RADIUS = 4.0;
    /** The workshop's grid size. */
    public static final int WORKSHOP_N = 2001;

    private Julia() {
    }

    /**
     * Grid coordinate {@code i} of {@code n}, as NumPy's {@code linspace(-1.5, 1.5, n)}.
     *
     * @param i the index of a row or column
     * @param n the number of cells a side
     * @return the coordinate in [-1.5, 1.5]
     */
    public static double coordinate(int i, int n) {
        if (i == n - 1) {
            return 1.5;
        }
        double step = 3.0 / (n - 1);
        return i * step + -1.5;
    }

    /**
     * The escape count of one cell.
     *
     * @param zr the real part of the starting point
     * @param zi the imaginary part of the starting point
     * @return the number of iterations before {@code |z| >= 4}, at most 1000
     */
    public static int escape(double zr, double zi) {
        int count = 0;
        while (count < MAX_ITERATIONS && zr * zr + zi * zi < RADIUS * RADIUS) {
            double re = zr * zr - zi * zi + C_RE;
            zi = 2 * zr * zi + C_IM;
            zr = re;
            count++;
        }
        return count;
    }

    /**
     * Fills row {@code i} of {@code counts}; returns how many of its cells never escape.
     *
     * @param i the index of a row or column
     * @param n the number of cells a side
     * @param counts filled with the escape count of each cell, row-major
     * @return the number of cells of the row that never escape
     */
    public static long row(int i, int n, int[] counts) {
        double x = coordinate(i, n);
        long inside = 0;
        for (int j = 0; j < n; j++) {
            int c = escape(x, coordinate(j, n));
            counts[i * n + j] = c;
            if (c == MAX_ITERATIONS) {
                inside++;
            }
        }
        return inside;
    }

    /**
     * Computes the grid on {@code team} with {@code schedule} over rows; returns the count of cells that never escape.
     *
     * @param team the loop team that sweeps the rows
     * @param n the number of cells a side
     * @param schedule how rows are dealt to the threads
     * @param counts filled with the escape count of each cell, row-major
     * @return the number of cells that never escape
     */
    public static long compute(Team team, int n, Schedule schedule, int[] counts) {
        return team.range(0, n).schedule(schedule).reduceLong(Reduction.SUM, i -> row(i, n, counts));
    }

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : WORKSHOP_N;
        Schedule schedule = args.length > 1 ? Schedule.parse(args[1]) : Schedule.staticChunks(1);
        Team team = Team.common();
        int[] serialCounts = new int[n * n];
        int[] parallelCounts = new int[n * n];
        try (Team one = Team.create(1)) {
            long t0 = System.nanoTime();
            long serialInside = compute(one, n, schedule, serialCounts);
            double serial = (System.nanoTime() - t0) * 1e-9;
            t0 = System.nanoTime();
            long inside = compute(team, n, schedule, parallelCounts);
            double parallel = (System.nanoTime() - t0) * 1e-9;
            System.out.printf("Julia set, c = %s+%si, %d x %d grid, schedule %s%n", C_RE, C_IM, n, n, schedule);
            System.out.printf("fraction of cells that never escape: %s%n", (double) inside / ((long) n * n));
            System.out.printf("serial and parallel escape counts identical: %s (serial found %d cells inside)%n",
                    java.util.Arrays.equals(serialCounts, parallelCounts) && serialInside == inside, serialInside);
            System.out.printf("1 thread: %.3f s   %d threads: %.3f s   speed-up %.2fx%n", serial, team.size(), parallel, serial / parallel);
        }
    }
}
