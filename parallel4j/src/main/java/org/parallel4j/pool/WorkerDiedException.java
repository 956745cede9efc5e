package org.parallel4j.pool;

import java.io.Serial;

/** The worker JVM running a task died (System.exit, a crash, an OOM kill) before the task finished. */
public class WorkerDiedException extends PoolException {
    @Serial
    private static final long serialVersionUID = 1L;
    /** The dead worker's exit status. */
    private final int exitStatus;

    /**
     * The task {@code taskIndex} lost its worker, which exited with {@code exitStatus}.
     *
     * @param message what went wrong, with the values involved
     * @param taskIndex the task's position in its map or submission order
     * @param input the task's input (for the report), or null
     * @param exitStatus the worker's exit status
     */
    public WorkerDiedException(String message, long taskIndex, Object input, int exitStatus) {
        super(message, null, taskIndex, input);
        this.exitStatus = exitStatus;
    }

    /**
     * The dead worker's exit status (128 + signal number for a signal, as a shell shows it).
     *
     * @return the dead worker's exit status (128 + signal number for a signal, as a shell shows it)
     */
    public int exitStatus() {
        return exitStatus;
    }
}
