package org.parallel4j.pool;

import java.io.Serial;

/**
 * An exception thrown in a worker JVM, rebuilt in the parent: the original class name, message
 * and stack trace (and cause chain), whether or not the class can be loaded here.
 */
public final class RemoteException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;
    /** The class name of the exception thrown in the worker. */
    private final String remoteClass;

    /** A remote exception of class {@code remoteClass}. */
    public RemoteException(String remoteClass, String message, StackTraceElement[] trace, RemoteException cause) {
        super(remoteClass + (message == null ? "" : ": " + message), cause, false, true);
        this.remoteClass = remoteClass;
        setStackTrace(trace);
    }

    /** The class name of the exception thrown in the worker. */
    public String remoteClass() {
        return remoteClass;
    }

    /** Rebuilds {@code t} and its causes as remote exceptions (what the worker sends back). */
    public static RemoteException of(Throwable t) {
        if (t instanceof RemoteException r) {
            return r;
        }
        RemoteException cause = t.getCause() == null || t.getCause() == t ? null : of(t.getCause());
        return new RemoteException(t.getClass().getName(), t.getMessage(), t.getStackTrace(), cause);
    }
}
