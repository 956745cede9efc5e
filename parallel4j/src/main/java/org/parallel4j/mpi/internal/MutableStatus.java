package org.parallel4j.mpi.internal;

import org.parallel4j.mpi.Status;

/** The one implementation of {@link Status}; engines fill it in. */
public final class MutableStatus implements Status {
    private int source = -1;
    private int tag = -1;
    private int count;
    private long bytes;
    private boolean object;
    private boolean cancelled;

    /** Sets every field at once. */
    public void set(int source, int tag, int count, long bytes, boolean object) {
        this.source = source;
        this.tag = tag;
        this.count = count;
        this.bytes = bytes;
        this.object = object;
        this.cancelled = false;
    }

    /** Marks the status of a cancelled request. */
    public void setCancelled() {
        this.cancelled = true;
    }

    /** Copies into a user's status, when one was given. */
    public static void fill(Status target, int source, int tag, int count, long bytes, boolean object) {
        if (target != null) {
            asMutable(target).set(source, tag, count, bytes, object);
        }
    }

    /** The status as this implementation. */
    public static MutableStatus asMutable(Status s) {
        if (s instanceof MutableStatus m) {
            return m;
        }
        throw new IllegalArgumentException("status " + s.getClass().getName() + " was not made by Status.create()");
    }

    @Override public int source() { return source; }
    @Override public int tag() { return tag; }
    @Override public int count() { return count; }
    @Override public long bytes() { return bytes; }
    @Override public boolean isObject() { return object; }
    @Override public boolean isCancelled() { return cancelled; }

    @Override
    public String toString() {
        return "Status[source=" + source + ", tag=" + tag + ", count=" + count + ", bytes=" + bytes
                + (object ? ", object" : "") + (cancelled ? ", cancelled" : "") + "]";
    }
}
