package org.parallel4j.mpi.engine.threads;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BinaryOperator;
import org.parallel4j.mpi.CartComm;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.CommRequest;
import org.parallel4j.mpi.Comparison;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.Group;
import org.parallel4j.mpi.Intercomm;
import org.parallel4j.mpi.Message;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.ObjectRequest;
import org.parallel4j.mpi.Op;
import org.parallel4j.mpi.PersistentRequest;
import org.parallel4j.mpi.Request;
import org.parallel4j.mpi.SplitType;
import org.parallel4j.mpi.Status;
import org.parallel4j.mpi.Win;
import org.parallel4j.mpi.internal.Buffers;
import org.parallel4j.mpi.internal.CartesianMap;
import org.parallel4j.mpi.internal.CollectiveChecks;
import org.parallel4j.mpi.internal.CommBase;
import org.parallel4j.mpi.internal.Datatype;
import org.parallel4j.mpi.internal.InPlace;
import org.parallel4j.mpi.internal.StatusAccess;
import org.parallel4j.mpi.internal.WinBase;

/**
 * One rank's view of a communicator on the thread engine. Sections follow the chapters of
 * the MPI standard, as {@link Comm} does.
 */
class ThreadComm extends CommBase {
    final CommShared shared;
    final RankContext me;
    final int rank;
    final int size;
    private volatile boolean freed;
    /** The name {@link #setName} gave this rank's handle; null: the shared one. */
    private volatile String customName;
    /** What this rank's collective calls on this communicator write, padded off everything else. */
    final CollectiveState collective = new CollectiveState();
    private final boolean permanent;

    ThreadComm(CommShared shared, RankContext me, boolean permanent) {
        this.shared = shared;
        this.me = me;
        this.rank = shared.rankOf(me);
        this.size = shared.size();
        this.permanent = permanent;
    }

    /** This rank's hints ({@link #setInfo}, {@link #dup(org.parallel4j.mpi.Info)}). */
    private volatile org.parallel4j.mpi.Info hints = org.parallel4j.mpi.Info.NULL;

    static ThreadComm of(CommShared shared, RankContext me) {
        return shared.cart != null ? new ThreadCartComm(shared, me) : new ThreadComm(shared, me, false);
    }

    // ---------------------------------------------------------------- checks (the shared ones are CommBase's)

    @Override
    protected int ranks() {
        return size;
    }

    /** Waits for a blocking call's request; on error, takes it back from the mailbox first. */
    private void awaitBlocking(ThreadRequest r) {
        try {
            Waiting.await(me, r, 0);
        } catch (MpiException e) {
            if (r instanceof RecvRequest rr) {
                me.mailbox.withdraw(rr);
            } else if (r instanceof SendRequest sr) {
                shared.cancelSend(sr);
            }
            throw e;
        }
        r.throwIfFailed();
    }

    // ---------------------------------------------------------------- environment

    @Override
    public int rank() {
        live();
        return rank;
    }

    @Override
    public int size() {
        live();
        return size;
    }

    @Override
    public String name() {
        String n = customName;
        return n != null ? n : shared.name;
    }

    @Override
    public void setName(String name) {
        live();
        customName = CommBase.checkName(name);
    }

    @Override
    public Group group() {
        live();
        return org.parallel4j.mpi.internal.GroupAccess.create(shared.localWorldRanks, me.worldRank);
    }

    @Override
    public void abort(int code) {
        MpiException e = new MpiException(ErrorClass.ABORTED, "rank " + me.worldRank + " called abort(" + code + ") on "
                + shared.name, null, me.worldRank, code);
        me.job.fail(e);
        throw e;
    }

    // ---------------------------------------------------------------- communicators

    @Override
    public Comm dup() {
        return dup(hints);
    }

    @Override
    public Comm dup(org.parallel4j.mpi.Info hints) {
        live();
        CommShared mine = rank == 0 ? new CommShared(me.job, me.job.nextContextId.getAndIncrement(), shared.worldRanks,
                shared.name + ".dup", shared.cart) : null;
        ThreadComm c = of((CommShared) Collectives.exchange(this, "dup", mine)[0], me);
        c.hints = hints == null ? org.parallel4j.mpi.Info.NULL : hints;
        return c;
    }

    @Override
    public org.parallel4j.mpi.Info info() {
        live();
        return hints;
    }

    @Override
    public void setInfo(org.parallel4j.mpi.Info given) {
        live();
        hints = CommBase.merged(hints, given, "setInfo on " + name());
    }

    @Override
    public CommRequest idup() {
        live();
        return NonblockingCollectives.dup(this);
    }

    @Override
    public Comm splitType(SplitType type, int key) {
        live();
        CommBase.checkSplitType(type);
        // Every rank of a thread-engine job is in this process: they all share memory.
        return split(0, key, null, ".splitType(" + type + ")");
    }

    @Override
    public Intercomm spawn(String mainClass, String[] args, int maxprocs, org.parallel4j.mpi.Info info, int root) {
        live();
        checkRoot(root);
        Object mine = null;
        if (rank == root) {
            try {
                mine = ThreadEngine.spawn(me, mainClass, args == null ? new String[0] : args.clone(), maxprocs, shared.localWorldRanks,
                        shared.name);
            } catch (MpiException e) {
                mine = e;
            }
        }
        Object made = Collectives.exchange(this, "spawn", mine)[root];
        if (made instanceof MpiException e) {
            throw new MpiException(e.errorClass(), e.getMessage() + (rank == root ? "" : " (at the root, rank " + root + ")"), e);
        }
        int[] plan = (int[]) made; // p2p context, collective context, then the new ranks' world ranks
        return ThreadIntercomm.between(me, plan[0], plan[1], shared.localWorldRanks, Arrays.copyOfRange(plan, 2, plan.length),
                shared.name + ".spawn");
    }

