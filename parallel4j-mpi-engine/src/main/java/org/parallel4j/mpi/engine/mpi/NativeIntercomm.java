package org.parallel4j.mpi.engine.mpi;

import static org.parallel4j.mpi.engine.mpi.Native.ABI;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import java.util.function.BinaryOperator;
import org.parallel4j.mpi.CartComm;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.CommRequest;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.FileMode;
import org.parallel4j.mpi.Group;
import org.parallel4j.mpi.Intercomm;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.MpiFile;
import org.parallel4j.mpi.Op;
import org.parallel4j.mpi.SplitType;
import org.parallel4j.mpi.Win;
import org.parallel4j.mpi.internal.Buffers;
import org.parallel4j.mpi.internal.Datatype;
import org.parallel4j.mpi.internal.GroupAccess;
import org.parallel4j.mpi.internal.IntercommCollectives;
import org.parallel4j.mpi.internal.Reductions;

/**
 * An intercommunicator of the MPI engine: point-to-point as any communicator's (the library
 * addresses the remote group), the buffer collectives as the library's intercommunicator
 * collectives (so a C program on the other side takes part), the root convention mapped to
 * the library's {@code MPI_ROOT} and {@code MPI_PROC_NULL}. Between Java ranks ({@code javaPeers})
 * it has the object tier's shadow and one more hidden dup, over which the object collectives
 * run as messages ({@link IntercommCollectives}); towards another program (spawnCommand) it has
 * neither, since that program would not join the dups.
 */
final class NativeIntercomm extends NativeComm implements Intercomm {
    /** Set in the JVMs {@code spawn} starts: their parent is parallel4j's too. */
    static final String SPAWNED_BY_JAVA = "p4j.mpi.spawnedByJava";
    private final int remoteSize;
    private final NativeIntercomm hidden;
    private final IntercommCollectives objectCollectives;

    NativeIntercomm(MpiEngine engine, long handle, String name, boolean javaPeers) {
        this(engine, handle, name, javaPeers, true);
    }

