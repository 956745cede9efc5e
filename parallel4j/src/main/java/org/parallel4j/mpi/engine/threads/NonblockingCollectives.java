package org.parallel4j.mpi.engine.threads;

import static org.parallel4j.mpi.internal.CollectiveChecks.countsAndDispls;
import static org.parallel4j.mpi.internal.CollectiveChecks.reduceScatterCounts;
import static org.parallel4j.mpi.internal.CollectiveChecks.requireCapacity;
import static org.parallel4j.mpi.internal.CollectiveChecks.requireDistinct;
import static org.parallel4j.mpi.internal.CollectiveChecks.requireSameType;

import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.CommRequest;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.Op;
import org.parallel4j.mpi.Request;
import org.parallel4j.mpi.engine.threads.NonblockingCollective.Call;
import org.parallel4j.mpi.internal.Buffers;
import org.parallel4j.mpi.internal.Datatype;
import org.parallel4j.mpi.internal.InPlace;
import org.parallel4j.mpi.internal.Reductions;

/**
 * The nonblocking collectives of the thread engine. Starting one checks this rank's arguments
 * (an error is kept, not thrown: every rank's request then fails with it, naming the rank),
 * publishes them and returns; the last rank to start it checks that all ranks called the same
 * collective with matching roots, operations, types and counts, moves the data for everyone
 * with plain copies and rank-ordered folds (the blocking collectives' results, bit for bit),
 * and completes every rank's request. In-place arguments arrive here already replaced by
 * copies ({@code ThreadComm}).
 */
final class NonblockingCollectives {
    private NonblockingCollectives() {
    }

    // ---------------------------------------------------------------- starting one

    static Request barrier(ThreadComm c) {
        return start(c, new Call("ibarrier", -1, null));
    }

    /** idup: the last rank to start it makes the new communicator's shared state ({@link #move}). */
    static CommRequest dup(ThreadComm c) {
        return (CommRequest) start(c, new Call("idup", -1, null));
    }

    static Request bcast(ThreadComm c, Object buf, int root) {
        Call k = new Call("ibcast", root, null);
        k.problem = Collectives.problem(() -> Datatype.of(buf));
        k.type = Collectives.typeOf(buf);
        k.count = Collectives.lengthOf(buf);
        k.send = buf;
        k.recv = buf;
        return start(c, k);
    }

    /** igather (uniform blocks, {@code recvCounts} null) and igatherv. */
    static Request gatherv(ThreadComm c, String kind, Object sendBuf, int sendCount, Object recvBuf, int[] recvCounts,
                           int[] displs, int root) {
        Call k = new Call(kind, root, null);
        boolean root_ = c.rank == root;
        int count = recvCounts == null ? Collectives.lengthOf(sendBuf) : sendCount;
        k.problem = Collectives.problem(() -> {
            Buffers.checkRegion(sendBuf, Datatype.of(sendBuf), 0, count, kind + " sendBuf");
            if (root_) {
                requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
                requireDistinct(sendBuf, recvBuf, kind);
                if (recvCounts == null) {
                    requireCapacity(recvBuf, (long) count * c.size, "recvBuf");
                } else {
                    countsAndDispls(recvBuf, recvCounts, displs, c.size, "recvCounts");
                }
            }
        });
        k.type = Collectives.typeOf(sendBuf);
        k.count = count;
        k.send = sendBuf;
        if (root_) {
            k.recv = recvBuf;
            k.recvCounts = recvCounts == null ? uniform(c.size, count) : recvCounts;
            k.recvDispls = recvCounts == null ? blocks(c.size, count) : displs;
        }
        return start(c, k);
    }