    @Override
    public Intercomm spawnCommand(String command, String[] args, int maxprocs, org.parallel4j.mpi.Info info, int root) {
        live();
        throw new MpiException(ErrorClass.ARG, "spawnCommand(" + command + "): the thread engine starts Java ranks only: use "
                + "spawn(mainClass, ...), or run on the MPI engine (./p4j run --engine mpi) to start another program");
    }

    @Override
    public Intercomm createIntercomm(int localLeader, Comm peer, int remoteLeader, int tag) {
        live();
        checkRoot(localLeader);
        checkSendTag(tag);
        Object mine = null;
        if (rank == localLeader) {
            try {
                if (!(peer instanceof ThreadComm p) || p.shared.isInter()) {
                    throw new MpiException(ErrorClass.COMM, "createIntercomm: the peer communicator " + peer
                            + " must be an ordinary communicator of this engine holding both leaders");
                }
                p.checkDest(remoteLeader);
                // The leaders swap their groups; the one whose group starts lower picks the contexts.
                int[] local = shared.localWorldRanks;
                int[] remote = p.sendrecvGroups(local, remoteLeader, tag);
                int[] contexts = new int[2];
                if (local[0] < remote[0]) {
                    contexts[0] = me.job.nextContextId.getAndIncrement();
                    contexts[1] = me.job.nextContextId.getAndIncrement();
                    p.send(contexts, remoteLeader, tag);
                } else {
                    p.recv(contexts, remoteLeader, tag);
                }
                int[] plan = new int[2 + remote.length];
                plan[0] = contexts[0];
                plan[1] = contexts[1];
                System.arraycopy(remote, 0, plan, 2, remote.length);
                mine = plan;
            } catch (MpiException e) {
                mine = e;
            }
        }
        Object made = Collectives.exchange(this, "createIntercomm", mine)[localLeader];
        if (made instanceof MpiException e) {
            throw new MpiException(e.errorClass(), e.getMessage() + (rank == localLeader ? "" : " (at the local leader, rank " + localLeader + ")"), e);
        }
        int[] plan = (int[]) made;
        return ThreadIntercomm.between(me, plan[0], plan[1], shared.localWorldRanks, Arrays.copyOfRange(plan, 2, plan.length),
                shared.name + ".intercomm");
    }

    /** The leaders' swap of their groups' world ranks over this (peer) communicator. */
    private int[] sendrecvGroups(int[] local, int other, int tag) {
        int[] size = new int[1];
        sendrecv(new int[] {local.length}, other, tag, size, other, tag, null);
        int[] remote = new int[size[0]];
        sendrecv(local, other, tag, remote, other, tag, null);
        return remote;
    }

    @Override
    public Comm split(int color, int key) {
        return split(color, key, null, ".split(" + color + ")");
    }

