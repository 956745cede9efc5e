package org.parallel4j.mpi.engine.mpi;

import java.util.Arrays;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.Op;
import org.parallel4j.mpi.Status;

/** The Java side of {@link MpiInteropTest}: rank 1 of an MPMD job whose rank 0 is a C program. */
final class InteropJavaRank {
    private InteropJavaRank() {
    }

    public static void main(String[] args) {
        Comm w = Mpi.world();
        int[] v = new int[4];
        Status st = Status.create();
        w.recv(v, 0, 7, st);
        w.send(new double[] {0.5, 1.5, 2.5}, 0, 8);
        double sum = w.allreduce(32.0, Op.SUM);
        long[] big = {700, 800};
        w.bcast(big, 1);
        boolean ok = Arrays.equals(v, new int[] {1, 2, 3, 4}) && st.source() == 0 && st.count() == 4 && sum == 42;
        System.out.println("Java rank 1: " + (ok ? "values ok" : "WRONG VALUES") + " (received " + Arrays.toString(v) + ", sum " + sum + ")");
        System.exit(ok ? 0 : 1);
    }
}
