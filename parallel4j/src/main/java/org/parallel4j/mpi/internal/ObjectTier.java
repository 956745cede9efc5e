package org.parallel4j.mpi.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.ObjectCodec;
import org.parallel4j.mpi.Op;
import org.parallel4j.mpi.Status;

/**
 * The object tier written once over buffer operations, as mpi4py does it: counts first, then
 * bytes (a value's length, then its serialized form; a gather's lengths, then a
 * {@code gatherv} of the bytes). An engine without a faster way to move objects gets the
 * object methods of {@link CommBase} from here; the thread engine overrides them with its
 * direct object-graph copy.
 *
 * <p>Point-to-point objects are two messages on the same tag, which MPI's ordering keeps
 * together for one sender; a receive from {@code ANY_SOURCE} takes the length first, then
 * the bytes from the rank that sent it.
 */
public final class ObjectTier {
    private ObjectTier() {
    }

    /** Sends {@code value}: its length, then its bytes. */
    public static void sendObject(Comm c, ObjectCodec codec, Object value, int dest, int tag) {
        byte[] bytes = codec.encode(value);
        c.send(new int[] {bytes.length}, dest, tag);
        c.send(bytes, dest, tag);
    }

    /** Receives what {@link #sendObject} sent; fills {@code status} (may be null) with the sender, tag and byte count. */
    @SuppressWarnings("unchecked")
    public static <T> T recvObject(Comm c, ObjectCodec codec, int source, int tag, Status status) {
        Status first = StatusAccess.create();
        int[] length = new int[1];
        c.recv(length, source, tag, first);
        if (first.source() == Mpi.PROC_NULL) {
            StatusAccess.fill(status, Mpi.PROC_NULL, Mpi.ANY_TAG, 0, 0, true);
            return null;
        }
        byte[] bytes = new byte[length[0]];
        c.recv(bytes, first.source(), first.tag());
        StatusAccess.fill(status, first.source(), first.tag(), 1, bytes.length, true);
        return (T) codec.decode(bytes, 0, bytes.length, Thread.currentThread().getContextClassLoader());
    }

    /** The root's value on every rank (the root gets a copy too, as from any other rank). */
    @SuppressWarnings("unchecked")
    public static <T> T bcastObject(Comm c, ObjectCodec codec, T value, int root) {
        byte[] bytes = c.rank() == root ? codec.encode(value) : null;
        int[] length = {bytes == null ? 0 : bytes.length};
        c.bcast(length, root);
        if (bytes == null) {
            bytes = new byte[length[0]];
        }
        c.bcast(bytes, root);
        return c.rank() == root ? value : (T) decode(codec, bytes, 0, bytes.length);
    }

    /** Every rank's value at the root, in rank order; null elsewhere. */
    public static <T> List<T> gatherObject(Comm c, ObjectCodec codec, T value, int root) {
        byte[] mine = codec.encode(value);
        boolean atRoot = c.rank() == root;
        int[] counts = atRoot ? new int[c.size()] : null;
        c.gather(new int[] {mine.length}, counts, root);
        int[] displs = atRoot ? displacements(counts) : null;
        byte[] all = atRoot ? new byte[total(counts)] : null;
        c.gatherv(mine, mine.length, all, counts, displs, root);
        return atRoot ? decodeAll(codec, all, counts, displs) : null;
    }

    /** Every rank's value on every rank, in rank order. */
    public static <T> List<T> allgatherObject(Comm c, ObjectCodec codec, T value) {
        byte[] mine = codec.encode(value);
        int[] counts = new int[c.size()];
        c.allgather(new int[] {mine.length}, counts);
        int[] displs = displacements(counts);
        byte[] all = new byte[total(counts)];
        c.allgatherv(mine, mine.length, all, counts, displs);
        return decodeAll(codec, all, counts, displs);
    }