    /** Split, giving each new communicator a Cartesian map (for {@link ThreadCartComm#sub}). */
    final ThreadComm split(int color, int key, CartesianMap map, String suffix) {
        live();
        if (color < 0 && color != Mpi.UNDEFINED) {
            throw new MpiException(ErrorClass.ARG, "invalid color " + color + " for split: colors are non-negative, or UNDEFINED");
        }
        Object[] all = Collectives.exchange(this, "split", new int[] {color, key});
        List<Integer> members = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            if (((int[]) all[r])[0] == color) {
                members.add(r);
            }
        }
        members.sort((a, b) -> {
            int c = Integer.compare(((int[]) all[a])[1], ((int[]) all[b])[1]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        CommShared mine = null;
        if (color != Mpi.UNDEFINED && members.get(0) == rank) {
            int[] world = members.stream().mapToInt(r -> shared.worldRanks[r]).toArray();
            mine = new CommShared(me.job, me.job.nextContextId.getAndIncrement(), world, shared.name + suffix, map);
        }
        Object[] created = Collectives.exchange(this, "split", mine);
        return color == Mpi.UNDEFINED ? null : of((CommShared) created[members.get(0)], me);
    }

    @Override
    public Comm create(Group group) {
        live();
        for (int w : group.worldRanks()) {
            if (Arrays.stream(shared.worldRanks).noneMatch(x -> x == w)) {
                throw new MpiException(ErrorClass.GROUP, "create: group " + group + " has world rank " + w
                        + ", which is not in communicator " + shared.name + " " + Arrays.toString(shared.worldRanks));
            }
        }
        CommShared mine = rank == 0 && group.size() > 0 ? new CommShared(me.job, me.job.nextContextId.getAndIncrement(),
                group.worldRanks(), shared.name + ".create", null) : null;
        CommShared made = (CommShared) Collectives.exchange(this, "create", mine)[0];
        if (made != null && !Arrays.equals(made.worldRanks, group.worldRanks())) {
            throw new MpiException(ErrorClass.COLLECTIVE_MISMATCH, "create: rank " + rank + " passed group " + group
                    + " but rank 0 passed " + Arrays.toString(made.worldRanks) + ": every rank must pass the same group");
        }
        return group.rank() == Mpi.UNDEFINED || made == null ? null : of(made, me);
    }

    @Override
    public Comparison compare(Comm other) {
        live();
        if (!(other instanceof ThreadComm o)) {
            return Comparison.UNEQUAL;
        }
        if (o.shared == shared) {
            return Comparison.IDENT;
        }
        return group().compare(o.group()) == Comparison.IDENT ? Comparison.CONGRUENT
                : group().compare(o.group()) == Comparison.SIMILAR ? Comparison.SIMILAR : Comparison.UNEQUAL;
    }

    @Override
    public CartComm createCart(int[] dims, boolean[] periods, boolean reorder) {
        live();
        CartesianMap map = new CartesianMap(dims, periods);
        if (map.size() > size) {
            throw new MpiException(ErrorClass.TOPOLOGY, "grid " + Arrays.toString(dims) + " needs " + map.size()
                    + " ranks but communicator " + shared.name + " has " + size);
        }
        CommShared mine = rank == 0 ? new CommShared(me.job, me.job.nextContextId.getAndIncrement(),
                Arrays.copyOf(shared.worldRanks, map.size()), shared.name + ".cart" + Arrays.toString(dims), map) : null;
        CommShared made = (CommShared) Collectives.exchange(this, "createCart", mine)[0];
        return rank < map.size() ? new ThreadCartComm(made, me) : null;
    }

    @Override
    public void free() {
        if (permanent) {
            throw new MpiException(ErrorClass.COMM, "communicator " + shared.name + " cannot be freed: it lives as long as the job");
        }
        freeNeighborhood();
        freed = true;
    }

    @Override
    public boolean isFreed() {
        return freed;
    }

    // ---------------------------------------------------------------- point-to-point, blocking


    @Override
    public void send(Object buf, int offset, int count, int dest, int tag) {
        blockingSend(buf, offset, count, dest, tag, false);
    }


    @Override
    public void ssend(Object buf, int offset, int count, int dest, int tag) {
        blockingSend(buf, offset, count, dest, tag, true);
    }

    private void blockingSend(Object buf, int offset, int count, int dest, int tag, boolean sync) {
        live();
        Datatype t = Datatype.of(buf);
        Buffers.checkRegion(buf, t, offset, count, sync ? "ssend" : "send");
        checkDest(dest);
        checkSendTag(tag);
        if (dest == Mpi.PROC_NULL) {
            return;
        }
        Mailbox box = shared.rankContext(dest).mailbox;
        if (!sync && (long) count * t.size <= Mailbox.EAGER_LIMIT_BYTES) {
            box.deliver(shared, rank, tag, buf, t, offset, count, null);
            return;
        }
        SendRequest r = me.blockingSend();
        r.set(shared, dest, tag, buf, t, offset, count, sync);
        if (!box.deliver(shared, rank, tag, buf, t, offset, count, r)) {
            awaitBlocking(r);
        }
    }



    @Override
    public void recv(Object buf, int offset, int count, int source, int tag, Status status) {
        live();
        Datatype t = Datatype.of(buf);
        Buffers.checkRegion(buf, t, offset, count, "recv");
        checkSource(source);
        checkRecvTag(tag);
        if (source == Mpi.PROC_NULL) {
            StatusAccess.fill(status, Mpi.PROC_NULL, Mpi.ANY_TAG, 0, 0, false);
            return;
        }
        RecvRequest r = me.blockingRecv();
        r.set(shared, source, tag, buf, t, offset, count, false);
        me.mailbox.post(r);
        awaitBlocking(r);
        if (r.inlineCount >= 0) {
            InlineData.unpack(r, buf, t, offset);
        }
        if (status != null) {
            StatusAccess.fill(status, r.statusSource, r.statusTag, r.statusCount, r.statusBytes, false);
        }
    }

    @Override
    public void sendrecv(Object sendBuf, int dest, int sendTag, Object recvBuf, int source, int recvTag, Status status) {
        live();
        Object send = sendBuf;
        if (Buffers.mayOverlap(sendBuf, recvBuf)) {
            // The receive would overwrite data the partner may still be reading: send a copy,
            // unless the send is small enough to be copied out before isend returns.
            Datatype t = Datatype.of(sendBuf);
            if ((long) Datatype.length(sendBuf, t) * t.size > Mailbox.EAGER_LIMIT_BYTES) {
                send = InPlace.copyOf(sendBuf);
            }
        }
        Request s = isend(send, dest, sendTag);
        recv(recvBuf, source, recvTag, status);
        s.await();
    }

    @Override
    public void sendrecvReplace(Object buf, int dest, int sendTag, int source, int recvTag, Status status) {
        sendrecv(buf, dest, sendTag, buf, source, recvTag, status);
    }

    @Override
    public Status probe(int source, int tag) {
        live();
        checkSource(source);
        checkRecvTag(tag);
        Status out = StatusAccess.create();
        if (source == Mpi.PROC_NULL) {
            StatusAccess.set(out, Mpi.PROC_NULL, Mpi.ANY_TAG, 0, 0, false);
            return out;
        }
        RecvRequest r = me.blockingRecv();
        r.set(shared, source, tag, null, Datatype.BYTE, 0, 0, true);
        me.mailbox.post(r);
        awaitBlocking(r);
        StatusAccess.set(out, r.statusSource, r.statusTag, r.statusCount, r.statusBytes, r.statusObject);
        return out;
    }

    @Override
    public Status iprobe(int source, int tag) {
        live();
        checkSource(source);
        checkRecvTag(tag);
        if (me.job.failure != null) {
            throw me.job.failureSeenBy(me);
        }
        Status out = StatusAccess.create();
        if (source == Mpi.PROC_NULL) {
            StatusAccess.set(out, Mpi.PROC_NULL, Mpi.ANY_TAG, 0, 0, false);
            return out;
        }
        return me.mailbox.iprobe(shared.context, source, tag, out, me) ? out : null;
    }

    // ---------------------------------------------------------------- point-to-point, nonblocking


    @Override
    public Request isend(Object buf, int offset, int count, int dest, int tag) {
        return startSend(buf, offset, count, dest, tag, false, false);
    }

    @Override
    public Request issend(Object buf, int dest, int tag) {
        return startSend(buf, 0, lengthOf(buf), dest, tag, true, false);
    }

    @Override
    public void bsend(Object buf, int offset, int count, int dest, int tag) {
        modeSend(buf, offset, count, dest, tag, true, "bsend");
    }

    @Override
    public Request ibsend(Object buf, int dest, int tag) {
        return completedSend(modeSend(buf, 0, lengthOf(buf), dest, tag, true, "ibsend"), dest, tag);
    }

    @Override
    public void rsend(Object buf, int dest, int tag) {
        modeSend(buf, 0, lengthOf(buf), dest, tag, false, "rsend");
    }

    @Override
    public Request irsend(Object buf, int dest, int tag) {
        return completedSend(modeSend(buf, 0, lengthOf(buf), dest, tag, false, "irsend"), dest, tag);
    }

    /**
     * A buffered ({@code buffered}) or ready send: either is complete on return, the data
     * copied into the receiver's mailbox (buffered, charged to this rank's attached buffer)
     * or into the receive already posted (ready). Returns the bytes sent.
     */
    private long modeSend(Object buf, int offset, int count, int dest, int tag, boolean buffered, String kind) {
        live();
        Datatype t = Datatype.of(buf);
        Buffers.checkRegion(buf, t, offset, count, kind);
        checkDest(dest);
        checkSendTag(tag);
        if (dest == Mpi.PROC_NULL) {
            return 0;
        }
        if (!buffered) {
            // A ready send into a posted receive: delivered now, or refused; it never waits.
            shared.rankContext(dest).mailbox.deliver(shared, rank, tag, buf, t, offset, count, null, null, dest);
            return (long) count * t.size;
        }
        shared.rankContext(dest).mailbox.deliver(shared, rank, tag, buf, t, offset, count, null, me.bufferedSends, -1);
        return (long) count * t.size;
    }

    private Request completedSend(long bytes, int dest, int tag) {
        SendRequest r = new SendRequest(me);
        r.set(shared, dest, tag, new byte[0], Datatype.BYTE, 0, 0, false);
        r.setStatus(dest, tag, (int) bytes, bytes, false);
        r.complete();
        return r;
    }

    @Override
    public Message mprobe(int source, int tag) {
        while (true) {
            Message m = improbe(source, tag);
            if (m != null) {
                return m;
            }
            probe(source, tag); // waits for a match; another thread may take it first, so look again
        }
    }

    @Override
    public Message improbe(int source, int tag) {
        live();
        checkSource(source);
        checkRecvTag(tag);
        if (me.job.failure != null) {
            throw me.job.failureSeenBy(me);
        }
        if (source == Mpi.PROC_NULL) {
            return new ThreadMessage(this, null);
        }
        Envelope e = me.mailbox.takeUnexpected(shared.context, source, tag);
        return e == null ? null : new ThreadMessage(this, e);
    }

    private SendRequest startSend(Object buf, int offset, int count, int dest, int tag, boolean sync, boolean persistent) {
        live();
        Datatype t = Datatype.of(buf);
        Buffers.checkRegion(buf, t, offset, count, sync ? "issend" : "isend");
        checkDest(dest);
        checkSendTag(tag);
        SendRequest r = new SendRequest(me);
        r.set(shared, dest, tag, buf, t, offset, count, sync);
        r.persistent = persistent;
        if (persistent) {
            r.state = ThreadRequest.INACTIVE;
        } else if (dest == Mpi.PROC_NULL) {
            r.complete();
        } else {
            shared.deliver(me, r);
        }
        return r;
    }


    @Override
    public Request irecv(Object buf, int offset, int count, int source, int tag) {
        return startRecv(buf, offset, count, source, tag, false);
    }

    private RecvRequest startRecv(Object buf, int offset, int count, int source, int tag, boolean persistent) {
        live();
        Datatype t = Datatype.of(buf);
        Buffers.checkRegion(buf, t, offset, count, "irecv");
        checkSource(source);
        checkRecvTag(tag);
        RecvRequest r = new RecvRequest(me);
        r.set(shared, source, tag, buf, t, offset, count, false);
        r.persistent = persistent;
        if (persistent) {
            r.state = ThreadRequest.INACTIVE;
        } else if (source == Mpi.PROC_NULL) {
            r.setStatus(Mpi.PROC_NULL, Mpi.ANY_TAG, 0, 0, false);
            r.complete();
        } else {
            me.mailbox.post(r);
        }
        return r;
    }

    // ---------------------------------------------------------------- point-to-point, persistent

    @Override
    public PersistentRequest sendInit(Object buf, int dest, int tag) {
        return startSend(buf, 0, lengthOf(buf), dest, tag, false, true);
    }

    @Override
    public PersistentRequest recvInit(Object buf, int source, int tag) {
        return startRecv(buf, 0, lengthOf(buf), source, tag, true);
    }

    // ---------------------------------------------------------------- point-to-point, objects

    @Override
    public void sendObject(Object value, int dest, int tag) {
        live();
        checkDest(dest);
        checkSendTag(tag);
        if (dest == Mpi.PROC_NULL) {
            return;
        }
        RankContext to = shared.rankContext(dest);
        to.mailbox.deliver(shared, rank, tag, ObjectMessage.of(value, me, to), Datatype.OBJECT, 0, 1, null);
    }

    @Override
    public void ssendObject(Object value, int dest, int tag) {
        Request r = issendObject(value, dest, tag);
        awaitBlocking((ThreadRequest) r);
    }

    @Override
    public Request issendObject(Object value, int dest, int tag) {
        return startObjectSend(value, dest, tag, true);
    }

    @Override
    public <T> T recvObject(int source, int tag) {
        return recvObject(source, tag, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T recvObject(int source, int tag, Status status) {
        live();
        checkSource(source);
        checkRecvTag(tag);
        if (source == Mpi.PROC_NULL) {
            StatusAccess.fill(status, Mpi.PROC_NULL, Mpi.ANY_TAG, 0, 0, true);
            return null;
        }
        RecvRequest r = me.blockingRecv();
        r.set(shared, source, tag, null, Datatype.OBJECT, 0, 1, false);
        me.mailbox.post(r);
        awaitBlocking(r);
        if (status != null) {
            StatusAccess.fill(status, r.statusSource, r.statusTag, 1, ObjectMessage.serializedBytes(r.payload, me), true);
        }
        return (T) r.decode();
    }

    @Override
    public Request isendObject(Object value, int dest, int tag) {
        return startObjectSend(value, dest, tag, false);
    }

    private SendRequest startObjectSend(Object value, int dest, int tag, boolean sync) {
        live();
        checkDest(dest);
        checkSendTag(tag);
        SendRequest r = new SendRequest(me);
        if (dest == Mpi.PROC_NULL) {
            r.set(shared, dest, tag, new byte[0], Datatype.OBJECT, 0, 1, sync);
            r.complete();
            return r;
        }
        r.set(shared, dest, tag, ObjectMessage.of(value, me, shared.rankContext(dest)), Datatype.OBJECT, 0, 1, sync);
        shared.deliver(me, r);
        return r;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> ObjectRequest<T> irecvObject(int source, int tag) {
        live();
        checkSource(source);
        checkRecvTag(tag);
        RecvRequest r = new RecvRequest(me);
        r.set(shared, source, tag, null, Datatype.OBJECT, 0, 1, false);
        if (source == Mpi.PROC_NULL) {
            r.setStatus(Mpi.PROC_NULL, Mpi.ANY_TAG, 0, 0, true);
            r.complete();
        } else {
            me.mailbox.post(r);
        }
        return (ObjectRequest<T>) (ObjectRequest<?>) r;
    }

    // ---------------------------------------------------------------- one-sided communication

    @Override
    public Win winCreate(Object memory, int dispUnit, org.parallel4j.mpi.Info hints) {
        live();
        MemorySegment region = WinBase.regionOf(memory);
        WinBase.checkDispUnit(dispUnit, "winCreate");
        return ThreadWin.create(this, "winCreate", WinBase.Kind.CREATED, region, region.byteSize(), dispUnit, null,
                WinBase.checkHints(hints));
    }

    @Override
    public Win winAllocate(long bytes, int dispUnit, org.parallel4j.mpi.Info hints) {
        live();
        WinBase.checkBytes(bytes, "winAllocate");
        WinBase.checkDispUnit(dispUnit, "winAllocate");
        Arena arena = Arena.ofShared();
        return ThreadWin.create(this, "winAllocate", WinBase.Kind.ALLOCATED, arena.allocate(bytes, 64), bytes, dispUnit, arena,
                WinBase.checkHints(hints));
    }

    @Override
    public Win winAllocateShared(long bytes, int dispUnit, org.parallel4j.mpi.Info hints) {
        live();
        WinBase.checkBytes(bytes, "winAllocateShared");
        WinBase.checkDispUnit(dispUnit, "winAllocateShared");
        return ThreadWin.create(this, "winAllocateShared", WinBase.Kind.SHARED, null, bytes, dispUnit, null, WinBase.checkHints(hints));
    }

    // ---------------------------------------------------------------- parallel I/O

    @Override
    public org.parallel4j.mpi.MpiFile fileOpen(String path, org.parallel4j.mpi.Info hints, org.parallel4j.mpi.FileMode... modes) {
        live();
        return ThreadFile.open(this, path, org.parallel4j.mpi.internal.FileBase.checkModes(path, modes), hints);
    }

    // ---------------------------------------------------------------- collectives, buffers (blocking and nonblocking)

    @Override
    public void barrier() {
        live();
        Collectives.barrier(this);
    }


    @Override
    public void bcast(Object buf, int offset, int count, int root) {
        live();
        Collectives.bcast(this, buf, offset, count, root);
    }

    /*
     * Blocking and nonblocking collectives take the same arguments: the in-place forms are
     * resolved once, here, into copies or scratch buffers (see the *Send/*Recv helpers).
     */

    @Override
    public void scatter(Object sendBuf, Object recvBuf, int root) {
        live();
        Collectives.scatter(this, sendBuf, scatterRecv(sendBuf, recvBuf, root), root);
    }

    @Override
    public Request iscatter(Object sendBuf, Object recvBuf, int root) {
        live();
        checkRoot(root);
        return NonblockingCollectives.scatterv(this, "iscatter", sendBuf, null, null, scatterRecv(sendBuf, recvBuf, root), 0, root);
    }

    private Object scatterRecv(Object sendBuf, Object recvBuf, int root) {
        return InPlace.is(recvBuf) && rank == root ? InPlace.scratchLike(sendBuf, InPlace.lengthOf(sendBuf) / size) : recvBuf;
    }

    @Override
    public void scatterv(Object sendBuf, int[] sendCounts, int[] displs, Object recvBuf, int recvCount, int root) {
        live();
        boolean inPlace = InPlace.is(recvBuf) && rank == root && sendCounts != null && sendCounts.length > root;
        int count = inPlace ? sendCounts[root] : recvCount;
        Collectives.scatterv(this, sendBuf, sendCounts, displs, inPlace ? InPlace.scratchLike(sendBuf, Math.max(0, count)) : recvBuf,
                count, root);
    }

    @Override
    public Request iscatterv(Object sendBuf, int[] sendCounts, int[] displs, Object recvBuf, int recvCount, int root) {
        live();
        checkRoot(root);
        boolean inPlace = InPlace.is(recvBuf) && rank == root && sendCounts != null && sendCounts.length > root;
        int count = inPlace ? sendCounts[root] : recvCount;
        return NonblockingCollectives.scatterv(this, "iscatterv", sendBuf, sendCounts, displs,
                inPlace ? InPlace.scratchLike(sendBuf, Math.max(0, count)) : recvBuf, count, root);
    }

    @Override
    public void gather(Object sendBuf, Object recvBuf, int root) {
        live();
        Collectives.gather(this, gatherSend(sendBuf, recvBuf, rank == root, rank), recvBuf, root);
    }

    @Override
    public Request igather(Object sendBuf, Object recvBuf, int root) {
        live();
        checkRoot(root);
        Object send = gatherSend(sendBuf, recvBuf, rank == root, rank);
        return NonblockingCollectives.gatherv(this, "igather", send, 0, rank == root ? recvBuf : null, null, null, root);
    }

    /** The in-place gather's and allgather's send buffer: a copy of this rank's block of {@code recvBuf}. */
    private Object gatherSend(Object sendBuf, Object recvBuf, boolean receives, int block) {
        if (InPlace.is(sendBuf) && receives) {
            int count = InPlace.lengthOf(recvBuf) / size;
            return InPlace.copyOf(recvBuf, block * count, count);
        }
        return sendBuf;
    }

    @Override
    public void gatherv(Object sendBuf, int sendCount, Object recvBuf, int[] recvCounts, int[] displs, int root) {
        live();
        boolean inPlace = InPlace.is(sendBuf) && rank == root && inRange(recvCounts, displs, root);
        Collectives.gatherv(this, gathervSend(sendBuf, recvBuf, recvCounts, displs, inPlace), inPlace ? recvCounts[root] : sendCount,
                recvBuf, recvCounts, displs, root);
    }

    @Override
    public Request igatherv(Object sendBuf, int sendCount, Object recvBuf, int[] recvCounts, int[] displs, int root) {
        live();
        checkRoot(root);
        boolean inPlace = InPlace.is(sendBuf) && rank == root && inRange(recvCounts, displs, root);
        return NonblockingCollectives.gatherv(this, "igatherv", gathervSend(sendBuf, recvBuf, recvCounts, displs, inPlace),
                inPlace ? recvCounts[root] : sendCount, recvBuf, recvCounts, displs, root);
    }

    /** The in-place gatherv's and allgatherv's send buffer: a copy of this rank's block of {@code recvBuf}. */
    private Object gathervSend(Object sendBuf, Object recvBuf, int[] recvCounts, int[] displs, boolean inPlace) {
        return inPlace ? InPlace.copyOf(recvBuf, displs[rank], recvCounts[rank]) : sendBuf;
    }

    @Override
    public void allgather(Object sendBuf, Object recvBuf) {
        live();
        Collectives.allgather(this, gatherSend(sendBuf, recvBuf, true, rank), recvBuf);
    }

    @Override
    public Request iallgather(Object sendBuf, Object recvBuf) {
        live();
        return NonblockingCollectives.allgatherv(this, "iallgather", gatherSend(sendBuf, recvBuf, true, rank), 0, recvBuf, null, null);
    }

    @Override
    public void allgatherv(Object sendBuf, int sendCount, Object recvBuf, int[] recvCounts, int[] displs) {
        live();
        boolean inPlace = InPlace.is(sendBuf) && inRange(recvCounts, displs, rank);
        Collectives.allgatherv(this, gathervSend(sendBuf, recvBuf, recvCounts, displs, inPlace), inPlace ? recvCounts[rank] : sendCount,
                recvBuf, recvCounts, displs);
    }

    @Override
    public Request iallgatherv(Object sendBuf, int sendCount, Object recvBuf, int[] recvCounts, int[] displs) {
        live();
        boolean inPlace = InPlace.is(sendBuf) && inRange(recvCounts, displs, rank);
        return NonblockingCollectives.allgatherv(this, "iallgatherv", gathervSend(sendBuf, recvBuf, recvCounts, displs, inPlace),
                inPlace ? recvCounts[rank] : sendCount, recvBuf, recvCounts, displs);
    }

    @Override
    public void alltoall(Object sendBuf, Object recvBuf) {
        live();
        Collectives.alltoall(this, wholeSend(sendBuf, recvBuf), recvBuf);
    }

    @Override
    public Request ialltoall(Object sendBuf, Object recvBuf) {
        live();
        return NonblockingCollectives.alltoallv(this, "ialltoall", wholeSend(sendBuf, recvBuf), null, null, recvBuf, null, null);
    }

    @Override
    public void alltoallv(Object sendBuf, int[] sendCounts, int[] sendDispls, Object recvBuf, int[] recvCounts, int[] recvDispls) {
        live();
        boolean inPlace = InPlace.is(sendBuf);
        Collectives.alltoallv(this, wholeSend(sendBuf, recvBuf), inPlace ? recvCounts : sendCounts, inPlace ? recvDispls : sendDispls,
                recvBuf, recvCounts, recvDispls);
    }

    @Override
    public Request ialltoallv(Object sendBuf, int[] sendCounts, int[] sendDispls, Object recvBuf, int[] recvCounts, int[] recvDispls) {
        live();
        boolean inPlace = InPlace.is(sendBuf);
        return NonblockingCollectives.alltoallv(this, "ialltoallv", wholeSend(sendBuf, recvBuf), inPlace ? recvCounts : sendCounts,
                inPlace ? recvDispls : sendDispls, recvBuf, recvCounts, recvDispls);
    }

    @Override
    public void alltoallw(Object[] sendBufs, int[] sendOffsets, int[] sendCounts, Object[] recvBufs, int[] recvOffsets, int[] recvCounts) {
        live();
        Object mine;
        Datatype[] recvTypes = null;
        try {
            Datatype[] sendTypes = CollectiveChecks.alltoallwBlocks(sendBufs, sendOffsets, sendCounts, size, "send");
            recvTypes = CollectiveChecks.alltoallwBlocks(recvBufs, recvOffsets, recvCounts, size, "recv");
            mine = new Object[] {sendBufs, sendOffsets, sendCounts, sendTypes};
        } catch (MpiException e) {
            mine = e;
        }
        // Every rank publishes its send side, copies its blocks from the others, then all meet again
        // (the senders' arrays must stay untouched until every copy is done), agreeing on any error.
        Object[] all = Collectives.exchange(this, "alltoallw", mine);
        MpiException problem = null;
        for (int k = 0; k < size && problem == null; k++) {
            if (all[k] instanceof MpiException e) {
                problem = new MpiException(e.errorClass(), "alltoallw on " + shared.name + ": rank " + k + ": " + e.getMessage());
            }
        }
        for (int k = 0; k < size && problem == null; k++) {
            Object[] from = (Object[]) all[k];
            int count = ((int[]) from[2])[rank];
            Datatype t = ((Datatype[]) from[3])[rank];
            if (count != recvCounts[k] || (count > 0 && t != recvTypes[k])) {
                problem = new MpiException(count != recvCounts[k] ? ErrorClass.COUNT : ErrorClass.TYPE, "alltoallw on " + shared.name
                        + ": rank " + k + " sends rank " + rank + " " + count + " " + (t == null ? "elements" : t.plural) + " but rank " + rank
                        + " receives " + recvCounts[k] + " " + (recvTypes[k] == null ? "elements" : recvTypes[k].plural) + " from it");
            } else if (count > 0) {
                Buffers.copy(((Object[]) from[0])[rank], t, ((int[]) from[1])[rank], recvBufs[k], t, recvOffsets[k], count);
            }
        }
        for (Object p : Collectives.exchange(this, "alltoallw", problem)) {
            if (p instanceof MpiException e) {
                throw new MpiException(e.errorClass(), e.getMessage() + (e == problem ? "" : " (reported on every rank)"), e);
            }
        }
    }

    /** The send buffer of the in-place forms that read all of {@code recvBuf} before writing it: a copy of it. */
    private static Object wholeSend(Object sendBuf, Object recvBuf) {
        return InPlace.is(sendBuf) ? InPlace.copyOf(recvBuf) : sendBuf;
    }

    @Override
    public void reduce(Object sendBuf, Object recvBuf, Op op, int root) {
        live();
        Collectives.reduce(this, rank == root ? wholeSend(sendBuf, recvBuf) : sendBuf, recvBuf, op, root);
    }

    @Override
    public Request ireduce(Object sendBuf, Object recvBuf, Op op, int root) {
        live();
        checkRoot(root);
        return NonblockingCollectives.reduction(this, "ireduce", rank == root ? wholeSend(sendBuf, recvBuf) : sendBuf, recvBuf, op, root);
    }

    @Override
    public void allreduce(Object sendBuf, Object recvBuf, Op op) {
        live();
        Collectives.allreduce(this, wholeSend(sendBuf, recvBuf), recvBuf, op);
    }

    @Override
    public Request iallreduce(Object sendBuf, Object recvBuf, Op op) {
        live();
        return NonblockingCollectives.reduction(this, "iallreduce", wholeSend(sendBuf, recvBuf), recvBuf, op, -1);
    }

    @Override
    public void reduceScatter(Object sendBuf, Object recvBuf, int[] recvCounts, Op op) {
        live();
        Collectives.reduceScatter(this, reduceScatterSend(sendBuf, recvBuf, recvCounts), recvBuf, recvCounts, op);
    }

    @Override
    public Request ireduceScatter(Object sendBuf, Object recvBuf, int[] recvCounts, Op op) {
        live();
        return NonblockingCollectives.reduceScatter(this, reduceScatterSend(sendBuf, recvBuf, recvCounts), recvBuf, recvCounts, op);
    }

    /** The in-place reduceScatter's send buffer: a copy of the first sum(recvCounts) elements of {@code recvBuf}. */
    private Object reduceScatterSend(Object sendBuf, Object recvBuf, int[] recvCounts) {
        if (!InPlace.is(sendBuf) || recvCounts == null) {
            return sendBuf;
        }
        long total = 0;
        for (int k = 0; k < Math.min(size, recvCounts.length); k++) {
            total += Math.max(0, recvCounts[k]);
        }
        return InPlace.copyOf(recvBuf, 0, (int) Math.min(total, InPlace.lengthOf(recvBuf)));
    }

    @Override
    public void scan(Object sendBuf, Object recvBuf, Op op) {
        live();
        Collectives.scan(this, wholeSend(sendBuf, recvBuf), recvBuf, op, false);
    }

    @Override
    public Request iscan(Object sendBuf, Object recvBuf, Op op) {
        live();
        return NonblockingCollectives.reduction(this, "iscan", wholeSend(sendBuf, recvBuf), recvBuf, op, -1);
    }

    @Override
    public void exscan(Object sendBuf, Object recvBuf, Op op) {
        live();
        Collectives.scan(this, wholeSend(sendBuf, recvBuf), recvBuf, op, true);
    }

    @Override
    public Request iexscan(Object sendBuf, Object recvBuf, Op op) {
        live();
        return NonblockingCollectives.reduction(this, "iexscan", wholeSend(sendBuf, recvBuf), recvBuf, op, -1);
    }

    private static boolean inRange(int[] counts, int[] displs, int k) {
        return counts != null && displs != null && counts.length > k && displs.length > k && counts[k] >= 0;
    }

    @Override
    public Request ibarrier() {
        live();
        return NonblockingCollectives.barrier(this);
    }

    @Override
    public Request ibcast(Object buf, int root) {
        live();
        checkRoot(root);
        return NonblockingCollectives.bcast(this, buf, root);
    }

    // ---------------------------------------------------------------- collectives, objects

    @Override
    public <T> T bcastObject(T value, int root) {
        live();
        return Collectives.bcastObject(this, value, root);
    }

    @Override
    public <T> T scatterObject(List<T> values, int root) {
        live();
        return Collectives.scatterObject(this, values, root);
    }

    @Override
    public <T> List<T> gatherObject(T value, int root) {
        live();
        checkRoot(root);
        List<T> all = Collectives.allgatherObject(this, value, root, "gatherObject");
        return rank == root ? all : null;
    }

    @Override
    public <T> List<T> allgatherObject(T value) {
        live();
        return Collectives.allgatherObject(this, value, -1, "allgatherObject");
    }

    @Override
    public <T> List<T> alltoallObject(List<T> values) {
        live();
        return Collectives.alltoallObject(this, values);
    }


    @Override
    public <T> T reduceObject(T value, BinaryOperator<T> op, int root) {
        live();
        checkRoot(root);
        List<T> all = Collectives.allgatherObject(this, value, root, "reduceObject");
        return Collectives.foldObjects(this, "reduceObject", all, size, op, rank == root);
    }


    @Override
    public <T> T allreduceObject(T value, BinaryOperator<T> op) {
        live();
        List<T> all = Collectives.allgatherObject(this, value, -1, "allreduceObject");
        return Collectives.foldObjects(this, "allreduceObject", all, size, op, true);
    }

    @Override
    public <T> T scanObject(T value, BinaryOperator<T> op) {
        live();
        List<T> all = Collectives.allgatherObject(this, value, -1, "scanObject");
        return Collectives.foldObjects(this, "scanObject", all, rank + 1, op, true);
    }

    @Override
    public <T> T exscanObject(T value, BinaryOperator<T> op) {
        live();
        List<T> all = Collectives.allgatherObject(this, value, -1, "exscanObject");
        return Collectives.foldObjects(this, "exscanObject", all, rank, op, rank > 0);
    }

    @Override
    public String toString() {
        return "Comm[" + shared.name + ", rank " + rank + " of " + size + "]";
    }

    /** Padding before {@link CollectiveState}'s fields (a superclass's fields come first; the int fills the gap after the header). */
    abstract static class CollectiveStatePadBefore {
        int p0;
        long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p0a, p0b, p0c, p0d, p0e, p0f;
    }

    /** The fields of {@link CollectiveState}, between its two paddings. */
    abstract static class CollectiveStateFields extends CollectiveStatePadBefore {
        /** Collectives this rank has entered on this communicator: the board's slot parity. */
        long sequence;
        /** Nonblocking collectives this rank has started on this communicator. */
        long nonblockingSequence;
        /** Where this rank unpacks the data other ranks carried with a barrier arrival (see {@link Collectives}), one array per rank. */
        Object[] carriedScratch;
        /** The arrays a carried reduction folds, in rank order (this rank's own send buffer among them). */
        Object[] carriedFold;
    }

    /**
     * The state one rank's collective calls on a communicator write on every call, 128 bytes
     * from anything else: the communicator objects of a job's ranks are allocated one after
     * the other, and a collection may put any two side by side, so unpadded counters of two
     * ranks could share a cache line and make every collective pay for it (measured: a
     * 1-double allreduce stuck at 0.55 us instead of 0.17 after a collection, while the
     * barrier alone stayed fast).
     */
    static final class CollectiveState extends CollectiveStateFields {
        long p10, p11, p12, p13, p14, p15, p16, p17, p18, p19, p1a, p1b, p1c, p1d, p1e, p1f;
    }
}
