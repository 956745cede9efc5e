package org.parallel4j.examples.mpi;

import java.util.Random;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.Mpi;

/**
 * The workshop's random-positions example ({@code random.py}): each rank draws 3 uniform
 * positions in its slab [rank/size, (rank+1)/size) from the seed 1235 + rank, so a run is
 * reproducible (the workshop's own program seeds nothing). {@code p4j example -n 4 mpi-random}
 */
public final class MpiRandom {
    /** Positions per rank. */
    public static final int PER_RANK = 3;

    private MpiRandom() {
    }

    /**
     * This rank's positions.
     *
     * @param world the world communicator
     * @return this rank's positions
     */
    public static double[] positions(Comm world) {
        Random random = new Random(1235 + world.rank());
        double[] x = new double[PER_RANK];
        for (int i = 0; i < x.length; i++) {
            x[i] = (world.rank() + random.nextDouble()) / world.size();
        }
        return x;
    }

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        Comm world = Mpi.world();
        double[] x = positions(world);
        StringBuilder b = new StringBuilder("rank " + world.rank() + " of " + world.size() + ":");
        for (double v : x) {
            b.append(String.format(" %.3f", v));
        }
        System.out.println(b);
    }
}