    /** iscatter (uniform blocks, {@code sendCounts} null) and iscatterv. */
    static Request scatterv(ThreadComm c, String kind, Object sendBuf, int[] sendCounts, int[] displs, Object recvBuf,
                            int recvCount, int root) {
        Call k = new Call(kind, root, null);
        boolean root_ = c.rank == root;
        int count = sendCounts == null ? Collectives.lengthOf(recvBuf) : recvCount;
        k.problem = Collectives.problem(() -> {
            Buffers.checkRegion(recvBuf, Datatype.of(recvBuf), 0, count, kind + " recvBuf");
            if (root_) {
                requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
                requireDistinct(sendBuf, recvBuf, kind);
                if (sendCounts == null) {
                    requireCapacity(sendBuf, (long) count * c.size, "sendBuf");
                } else {
                    countsAndDispls(sendBuf, sendCounts, displs, c.size, "sendCounts");
                }
            }
        });
        k.type = Collectives.typeOf(recvBuf);
        k.count = count;
        k.recv = recvBuf;
        if (root_) {
            k.send = sendBuf;
            k.sendCounts = sendCounts == null ? uniform(c.size, count) : sendCounts;
            k.sendDispls = sendCounts == null ? blocks(c.size, count) : displs;
        }
        return start(c, k);
    }

    /** iallgather (uniform blocks, {@code recvCounts} null) and iallgatherv. */
    static Request allgatherv(ThreadComm c, String kind, Object sendBuf, int sendCount, Object recvBuf, int[] recvCounts, int[] displs) {
        Call k = new Call(kind, -1, null);
        int count = recvCounts == null ? Collectives.lengthOf(sendBuf) : sendCount;
        k.problem = Collectives.problem(() -> {
            Buffers.checkRegion(sendBuf, Datatype.of(sendBuf), 0, count, kind + " sendBuf");
            requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
            requireDistinct(sendBuf, recvBuf, kind);
            if (recvCounts == null) {
                requireCapacity(recvBuf, (long) count * c.size, "recvBuf");
            } else {
                countsAndDispls(recvBuf, recvCounts, displs, c.size, "recvCounts");
            }
        });
        k.type = Collectives.typeOf(sendBuf);
        k.count = count;
        k.send = sendBuf;
        k.recv = recvBuf;
        k.recvCounts = recvCounts == null ? uniform(c.size, count) : recvCounts;
        k.recvDispls = recvCounts == null ? blocks(c.size, count) : displs;
        return start(c, k);
    }

    /** ialltoall (uniform blocks, {@code sendCounts} null) and ialltoallv. */
    static Request alltoallv(ThreadComm c, String kind, Object sendBuf, int[] sendCounts, int[] sendDispls, Object recvBuf,
                             int[] recvCounts, int[] recvDispls) {
        Call k = new Call(kind, -1, null);
        int length = Collectives.lengthOf(sendBuf);
        int block = length / c.size;
        k.problem = Collectives.problem(() -> {
            requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
            requireDistinct(sendBuf, recvBuf, kind);
            if (sendCounts == null) {
                if (length % c.size != 0) {
                    throw new MpiException(ErrorClass.COUNT, "sendBuf holds " + length + " elements, not a multiple of the "
                            + c.size + " ranks");
                }
                requireCapacity(recvBuf, length, "recvBuf");
            } else {
                countsAndDispls(sendBuf, sendCounts, sendDispls, c.size, "sendCounts");
                countsAndDispls(recvBuf, recvCounts, recvDispls, c.size, "recvCounts");
            }
        });
        k.type = Collectives.typeOf(sendBuf);
        k.send = sendBuf;
        k.recv = recvBuf;
        k.sendCounts = sendCounts == null ? uniform(c.size, block) : sendCounts;
        k.sendDispls = sendCounts == null ? blocks(c.size, block) : sendDispls;
        k.recvCounts = sendCounts == null ? uniform(c.size, block) : recvCounts;
        k.recvDispls = sendCounts == null ? blocks(c.size, block) : recvDispls;
        return start(c, k);
    }

