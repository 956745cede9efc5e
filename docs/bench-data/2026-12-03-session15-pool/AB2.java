import org.parallel4j.pool.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.function.Supplier;
public class AB2 {
    static Integer square(Integer x) { return x * x; }
    static double pct(double[] a, double p) { double[] b = a.clone(); Arrays.sort(b); return b[(int)(p*(b.length-1))]; }
    public static void main(String[] args) throws Exception {
        List<Integer> small = new ArrayList<>();
        for (int i = 0; i < 20000; i++) small.add(i);
        ForkJoinPool fjp = new ForkJoinPool(2);
        try (Pool pool = Pool.threads(2)) {
            List<Runnable> cases = List.of(
                () -> pool.map(AB2::square, small, MapOptions.defaults().autoBatch()),
                () -> pool.map(AB2::square, small),
                () -> pool.map(AB2::square, small, MapOptions.defaults().chunksize(2500)),
                () -> fjp.submit(() -> small.parallelStream().map(AB2::square).toList()).join());
            String[] names = {"auto", "default", "chunk2500", "stream"};
            long end = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < end) for (Runnable c : cases) c.run();
            int n = 300;
            double[][] r = new double[cases.size()][n];
            for (int i = 0; i < n; i++) for (int c = 0; c < cases.size(); c++) {
                long t0 = System.nanoTime(); cases.get(c).run();
                r[c][i] = small.size() / ((System.nanoTime() - t0) * 1e-3);
            }
            for (int c = 0; c < cases.size(); c++)
                System.out.printf("%-10s p10 %.1f p50 %.1f p90 %.1f M/s%n", names[c], pct(r[c],.1), pct(r[c],.5), pct(r[c],.9));
        }
    }
}
