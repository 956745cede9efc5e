package org.parallel4j.examples.mpi;

import org.parallel4j.examples.loop.Julia;
import org.parallel4j.mpi.CartComm;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.FileMode;
import org.parallel4j.mpi.Filetype;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.MpiFile;
import org.parallel4j.mpi.Op;

/**
 * Parallel I/O: the Julia set of the loops workshop computed by blocks of a 2-D grid of ranks,
 * every rank writing its block into one file through a subarray view ({@code writeAtAll}), then
 * read back twice: each rank its own block through the same view, and rank 0 the whole file,
 * which it checks against a serial computation. The file holds the escape counts as int32,
 * row-major, in the machine's byte order: what {@code numpy.fromfile(path, dtype=numpy.int32)}
 * reads. {@code p4j example -n 4 mpi-io [n] [file]}
 */
public final class MpiIo {
    private MpiIo() {
    }

    /**
     * What the example found.
     *
     * @param bytes the file's size
     * @param blocksMatch whether every rank read its block back as written
     * @param fileMatchesSerial whether the whole file equals the serial grid (checked at rank 0; false elsewhere)
     * @param insideFraction the fraction of cells that never escape
     */
    public record Result(long bytes, boolean blocksMatch, boolean fileMatchesSerial, double insideFraction) {
    }

    /**
     * Computes, writes and reads back the {@code n x n} grid over {@code world} into {@code path}.
     *
     * @param world the ranks
     * @param n the number of cells a side
     * @param path the file
     * @return what was found (the whole-file check at rank 0 only; false elsewhere)
     */
    public static Result run(Comm world, int n, String path) {
        int[] dims = CartComm.dimsCreate(world.size(), new int[2]);
        CartComm grid = world.createCart(dims, new boolean[] {false, false}, false);
        int[] coords = grid.coords(grid.rank());
        int[] starts = new int[2];
        int[] sizes = new int[2];
        for (int d = 0; d < 2; d++) {
            starts[d] = (int) ((long) n * coords[d] / dims[d]);
            sizes[d] = (int) ((long) n * (coords[d] + 1) / dims[d]) - starts[d];
        }
        int[] block = new int[sizes[0] * sizes[1]];
        long inside = 0;
        for (int i = 0; i < sizes[0]; i++) {
            double x = Julia.coordinate(starts[0] + i, n);
            for (int j = 0; j < sizes[1]; j++) {
                int c = Julia.escape(x, Julia.coordinate(starts[1] + j, n));
                block[i * sizes[1] + j] = c;
                if (c == Julia.MAX_ITERATIONS) {
                    inside++;
                }
            }
        }
        long allInside = grid.allreduce(inside, Op.SUM);
        Filetype view = Filetype.subarray(int.class, new int[] {n, n}, sizes, starts);
        if (grid.rank() == 0 && java.nio.file.Files.exists(java.nio.file.Path.of(path))) {
            MpiFile.delete(path); // a previous run's larger file must not show through
        }
        grid.barrier();
        try (MpiFile f = grid.fileOpen(path, FileMode.CREATE, FileMode.RDWR)) {
            f.setView(0, view);
            f.writeAtAll(0, block);
            f.sync();
        }
        boolean blocksMatch;
        long bytes;
        try (MpiFile f = grid.fileOpen(path, FileMode.RDONLY)) {
            bytes = f.size();
            f.setView(0, view);
            int[] back = new int[block.length];
            int got = f.readAtAll(0, back);
            blocksMatch = got == block.length && java.util.Arrays.equals(block, back);
        }
        blocksMatch = grid.allreduce(blocksMatch ? 1 : 0, Op.MIN) == 1;
        boolean fileMatches = false;
        if (grid.rank() == 0) {
            int[] whole = new int[n * n];
            try (MpiFile f = Mpi.self().fileOpen(path, FileMode.RDONLY)) {
                f.setView(0, int.class);
                fileMatches = f.readAt(0, whole) == whole.length;
            }
            int[] serial = new int[n * n];
            for (int i = 0; i < n; i++) {
                Julia.row(i, n, serial);
            }
            fileMatches &= java.util.Arrays.equals(serial, whole);
        }
        grid.free();
        return new Result(bytes, blocksMatch, fileMatches, (double) allInside / ((long) n * n));
    }

    /**
     * Runs the example: {@code p4j example -n 4 mpi-io [n] [file]}.
     *
     * @param args the grid size (the workshop's 2001) and the file (julia.dat)
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : Julia.WORKSHOP_N;
        String path = args.length > 1 ? args[1] : "julia.dat";
        Comm world = Mpi.world();
        int[] dims = CartComm.dimsCreate(world.size(), new int[2]);
        Result r = run(world, n, path);
        if (world.rank() == 0) {
            System.out.printf("%s: %d x %d escape counts (int32, row-major), written by %d ranks in %d x %d blocks: %d bytes%n",
                    path, n, n, world.size(), dims[0], dims[1], r.bytes());
            System.out.printf("every rank's block read back through its view: %s%n", r.blocksMatch() ? "identical" : "DIFFERENT");
            System.out.printf("the whole file read back by rank 0: %s the serial computation%n",
                    r.fileMatchesSerial() ? "identical to" : "DIFFERENT from");
            System.out.printf("fraction of cells that never escape: %s%n", r.insideFraction());
        }
    }
}
