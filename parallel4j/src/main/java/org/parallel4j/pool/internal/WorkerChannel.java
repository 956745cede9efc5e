package org.parallel4j.pool.internal;

/** What public classes ask of the worker side: are we in a worker, and queue calls over its pipe. */
public final class WorkerChannel {
    private WorkerChannel() {
    }

    /** True inside a worker JVM. */
    public static boolean inWorker() {
        return WorkerMain.inWorker();
    }

    /** Sends a value to the parent's queue {@code id}. */
    public static void put(long id, Object value) {
        WorkerMain.request(Wire.QPUT, id, value, 0);
    }

    /** Takes from the parent's queue {@code id}: {present, value}. */
    public static Object[] get(long id, long timeoutNanos) {
        return (Object[]) WorkerMain.request(Wire.QGET, id, null, timeoutNanos);
    }
}
