package org.parallel4j.pool;

import java.io.Serial;

/** A task threw. The cause is its exception; from a worker JVM, a {@link RemoteException} with the remote stack trace. */
public class TaskFailedException extends PoolException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * A failure of task {@code taskIndex} with {@code input}.
     *
     * @param message what went wrong, with the values involved
     * @param cause the underlying failure, or null
     * @param taskIndex the task's position in its map or submission order
     * @param input the task's input (for the report), or null
     */
    public TaskFailedException(String message, Throwable cause, long taskIndex, Object input) {
        super(message, cause, taskIndex, input);
    }
}
