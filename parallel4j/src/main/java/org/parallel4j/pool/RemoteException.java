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

    /**
     * A remote exception of class {@code remoteClass}.
     *
     * @param remoteClass the class name of the worker's exception
     * @param message the worker's exception message
     * @param trace the worker's stack trace
     * @param cause the underlying failure, or null
     */
    public RemoteException(String remoteClass, String message, StackTraceElement[] trace, RemoteException cause) {
        super(remoteClass + (message == null ? "" : ": " + message), cause, false, true);
        this.remoteClass = remoteClass;
        setStackTrace(trace);
    }

    /**
     * The class name of the exception thrown in the worker.
     *
     * @return the class name of the exception thrown in the worker
     */
    public String remoteClass() {
        return remoteClass;
    }

    /**
     * Rebuilds {@code t} and its causes as remote exceptions (what the worker sends back). A
     * cause chain that loops back on itself is cut where it repeats, and a chain longer than
     * {@value #MAX_CAUSES} is cut there, each with a note in place of the rest.
     *
     * @param t the worker's exception
     * @return the remote exception standing for {@code t}
     */
    public static RemoteException of(Throwable t) {
        if (t instanceof RemoteException r) {
            return r;
        }
        java.util.List<Throwable> chain = new java.util.ArrayList<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        String cut = null;
        for (Throwable c = t; c != null && !(c instanceof RemoteException); c = c.getCause()) {
            if (!seen.add(c)) {
                cut = "[cause chain loops back to " + c.getClass().getName() + ": cut here]";
                break;
            }
            if (chain.size() == MAX_CAUSES) {
                cut = "[cause chain longer than " + MAX_CAUSES + ": cut here]";
                break;
            }
            chain.add(c);
        }
        Throwable last = chain.getLast();
        RemoteException cause = cut != null ? new RemoteException(cut, null, new StackTraceElement[0], null)
                : last.getCause() instanceof RemoteException r ? r : null;
        for (int i = chain.size() - 1; i >= 0; i--) {
            Throwable c = chain.get(i);
            cause = new RemoteException(c.getClass().getName(), c.getMessage(), c.getStackTrace(), cause);
        }
        return cause;
    }

    /** The most causes {@link #of} keeps. */
    public static final int MAX_CAUSES = 100;
}
