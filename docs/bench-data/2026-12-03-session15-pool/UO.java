import org.parallel4j.pool.*;
import java.util.*;
public class UO {
    static Integer square(Integer x) { return x * x; }
    public static void main(String[] args) throws Exception {
        List<Integer> small = new ArrayList<>();
        for (int i = 0; i < 20000; i++) small.add(i);
        String mode = args[0];
        try (Pool pool = Pool.threads(2)) {
            long end = System.nanoTime() + 12_000_000_000L; long n = 0;
            while (System.nanoTime() < end) {
                if (mode.equals("u")) { var it = pool.imapUnordered(UO::square, small, MapOptions.defaults().chunksize(1)); while (it.hasNext()) it.next(); }
                else if (mode.equals("s")) { List<java.util.concurrent.CompletableFuture<Integer>> fs = new ArrayList<>(small.size()); for (int i : small) fs.add(pool.submit(() -> square(i))); fs.forEach(java.util.concurrent.CompletableFuture::join); }
                n++;
            }
            System.out.println(n + " passes " + (n * 20000 / 12.0 / 1e6) + " M/s");
        }
    }
}
