package org.parallel4j.mpi.internal;

import org.parallel4j.mpi.Mpi;

/**
 * {@link Mpi#IN_PLACE}: the sentinel, and the copies an engine without a native in-place
 * path makes of the in-place input.
 *
 * <p>Implementation note: the thread engine's collectives read the other ranks' send
 * buffers while each rank writes its own receive buffer, so an in-place call there becomes
 * an ordinary call whose send buffer is a private copy of the input. The copy is made before
 * the collective starts; small collectives copy into the board anyway, so it costs only
 * on the large path. An engine on a real MPI library passes {@code MPI_IN_PLACE} instead.
 */
public final class InPlace {
    /** The one instance behind {@link Mpi#IN_PLACE}. */
    public static final InPlace INSTANCE = new InPlace();

    private InPlace() {
    }

    /** True for {@link Mpi#IN_PLACE}. */
    public static boolean is(Object buf) {
        return buf == INSTANCE;
    }

    /**
     * A copy of {@code count} elements of {@code buf} from {@code offset}, in a new array of
     * the buffer's storage type (a segment's bytes in a {@code byte[]}); or {@code buf} itself
     * when it is not a buffer, so that the collective reports the problem on every rank.
     */
    public static Object copyOf(Object buf, int offset, int count) {
        Datatype t;
        try {
            t = Datatype.of(buf);
            Buffers.checkRegion(buf, t, offset, count, "the in-place buffer");
        } catch (org.parallel4j.mpi.MpiException e) {
            return buf;
        }
        Object copy = scratch(t, count);
        Buffers.copy(buf, t, offset, copy, t, 0, count);
        return copy;
    }

    /** A new buffer of the same type as {@code like} with {@code count} elements (bytes for a segment), or {@code like} when it is not a buffer. */
    public static Object scratchLike(Object like, int count) {
        try {
            return scratch(Datatype.of(like), count);
        } catch (org.parallel4j.mpi.MpiException e) {
            return like;
        }
    }

    private static Object scratch(Datatype t, int count) {
        Object a = t.storageType().newArray(count);
        return t == Datatype.SEGMENT ? java.lang.foreign.MemorySegment.ofArray((byte[]) a) : a;
    }

    /** A copy of the whole buffer (see {@link #copyOf(Object, int, int)}). */
    public static Object copyOf(Object buf) {
        try {
            return copyOf(buf, 0, Datatype.length(buf, Datatype.of(buf)));
        } catch (org.parallel4j.mpi.MpiException e) {
            return buf;
        }
    }

    /** The length of a buffer, or 0 when it is not one (the collective reports that). */
    public static int lengthOf(Object buf) {
        try {
            return Datatype.length(buf, Datatype.of(buf));
        } catch (org.parallel4j.mpi.MpiException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return "IN_PLACE";
    }
}
