package org.parallel4j.mpi.engine.threads;

import org.parallel4j.mpi.internal.Datatype;

/**
 * A message waiting in a mailbox's unexpected list. Eager messages hold a copy in
 * {@link #store} (kept across reuse, so a steady stream of small messages allocates
 * nothing); rendezvous messages point at the sender's buffer and complete {@link #sender}
 * once copied; object messages hold their serialized bytes.
 */
final class Envelope {
    int context;
    int source;
    int tag;
    Datatype type;
    int count;
    Object data;
    int dataOffset;
    SendRequest sender;
    Object store;
    Envelope prev;
    Envelope next;
    boolean queued;
    /** A buffered send's attached buffer, charged {@link #charged} bytes until the message is received; null otherwise. */
    BufferedSends buffered;
    long charged;

    long bytes() {
        return type == Datatype.OBJECT ? ObjectMessage.bytes(data) : (long) count * type.size;
    }

    int statusCount() {
        return type == Datatype.OBJECT ? 1 : count;
    }

    /** Storage of at least {@code n} elements of {@code t}, reusing the last one when it fits. */
    Object storage(Datatype t, int n) {
        store = t.reuseOrAllocate(store, n, 16);
        return store;
    }
}
