package org.parallel4j.cli;

import java.util.concurrent.Callable;
import org.parallel4j.examples.mpi.MpiPi;
import org.parallel4j.mpi.Mpi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The tour: each model on a real computation, with its time and speed-up over serial. */
@Command(name = "demo", description = "A tour of parallel4j: each model on a real computation, timed against serial.")
final class Demo implements Callable<Integer> {
    @Option(names = "-n", description = "ranks / threads (default: the cores, ${DEFAULT-VALUE})")
    int workers = Math.max(2, Runtime.getRuntime().availableProcessors());

    @Override
    public Integer call() {
        System.out.println("parallel4j demo on " + Runtime.getRuntime().availableProcessors() + " cores, JDK " + Runtime.version());
        System.out.println();
        messagePassing();
        return 0;
    }

    /** π by the midpoint rule on thread ranks: best of three at 1 rank and at N ranks. */
    private void messagePassing() {
        int n = 400_000_000;
        System.out.println("== Message passing (mpi4py for Java): pi by the midpoint rule, n = " + n);
        double[] result = new double[1];
        double serial = best(() -> Mpi.run(1, w -> result[0] = MpiPi.compute(w, n)));
        double parallel = best(() -> Mpi.run(workers, w -> {
            double pi = MpiPi.compute(w, n);
            if (w.rank() == 0) {
                result[0] = pi;
            }
        }));
        System.out.printf("   pi = %.15f (error %.2e)%n", result[0], Math.abs(result[0] - Math.PI));
        System.out.printf("   1 rank: %.3f s   %d ranks: %.3f s   speed-up %.2fx%n", serial, workers, parallel, serial / parallel);
        System.out.println("   try: ./p4j example mpi-pi -n 4");
        System.out.println();
    }

    private static double best(Runnable r) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            r.run();
            best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
        }
        return best;
    }
}
