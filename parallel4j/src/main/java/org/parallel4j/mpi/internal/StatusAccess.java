package org.parallel4j.mpi.internal;

import org.parallel4j.mpi.Status;

/**
 * How engines fill in a {@link Status}, which users can neither subclass nor change.
 *
 * <p>Implementation note: {@code Status} installs its {@link Writer} from its static
 * initializer (the JDK's shared-secrets pattern); {@link #writer()} triggers that
 * initialization the first time. The package is not exported, and a second install is refused.
 */
public final class StatusAccess {
    /** The engine-side operations on a status, supplied by {@code Status} itself. */
    public interface Writer {
        /** A fresh status. */
        Status create();

        /** Sets every field at once (and clears the cancelled flag). */
        void set(Status s, int source, int tag, int count, long bytes, boolean object);

        /** Marks the status of a cancelled request. */
        void setCancelled(Status s);
    }

    private static volatile Writer writer;

    private StatusAccess() {
    }

    /** Called once, by {@code Status}'s static initializer. */
    public static void install(Writer w) {
        if (writer != null) {
            throw new IllegalStateException("the status writer is installed by org.parallel4j.mpi.Status only");
        }
        writer = w;
    }

    private static Writer writer() {
        Writer w = writer;
        if (w == null) {
            Status.create(); // initializes Status, which installs the writer
            w = writer;
        }
        return w;
    }

    /** A fresh status. */
    public static Status create() {
        return writer().create();
    }

    /** Sets every field of {@code s}. */
    public static void set(Status s, int source, int tag, int count, long bytes, boolean object) {
        writer().set(s, source, tag, count, bytes, object);
    }

    /** Marks {@code s} cancelled. */
    public static void setCancelled(Status s) {
        writer().setCancelled(s);
    }

    /** Copies into a user's status, when one was given. */
    public static void fill(Status target, int source, int tag, int count, long bytes, boolean object) {
        if (target != null) {
            set(target, source, tag, count, bytes, object);
        }
    }
}
