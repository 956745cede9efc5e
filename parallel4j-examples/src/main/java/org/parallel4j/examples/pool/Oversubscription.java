package org.parallel4j.examples.pool;

import java.util.ArrayList;
import java.util.List;
import org.parallel4j.examples.loop.Cfd;
import org.parallel4j.loop.Team;
import org.parallel4j.pool.MapOptions;
import org.parallel4j.pool.Pool;
import org.parallel4j.pool.SerializableFunction;

/**
 * Mirrors the workshop's lesson on NumPy and multiprocessing: a pool of worker processes whose
 * tasks each call a multi-threaded kernel (NumPy's BLAS) puts workers x cores threads on the
 * cores, and everything slows down; the workshop's cure is {@code OMP_NUM_THREADS=1}.
 *
 * <p>Here each task is a multi-threaded kernel too: Jacobi sweeps of the cavity flow on a
 * 256 x 256 grid, every sweep a parallel loop on the worker's loop team. The pool of worker
 * JVMs runs the tasks twice: with the teams parallel4j gives the workers by default (each
 * worker's team gets its share of the cores, cores / workers threads), and with every team
 * forced to all the cores ({@code -Dp4j.numThreads=cores}, what a worker would have without
 * that default). Both runs must give the same answers; the second is slower, the more the
 * more workers share the cores. {@code p4j example oversubscription [-n workers] [sweeps per task]}
 * (default: the cores, at least 2, and 1500).
 */
public final class Oversubscription {
    /** The grid's scale: 32 x 8 = 256 points a side, above the cut-off below which a sweep runs serially. */
    public static final int SCALE = 8;

    private Oversubscription() {
    }

    /**
     * One task: the stream function after {@code sweeps} sweeps on this JVM's loop team, and that team's size.
     *
     * @param sweeps the number of Jacobi sweeps
     * @return the checksum of the stream function and the size of this JVM's loop team
     */
    public static double[] kernel(int sweeps) {
        Team team = Team.common();
        double[][] psi = Cfd.solve(team, SCALE, sweeps);
        double sum = 0;
        for (double[] row : psi) {
            for (double v : row) {
                sum += v;
            }
        }
        return new double[] {sum, team.size()};
    }

    /** The tasks' results and the seconds they took on a pool of {@code workers} JVMs with {@code options}. */
    static Run run(int workers, int tasks, int sweeps, String... options) {
        try (Pool pool = Pool.builder().processes(workers).jvmOptions(options).build()) {
            SerializableFunction<Integer, double[]> task = s -> kernel(s);
            List<Integer> warmUp = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                warmUp.add(Math.max(1, sweeps / 10));
            }
            pool.map(task, warmUp, MapOptions.defaults().chunksize(1)); // every worker started and its kernel compiled
            List<Integer> work = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                work.add(sweeps);
            }
            long t0 = System.nanoTime();
            List<double[]> r = pool.map(task, work, MapOptions.defaults().chunksize(1));
            return new Run(r, (System.nanoTime() - t0) * 1e-9);
        }
    }

    /**
     * One timed run.
     *
     * @param results every task's checksum and team size
     * @param seconds the wall time of the timed map
     */
    record Run(List<double[]> results, double seconds) {
        int teamSize() {
            return (int) results.getFirst()[1];
        }
    }

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        int cores = Runtime.getRuntime().availableProcessors();
        int workers = Integer.getInteger("p4j.numThreads", Math.max(2, cores));
        int sweeps = 1500;
        if (args.length > 1) {
            throw new IllegalArgumentException("oversubscription takes at most 1 argument, got " + List.of(args)
                    + " (usage: oversubscription [-n workers] [sweeps per task])");
        }
        if (args.length == 1) {
            try {
                sweeps = Integer.parseInt(args[0]);
            } catch (NumberFormatException e) {
                sweeps = 0;
            }
            if (sweeps < 1) {
                throw new IllegalArgumentException("sweeps per task must be an integer of at least 1, got '" + args[0]
                        + "' (usage: oversubscription [-n workers] [sweeps per task])");
            }
        }
        int tasks = 2 * workers;
        System.out.printf("%d tasks of %d Jacobi sweeps on a %d x %d grid, a pool of %d worker JVMs, %d cores%n",
                tasks, sweeps, 32 * SCALE, 32 * SCALE, workers, cores);
        Run shared = run(workers, tasks, sweeps);
        System.out.printf("each worker's team sized by parallel4j (%d thread%s, %d in all): %.3f s%n",
                shared.teamSize(), shared.teamSize() == 1 ? "" : "s", shared.teamSize() * workers, shared.seconds());
        Run over = run(workers, tasks, sweeps, "-Dp4j.numThreads=" + cores);
        System.out.printf("each worker's team on all the cores (%d threads, %d in all):  %.3f s (%.2fx slower)%n",
                over.teamSize(), over.teamSize() * workers, over.seconds(), over.seconds() / shared.seconds());
        for (int i = 0; i < tasks; i++) {
            if (shared.results().get(i)[0] != over.results().get(i)[0]) {
                throw new IllegalStateException("task " + i + " gave " + shared.results().get(i)[0] + " with shared teams but "
                        + over.results().get(i)[0] + " on all the cores");
            }
        }
        System.out.println("same answers both ways; set -Dp4j.numThreads in the pool's jvmOptions, or P4J_NUM_THREADS / "
                + "OMP_NUM_THREADS, to choose the workers' team size yourself");
    }
}
