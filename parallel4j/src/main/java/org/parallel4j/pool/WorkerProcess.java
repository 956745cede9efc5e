package org.parallel4j.pool;

import java.time.Duration;
import java.util.List;
import org.parallel4j.pool.internal.ProcessRunner;

/**
 * Code running in a worker JVM of its own, as {@code multiprocessing.Process}: start it, join it,
 * read its exit status. Pass it {@link ProcessQueue}s and shared arrays ({@link SharedDoubleArray},
 * {@link SharedIntArray}) to talk to the parent. The worker ends when its body returns (exit 0),
 * throws (exit 1; {@link #failure()} has the remote stack trace), or when this JVM exits.
 *
 * <pre>{@code
 * ProcessQueue<Integer> q = ProcessQueue.create();
 * try (WorkerProcess p = WorkerProcess.start(() -> q.put(6 * 7))) {
 *     System.out.println(q.get());   // 42
 *     p.join();
 * }
 * }</pre>
 */
public final class WorkerProcess implements AutoCloseable {
    private final ProcessRunner runner;

    private WorkerProcess(ProcessRunner runner) {
        this.runner = runner;
    }

    /**
     * Starts {@code body} in a new worker JVM.
     *
     * @param body what the worker process runs
     * @param jvmOptions options for the worker's JVM, such as {@code -Xmx256m}
     * @return the worker, running
     */
    public static WorkerProcess start(SerializableRunnable body, String... jvmOptions) {
        return new WorkerProcess(ProcessRunner.start(body, List.of(jvmOptions)));
    }

    /**
     * Waits for the worker to end; returns its exit status.
     *
     * @return its exit status
     */
    public int join() {
        return runner.join(Long.MAX_VALUE);
    }

    /**
     * Waits at most {@code timeout}; true when the worker has ended.
     *
     * @param timeout how long to wait at most
     * @return true when the worker has ended
     */
    public boolean join(Duration timeout) {
        return runner.join(timeout.toNanos()) != Integer.MIN_VALUE;
    }

    /**
     * True while the worker runs.
     *
     * @return true while the worker runs
     */
    public boolean isAlive() {
        return runner.isAlive();
    }

    /**
     * The exit status once ended (0: the body returned), or -1 while running.
     *
     * @return the exit status once ended (0: the body returned), or -1 while running
     */
    public int exitStatus() {
        return runner.exitStatus();
    }

    /**
     * What the body threw, with its stack trace, or null.
     *
     * @return what the body threw, with its stack trace, or null
     */
    public RemoteException failure() {
        return runner.failure();
    }

    /**
     * The worker's process id.
     *
     * @return the worker's process id
     */
    public long pid() {
        return runner.pid();
    }

    /** Kills the worker now (Python's {@code terminate()}). */
    public void kill() {
        runner.kill();
    }

    /** Kills the worker if it still runs. */
    @Override
    public void close() {
        if (isAlive()) {
            kill();
        }
    }
}
