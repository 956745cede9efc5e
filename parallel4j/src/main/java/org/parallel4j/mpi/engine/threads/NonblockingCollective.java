package org.parallel4j.mpi.engine.threads;

import java.util.concurrent.atomic.AtomicInteger;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.Op;
import org.parallel4j.mpi.internal.Datatype;

/**
 * One nonblocking collective in progress. Each rank publishes its {@link Call} and request,
 * then arrives; the last rank to arrive does the whole operation for everyone
 * ({@link NonblockingCollectives#execute}) and completes every request, so no progress thread
 * is needed. The arrival counter orders each rank's writes before the last arriver's reads.
 */
final class NonblockingCollective {
    final long sequence;
    final AtomicInteger arrived = new AtomicInteger();
    final CollectiveRequest[] requests;
    final Call[] calls;

    NonblockingCollective(long sequence, int size) {
        this.sequence = sequence;
        requests = new CollectiveRequest[size];
        calls = new Call[size];
    }

    /**
     * One rank's arguments, in-place buffers already replaced by copies ({@code ThreadComm}).
     * {@code type} is the type of the data this rank contributes or receives (null: none);
     * {@code count} the elements it sends (gathers, reductions) or receives (scatters); the
     * count and displacement arrays are those of the blocking call; {@code problem}, this
     * rank's argument error, reported on every rank.
     */
    static final class Call {
        final String kind;
        final int root;
        final Op op;
        Datatype type;
        Object send;
        Object recv;
        int count;
        int[] sendCounts;
        int[] sendDispls;
        int[] recvCounts;
        int[] recvDispls;
        MpiException problem;

        Call(String kind, int root, Op op) {
            this.kind = kind;
            this.root = root;
            this.op = op;
        }
    }
}
