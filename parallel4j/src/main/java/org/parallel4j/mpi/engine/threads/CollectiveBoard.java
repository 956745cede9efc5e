package org.parallel4j.mpi.engine.threads;

import org.parallel4j.mpi.Op;
import org.parallel4j.mpi.internal.Datatype;

/**
 * Where the ranks of a communicator meet for a blocking collective.
 *
 * <p>Implementation note: collective number {@code k} of a communicator uses slot
 * {@code k & 1}. Each rank writes only its own entries of the slot, then arrives at the
 * barrier, which publishes them; after it, every rank may read every entry. A rank can
 * write slot {@code k & 1} again only in collective {@code k + 2}, which it reaches after
 * the barrier of {@code k + 1}, and every rank arrives there only after it is done reading
 * collective {@code k}. So a collective whose data is staged in the slot (small messages,
 * objects) needs one barrier; one that reads the other ranks' own buffers needs a second,
 * so that no rank returns and reuses its buffer while another still reads it.
 */
final class CollectiveBoard {
    /** Collectives up to this many bytes per rank go through the slot's staging arrays: one barrier. */
    static final int STAGE_LIMIT_BYTES = 2048;

    final Barrier barrier;
    final Slot[] slots;
    final long[] sequence;

    CollectiveBoard(int size) {
        this.barrier = new Barrier(size);
        this.slots = new Slot[] {new Slot(size), new Slot(size)};
        this.sequence = new long[size];
    }

    /** One set of per-rank entries. */
    static final class Slot {
        final String[] kind;
        final int[] root;
        final Op[] op;
        final int[] count;
        final Datatype[] type;
        final Object[] send;
        final int[] sendOffset;
        final Object[] recv;
        final int[] recvOffset;
        final Object[] staging;
        final Object[] extra;
        final Object[] extra2;
        final long[] sequence;

        Slot(int size) {
            kind = new String[size];
            root = new int[size];
            op = new Op[size];
            count = new int[size];
            type = new Datatype[size];
            send = new Object[size];
            sendOffset = new int[size];
            recv = new Object[size];
            recvOffset = new int[size];
            staging = new Object[size];
            extra = new Object[size];
            extra2 = new Object[size];
            sequence = new long[size];
        }

        /** This rank's staging array, large enough for {@code n} elements of {@code t}. */
        Object staging(int rank, Datatype t, int n) {
            Datatype st = t.storageType();
            Object s = staging[rank];
            if (s == null || Datatype.of(s) != st || Datatype.length(s, st) < n) {
                s = st.newArray(Math.max(n, 8));
                staging[rank] = s;
            }
            return s;
        }
    }
}
