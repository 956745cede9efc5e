import org.parallel4j.pool.*;
import java.util.*;
public class PP {
    static Integer square(Integer x) { return x * x; }
    public static void main(String[] args) throws Exception {
        List<Integer> small = new ArrayList<>();
        for (int i = 0; i < 20000; i++) small.add(i);
        double secs = Double.parseDouble(args[1]);
        try (Pool pool = Pool.processes(2)) {
            pool.map(PP::square, List.of(1));
            long end = System.nanoTime() + (long) (secs * 1e9); long n = 0;
            double best = 0;
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                if (args[0].equals("m")) pool.map(PP::square, small, MapOptions.defaults().chunksize(1));
                else { var it = pool.imapUnordered(PP::square, small, MapOptions.defaults().chunksize(1)); while (it.hasNext()) it.next(); }
                best = Math.max(best, 20000 / ((System.nanoTime() - t0) * 1e-9));
                n++;
            }
            System.out.printf("%d passes %.0f k/s avg, best %.0f k/s%n", n, n * 20000 / secs / 1e3, best / 1e3);
        }
    }
}