    /** ireduce ({@code root} a rank), iallreduce, iscan and iexscan ({@code root} -1). */
    static Request reduction(ThreadComm c, String kind, Object sendBuf, Object recvBuf, Op op, int root) {
        Call k = new Call(kind, root, op);
        int n = Collectives.lengthOf(sendBuf);
        boolean receives = root < 0 || c.rank == root;
        k.problem = Collectives.problem(() -> {
            Reductions.check(op, Datatype.of(sendBuf), n);
            if (receives) {
                requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
                requireDistinct(sendBuf, recvBuf, kind);
                requireCapacity(recvBuf, n, "recvBuf");
            }
        });
        k.type = Collectives.typeOf(sendBuf);
        k.count = n;
        k.send = sendBuf;
        k.recv = receives ? recvBuf : null;
        return start(c, k);
    }

    static Request reduceScatter(ThreadComm c, Object sendBuf, Object recvBuf, int[] recvCounts, Op op) {
        Call k = new Call("ireduceScatter", -1, op);
        int n = Collectives.lengthOf(sendBuf);
        k.problem = Collectives.problem(() -> {
            Reductions.check(op, Datatype.of(sendBuf), n);
            requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
            requireDistinct(sendBuf, recvBuf, "ireduceScatter");
            reduceScatterCounts(recvCounts, c.size, op, n);
            requireCapacity(recvBuf, recvCounts[c.rank], "recvBuf");
        });
        k.type = Collectives.typeOf(sendBuf);
        k.count = n;
        k.send = sendBuf;
        k.recv = recvBuf;
        k.recvCounts = recvCounts;
        return start(c, k);
    }

    private static int[] uniform(int size, int count) {
        int[] counts = new int[size];
        Arrays.fill(counts, count);
        return counts;
    }

    private static int[] blocks(int size, int count) {
        int[] displs = new int[size];
        for (int k = 0; k < size; k++) {
            displs[k] = k * count;
        }
        return displs;
    }

    /** Publishes this rank's call; the last rank to arrive executes the collective. */
    private static Request start(ThreadComm c, Call call) {
        CommShared sh = c.shared;
        if (sh.isInter()) {
            throw Collectives.notOnIntercomm(c, call.kind);
        }
        long seq = c.collective.nonblockingSequence++;
        NonblockingCollective nb = sh.nonblocking.computeIfAbsent(seq, s -> new NonblockingCollective(s, c.size));
        int r = c.rank;
        nb.calls[r] = call;
        String what = call.kind + " (nonblocking collective #" + seq + ") on " + sh.name;
        CollectiveRequest req = call.kind.equals("idup") ? new DupRequest(c.me, what) : new CollectiveRequest(c.me, what);
        nb.requests[r] = req;
        if (nb.arrived.incrementAndGet() == c.size) {
            sh.nonblocking.remove(seq);
            execute(sh, nb);
        }
        return req;
    }

    /** idup's request: its communicator, made by the last rank to start it. */
    static final class DupRequest extends CollectiveRequest implements CommRequest {
        volatile CommShared made;
        private Comm comm;

        DupRequest(RankContext owner, String what) {
            super(owner, what);
        }

        @Override
        public synchronized Comm comm() {
            await();
            if (comm == null) {
                comm = ThreadComm.of(made, owner);
            }
            return comm;
        }
    }

    // ---------------------------------------------------------------- the last arriver's work

    private static void execute(CommShared sh, NonblockingCollective nb) {
        MpiException error;
        try {
            error = mismatch(sh, nb);
            if (error == null && nb.calls[0].kind.equals("idup")) {
                CommShared made = new CommShared(sh.job, sh.job.nextContextId.getAndIncrement(), sh.worldRanks, sh.name + ".idup", sh.cart);
                for (CollectiveRequest r : nb.requests) {
                    ((DupRequest) r).made = made;
                }
            } else if (error == null) {
                move(nb.calls);
            }
        } catch (MpiException e) {
            error = e;
        } catch (RuntimeException e) {
            Call first = nb.calls[0];
            error = new MpiException(ErrorClass.OP, first.kind + " on " + sh.name + ": "
                    + (first.op != null && !first.op.isBuiltin() ? "operation " + first.op.name() + " threw: " : "failed: ") + e, e);
        }
        for (CollectiveRequest r : nb.requests) {
            if (error != null) {
                r.fail(error);
            } else {
                r.complete();
            }
        }
    }

