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
    static final int STAGE_LIMIT_BYTES = Settings.STAGE_LIMIT_BYTES;

    /** The least size of a staging array, in bytes (see {@link Entry#staging}). */
    static final int STAGING_MIN_BYTES = 256;

    final Barrier barrier;
    final Slot[] slots;

    CollectiveBoard(int size) {
        this.barrier = new Barrier(size);
        this.slots = new Slot[] {new Slot(size), new Slot(size)};
    }

    /** One set of per-rank entries. */
    static final class Slot {
        final Entry[] e;

        Slot(int size) {
            e = new Entry[size];
            for (int r = 0; r < size; r++) {
                e[r] = new Entry();
            }
        }
    }

    /**
     * Padding before an entry's fields: superclass fields are laid out first, so these 64
     * bytes stay in front. The int fills the gap after a 12-byte object header, where HotSpot
     * would otherwise put a subclass's int (PaddingLayoutTest found {@code root} there).
     */
    abstract static class EntryPadBefore {
        int p0;
        long p00, p01, p02, p03, p04, p05, p06, p07;
    }

    /** An entry's fields, between the two paddings. */
    abstract static class EntryFields extends EntryPadBefore {
        String kind;
        int root;
        Op op;
        int count;
        Datatype type;
        Object send;
        int sendOffset;
        Object recv;
        int recvOffset;
        Object staging;
        Object extra;
        Object extra2;
        /** This rank's failure in the fold of a reduction, thrown on every rank after the next barrier. */
        org.parallel4j.mpi.MpiException failure;
        long sequence;
        long fingerprint;
    }

    /**
     * One rank's arguments for one collective. Written only by its rank, read by the others
     * after the barrier. The padding keeps two ranks' entries off one cache line, so ranks
     * filling in their entries at the same time do not take the line from each other.
     *
     * <p>Implementation note: the padding is in a class hierarchy (before: a superclass;
     * after: this class) because the JVM lays out one class's fields by size, which would
     * gather padding fields declared beside the others into one block; the entries of a slot
     * are allocated one after the other, and a garbage collection may put any two of them side
     * by side, so without real padding a collective's speed depended on where they landed.
     */
    static final class Entry extends EntryFields {
        long p10, p11, p12, p13, p14, p15, p16, p17;

        /** The staged copy or the rank's own send buffer. */
        Object data(boolean staged) {
            return staged ? staging : send;
        }

        /**
         * This rank's staging array, large enough for {@code n} elements of {@code t}, and at
         * least {@link #STAGING_MIN_BYTES} long: staging arrays of two ranks that end up side
         * by side in memory (after a garbage collection) then keep the elements they write
         * apart by more than a cache line (the small ones used sit at the front, the unused
         * tail pads them from the next array).
         */
        Object staging(Datatype t, int n) {
            staging = t.reuseOrAllocate(staging, n, Math.max(8, STAGING_MIN_BYTES / Math.max(1, t.size)));
            return staging;
        }
    }
}
