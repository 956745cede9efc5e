package org.parallel4j.examples.mpi;

import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.Mpi;

/** Rank 0's 0..4 as doubles broadcast to every rank. {@code p4j example -n 4 mpi-bcast} */
public final class MpiBcast {
    private MpiBcast() {
    }

    /** The array every rank holds after the broadcast. */
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

    public static void main(String[] args) {
        Comm world = Mpi.world();
        double[] data = broadcast(world);
        System.out.println(line(world.rank(), data));
    }

    /** What each rank prints, as the workshop's NumPy array prints: "[2] [0. 1. 2. 3. 4.]". */
    public static String line(int rank, double[] data) {
        StringBuilder b = new StringBuilder("[" + rank + "] [");
        for (int i = 0; i < data.length; i++) {
            double v = data[i];
            b.append(i > 0 ? " " : "").append(v == Math.rint(v) && Math.abs(v) < 1e15 ? (long) v + "." : Double.toString(v));
        }
        return b.append(']').toString();
    }
}
