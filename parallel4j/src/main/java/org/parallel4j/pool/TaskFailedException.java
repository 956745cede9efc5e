package org.parallel4j.pool;

import java.io.Serial;

/** A task threw. The cause is its exception; from a worker JVM, a {@link RemoteException} with the remote stack trace. */
public class TaskFailedException extends PoolException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** A failure of task {@code taskIndex} with {@code input}. */
    public TaskFailedException(String message, Throwable cause, long taskIndex, Object input) {
        super(message, cause, taskIndex, input);
    }
}
