import org.parallel4j.pool.*;
import java.util.*;
public class PMap {
    static int square(int x) { return x * x; }
    public static void main(String[] args) throws Exception {
        List<Integer> small = new ArrayList<>();
        for (int i = 0; i < 20000; i++) small.add(i);
        try (Pool pool = Pool.threads(2)) {
            for (int round = 0; round < 8; round++) {
                double best = 0, bestSubmit = 0, bestUn = 0;
                long end = System.nanoTime() + 1_000_000_000L;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    pool.map(PMap::square, small, MapOptions.defaults().chunksize(1));
                    best = Math.max(best, small.size() / ((System.nanoTime() - t0) * 1e-9));
                    t0 = System.nanoTime();
                    var it = pool.imapUnordered(PMap::square, small, MapOptions.defaults().chunksize(1));
                    while (it.hasNext()) it.next();
                    bestUn = Math.max(bestUn, small.size() / ((System.nanoTime() - t0) * 1e-9));
                    t0 = System.nanoTime();
                    List<java.util.concurrent.CompletableFuture<Integer>> fs = new ArrayList<>(small.size());
                    for (int i : small) fs.add(pool.submit(() -> square(i)));
                    fs.forEach(java.util.concurrent.CompletableFuture::join);
                    bestSubmit = Math.max(bestSubmit, small.size() / ((System.nanoTime() - t0) * 1e-9));
                }
                System.out.printf("map chunk1 best %.2f M/s, imapUnordered %.2f M/s, submit %.2f M/s%n", best / 1e6, bestUn / 1e6, bestSubmit / 1e6);
            }
        }
    }
}
