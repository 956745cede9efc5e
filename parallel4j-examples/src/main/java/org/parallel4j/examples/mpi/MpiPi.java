package org.parallel4j.examples.mpi;

import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.Op;

/**
 * π by the midpoint rule, as in the mpi4py workshop: rank 0 broadcasts n, each rank sums
 * every size-th midpoint of 4/(1+x²) on [0,1], and a SUM reduction brings the parts to rank 0.
 * {@code p4j example -n 4 mpi-pi [n]}
 */
public final class MpiPi {
    private MpiPi() {
    }

    /**
     * This rank's share of the sum times h, for {@code n} intervals.
     *
     * @param rank this rank
     * @param size the number of ranks
     * @param n the number of intervals
     * @return this rank's part of the sum
     */
    public static double partial(int rank, int size, int n) {
        double h = 1.0 / n;
        double sum = 0.0;
        for (int i = rank + 1; i <= n; i += size) {
            double x = h * (i - 0.5);
            sum += 4.0 / (1.0 + x * x);
        }
        return h * sum;
    }

    /**
     * π at rank 0 (the other ranks get their own part back), with {@code n} broadcast from rank 0.
     *
     * @param world the world communicator
     * @param n the number of intervals
     * @return the estimate of pi at rank 0 (the reduce's value elsewhere is the rank's own part)
     */
    public static double compute(Comm world, int n) {
        int[] count = {world.rank() == 0 ? n : 0};
        world.bcast(count, 0);
        return world.reduce(partial(world.rank(), world.size(), count[0]), Op.SUM, 0);
    }

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        Comm world = Mpi.world();
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        double pi = compute(world, n);
        if (world.rank() == 0) {
            System.out.printf("pi is approximately %.16f, error is %.16f%n", pi, Math.abs(pi - Math.PI));
        }
    }
}
