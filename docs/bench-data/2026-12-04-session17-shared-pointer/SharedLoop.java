import org.parallel4j.mpi.*;
import java.util.*;
public class SharedLoop {
    public static void main(String[] args) throws Exception {
        Comm c = Mpi.world();
        int n = c.size(), me = c.rank();
        int iters = Integer.parseInt(args[0]);
        String path = "/tmp/sfp/shared-" + n + ".bin";
        for (int it = 0; it < iters; it++) {
            long t0 = System.nanoTime();
            if (me == 0) new java.io.File(path).delete();
            c.barrier();
            try (MpiFile f = c.fileOpen(path, FileMode.CREATE, FileMode.RDWR)) {
                f.setView(0, long.class);
                for (int k = 0; k < 5; k++) f.writeShared(new long[] {me, k});
                c.barrier();
                long p = f.positionShared();
                if (p != 10L * n) throw new IllegalStateException("position " + p);
                f.seekShared(0, MpiFile.Whence.SET);
                long[] records = new long[2];
                for (int k = 0; k < 5; k++) f.readShared(records);
                f.seekShared(0, MpiFile.Whence.END);
                long[] mine = new long[me + 1];
                Arrays.fill(mine, me + 100);
                f.writeOrdered(mine);
                f.seekShared(10L * n, MpiFile.Whence.SET);
                long[] back = new long[me + 1];
                f.readOrdered(back);
                if (!Arrays.equals(mine, back)) throw new IllegalStateException("ordered, iteration " + it + ", rank " + me + ": wrote " + Arrays.toString(mine) + " read " + Arrays.toString(back) + " file " + new java.io.File(path).length() + " bytes");
            }
            double s = (System.nanoTime() - t0) / 1e9;
            if (me == 0 && (s > 1 || it % 50 == 0)) System.out.printf("iteration %d: %.3f s%n", it, s);
        }
        if (me == 0) System.out.println("done");
    }
}
