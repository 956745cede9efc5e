package org.parallel4j.mpi.internal;

import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import org.parallel4j.mpi.CartComm;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.Info;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.ObjectCodec;
import org.parallel4j.mpi.Op;
import org.parallel4j.mpi.Request;
import org.parallel4j.mpi.Status;

/**
 * What every engine's communicator shares that is not transport: the argument checks and
 * their messages (so an error reads the same on every engine), the whole-buffer overloads,
 * the scalar collectives and the object tier ({@link ObjectTier}: counts, then bytes),
 * written once over the engine's buffer operations. An engine extends this and implements
 * the offset forms, the nonblocking object calls and the rest of {@link Comm}; it may
 * override the object tier with something faster (the thread engine copies object graphs
 * directly).
 */
public abstract class CommBase implements Comm {
    private final double[] scalarDoubleIn = new double[1];
    private final double[] scalarDoubleOut = new double[1];
    private final long[] scalarLongIn = new long[1];
    private final long[] scalarLongOut = new long[1];
    private final int[] scalarIntIn = new int[1];
    private final int[] scalarIntOut = new int[1];

    /** For subclasses. */
    protected CommBase() {
    }

    /** The number of ranks, without the freed check (for messages and checks). */
    protected abstract int ranks();

    /** True once {@code free()} was called. */
    @Override
    public abstract boolean isFreed();

    /**
     * {@code hints} with {@code given}'s set over them ({@code MPI_Comm_set_info}'s rule).
     *
     * @param hints the hints so far
     * @param given the hints to set (not null)
     * @param what the call, for the error
     * @return the merged hints
     */
    public static Info merged(Info hints, Info given, String what) {
        if (given == null) {
            throw new MpiException(ErrorClass.ARG, what + ": the hints are null (give Info.NULL for none)");
        }
        Info out = hints;
        for (Map.Entry<String, String> e : given.asMap().entrySet()) {
            out = out.with(e.getKey(), e.getValue());
        }
        return out;
    }
    // ---------------------------------------------------------------- graph topologies (Neighborhood)

    private volatile Neighborhood neighborhood;

    final void attachNeighborhood(Neighborhood n) {
        this.neighborhood = n;
    }

    @Override
    public Comm createGraph(int[] index, int[] edges, boolean reorder) {
        live();
        return Neighborhood.graph(this, index, edges);
    }

    @Override
    public Comm createDistGraphAdjacent(int[] sources, int[] sourceWeights, int[] destinations, int[] destinationWeights, boolean reorder) {
        live();
        return Neighborhood.distGraphAdjacent(this, sources, sourceWeights, destinations, destinationWeights);
    }

    @Override
    public Comm createDistGraph(int[] sources, int[] degrees, int[] destinations, int[] weights, boolean reorder) {
        live();
        return Neighborhood.distGraph(this, sources, degrees, destinations, weights);
    }

    @Override
    public org.parallel4j.mpi.Topology topology() {
        Neighborhood n = neighborhood;
        return n != null ? n.topology() : this instanceof CartComm cart ? Neighborhood.cartesianTopology(cart) : null;
    }

    private Neighborhood neighborhood(String kind) {
        live();
        Neighborhood n = neighborhood;
        if (n == null && this instanceof CartComm cart) {
            // made at the first neighbour collective, which every rank of the grid calls: its hidden dup is collective
            n = Neighborhood.cartesian(cart);
            attachNeighborhood(n);
        }
        if (n == null) {
            throw new MpiException(ErrorClass.TOPOLOGY, kind + " on " + name() + ": the communicator has no topology: make one with "
                    + "createCart, createGraph, createDistGraphAdjacent or createDistGraph");
        }
        return n;
    }

    @Override
    public void neighborAllgather(Object sendBuf, Object recvBuf) {
        neighborhood("neighborAllgather").allgather(sendBuf, recvBuf);
    }

    @Override
    public void neighborAlltoall(Object sendBuf, Object recvBuf) {
        neighborhood("neighborAlltoall").alltoall(sendBuf, recvBuf);
    }

    @Override
    public void neighborAllgatherv(Object sendBuf, int sendCount, Object recvBuf, int[] recvCounts, int[] displs) {
        neighborhood("neighborAllgatherv").allgatherv(sendBuf, sendCount, recvBuf, recvCounts, displs);
    }

    @Override
    public void neighborAlltoallv(Object sendBuf, int[] sendCounts, int[] sendDispls, Object recvBuf, int[] recvCounts, int[] recvDispls) {
        neighborhood("neighborAlltoallv").alltoallv(sendBuf, sendCounts, sendDispls, recvBuf, recvCounts, recvDispls);
    }

