package org.parallel4j.examples.pool;

import java.util.Arrays;
import org.parallel4j.pool.SharedDoubleArray;
import org.parallel4j.pool.SharedIntArray;
import org.parallel4j.pool.WorkerProcess;

/**
 * The multiprocessing workshop's shared memory ({@code Value} and {@code Array}) between processes: a worker sets a shared double to 3.1415927 and negates a
 * shared int array 0..9; the parent prints both. {@code p4j example shared-value}
 */
public final class SharedValue {
    private SharedValue() {
    }

    /**
     * Runs the worker; returns {value, array} as the parent sees them afterwards.
     *
     * @return the shared double and the shared int array as the parent reads them
     */
    public static Object[] run() {
        try (SharedDoubleArray num = SharedDoubleArray.value(0.0); SharedIntArray arr = SharedIntArray.create(10)) {
            for (int i = 0; i < 10; i++) {
                arr.set(i, i);
            }
            try (WorkerProcess p = WorkerProcess.start(() -> {
                num.set(0, 3.1415927);
                for (int i = 0; i < arr.length(); i++) {
                    arr.set(i, -arr.get(i));
                }
            })) {
                int status = p.join();
                if (status != 0) {
                    throw new IllegalStateException("worker exited with " + status + ": " + p.failure());
                }
            }
            return new Object[] {num.get(0), arr.toArray()};
        }
    }

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        Object[] r = run();
        System.out.println(r[0]);
        System.out.println(Arrays.toString((int[]) r[1]));
    }
}
