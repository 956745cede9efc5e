import org.parallel4j.pool.*;
import java.util.*;
public class PMap3 {
    static int square(int x) { return x * x; }
    public static void main(String[] args) throws Exception {
        List<Integer> small = new ArrayList<>();
        for (int i = 0; i < 20000; i++) small.add(i);
        try (Pool pool = Pool.threads(2)) {
            long warm = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < warm) { pool.map(PMap3::square, small, MapOptions.defaults().chunksize(1)); var it = pool.imapUnordered(PMap3::square, small, MapOptions.defaults().chunksize(1)); while (it.hasNext()) it.next(); }
            int passes = 200;
            double[] m = new double[passes], u = new double[passes], s = new double[passes];
            for (int k = 0; k < passes; k++) {
                long t0 = System.nanoTime();
                pool.map(PMap3::square, small, MapOptions.defaults().chunksize(1));
                m[k] = small.size() / ((System.nanoTime() - t0) * 1e-9) / 1e6;
                t0 = System.nanoTime();
                var it = pool.imapUnordered(PMap3::square, small, MapOptions.defaults().chunksize(1));
                while (it.hasNext()) it.next();
                u[k] = small.size() / ((System.nanoTime() - t0) * 1e-9) / 1e6;
                t0 = System.nanoTime();
                List<java.util.concurrent.CompletableFuture<Integer>> fs = new ArrayList<>(small.size());
                for (int i : small) fs.add(pool.submit(() -> square(i)));
                fs.forEach(java.util.concurrent.CompletableFuture::join);
                s[k] = small.size() / ((System.nanoTime() - t0) * 1e-9) / 1e6;
            }
            Arrays.sort(m); Arrays.sort(u); Arrays.sort(s);
            System.out.printf("M tasks/s, p10/median/p90 of %d passes: map chunk1 %.1f/%.1f/%.1f, imapUnordered %.1f/%.1f/%.1f, submit %.1f/%.1f/%.1f%n", passes,
                m[passes / 10], m[passes / 2], m[passes * 9 / 10], u[passes / 10], u[passes / 2], u[passes * 9 / 10], s[passes / 10], s[passes / 2], s[passes * 9 / 10]);
        }
    }
}