    /** A rank's argument error, or the first difference between the ranks' calls, as every rank will see it; null if none. */
    private static MpiException mismatch(CommShared sh, NonblockingCollective nb) {
        Call[] calls = nb.calls;
        int size = calls.length;
        String where = " on " + sh.name + " (nonblocking collective #" + nb.sequence + ")";
        for (int k = 0; k < size; k++) {
            if (calls[k].problem != null) {
                MpiException p = calls[k].problem;
                return new MpiException(p.errorClass(), calls[k].kind + where + ": rank " + k + ": " + p.getMessage());
            }
        }
        Call first = calls[0];
        for (int k = 1; k < size; k++) {
            Call other = calls[k];
            if (!other.kind.equals(first.kind) || other.root != first.root || !Collectives.sameOp(other.op, first.op)
                    || (other.type != first.type && other.type != null && first.type != null)) {
                return new MpiException(ErrorClass.COLLECTIVE_MISMATCH, "collective mismatch" + where + ": rank 0 called "
                        + describe(first) + ", rank " + k + " called " + describe(other)
                        + ": every rank must start the same collectives in the same order, with the same root and operation");
            }
        }
        String count = switch (first.kind) {
            case "ibcast", "ireduce", "iallreduce", "iscan", "iexscan" -> firstRank(size, k -> calls[k].count != first.count,
                    k -> "rank 0 has " + first.count + " elements, rank " + k + " has " + calls[k].count);
            case "ireduceScatter" -> firstRank(size, k -> calls[k].count != first.count
                            || !Arrays.equals(calls[k].recvCounts, 0, size, first.recvCounts, 0, size),
                    k -> "rank 0 has " + first.count + " elements and recvCounts " + Arrays.toString(Arrays.copyOf(first.recvCounts, size))
                            + ", rank " + k + " has " + calls[k].count + " and " + Arrays.toString(Arrays.copyOf(calls[k].recvCounts, size)));
            case "igather", "igatherv" -> firstRank(size, k -> calls[first.root].recvCounts[k] != calls[k].count,
                    k -> "root " + first.root + " expects " + calls[first.root].recvCounts[k] + " elements from rank " + k
                            + ", which sends " + calls[k].count);
            case "iscatter", "iscatterv" -> firstRank(size, k -> calls[first.root].sendCounts[k] != calls[k].count,
                    k -> "root " + first.root + " sends " + calls[first.root].sendCounts[k] + " elements to rank " + k
                            + ", which receives " + calls[k].count);
            case "iallgather", "iallgatherv" -> firstRank(size * size, p -> calls[p / size].recvCounts[p % size] != calls[p % size].count,
                    p -> "rank " + p / size + " expects " + calls[p / size].recvCounts[p % size] + " elements from rank " + p % size
                            + ", which sends " + calls[p % size].count);
            case "ialltoall", "ialltoallv" -> firstRank(size * size,
                    p -> calls[p / size].recvCounts[p % size] != calls[p % size].sendCounts[p / size],
                    p -> "rank " + p / size + " expects " + calls[p / size].recvCounts[p % size] + " elements from rank " + p % size
                            + ", which sends " + calls[p % size].sendCounts[p / size]);
            default -> null;
        };
        return count == null ? null : new MpiException(ErrorClass.COLLECTIVE_MISMATCH, first.kind + where + ": " + count);
    }

    /** {@code describe} of the first of {@code 0..n-1} that is {@code bad}, or null. */
    private static String firstRank(int n, IntPredicate bad, IntFunction<String> describe) {
        for (int k = 0; k < n; k++) {
            if (bad.test(k)) {
                return describe.apply(k);
            }
        }
        return null;
    }

