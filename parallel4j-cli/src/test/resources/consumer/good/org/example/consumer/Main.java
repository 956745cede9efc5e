package org.example.consumer;

import java.util.List;
import org.parallel4j.loop.Parallel;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.Op;
import org.parallel4j.pool.Pool;

/** Every exported model, used from a named module: ranks, a parallel loop, a thread pool, a pool of worker JVMs. */
public final class Main {
    private Main() {
    }

    static int square(int x) {
        return x * x;
    }

    public static void main(String[] args) {
        long[] sum = new long[1];
        Mpi.run(3, world -> {
            long s = world.allreduce((long) world.rank() + 1, Op.SUM);
            if (world.rank() == 0) {
                sum[0] = s;
            }
        });
        System.out.println("ranks: " + sum[0]);
        System.out.println("loop: " + (long) Parallel.range(0, 1000).sum(i -> i));
        try (Pool threads = Pool.threads(2); Pool processes = Pool.processes(2)) {
            System.out.println("threads: " + threads.map(Main::square, List.of(1, 2, 3)));
            System.out.println("processes: " + processes.map(Main::square, List.of(4, 5, 6)));
        }
    }
}
