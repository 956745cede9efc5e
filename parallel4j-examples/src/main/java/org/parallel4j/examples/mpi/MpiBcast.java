package org.parallel4j.examples.mpi;

import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.Mpi;

/**
 * Mirrors the mpi4py workshop's broadcast of a NumPy array ({@code comm.Bcast([A, MPI.DOUBLE])}):
 * rank 0 prints the banner, all meet at a barrier, rank 0's 0..4 as doubles is broadcast, and
 * every rank prints what it holds as the workshop does, "[02] [0. 1. 2. 3. 4.]".
 * {@code p4j example -n 4 mpi-bcast}
 */
public final class MpiBcast {
    private MpiBcast() {
    }

    /**
     * The array every rank holds after the broadcast.
     *
     * @param world the world communicator
     * @return the array after the broadcast
     */
    public static double[] broadcast(Comm world) {
        double[] data = new double[5];
        if (world.rank() == 0) {
            for (int i = 0; i < data.length; i++) {
                data[i] = i;
            }
        }
        world.bcast(data, 0);
        return data;
    }

    /**
     * The workshop's banner, which rank 0 prints before the barrier.
     *
     * @param size the number of ranks
     * @return the banner, three lines
     */
    public static String banner(int size) {
        String rule = "-".repeat(78);
        return rule + "\n Running on " + size + " cores\n" + rule;
    }

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        Comm world = Mpi.world();
        if (world.rank() == 0) {
            System.out.println(banner(world.size()));
        }
        world.barrier();
        double[] data = broadcast(world);
        System.out.println(line(world.rank(), data));
    }

    /**
     * What each rank prints, as the workshop's {@code "[%02d] %s"} of a NumPy array: "[02] [0. 1. 2. 3. 4.]".
     *
     * @param rank the rank that prints
     * @param data the array rank 0 broadcast
     * @return the line
     */
    public static String line(int rank, double[] data) {
        StringBuilder b = new StringBuilder(String.format("[%02d] [", rank));
        for (int i = 0; i < data.length; i++) {
            double v = data[i];
            b.append(i > 0 ? " " : "").append(v == Math.rint(v) && Math.abs(v) < 1e15 ? (long) v + "." : Double.toString(v));
        }
        return b.append(']').toString();
    }
}
