package org.parallel4j.mpi.engine.threads;

import java.util.concurrent.ConcurrentHashMap;
import org.parallel4j.mpi.internal.CartesianMap;

/**
 * What the ranks of one communicator share: its message context, its members (comm rank to
 * world rank), its collective board and, for a Cartesian communicator, its map.
 */
final class CommShared {
    final Job job;
    final int context;
    /** The ranks messages go to (comm rank to world rank): for an intercommunicator, the remote group's. */
    final int[] worldRanks;
    /** The calling side's own group: {@link #worldRanks} itself, except on an intercommunicator. */
    final int[] localWorldRanks;
    final String name;
    final CartesianMap cart;
    final CollectiveBoard board;
    final ConcurrentHashMap<Long, NonblockingCollective> nonblocking = new ConcurrentHashMap<>();

    CommShared(Job job, int context, int[] worldRanks, String name, CartesianMap cart) {
        this(job, context, worldRanks, worldRanks, name, cart);
    }

    /** One side of an intercommunicator: its own group {@code local}, messages to {@code remote}. */
    CommShared(Job job, int context, int[] local, int[] remote, String name, CartesianMap cart) {
        this.job = job;
        this.context = context;
        this.worldRanks = remote;
        this.localWorldRanks = local;
        this.name = name;
        this.cart = cart;
        this.board = new CollectiveBoard(worldRanks.length);
    }

    /** The size of the calling side's group. */
    int size() {
        return localWorldRanks.length;
    }

    boolean isInter() {
        return localWorldRanks != worldRanks;
    }

    RankContext rankContext(int commRank) {
        return job.ranks[worldRanks[commRank]];
    }

    /** Starts a send described by {@code req}; completes it at once when buffered or matched. */
    void deliver(RankContext me, SendRequest req) {
        int source = rankOf(me);
        if (rankContext(req.dest).mailbox.deliver(this, source, req.tag, req.buf, req.type, req.offset, req.count, req)) {
            req.setStatus(req.dest, req.tag, req.count, (long) req.count * req.type.size, req.type == org.parallel4j.mpi.internal.Datatype.OBJECT);
            req.complete();
        }
    }

    /** Starts a receive or probe. */
    void post(RankContext me, RecvRequest r) {
        me.mailbox.post(r);
    }

    boolean cancelSend(SendRequest s) {
        return rankContext(s.dest).mailbox.cancel(s);
    }

    int rankOf(RankContext me) {
        for (int i = 0; i < localWorldRanks.length; i++) {
            if (localWorldRanks[i] == me.worldRank) {
                return i;
            }
        }
        return -1;
    }
}
