package org.parallel4j.examples.pool;

import java.util.ArrayList;
import java.util.List;
import org.parallel4j.examples.loop.PrimesLoop;
import org.parallel4j.pool.ProcessQueue;
import org.parallel4j.pool.WorkerProcess;

/**
 * The producer/consumer of the multiprocessing workshop: worker processes take ranges of
 * numbers from a task queue, put the primes they find on a result queue, and stop at a
 * sentinel. {@code p4j example primes-queue [-n workers]} prints 5411.
 */
public final class PrimesQueue {
    private static final int CHUNK = 1000;
    private static final int[] SENTINEL = {-1, -1};

    private PrimesQueue() {
    }

    /**
     * The primes found by {@code workers} worker processes, in the order they arrived.
     *
     * @param workers the number of worker JVMs
     * @return the primes found, in order
     */
    public static List<Integer> primes(int workers) {
        ProcessQueue<int[]> tasks = ProcessQueue.create();
        ProcessQueue<List<Integer>> results = ProcessQueue.create();
        List<WorkerProcess> procs = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            procs.add(WorkerProcess.start(() -> {
                while (true) {
                    int[] range = tasks.get();
                    if (range[0] < 0) {
                        results.put(null); // this worker is done
                        return;
                    }
                    List<Integer> found = new ArrayList<>();
                    for (int n = range[0]; n < range[1]; n++) {
                        if (PrimesLoop.isPrime(n)) {
                            found.add(n);
                        }
                    }
                    results.put(found);
                }
            }));
        }
        for (int lo = PrimesLoop.START; lo < PrimesLoop.START + PrimesLoop.COUNT; lo += CHUNK) {
            tasks.put(new int[] {lo, Math.min(lo + CHUNK, PrimesLoop.START + PrimesLoop.COUNT)});
        }
        for (int w = 0; w < workers; w++) {
            tasks.put(SENTINEL);
        }
        List<Integer> primes = new ArrayList<>();
        int finished = 0;
        while (finished < workers) {
            List<Integer> part = results.get();
            if (part == null) {
                finished++;
            } else {
                primes.addAll(part);
            }
        }
        for (WorkerProcess p : procs) {
            p.join();
            p.close();
        }
        tasks.close();
        results.close();
        return primes;
    }

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        int workers = Integer.getInteger("p4j.numThreads", Runtime.getRuntime().availableProcessors());
        long t0 = System.nanoTime();
        List<Integer> primes = primes(workers);
        System.out.printf("%d primes found by %d worker processes through queues (%.3f s)%n", primes.size(), workers,
                (System.nanoTime() - t0) * 1e-9);
    }
}
