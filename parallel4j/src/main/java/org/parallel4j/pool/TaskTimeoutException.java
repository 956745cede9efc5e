package org.parallel4j.pool;

import java.io.Serial;

/** A task ran longer than the pool's task timeout; its thread was interrupted, or its worker JVM killed and replaced. */
public class TaskTimeoutException extends PoolException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Task {@code taskIndex} timed out.
     *
     * @param message what went wrong, with the values involved
     * @param taskIndex the task's position in its map or submission order
     * @param input the task's input (for the report), or null
     */
    public TaskTimeoutException(String message, long taskIndex, Object input) {
        super(message, null, taskIndex, input);
    }
}