    /** Element {@code r} of the root's list on rank {@code r}. */
    @SuppressWarnings("unchecked")
    public static <T> T scatterObject(Comm c, ObjectCodec codec, List<T> values, int root) {
        boolean atRoot = c.rank() == root;
        int[] counts = null;
        int[] displs = null;
        byte[] all = null;
        if (atRoot) {
            requireOnePerRank(c, values, "scatterObject");
            List<byte[]> parts = encodeAll(codec, values);
            counts = parts.stream().mapToInt(b -> b.length).toArray();
            displs = displacements(counts);
            all = concat(parts, total(counts));
        }
        int[] mine = new int[1];
        c.scatter(counts, mine, root);
        byte[] bytes = new byte[mine[0]];
        c.scatterv(all, counts, displs, bytes, mine[0], root);
        return (T) decode(codec, bytes, 0, bytes.length);
    }

    /** Element {@code j} of every rank's list to rank {@code j}: rank {@code j} gets them in rank order. */
    public static <T> List<T> alltoallObject(Comm c, ObjectCodec codec, List<T> values) {
        requireOnePerRank(c, values, "alltoallObject");
        List<byte[]> parts = encodeAll(codec, values);
        int[] sendCounts = parts.stream().mapToInt(b -> b.length).toArray();
        int[] recvCounts = new int[c.size()];
        c.alltoall(sendCounts, recvCounts);
        int[] recvDispls = displacements(recvCounts);
        byte[] in = new byte[total(recvCounts)];
        c.alltoallv(concat(parts, total(sendCounts)), sendCounts, displacements(sendCounts), in, recvCounts, recvDispls);
        return decodeAll(codec, in, recvCounts, recvDispls);
    }

    /**
     * The values of ranks {@code 0..count-1} folded in rank order with {@code op}; an operation
     * that throws on one rank fails the call on every rank with an {@link ErrorClass#OP} error
     * naming that rank.
     */
    public static <T> T fold(Comm c, ObjectCodec codec, String kind, List<T> values, int count, BinaryOperator<T> op, boolean folds) {
        T result = null;
        String failure = null;
        if (op == null) {
            failure = kind + ": the reduction operation is null";
        } else if (folds && count > 0) {
            try {
                result = values.getFirst();
                for (int k = 1; k < count; k++) {
                    result = op.apply(result, values.get(k));
                }
            } catch (RuntimeException e) {
                failure = kind + " on " + c.name() + ": the operation threw on rank " + c.rank() + ": " + e;
            }
        }
        for (String f : allgatherObject(c, codec, failure)) {
            if (f != null) {
                throw new MpiException(ErrorClass.OP, f.equals(failure) ? f : f + " (reported on every rank)");
            }
        }
        return result;
    }

    /** A built-in operation applied to boxed values (SUM of Integers, MAX of Doubles, ...). */
    public static BinaryOperator<Object> builtin(Op op) {
        return op == null ? null : (a, b) -> Reductions.applyObjects(op, a, b);
    }

    private static void requireOnePerRank(Comm c, List<?> values, String kind) {
        if (values == null || values.size() != c.size()) {
            throw new MpiException(ErrorClass.ARG, kind + " on " + c.name() + " needs one value per rank (" + c.size() + "), got "
                    + (values == null ? "null" : values.size() + " values"));
        }
    }

    private static List<byte[]> encodeAll(ObjectCodec codec, List<?> values) {
        List<byte[]> parts = new ArrayList<>(values.size());
        for (Object v : values) {
            parts.add(codec.encode(v));
        }
        return parts;
    }

    private static byte[] concat(List<byte[]> parts, int total) {
        byte[] all = new byte[total];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    private static int[] displacements(int[] counts) {
        int[] d = new int[counts.length];
        for (int i = 1; i < counts.length; i++) {
            d[i] = Math.addExact(d[i - 1], counts[i - 1]);
        }
        return d;
    }

    private static int total(int[] counts) {
        int t = 0;
        for (int n : counts) {
            t = Math.addExact(t, n);
        }
        return t;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> decodeAll(ObjectCodec codec, byte[] all, int[] counts, int[] displs) {
        List<T> out = new ArrayList<>(counts.length);
        for (int r = 0; r < counts.length; r++) {
            out.add((T) decode(codec, all, displs[r], counts[r]));
        }
        return out;
    }

    private static Object decode(ObjectCodec codec, byte[] b, int offset, int length) {
        return codec.decode(b, offset, length, Thread.currentThread().getContextClassLoader());
    }
}
