package org.parallel4j.pool;

import java.io.Serial;

/** A task ran longer than the pool's task timeout; its thread was interrupted, or its worker JVM killed and replaced. */
public class TaskTimeoutException extends PoolException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Task {@code taskIndex} timed out. */
    public TaskTimeoutException(String message, long taskIndex, Object input) {
        super(message, null, taskIndex, input);
    }
}