    private NativeIntercomm(MpiEngine engine, long handle, String name, boolean javaPeers, boolean withHidden) {
        super(engine, handle, name, false, javaPeers);
        Scratch s = Scratch.get();
        try {
            check((int) Native.COMM_REMOTE_SIZE.invokeExact(handle, s.intA), "MPI_Comm_remote_size");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
        this.remoteSize = s.intA.get(ValueLayout.JAVA_INT, 0);
        if (javaPeers && withHidden) {
            try {
                check((int) Native.COMM_DUP.invokeExact(handle, s.handleA), "MPI_Comm_dup");
            } catch (MpiException e) {
                throw e;
            } catch (Throwable t) {
                throw unexpected(t);
            }
            this.hidden = new NativeIntercomm(engine, Scratch.readHandle(s.handleA), name + " (collectives)", false, false);
        } else {
            this.hidden = null;
        }
        this.objectCollectives = new IntercommCollectives(hidden != null ? hidden : this, name, remoteSize);
    }

    /** The calling process's parent intercommunicator (MPI_Comm_get_parent), or null: made once, when the engine starts. */
    static NativeIntercomm parentOf(MpiEngine engine) {
        Scratch s = Scratch.get();
        try {
            int rc = (int) Native.COMM_GET_PARENT.invokeExact(s.handleA);
            if (rc != 0) {
                throw engine.error(rc, "MPI_Comm_get_parent");
            }
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
        long h = Scratch.readHandle(s.handleA);
        // A parent that is not parallel4j's (a C program's MPI_Comm_spawn) would not join the dups of the object tier.
        return h == ABI.commNull ? null : new NativeIntercomm(engine, h, "parent", Boolean.getBoolean(SPAWNED_BY_JAVA));
    }

    @Override
    boolean isInter() {
        return true;
    }

    @Override
    protected int ranks() {
        return remoteSize;
    }

    @Override
    public int remoteSize() {
        live();
        return remoteSize;
    }

    @Override
    public Group remoteGroup() {
        live();
        Scratch s = Scratch.get();
        int[] mine = new int[remoteSize];
        for (int i = 0; i < remoteSize; i++) {
            mine[i] = i;
        }
        try {
            check((int) Native.COMM_REMOTE_GROUP.invokeExact(handle, s.handleA), "MPI_Comm_remote_group");
            long g = Scratch.readHandle(s.handleA);
            check((int) Native.COMM_GROUP.invokeExact(ABI.commWorld, s.handleB), "MPI_Comm_group");
            long wg = Scratch.readHandle(s.handleB);
            MemorySegment in = s.ints(mine, 0, remoteSize);
            MemorySegment out = s.ints(new int[remoteSize], 1, remoteSize);
            check((int) Native.GROUP_TRANSLATE_RANKS.invokeExact(g, remoteSize, in, wg, out), "MPI_Group_translate_ranks");
            int[] world = out.toArray(ValueLayout.JAVA_INT);
            check((int) Native.GROUP_FREE.invokeExact(s.handleA), "MPI_Group_free");
            check((int) Native.GROUP_FREE.invokeExact(s.handleB), "MPI_Group_free");
            // Processes of another world (a spawn's other side) have no rank in this one: the group lists them by their remote rank.
            if (Arrays.stream(world).anyMatch(w -> w == ABI.undefined)) {
                world = mine;
            }
            return GroupAccess.create(world, Mpi.UNDEFINED);
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---------------------------------------------------------------- collectives (the library's, root convention)

    private int mpiRoot(int root, String kind) {
        IntercommCollectives.checkRoot(root, remoteSize, kind, name);
        return root == Mpi.ROOT ? ABI.mpiRoot() : root == Mpi.PROC_NULL ? ABI.procNull : root;
    }

    @FunctionalInterface
    private interface Call {
        int run(Staged st, Scratch s) throws Throwable;
    }

    /** One blocking library call with its buffers staged through the thread's scratch, copied back after. */
    private void call(String kind, Call c) {
        live();
        MpiEngine.Activity a = engine.activity();
        a.begin(kind, name, MpiEngine.NONE, MpiEngine.NONE);
        try {
            Staged st = new Staged(Staged.Mode.SCRATCH);
            check(c.run(st, Scratch.get()), kind);
            st.finish();
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        } finally {
            a.end();
        }
    }

    @Override
    public void barrier() {
        call("barrier", (st, s) -> (int) Native.BARRIER.invokeExact(handle));
    }

    @Override
    public void bcast(Object buf, int offset, int count, int root) {
        int r = mpiRoot(root, "bcast");
        Datatype t = Datatype.of(buf);
        Buffers.checkRegion(buf, t, offset, count, "bcast buffer");
        call("bcast", (st, s) -> {
            MemorySegment seg = root == Mpi.ROOT ? st.in(buf, t, offset, count) : st.out(buf, t, offset, count);
            return (int) Native.BCAST.invokeExact(seg, count, ABI.datatype(t), r, handle);
        });
    }

    @Override
    public void reduce(Object sendBuf, Object recvBuf, Op op, int root) {
        int r = mpiRoot(root, "reduce");
        if (root == Mpi.PROC_NULL) {
            long sum = ABI.ops.get(Op.SUM.kind());
            call("reduce", (st, s) -> (int) Native.REDUCE.invokeExact(MemorySegment.NULL, MemorySegment.NULL, 0, ABI.datatypeByte, sum, r, handle));
            return;
        }
        Object data = root == Mpi.ROOT ? recvBuf : sendBuf;
        Datatype t = Datatype.of(data);
        int count = Datatype.length(data, t);
        Reductions.check(op, t, count);
        Ops.Resolved res = Ops.resolve(op, t);
        call("reduce", (st, s) -> {
            // The root's send buffer is not read, but MPICH 4.0 refuses a null one ("Null buffer
            // pointer", found by RandomIntercommTest): a scratch word stands in for it.
            MemorySegment sb = root == Mpi.ROOT ? s.handleB : st.in(sendBuf, t, 0, count);
            MemorySegment rb = root == Mpi.ROOT ? st.out(recvBuf, t, 0, count) : MemorySegment.NULL;
            return (int) Native.REDUCE.invokeExact(sb, rb, count / res.itemWidth(), res.datatype(), res.op(), r, handle);
        });
        throwUpcallFailure("reduce", op);
    }

    @Override
    public void allreduce(Object sendBuf, Object recvBuf, Op op) {
        Datatype t = Datatype.of(sendBuf);
        int count = Datatype.length(sendBuf, t);
        Reductions.check(op, t, count);
        org.parallel4j.mpi.internal.CollectiveChecks.requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
        org.parallel4j.mpi.internal.CollectiveChecks.requireCapacity(recvBuf, count, "recvBuf");
        Ops.Resolved res = Ops.resolve(op, t);
        call("allreduce", (st, s) -> (int) Native.ALLREDUCE.invokeExact(st.in(sendBuf, t, 0, count), st.out(recvBuf, t, 0, count),
                count / res.itemWidth(), res.datatype(), res.op(), handle));
        throwUpcallFailure("allreduce", op);
    }

    private void throwUpcallFailure(String kind, Op op) {
        RuntimeException e = Ops.takeUpcallFailure();
        if (e != null) {
            throw new MpiException(ErrorClass.OP, kind + " on " + name + ": operation " + op.name() + " threw: " + e, e);
        }
    }

    /** The block each remote rank sends or receives in {@code buf}: its length over the remote size. */
    private int block(Object buf, Datatype t, String kind, String which) {
        int length = Datatype.length(buf, t);
        if (length % remoteSize != 0) {
            throw new MpiException(ErrorClass.COUNT, kind + " on intercommunicator " + name + ": " + which + " holds " + length
                    + " elements, not a block for each of the other group's " + remoteSize + " ranks");
        }
        return length / remoteSize;
    }

    private int[] uniformRemote(int count) {
        int[] c = new int[remoteSize];
        Arrays.fill(c, count);
        return c;
    }

    private int[] blocksRemote(int count) {
        int[] d = new int[remoteSize];
        for (int k = 0; k < remoteSize; k++) {
            d[k] = k * count;
        }
        return d;
    }

    @Override
    public void gather(Object sendBuf, Object recvBuf, int root) {
        int r = mpiRoot(root, "gather");
        if (root == Mpi.ROOT) {
            Datatype t = Datatype.of(recvBuf);
            int b = block(recvBuf, t, "gather", "recvBuf");
            call("gather", (st, s) -> (int) Native.GATHERV.invokeExact(MemorySegment.NULL, 0, ABI.datatype(t),
                    st.out(recvBuf, t, 0, b * remoteSize), s.ints(uniformRemote(b), 0, remoteSize), s.ints(blocksRemote(b), 1, remoteSize),
                    ABI.datatype(t), r, handle));
        } else if (root == Mpi.PROC_NULL) {
            call("gather", (st, s) -> (int) Native.GATHERV.invokeExact(MemorySegment.NULL, 0, ABI.datatypeByte, MemorySegment.NULL,
                    MemorySegment.NULL, MemorySegment.NULL, ABI.datatypeByte, r, handle));
        } else {
            Datatype t = Datatype.of(sendBuf);
            int n = Datatype.length(sendBuf, t);
            call("gather", (st, s) -> (int) Native.GATHERV.invokeExact(st.in(sendBuf, t, 0, n), n, ABI.datatype(t), MemorySegment.NULL,
                    MemorySegment.NULL, MemorySegment.NULL, ABI.datatype(t), r, handle));
        }
    }

    @Override
    public void scatter(Object sendBuf, Object recvBuf, int root) {
        int r = mpiRoot(root, "scatter");
        if (root == Mpi.ROOT) {
            Datatype t = Datatype.of(sendBuf);
            int b = block(sendBuf, t, "scatter", "sendBuf");
            call("scatter", (st, s) -> (int) Native.SCATTERV.invokeExact(st.in(sendBuf, t, 0, b * remoteSize),
                    s.ints(uniformRemote(b), 0, remoteSize), s.ints(blocksRemote(b), 1, remoteSize), ABI.datatype(t), MemorySegment.NULL, 0,
                    ABI.datatype(t), r, handle));
        } else if (root == Mpi.PROC_NULL) {
            call("scatter", (st, s) -> (int) Native.SCATTERV.invokeExact(MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL,
                    ABI.datatypeByte, MemorySegment.NULL, 0, ABI.datatypeByte, r, handle));
        } else {
            Datatype t = Datatype.of(recvBuf);
            int n = Datatype.length(recvBuf, t);
            call("scatter", (st, s) -> (int) Native.SCATTERV.invokeExact(MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL,
                    ABI.datatype(t), st.out(recvBuf, t, 0, n), n, ABI.datatype(t), r, handle));
        }
    }

    @Override
    public void allgather(Object sendBuf, Object recvBuf) {
        Datatype t = Datatype.of(sendBuf);
        org.parallel4j.mpi.internal.CollectiveChecks.requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
        int n = Datatype.length(sendBuf, t);
        int b = block(recvBuf, t, "allgather", "recvBuf");
        call("allgather", (st, s) -> (int) Native.ALLGATHERV.invokeExact(st.in(sendBuf, t, 0, n), n, ABI.datatype(t),
                st.out(recvBuf, t, 0, b * remoteSize), s.ints(uniformRemote(b), 0, remoteSize), s.ints(blocksRemote(b), 1, remoteSize),
                ABI.datatype(t), handle));
    }

    // ---------------------------------------------------------------- object collectives (messages on the hidden dup)

    @Override
    public <T> T bcastObject(T value, int root) {
        live();
        return objectCollectives.bcastObject(value, root);
    }

    @Override
    public <T> T scatterObject(List<T> values, int root) {
        live();
        return objectCollectives.scatterObject(values, root);
    }

    @Override
    public <T> List<T> gatherObject(T value, int root) {
        live();
        return objectCollectives.gatherObject(value, root);
    }

    @Override
    public <T> List<T> allgatherObject(T value) {
        live();
        return objectCollectives.allgatherObject(value);
    }

    @Override
    public <T> T reduceObject(T value, BinaryOperator<T> op, int root) {
        live();
        return objectCollectives.reduceObject(value, op, root);
    }

    @Override
    public <T> T allreduceObject(T value, BinaryOperator<T> op) {
        live();
        return objectCollectives.allreduceObject(value, op);
    }

    // ---------------------------------------------------------------- merge, disconnect, and what an intercommunicator has not

    @Override
    public Comm merge(boolean high) {
        live();
        Scratch s = Scratch.get();
        try {
            check((int) Native.INTERCOMM_MERGE.invokeExact(handle, high ? 1 : 0, s.handleA), "MPI_Intercomm_merge");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
        return new NativeComm(engine, Scratch.readHandle(s.handleA), name + ".merge", false, objects != handle);
    }

    @Override
    public void disconnect() {
        live();
        freed = true;
        engine.lifetimes.untrack(handles);
        if (handles.release()) {
            disconnectHandle(handle);
            if (objects != handle) {
                disconnectHandle(objects);
            }
        }
        if (hidden != null) {
            hidden.disconnect();
        }
    }

    private void disconnectHandle(long h) {
        Scratch s = Scratch.get();
        MpiEngine.Activity a = engine.activity();
        a.begin("disconnect", name, MpiEngine.NONE, MpiEngine.NONE);
        try {
            Scratch.writeHandle(s.handleA, h);
            check((int) Native.COMM_DISCONNECT.invokeExact(s.handleA), "MPI_Comm_disconnect");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        } finally {
            a.end();
        }
    }

    @Override
    public void free() {
        super.free();
        if (hidden != null) {
            hidden.free();
        }
    }

    private MpiException notHere(String kind) {
        return new MpiException(ErrorClass.COMM, kind + " is not available on intercommunicator " + name + ": an intercommunicator has "
                + "barrier, bcast, reduce, allreduce, gather, scatter, allgather and their object forms; merge() it into an ordinary "
                + "communicator for the rest");
    }

    @Override
    MpiException notOnIntercomm(String kind) {
        return notHere(kind);
    }

    @Override
    public Comm dup() {
        throw notHere("dup");
    }

    @Override
    public Comm dup(org.parallel4j.mpi.Info hints) {
        throw notHere("dup");
    }

    @Override
    public CommRequest idup() {
        throw notHere("idup");
    }

    @Override
    public Comm split(int color, int key) {
        throw notHere("split");
    }

    @Override
    public Comm splitType(SplitType type, int key) {
        throw notHere("splitType");
    }

    @Override
    public Comm create(Group group) {
        throw notHere("create");
    }

    @Override
    public CartComm createCart(int[] dims, boolean[] periods, boolean reorder) {
        throw notHere("createCart");
    }

    @Override
    public Intercomm spawn(String mainClass, String[] args, int maxprocs, org.parallel4j.mpi.Info info, int root) {
        throw notHere("spawn");
    }

    @Override
    public Intercomm spawnCommand(String command, String[] args, int maxprocs, org.parallel4j.mpi.Info info, int root) {
        throw notHere("spawnCommand");
    }

    @Override
    public Intercomm createIntercomm(int localLeader, Comm peer, int remoteLeader, int tag) {
        throw notHere("createIntercomm");
    }

    @Override
    public Win winCreate(Object memory, int dispUnit, org.parallel4j.mpi.Info hints) {
        throw notHere("winCreate");
    }

    @Override
    public Win winAllocate(long bytes, int dispUnit, org.parallel4j.mpi.Info hints) {
        throw notHere("winAllocate");
    }

    @Override
    public Win winAllocateShared(long bytes, int dispUnit, org.parallel4j.mpi.Info hints) {
        throw notHere("winAllocateShared");
    }

    @Override
    public MpiFile fileOpen(String path, org.parallel4j.mpi.Info hints, FileMode... modes) {
        throw notHere("fileOpen");
    }

    @Override
    public String toString() {
        return "Intercomm[" + name + ", rank " + rank + " of " + size + ", remote group of " + remoteSize + ", " + ABI.family.label + "]";
    }
}
