import org.parallel4j.pool.*;
import java.util.*;
import java.util.concurrent.*;
public class PC {
    static Integer square(Integer x) { return x * x; }
    static double pct(double[] a, double p) { double[] b = a.clone(); Arrays.sort(b); return b[(int)(p*(b.length-1))]; }
    static <T> T get(Future<T> f) { try { return f.get(); } catch (Exception e) { throw new IllegalStateException(e); } }
    public static void main(String[] args) throws Exception {
        List<Integer> small = new ArrayList<>();
        for (int i = 0; i < 20000; i++) small.add(i);
        ForkJoinPool fjp = new ForkJoinPool(2);
        try (Pool pool = Pool.threads(2)) {
            Map<String, Runnable> cases = new LinkedHashMap<>();
            cases.put("unordered", () -> { var it = pool.imapUnordered(PC::square, small, MapOptions.defaults().chunksize(1)); while (it.hasNext()) it.next(); });
            cases.put("fjp-unord", () -> { var done = new ExecutorCompletionService<Integer>(fjp); for (int x : small) done.submit(() -> square(x)); for (int k = 0; k < small.size(); k++) { try { get(done.take()); } catch (InterruptedException e) { throw new IllegalStateException(e); } } });
            cases.put("submit", () -> { List<CompletableFuture<Integer>> fs = new ArrayList<>(small.size()); for (int i : small) fs.add(pool.submit(() -> square(i))); fs.forEach(CompletableFuture::join); });
            cases.put("fjp-submit", () -> { List<Future<Integer>> fs = new ArrayList<>(small.size()); for (int x : small) fs.add(fjp.submit(() -> square(x))); fs.forEach(PC::get); });
            cases.put("auto", () -> pool.map(PC::square, small, MapOptions.defaults().autoBatch()));
            cases.put("stream", () -> fjp.submit(() -> small.parallelStream().map(PC::square).toList()).join());
            long end = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < end) for (Runnable c : cases.values()) c.run();
            int n = 200;
            double[][] r = new double[cases.size()][n];
            List<Runnable> cs = new ArrayList<>(cases.values());
            for (int i = 0; i < n; i++) for (int c = 0; c < cs.size(); c++) {
                long t0 = System.nanoTime(); cs.get(c).run();
                r[c][i] = small.size() / ((System.nanoTime() - t0) * 1e-3);
            }
            int c = 0;
            StringBuilder sb = new StringBuilder();
            for (String name : cases.keySet()) { sb.append(String.format("%s %.1f/%.1f/%.1f  ", name, pct(r[c],.1), pct(r[c],.5), pct(r[c],.9))); c++; }
            System.out.println(sb);
        }
    }
}
