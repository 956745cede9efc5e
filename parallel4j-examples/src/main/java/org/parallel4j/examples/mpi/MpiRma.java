package org.parallel4j.examples.mpi;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.LockType;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.Op;
import org.parallel4j.mpi.Win;

/**
 * One-sided communication, the two patterns of the mpi4py chapter, each checked against a
 * serial computation:
 * <ul>
 *   <li>a halo exchange with {@code put} and fences: a 1-D Jacobi smoother whose ranks write
 *   their edge cells straight into their neighbours' ghost cells, no receive posted;</li>
 *   <li>a work queue whose only shared state is a counter on rank 0: every rank takes the next
 *   task with {@code fetchAndOp}, so fast ranks take more, and every task is taken once.</li>
 * </ul>
 * {@code p4j example -n 4 mpi-rma [cells] [steps] [tasks]}
 */
public final class MpiRma {
    private MpiRma() {
    }

    /**
     * The starting value of cell {@code i} of {@code n}: a bump between two fixed ends.
     *
     * @param i the cell
     * @param n the number of cells
     * @return its starting value
     */
    public static double initial(int i, int n) {
        return i == 0 || i == n - 1 ? 1.0 : Math.sin(Math.PI * i / (n - 1)) * 10.0;
    }

    /**
     * The serial smoother: {@code steps} Jacobi sweeps, both end cells fixed.
     *
     * @param n the number of cells
     * @param steps the number of sweeps
     * @return every cell after the sweeps
     */
    public static double[] serialSmooth(int n, int steps) {
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = initial(i, n);
        }
        double[] next = u.clone();
        for (int s = 0; s < steps; s++) {
            for (int i = 1; i < n - 1; i++) {
                next[i] = 0.5 * (u[i - 1] + u[i + 1]);
            }
            double[] t = u;
            u = next;
            next = t;
        }
        return u;
    }

    /**
     * The same smoother over the ranks of {@code world}, cells in contiguous blocks; every rank
     * gets the whole result.
     *
     * @param world the ranks
     * @param n the number of cells (at least one per rank)
     * @param steps the number of sweeps
     * @return every cell after the sweeps
     */
    public static double[] smooth(Comm world, int n, int steps) {
        int size = world.size(), rank = world.rank();
        int first = (int) ((long) n * rank / size), local = (int) ((long) n * (rank + 1) / size) - first;
        int left = rank > 0 ? rank - 1 : Mpi.PROC_NULL, right = rank < size - 1 ? rank + 1 : Mpi.PROC_NULL;
        // element 0: the left ghost, 1..local: this rank's cells, local + 1: the right ghost
        try (Win win = world.winAllocate(8L * (local + 2), 8)) {
            MemorySegment u = win.memory();
            for (int i = 0; i < local; i++) {
                u.setAtIndex(ValueLayout.JAVA_DOUBLE, i + 1, initial(first + i, n));
            }
            double[] next = new double[local];
            double[] edge = new double[1];
            win.fence();
            for (int s = 0; s < steps; s++) {
                // my first cell is my left neighbour's right ghost; my last, my right neighbour's left ghost
                edge[0] = u.getAtIndex(ValueLayout.JAVA_DOUBLE, 1);
                if (left != Mpi.PROC_NULL) {
                    long leftLocal = (long) n * rank / size - (long) n * (rank - 1) / size;
                    win.put(edge, left, leftLocal + 1);
                }
                double[] last = {u.getAtIndex(ValueLayout.JAVA_DOUBLE, local)};
                win.put(last, right, 0);
                win.fence();
                for (int i = 0; i < local; i++) {
                    int g = first + i;
                    next[i] = g == 0 || g == n - 1 ? u.getAtIndex(ValueLayout.JAVA_DOUBLE, i + 1)
                            : 0.5 * (u.getAtIndex(ValueLayout.JAVA_DOUBLE, i) + u.getAtIndex(ValueLayout.JAVA_DOUBLE, i + 2));
                }
                for (int i = 0; i < local; i++) {
                    u.setAtIndex(ValueLayout.JAVA_DOUBLE, i + 1, next[i]);
                }
                win.fence(); // no rank puts the next step's edges while a neighbour still reads its ghosts
            }
            win.fence(Win.MODE_NOSUCCEED);
            double[] mine = u.asSlice(8, 8L * local).toArray(ValueLayout.JAVA_DOUBLE);
            int[] counts = new int[size];
            int[] displs = new int[size];
            for (int r = 0; r < size; r++) {
                displs[r] = (int) ((long) n * r / size);
                counts[r] = (int) ((long) n * (r + 1) / size) - displs[r];
            }
            double[] all = new double[n];
            world.allgatherv(mine, local, all, counts, displs);
            return all;
        }
    }

    /**
     * The result of task {@code k}: some integer work whose cost grows with {@code k}.
     *
     * @param k the task
     * @return its result
     */
    public static long task(int k) {
        long sum = 0;
        for (long i = 0; i < 2000L * (k + 1); i++) {
            sum += (i * i + k) % 7919;
        }
        return sum;
    }

    /**
     * Runs tasks {@code 0..tasks-1} from a shared counter on rank 0; returns the tasks this rank took.
     *
     * @param world the ranks
     * @param tasks the number of tasks
     * @param results where this rank adds its tasks' results (element 0)
     * @return the indices of the tasks this rank ran
     */
    public static List<Integer> workQueue(Comm world, int tasks, long[] results) {
        List<Integer> mine = new java.util.ArrayList<>();
        try (Win counter = world.winAllocate(world.rank() == 0 ? 8 : 0, 8)) {
            world.barrier();
            long[] one = {1};
            long[] ticket = new long[1];
            counter.lock(LockType.SHARED, 0);
            while (true) {
                counter.fetchAndOp(one, ticket, 0, 0, Op.SUM);
                counter.flush(0); // the ticket is valid once the operation completes
                if (ticket[0] >= tasks) {
                    break;
                }
                mine.add((int) ticket[0]);
                results[0] += task((int) ticket[0]);
            }
            counter.unlock(0);
            world.barrier();
        }
        return mine;
    }

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        Comm world = Mpi.world();
        int cells = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int tasks = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        if (cells < world.size() || steps < 0 || tasks < 0) {
            throw new IllegalArgumentException("mpi-rma: need at least one cell per rank (" + cells + " cells, " + world.size()
                    + " ranks), steps >= 0 and tasks >= 0");
        }
        double[] parallel = smooth(world, cells, steps);
        double[] serial = serialSmooth(cells, steps);
        double diff = 0;
        double sum = 0;
        for (int i = 0; i < cells; i++) {
            diff = Math.max(diff, Math.abs(parallel[i] - serial[i]));
            sum += parallel[i];
        }
        if (world.rank() == 0) {
            System.out.printf("halo exchange with put and fence: %d cells, %d Jacobi steps on %d ranks, mean %.12f,"
                    + " largest difference from the serial smoother %s%n", cells, steps, world.size(), sum / cells, diff);
        }
        long[] result = new long[1];
        List<Integer> mine = workQueue(world, tasks, result);
        long total = world.reduce(result[0], Op.SUM, 0);
        List<List<Integer>> taken = world.gatherObject(mine, 0);
        if (world.rank() == 0) {
            boolean[] seen = new boolean[tasks];
            int twice = 0;
            for (List<Integer> l : taken) {
                for (int k : l) {
                    twice += seen[k] ? 1 : 0;
                    seen[k] = true;
                }
            }
            int missing = 0;
            long serialTotal = 0;
            for (int k = 0; k < tasks; k++) {
                missing += seen[k] ? 0 : 1;
                serialTotal += task(k);
            }
            System.out.printf("work queue on a fetchAndOp counter: %d tasks, %d taken twice, %d missed; total %d (serial %d)%n",
                    tasks, twice, missing, total, serialTotal);
        }
    }
}