    private static String describe(Call k) {
        StringBuilder b = new StringBuilder(k.kind).append('(');
        if (k.root >= 0) {
            b.append("root=").append(k.root).append(", ");
        }
        if (k.op != null) {
            b.append("op=").append(k.op.name()).append(", ");
        }
        if (k.type != null) {
            b.append(k.type.plural);
        }
        return b.append(')').toString().replace(", )", ")");
    }

    /** Moves the data of a checked collective. */
    private static void move(Call[] calls) {
        int size = calls.length;
        Call first = calls[0];
        Datatype t = first.type;
        switch (first.kind) {
            case "ibcast" -> {
                for (int k = 0; k < size; k++) {
                    if (k != first.root) {
                        Buffers.copy(calls[first.root].send, t, 0, calls[k].recv, t, 0, first.count);
                    }
                }
            }
            case "igather", "igatherv" -> {
                Call root = calls[first.root];
                for (int k = 0; k < size; k++) {
                    Buffers.copy(calls[k].send, t, 0, root.recv, t, root.recvDispls[k], calls[k].count);
                }
            }
            case "iscatter", "iscatterv" -> {
                Call root = calls[first.root];
                for (int k = 0; k < size; k++) {
                    Buffers.copy(root.send, t, root.sendDispls[k], calls[k].recv, t, 0, calls[k].count);
                }
            }
            case "iallgather", "iallgatherv" -> {
                for (int j = 0; j < size; j++) {
                    for (int k = 0; k < size; k++) {
                        Buffers.copy(calls[k].send, t, 0, calls[j].recv, t, calls[j].recvDispls[k], calls[k].count);
                    }
                }
            }
            case "ialltoall", "ialltoallv" -> {
                for (int j = 0; j < size; j++) {
                    for (int k = 0; k < size; k++) {
                        Buffers.copy(calls[k].send, t, calls[k].sendDispls[j], calls[j].recv, t, calls[j].recvDispls[k],
                                calls[j].recvCounts[k]);
                    }
                }
            }
            case "ireduce" -> fold(calls, size, calls[first.root].recv);
            case "iallreduce" -> {
                fold(calls, size, calls[0].recv);
                for (int k = 1; k < size; k++) {
                    Buffers.copy(calls[0].recv, t, 0, calls[k].recv, t, 0, first.count);
                }
            }
            case "iscan", "iexscan" -> {
                boolean exclusive = first.kind.equals("iexscan");
                Object acc = null;
                for (int k = 0; k < size; k++) {
                    if (exclusive && acc != null) {
                        Buffers.copy(acc, t, 0, calls[k].recv, t, 0, first.count);
                    }
                    acc = k == 0 ? InPlace.copyOf(calls[0].send, 0, first.count) : acc;
                    if (k > 0) {
                        Reductions.apply(first.op, t, acc, 0, calls[k].send, 0, acc, 0, first.count);
                    }
                    if (!exclusive) {
                        Buffers.copy(acc, t, 0, calls[k].recv, t, 0, first.count);
                    }
                }
            }
            case "ireduceScatter" -> {
                Object all = InPlace.copyOf(calls[0].send, 0, first.count);
                fold(calls, size, all);
                int at = 0;
                for (int k = 0; k < size; k++) {
                    Buffers.copy(all, t, at, calls[k].recv, t, 0, first.recvCounts[k]);
                    at += first.recvCounts[k];
                }
            }
            default -> { }
        }
    }

    /** {@code out[0, n)} = every rank's {@code send} combined in rank order. */
    private static void fold(Call[] calls, int size, Object out) {
        Call first = calls[0];
        int n = first.count;
        if (size == 1) {
            Buffers.copy(first.send, first.type, 0, out, first.type, 0, n);
            return;
        }
        Reductions.apply(first.op, first.type, first.send, 0, calls[1].send, 0, out, 0, n);
        for (int k = 2; k < size; k++) {
            Reductions.apply(first.op, first.type, out, 0, calls[k].send, 0, out, 0, n);
        }
    }
}
