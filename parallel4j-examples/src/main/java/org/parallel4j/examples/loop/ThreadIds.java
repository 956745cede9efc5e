package org.parallel4j.examples.loop;

import org.parallel4j.loop.Parallel;

/**
 * The Cython + OpenMP workshop's parallel hello: each thread of the team says who it is,
 * {@code omp_get_thread_num()} and {@code omp_get_num_threads()}. {@code p4j example thread-ids}
 */
public final class ThreadIds {
    private ThreadIds() {
    }

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        Parallel.region(r -> {
            String line = "Hello from thread " + r.threadId() + " of " + r.numThreads();
            r.critical(() -> System.out.println(line));
        });
    }
}
