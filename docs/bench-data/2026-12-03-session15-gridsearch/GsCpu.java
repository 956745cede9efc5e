import org.parallel4j.examples.gridsearch.*;
import java.lang.management.*;
public class GsCpu {
    public static void main(String[] args) throws Exception {
        Dataset data = Dataset.bundled();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (String b : args) {
            GridSearch.Backend backend = GridSearch.Backend.valueOf(b);
            long c0 = os.getProcessCpuTime();
            var out = GridSearch.run(data, GridSearch.Grid.SMALL.points(), Folds.KFOLD, 2, backend, 2, false, null);
            long c1 = os.getProcessCpuTime();
            long comp = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            System.out.printf("%s wall %.2f s, parent cpu %.2f s, total JIT ms so far %d%n", b, out.wallSeconds(), (c1 - c0) * 1e-9, comp);
        }
    }
}
