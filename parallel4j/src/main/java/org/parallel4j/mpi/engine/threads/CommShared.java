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
    final int[] worldRanks;
    final String name;
    final CartesianMap cart;
    final CollectiveBoard board;
    final ConcurrentHashMap<Long, NonblockingCollective> nonblocking = new ConcurrentHashMap<>();

    CommShared(Job job, int context, int[] worldRanks, String name, CartesianMap cart) {
        this.job = job;
        this.context = context;
        this.worldRanks = worldRanks;
        this.name = name;
        this.cart = cart;
        this.board = new CollectiveBoard(worldRanks.length);
    }

    int size() {
        return worldRanks.length;
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
        for (int i = 0; i < worldRanks.length; i++) {
            if (worldRanks[i] == me.worldRank) {
                return i;
            }
        }
        return -1;
    }
}
