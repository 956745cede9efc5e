package org.parallel4j.mpi.engine.threads;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BinaryOperator;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.Group;
import org.parallel4j.mpi.Intercomm;
import org.parallel4j.mpi.Op;
import org.parallel4j.mpi.internal.GroupAccess;
import org.parallel4j.mpi.internal.IntercommCollectives;

/**
 * One rank's side of an intercommunicator on the thread engine. Its {@link CommShared} sends
 * to the remote group ({@code worldRanks}) and ranks itself in the local one
 * ({@code localWorldRanks}), so every point-to-point call of {@link ThreadComm} works as is;
 * the collectives run as point-to-point messages on a second context ({@link IntercommCollectives})
 * and the board-based ones are refused ({@code Collectives.notOnIntercomm}). Each rank builds
 * its own sides: only the contexts and the groups have to agree.
 */
final class ThreadIntercomm extends ThreadComm implements Intercomm {
    /** Merged communicators being made, by (collective context, merge number): one shared state for both groups. */
    private static final ConcurrentHashMap<String, Pending> MERGES = new ConcurrentHashMap<>();

    private final ThreadIntercomm collective;
    private final IntercommCollectives collectives;
    private int merges;

    ThreadIntercomm(CommShared side, CommShared collectiveSide, RankContext me) {
        super(side, me, false);
        this.collective = collectiveSide == null ? null : new ThreadIntercomm(collectiveSide, null, me);
        this.collectives = collective == null ? null : new IntercommCollectives(collective, side.name, side.worldRanks.length);
    }

    /** The two sides of a new intercommunicator between {@code local} and {@code remote}, over two fresh contexts. */
    static ThreadIntercomm between(RankContext me, int p2pContext, int collectiveContext, int[] local, int[] remote, String name) {
        Job job = me.job;
        return new ThreadIntercomm(new CommShared(job, p2pContext, local, remote, name, null),
                new CommShared(job, collectiveContext, local, remote, name + " (collectives)", null), me);
    }

    @Override
    protected int ranks() {
        return shared.worldRanks.length;
    }

    @Override
    public int remoteSize() {
        live();
        return shared.worldRanks.length;
    }

    @Override
    public Group remoteGroup() {
        live();
        return GroupAccess.create(shared.worldRanks, me.worldRank);
    }

    // ---------------------------------------------------------------- collectives (root convention)

    @Override
    public void barrier() {
        live();
        collectives.barrier();
    }

    @Override
    public void bcast(Object buf, int offset, int count, int root) {
        live();
        collectives.bcast(buf, offset, count, root);
    }

    @Override
    public void reduce(Object sendBuf, Object recvBuf, Op op, int root) {
        live();
        collectives.reduce(sendBuf, recvBuf, op, root);
    }

    @Override
    public void allreduce(Object sendBuf, Object recvBuf, Op op) {
        live();
        collectives.allreduce(sendBuf, recvBuf, op);
    }

    @Override
    public void gather(Object sendBuf, Object recvBuf, int root) {
        live();
        collectives.gather(sendBuf, recvBuf, root);
    }

    @Override
    public void scatter(Object sendBuf, Object recvBuf, int root) {
        live();
        collectives.scatter(sendBuf, recvBuf, root);
    }

    @Override
    public void allgather(Object sendBuf, Object recvBuf) {
        live();
        collectives.allgather(sendBuf, recvBuf);
    }

    @Override
    public <T> T bcastObject(T value, int root) {
        live();
        return collectives.bcastObject(value, root);
    }

    @Override
    public <T> T scatterObject(List<T> values, int root) {
        live();
        return collectives.scatterObject(values, root);
    }

    @Override
    public <T> List<T> gatherObject(T value, int root) {
        live();
        return collectives.gatherObject(value, root);
    }

    @Override
    public <T> List<T> allgatherObject(T value) {
        live();
        return collectives.allgatherObject(value);
    }

    @Override
    public <T> T reduceObject(T value, BinaryOperator<T> op, int root) {
        live();
        return collectives.reduceObject(value, op, root);
    }

    @Override
    public <T> T allreduceObject(T value, BinaryOperator<T> op) {
        live();
        return collectives.allreduceObject(value, op);
    }

    // ---------------------------------------------------------------- merge, disconnect

    /** A merged communicator's shared state, handed to each of its ranks once. */
    private record Pending(CommShared made, AtomicInteger toCollect) {
    }

    @Override
    public Comm merge(boolean high) {
        live();
        // Each group learns the other's choice; equal choices order the groups by their first world rank.
        Boolean remoteHigh = collectives.allgatherObject(high).get(0);
        int[] local = shared.localWorldRanks;
        int[] remote = shared.worldRanks;
        boolean localFirst = high != remoteHigh ? !high : local[0] < remote[0];
        int[] merged = new int[local.length + remote.length];
        int[] first = localFirst ? local : remote;
        int[] second = localFirst ? remote : local;
        System.arraycopy(first, 0, merged, 0, first.length);
        System.arraycopy(second, 0, merged, first.length, second.length);
        String key = collective.shared.context + ":" + merges++;
        Job job = me.job;
        Pending p = MERGES.computeIfAbsent(key, k -> new Pending(new CommShared(job, job.nextContextId.getAndIncrement(), merged,
                shared.name + ".merge", null), new AtomicInteger(merged.length)));
        if (p.toCollect().decrementAndGet() == 0) {
            MERGES.remove(key);
        }
        return new ThreadComm(p.made(), me, false);
    }

    @Override
    public void disconnect() {
        live();
        // Both groups arrive: every message between them sent before has been matched or is queued.
        collectives.barrier();
        free();
    }

    @Override
    public void free() {
        super.free();
        if (collective != null) {
            collective.free();
        }
    }

    @Override
    public String toString() {
        return "Intercomm[" + shared.name + ", rank " + rank + " of " + size + ", remote group of " + shared.worldRanks.length + "]";
    }
}
