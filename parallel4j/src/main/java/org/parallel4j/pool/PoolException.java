package org.parallel4j.pool;

import java.io.Serial;

/**
 * The root of the pool's errors. {@link TaskFailedException}: a task threw;
 * {@link WorkerDiedException}: the worker running it died; {@link TaskTimeoutException}: it ran
 * past the pool's task timeout. Each names the task's index and input.
 */
public class PoolException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;
    /** The task's position, or -1. */
    private final long taskIndex;
    /** The task's input, kept in this JVM only. */
    private final transient Object input;

    /**
     * An error about the task with index {@code taskIndex} (or -1) and input {@code input}.
     *
     * @param message what went wrong, with the values involved
     * @param cause the underlying failure, or null
     * @param taskIndex the task's position in its map or submission order
     * @param input the task's input (for the report), or null
     */
    public PoolException(String message, Throwable cause, long taskIndex, Object input) {
        super(message, cause);
        this.taskIndex = taskIndex;
        this.input = input;
    }

    /**
     * The task's position in its map (or submission order for submit), or -1.
     *
     * @return the task's position in its map (or submission order for submit), or -1
     */
    public long taskIndex() {
        return taskIndex;
    }

    /**
     * The task's input, when the pool still holds it (null after serialization).
     *
     * @return the task's input, when the pool still holds it (null after serialization)
     */
    public Object input() {
        return input;
    }
}