    @Override
    public void neighborAlltoallw(Object[] sendBufs, int[] sendOffsets, int[] sendCounts, Object[] recvBufs, int[] recvOffsets, int[] recvCounts) {
        neighborhood("neighborAlltoallw").alltoallw(sendBufs, sendOffsets, sendCounts, recvBufs, recvOffsets, recvCounts);
    }

    @Override
    public <T> List<T> neighborAllgatherObject(T value) {
        return neighborhood("neighborAllgatherObject").allgatherObject(value);
    }

    @Override
    public <T> List<T> neighborAlltoallObject(List<T> values) {
        return neighborhood("neighborAlltoallObject").alltoallObject(values);
    }

    /** Frees a topology's hidden communicator: engines call it from {@code free()}. */
    protected final void freeNeighborhood() {
        Neighborhood n = neighborhood;
        if (n != null) {
            neighborhood = null;
            n.free();
        }
    }

    // ---------------------------------------------------------------- checks

    /** Refuses a freed communicator. */
    protected final void live() {
        if (isFreed()) {
            throw new MpiException(ErrorClass.COMM, "communicator " + name() + " was freed: it cannot be used after free()");
        }
    }

    /** A communicator's new name: not null or blank; returned as given. */
    public static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new MpiException(ErrorClass.ARG, "setName: the name is " + (name == null ? "null" : "blank") + ": give it a name");
        }
        return name;
    }

    /** splitType's type: not null. */
    public static void checkSplitType(org.parallel4j.mpi.SplitType type) {
        if (type == null) {
            throw new MpiException(ErrorClass.ARG, "splitType: the type is null: pass SplitType.SHARED");
        }
    }

    /** A destination rank: 0..size-1 or PROC_NULL. */
    public final void checkDest(int dest) {
        int size = ranks();
        if (dest != Mpi.PROC_NULL && (dest < 0 || dest >= size)) {
            throw new MpiException(ErrorClass.RANK, "invalid destination rank " + dest + ": communicator " + name()
                    + " has " + size + " ranks (valid: 0.." + (size - 1) + ", or PROC_NULL)");
        }
    }

    /** A source rank: 0..size-1, ANY_SOURCE or PROC_NULL. */
    public final void checkSource(int source) {
        int size = ranks();
        if (source != Mpi.ANY_SOURCE && source != Mpi.PROC_NULL && (source < 0 || source >= size)) {
            throw new MpiException(ErrorClass.RANK, "invalid source rank " + source + ": communicator " + name()
                    + " has " + size + " ranks (valid: 0.." + (size - 1) + ", ANY_SOURCE or PROC_NULL)");
        }
    }

    /** A send's tag: 0..TAG_UB. */
    public static void checkSendTag(int tag) {
        if (tag < 0) {
            throw new MpiException(ErrorClass.TAG, "invalid tag " + tag + " for a send: tags are 0.." + Mpi.TAG_UB
                    + " (ANY_TAG is for receives only)");
        }
    }

    /** A receive's tag: 0..TAG_UB or ANY_TAG. */
    public static void checkRecvTag(int tag) {
        if (tag < 0 && tag != Mpi.ANY_TAG) {
            throw new MpiException(ErrorClass.TAG, "invalid tag " + tag + " for a receive: tags are 0.." + Mpi.TAG_UB + " or ANY_TAG");
        }
    }

    /** A root: 0..size-1. */
    public final void checkRoot(int root) {
        int size = ranks();
        if (root < 0 || root >= size) {
            throw new MpiException(ErrorClass.ROOT, "invalid root " + root + ": communicator " + name() + " has "
                    + size + " ranks (valid: 0.." + (size - 1) + ")");
        }
    }

    /** The element count of a whole buffer (a BUFFER error for what is not a primitive array). */
    protected static int lengthOf(Object buf) {
        return Datatype.length(buf, Datatype.of(buf));
    }

    // ---------------------------------------------------------------- whole-buffer overloads

    @Override
    public final void send(Object buf, int dest, int tag) {
        send(buf, 0, lengthOf(buf), dest, tag);
    }

    @Override
    public final void bsend(Object buf, int dest, int tag) {
        bsend(buf, 0, lengthOf(buf), dest, tag);
    }

    @Override
    public final void ssend(Object buf, int dest, int tag) {
        ssend(buf, 0, lengthOf(buf), dest, tag);
    }

    @Override
    public final void recv(Object buf, int source, int tag) {
        recv(buf, 0, lengthOf(buf), source, tag, null);
    }

    @Override
    public final void recv(Object buf, int source, int tag, Status status) {
        recv(buf, 0, lengthOf(buf), source, tag, status);
    }

    @Override
    public final Request isend(Object buf, int dest, int tag) {
        return isend(buf, 0, lengthOf(buf), dest, tag);
    }

    @Override
    public final Request irecv(Object buf, int source, int tag) {
        return irecv(buf, 0, lengthOf(buf), source, tag);
    }

    @Override
    public final void bcast(Object buf, int root) {
        bcast(buf, 0, lengthOf(buf), root);
    }

    @Override
    public final org.parallel4j.mpi.Win winCreate(Object memory) {
        return winCreate(memory, WinBase.elementSizeOf(memory));
    }

    // ---------------------------------------------------------------- scalar collectives (one thread per communicator at a time, as MPI requires)

    @Override
    public final double allreduce(double value, Op op) {
        scalarDoubleIn[0] = value;
        allreduce(scalarDoubleIn, scalarDoubleOut, op);
        return scalarDoubleOut[0];
    }

    @Override
    public final long allreduce(long value, Op op) {
        scalarLongIn[0] = value;
        allreduce(scalarLongIn, scalarLongOut, op);
        return scalarLongOut[0];
    }

    @Override
    public final int allreduce(int value, Op op) {
        scalarIntIn[0] = value;
        allreduce(scalarIntIn, scalarIntOut, op);
        return scalarIntOut[0];
    }

    @Override
    public final double reduce(double value, Op op, int root) {
        scalarDoubleIn[0] = value;
        scalarDoubleOut[0] = value;
        reduce(scalarDoubleIn, scalarDoubleOut, op, root);
        return scalarDoubleOut[0];
    }

    @Override
    public final long reduce(long value, Op op, int root) {
        scalarLongIn[0] = value;
        scalarLongOut[0] = value;
        reduce(scalarLongIn, scalarLongOut, op, root);
        return scalarLongOut[0];
    }

    // ---------------------------------------------------------------- the object tier, over buffer operations

    /** The codec of the object tier (the job's). */
    protected ObjectCodec objectCodec() {
        return Mpi.objectCodec();
    }

    @Override
    public void sendObject(Object value, int dest, int tag) {
        live();
        ObjectTier.sendObject(this, objectCodec(), value, dest, tag);
    }

    @Override
    public <T> T recvObject(int source, int tag) {
        return recvObject(source, tag, null);
    }

    @Override
    public <T> T recvObject(int source, int tag, Status status) {
        live();
        return ObjectTier.recvObject(this, objectCodec(), source, tag, status);
    }

    @Override
    public <T> T bcastObject(T value, int root) {
        live();
        checkRoot(root);
        return ObjectTier.bcastObject(this, objectCodec(), value, root);
    }

    @Override
    public <T> T scatterObject(List<T> values, int root) {
        live();
        checkRoot(root);
        return ObjectTier.scatterObject(this, objectCodec(), values, root);
    }

    @Override
    public <T> List<T> gatherObject(T value, int root) {
        live();
        checkRoot(root);
        return ObjectTier.gatherObject(this, objectCodec(), value, root);
    }

    @Override
    public <T> List<T> allgatherObject(T value) {
        live();
        return ObjectTier.allgatherObject(this, objectCodec(), value);
    }

    @Override
    public <T> List<T> alltoallObject(List<T> values) {
        live();
        return ObjectTier.alltoallObject(this, objectCodec(), values);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T reduceObject(T value, Op op, int root) {
        return reduceObject(value, (BinaryOperator<T>) ObjectTier.builtin(op), root);
    }

    @Override
    public <T> T reduceObject(T value, BinaryOperator<T> op, int root) {
        live();
        checkRoot(root);
        List<T> all = ObjectTier.gatherObject(this, objectCodec(), value, root);
        return ObjectTier.fold(this, objectCodec(), "reduceObject", all, ranks(), op, rank() == root);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T allreduceObject(T value, Op op) {
        return allreduceObject(value, (BinaryOperator<T>) ObjectTier.builtin(op));
    }

    @Override
    public <T> T allreduceObject(T value, BinaryOperator<T> op) {
        live();
        List<T> all = ObjectTier.allgatherObject(this, objectCodec(), value);
        return ObjectTier.fold(this, objectCodec(), "allreduceObject", all, ranks(), op, true);
    }

    @Override
    public <T> T scanObject(T value, BinaryOperator<T> op) {
        live();
        List<T> all = ObjectTier.allgatherObject(this, objectCodec(), value);
        return ObjectTier.fold(this, objectCodec(), "scanObject", all, rank() + 1, op, true);
    }

    @Override
    public <T> T exscanObject(T value, BinaryOperator<T> op) {
        live();
        List<T> all = ObjectTier.allgatherObject(this, objectCodec(), value);
        return ObjectTier.fold(this, objectCodec(), "exscanObject", all, rank(), op, rank() > 0);
    }
}
