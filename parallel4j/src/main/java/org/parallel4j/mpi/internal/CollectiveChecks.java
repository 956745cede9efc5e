package org.parallel4j.mpi.internal;

import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.Op;

/** The argument checks of the buffer collectives and their messages, written once for every engine. */
public final class CollectiveChecks {
    private CollectiveChecks() {
    }

    /** {@code buf} holds at least {@code needed} elements. */
    public static void requireCapacity(Object buf, long needed, String name) {
        Datatype t = Datatype.of(buf);
        int length = Datatype.length(buf, t);
        if (length < needed) {
            throw new MpiException(ErrorClass.COUNT, name + " holds " + length + " " + t.plural + " but " + needed + " are needed");
        }
    }

    /** Both buffers have the same element type. */
    public static void requireSameType(Object a, Object b, String names) {
        Datatype ta = Datatype.of(a);
        Datatype tb = Datatype.of(b);
        if (ta != tb) {
            throw new MpiException(ErrorClass.TYPE, names + " have different types: " + ta.javaType + " and " + tb.javaType);
        }
    }

    /** Not one array as both buffers: that is what IN_PLACE is for. */
    public static void requireDistinct(Object a, Object b, String kind) {
        if (a == b && a != null) {
            throw new MpiException(ErrorClass.ARG, kind + ": sendBuf and recvBuf are the same array: pass Mpi.IN_PLACE as "
                    + (kind.equals("scatter") || kind.equals("scatterv") ? "the root's recvBuf" : "sendBuf")
                    + " for an in-place " + kind + ", or distinct buffers");
        }
    }

    /** One count and displacement per rank, each region inside {@code buf}. */
    public static void countsAndDispls(Object buf, int[] counts, int[] displs, int size, String name) {
        countsAndDispls(buf, counts, displs, size, name, "rank");
    }

    /** One count and displacement per {@code per} (a rank, a source, a destination), each region inside {@code buf}. */
    public static void countsAndDispls(Object buf, int[] counts, int[] displs, int size, String name, String per) {
        Datatype t = Datatype.of(buf);
        if (counts == null || displs == null || counts.length < size || displs.length < size) {
            throw new MpiException(ErrorClass.COUNT, name + " and displs must have one entry per " + per + " (" + size + "), got "
                    + (counts == null ? "null" : counts.length + "") + " and " + (displs == null ? "null" : displs.length + ""));
        }
        for (int k = 0; k < size; k++) {
            Buffers.checkRegion(buf, t, displs[k], counts[k], name + "[" + k + "]");
        }
    }

    /** reduceScatter's {@code recvCounts}: one per rank, none negative, whole items of {@code op}, adding up to at most {@code n}. */
    public static void reduceScatterCounts(int[] recvCounts, int size, Op op, int n) {
        if (recvCounts == null || recvCounts.length < size) {
            throw new MpiException(ErrorClass.COUNT, "recvCounts must have one entry per rank (" + size + "), got "
                    + (recvCounts == null ? "null" : recvCounts.length + " entries"));
        }
        long total = 0;
        for (int k = 0; k < size; k++) {
            if (recvCounts[k] < 0) {
                throw new MpiException(ErrorClass.COUNT, "recvCounts[" + k + "] is negative: " + recvCounts[k]);
            }
            if (recvCounts[k] % op.itemWidth() != 0) {
                throw new MpiException(ErrorClass.COUNT, "recvCounts[" + k + "] is " + recvCounts[k] + ", not a multiple of "
                        + op.name() + "'s item width " + op.itemWidth() + ": a rank must receive whole items");
            }
            total += recvCounts[k];
        }
        if (total > n) {
            throw new MpiException(ErrorClass.COUNT, "recvCounts add up to " + total + " but sendBuf holds " + n);
        }
    }

    /** {@code count} for each of {@code size} ranks (reduceScatterBlock's counts); a negative count is refused, named. */
    public static int[] blockCounts(int size, int count, String kind) {
        if (count < 0) {
            throw new MpiException(ErrorClass.COUNT, kind + ": recvCount is negative: " + count);
        }
        int[] counts = new int[size];
        java.util.Arrays.fill(counts, count);
        return counts;
    }

    /**
     * alltoallw's per-rank blocks on one side: the three arrays have one entry per rank, and
     * every block with a count is a region of a buffer; returns the blocks' element types
     * (null where the count is 0 and no buffer is given).
     */
    public static Datatype[] alltoallwBlocks(Object[] bufs, int[] offsets, int[] counts, int size, String side) {
        return alltoallwBlocks("alltoallw", bufs, offsets, counts, size, side, "rank");
    }

    /** The blocks of {@code kind} (alltoallw, neighborAlltoallw) on one side, one per {@code per}: as {@link #alltoallwBlocks}. */
    public static Datatype[] alltoallwBlocks(String kind, Object[] bufs, int[] offsets, int[] counts, int size, String side, String per) {
        if (bufs == null || offsets == null || counts == null || bufs.length < size || offsets.length < size || counts.length < size) {
            throw new MpiException(ErrorClass.COUNT, kind + ": the " + side + " buffers, offsets and counts must have one entry per " + per
                    + " (" + size + "), got " + (bufs == null ? "null" : bufs.length + "") + ", " + (offsets == null ? "null" : offsets.length + "")
                    + " and " + (counts == null ? "null" : counts.length + ""));
        }
        Datatype[] types = new Datatype[size];
        for (int k = 0; k < size; k++) {
            if (counts[k] < 0) {
                throw new MpiException(ErrorClass.COUNT, kind + ": " + side + "Counts[" + k + "] is negative: " + counts[k]);
            }
            if (bufs[k] == null && counts[k] == 0) {
                continue;
            }
            types[k] = Datatype.of(bufs[k]);
            if (InPlace.is(bufs[k])) {
                throw new MpiException(ErrorClass.BUFFER, kind + ": Mpi.IN_PLACE is not a " + side + " buffer");
            }
            Buffers.checkRegion(bufs[k], types[k], offsets[k], counts[k], side + "Bufs[" + k + "]");
        }
        return types;
    }
}
