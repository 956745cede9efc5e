package org.parallel4j.mpi.engine.mpi;

import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.FileMode;
import org.parallel4j.mpi.Filetype;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.MpiFile;

/** The Java side of {@code file_peer.c}: the same file through the same views (see there). */
public final class FilePeerJava {
    static final int ROWS = 12;
    static final int COLS = 5;
    static final int COUNT = 7;

    private FilePeerJava() {
    }

    /** Writes the file at {@code path} on every rank of {@code world}. */
    static void write(Comm world, String path) {
        int r = world.rank();
        int n = world.size();
        int r0 = ROWS * r / n;
        int r1 = ROWS * (r + 1) / n;
        double[] block = new double[(r1 - r0) * COLS];
        for (int i = r0; i < r1; i++) {
            for (int j = 0; j < COLS; j++) {
                block[(i - r0) * COLS + j] = i * 100.0 + j + 0.25;
            }
        }
        int[] ints = new int[COUNT];
        for (int k = 0; k < COUNT; k++) {
            ints[k] = r * 1000 + k;
        }
        try (MpiFile f = world.fileOpen(path, FileMode.CREATE, FileMode.WRONLY)) {
            f.setView(0, Filetype.subarray(double.class, new int[] {ROWS, COLS}, new int[] {r1 - r0, COLS}, new int[] {r0, 0}));
            f.writeAtAll(0, block);
            f.setView((long) ROWS * COLS * 8 + 4L * r, Filetype.vector(int.class, COUNT, 1, n));
            f.writeAtAll(0, ints);
        }
    }

    /**
     * One rank under the MPI engine.
     *
     * @param args the file's path
     */
    public static void main(String[] args) {
        write(Mpi.world(), args[0]);
    }
}
