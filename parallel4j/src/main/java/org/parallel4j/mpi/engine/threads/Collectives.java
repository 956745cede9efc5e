package org.parallel4j.mpi.engine.threads;

import static org.parallel4j.mpi.internal.CollectiveChecks.countsAndDispls;
import static org.parallel4j.mpi.internal.CollectiveChecks.reduceScatterCounts;
import static org.parallel4j.mpi.internal.CollectiveChecks.requireCapacity;
import static org.parallel4j.mpi.internal.CollectiveChecks.requireDistinct;
import static org.parallel4j.mpi.internal.CollectiveChecks.requireSameType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.BinaryOperator;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.Op;
import org.parallel4j.mpi.Request;
import org.parallel4j.mpi.internal.Buffers;
import org.parallel4j.mpi.internal.Datatype;
import org.parallel4j.mpi.internal.Reductions;

/**
 * The collectives of the thread engine, in shared memory (see {@link CollectiveBoard}).
 *
 * <p>Implementation note: every collective validates its own arguments without throwing,
 * publishes the problem (if any) with its descriptor, and arrives. After the first barrier
 * every rank checks every rank's problem and descriptor, so a bad argument on one rank or a
 * mismatch between ranks ends the collective on all ranks with the same error, and the
 * communicator stays usable. Only then does any data move.
 */
final class Collectives {
    private Collectives() {
    }

    // ---------------------------------------------------------------- board protocol

    private static CollectiveBoard.Slot enter(ThreadComm c, String kind, int root, Op op, int count, Datatype type,
                                              Object send, int sendOffset, Object recv, int recvOffset, MpiException problem) {
        if (c.shared.isInter()) {
            throw notOnIntercomm(c, kind);
        }
        CollectiveBoard b = c.shared.board;
        int r = c.rank;
        long seq = c.collective.sequence++;
        CollectiveBoard.Slot s = b.slots[(int) (seq & 1)];
        CollectiveBoard.Entry e = s.e[r];
        e.kind = kind;
        e.root = root;
        e.op = op;
        e.count = count;
        e.type = type;
        e.send = send;
        e.sendOffset = sendOffset;
        e.recv = recv;
        e.recvOffset = recvOffset;
        e.extra2 = problem;
        e.failure = null;
        e.sequence = seq;
        long f = kind.hashCode();
        f = f * 31 + root;
        f = f * 31 + opFingerprint(op);
        f = f * 31 + (type == null ? -1 : type.ordinal());
        f = f * 31 + count;
        e.fingerprint = problem == null ? f & Long.MAX_VALUE : -1;
        return s;
    }

    /** The refusal of an intracommunicator collective (or a call built on one) on an intercommunicator. */
    static MpiException notOnIntercomm(ThreadComm c, String kind) {
        return new MpiException(ErrorClass.COMM, kind + " is not available on intercommunicator " + c.shared.name + ": "
                + "an intercommunicator has barrier, bcast, reduce, allreduce, gather, scatter, allgather and their object forms; "
                + "merge() it into an ordinary communicator for the rest");
    }

    /** Arrives at the board's barrier with this rank's descriptor; returns the barrier's epoch. */
    private static long arrive(ThreadComm c, CollectiveBoard.Slot s) {
        CollectiveBoard.Entry e = s.e[c.rank];
        return c.shared.board.barrier.await(c.me, c.rank, c.shared, e.kind, e.sequence, e.fingerprint);
    }

    /**
     * As {@link #arrive}, carrying {@code count} elements of {@code data} from {@code offset}
     * with the arrival (null: nothing): see {@link Barrier#awaitCarrying}.
     */
    private static long arriveCarrying(ThreadComm c, CollectiveBoard.Slot s, Object data, Datatype t, int offset, int count) {
        CollectiveBoard.Entry e = s.e[c.rank];
        return c.shared.board.barrier.awaitCarrying(c.me, c.rank, c.shared, e.kind, e.sequence, e.fingerprint, data, t, offset, count);
    }

    /**
     * {@code out[0, n)} = the rank-ordered reduction of the {@code n} elements every rank
     * carried with its arrival at barrier {@code epoch} ({@code own}: this rank's, read from
     * its buffer).
     */
    private static void foldCarried(ThreadComm c, Op op, Datatype t, long epoch, Object own, Object out, int n) {
        ThreadComm.CollectiveState st = c.collective;
        if (st.carriedScratch == null) {
            st.carriedScratch = new Object[c.size];
            st.carriedFold = new Object[c.size];
        }
        Barrier b = c.shared.board.barrier;
        for (int k = 0; k < c.size; k++) {
            if (k == c.rank) {
                st.carriedFold[k] = own;
            } else {
                // At least 256 bytes, as the staging arrays: two ranks' scratch never shares a line.
                Object into = t.reuseOrAllocate(st.carriedScratch[k], n, CollectiveBoard.STAGING_MIN_BYTES / t.size);
                st.carriedScratch[k] = into;
                b.carried(k, epoch, t, n, into, 0);
                st.carriedFold[k] = into;
            }
        }
        foldArrays(op, t, st.carriedFold, c.size, 0, out, 0, n);
    }

    /**
     * After the first barrier: the same error on every rank for a bad argument or a mismatch.
     * The fast path compares the fingerprints that came with the arrivals; any difference (or a
     * rank that has moved on) falls back to comparing the full descriptors.
     */
    private static void check(ThreadComm c, CollectiveBoard.Slot s, long epoch, boolean sameCount) {
        long mine = s.e[c.rank].fingerprint;
        if (mine >= 0) {
            boolean same = true;
            for (int k = 0; k < c.size && same; k++) {
                same = k == c.rank || c.shared.board.barrier.fingerprint(k, epoch) == mine;
            }
            if (same) {
                return;
            }
        }
        int n = c.size;
        for (int k = 0; k < n; k++) {
            if (s.e[k].extra2 instanceof MpiException p) {
                throw new MpiException(p.errorClass(), s.e[k].kind + " on " + c.shared.name + ": rank " + k + ": " + p.getMessage()
                        + (k == c.rank ? "" : " (reported on every rank)"));
            }
        }
        for (int k = 1; k < n; k++) {
            boolean differs = !s.e[k].kind.equals(s.e[0].kind) || s.e[k].root != s.e[0].root || !sameOp(s.e[k].op, s.e[0].op)
                    || (s.e[k].type != s.e[0].type && s.e[k].type != null && s.e[0].type != null)
                    || (sameCount && s.e[k].count != s.e[0].count);
            if (differs) {
                throw new MpiException(ErrorClass.COLLECTIVE_MISMATCH, "collective mismatch on " + c.shared.name
                        + " (collective #" + s.e[0].sequence + "): rank 0 called " + describe(s, 0) + ", rank " + k
                        + " called " + describe(s, k) + ": every rank must call the same collective with the same root, "
                        + "operation and counts");
            }
        }
    }

    /** Built-in operations by kind; user operations, created on each rank, by name and item width. */
    static boolean sameOp(Op a, Op b) {
        return a == b || (a != null && b != null && a.kind() == b.kind()
                && (a.isBuiltin() || (a.name().equals(b.name()) && a.itemWidth() == b.itemWidth())));
    }

    /** The operation's part of a call's fingerprint: its kind, and for a user operation its name and width. */
    private static long opFingerprint(Op op) {
        if (op == null) {
            return 0;
        }
        long f = op.kind().ordinal() + 1;
        return op.isBuiltin() ? f : (f * 31 + op.name().hashCode()) * 31 + op.itemWidth();
    }

    private static String describe(CollectiveBoard.Slot s, int k) {
        StringBuilder b = new StringBuilder(s.e[k].kind).append('(');
        if (s.e[k].root >= 0) {
            b.append("root=").append(s.e[k].root).append(", ");
        }
        if (s.e[k].op != null) {
            b.append("op=").append(s.e[k].op.name()).append(", ");
        }
        if (s.e[k].type != null) {
            b.append(s.e[k].count).append(' ').append(s.e[k].type.plural);
        }
        return b.append(')').toString().replace(", )", ")");
    }

    static MpiException problem(Runnable validation) {
        try {
            validation.run();
            return null;
        } catch (MpiException e) {
            return e;
        }
    }

    static Datatype typeOf(Object buf) {
        try {
            return Datatype.of(buf);
        } catch (MpiException e) {
            return null;
        }
    }

    static int lengthOf(Object buf) {
        Datatype t = typeOf(buf);
        return t == null ? 0 : Datatype.length(buf, t);
    }

    private static void requireBuffer(Object buf) {
        Datatype.of(buf);
    }

    // ---------------------------------------------------------------- synchronization

    static void barrier(ThreadComm c) {
        CollectiveBoard.Slot s = enter(c, "barrier", -1, null, 0, null, null, 0, null, 0, null);
        long epoch = arrive(c, s);
        check(c, s, epoch, true);
    }

    /** Every rank's object reference, in rank order (one barrier; the array is a copy). */
    static Object[] exchange(ThreadComm c, String kind, Object mine) {
        return exchange(c, kind, -1, mine);
    }

    private static Object[] exchange(ThreadComm c, String kind, int root, Object mine) {
        CollectiveBoard.Slot s = enter(c, kind, root, null, 0, null, null, 0, null, 0, null);
        s.e[c.rank].extra = mine;
        long epoch = arrive(c, s);
        check(c, s, epoch, true);
        Object[] all = new Object[c.size];
        for (int k = 0; k < c.size; k++) {
            all[k] = s.e[k].extra;
        }
        return all;
    }

    // ---------------------------------------------------------------- data movement

    static void bcast(ThreadComm c, Object buf, int offset, int count, int root) {
        Datatype t = typeOf(buf);
        MpiException p = problem(() -> {
            Buffers.checkRegion(buf, Datatype.of(buf), offset, count, "bcast");
            c.checkRoot(root);
        });
        CollectiveBoard.Slot s = enter(c, "bcast", root, null, count, t, buf, offset, null, 0, p);
        if (p == null && Barrier.canCarry(t, count)) {
            long epoch = arriveCarrying(c, s, c.rank == root ? buf : null, t, offset, count);
            check(c, s, epoch, true);
            if (c.rank != root) {
                c.shared.board.barrier.carried(root, epoch, t, count, buf, offset);
            }
            return;
        }
        boolean staged = p == null && (long) count * t.size <= CollectiveBoard.STAGE_LIMIT_BYTES;
        if (staged && c.rank == root) {
            Buffers.copy(buf, t, offset, s.e[c.rank].staging(t, count), t.storageType(), 0, count);
        }
        long epoch = arrive(c, s);
        check(c, s, epoch, true);
        if (c.rank != root) {
            if (staged) {
                Buffers.copy(s.e[root].staging, t.storageType(), 0, buf, t, offset, count);
            } else {
                Buffers.copy(s.e[root].send, t, s.e[root].sendOffset, buf, t, offset, count);
            }
        }
        if (!staged) {
            arrive(c, s);
        }
    }

    static void scatter(ThreadComm c, Object sendBuf, Object recvBuf, int root) {
        int count = lengthOf(recvBuf);
        MpiException p = problem(() -> {
            requireBuffer(recvBuf);
            c.checkRoot(root);
            if (c.rank == root) {
                requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
                requireCapacity(sendBuf, count * c.size, "sendBuf");
            }
        });
        CollectiveBoard.Slot s = enter(c, "scatter", root, null, count, typeOf(recvBuf), sendBuf, 0, recvBuf, 0, p);
        long epoch = arrive(c, s);
        check(c, s, epoch, true);
        Datatype t = s.e[c.rank].type;
        Buffers.copy(s.e[root].send, t, c.rank * count, recvBuf, t, 0, count);
        arrive(c, s);
    }

    static void scatterv(ThreadComm c, Object sendBuf, int[] sendCounts, int[] displs, Object recvBuf, int recvCount, int root) {
        MpiException p = problem(() -> {
            Buffers.checkRegion(recvBuf, Datatype.of(recvBuf), 0, recvCount, "scatterv recvBuf");
            c.checkRoot(root);
            if (c.rank == root) {
                requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
                countsAndDispls(sendBuf, sendCounts, displs, c.size, "sendCounts");
            }
        });
        CollectiveBoard.Slot s = enter(c, "scatterv", root, null, recvCount, typeOf(recvBuf), sendBuf, 0, recvBuf, 0, p);
        s.e[c.rank].extra = sendCounts;
        s.e[c.rank].extra2 = p != null ? p : displs;
        long epoch = arrive(c, s);
        check(c, s, epoch, false);
        int[] counts = (int[]) s.e[root].extra;
        int[] rootDispls = (int[]) s.e[root].extra2;
        if (counts[c.rank] != recvCount) {
            throwAfterBarrier(c, s, "scatterv", "root sends " + counts[c.rank] + " elements to rank " + c.rank
                    + ", which receives " + recvCount);
        }
        Datatype t = s.e[c.rank].type;
        Buffers.copy(s.e[root].send, t, rootDispls[c.rank], recvBuf, t, 0, recvCount);
        arrive(c, s);
    }

    static void gather(ThreadComm c, Object sendBuf, Object recvBuf, int root) {
        int count = lengthOf(sendBuf);
        MpiException p = problem(() -> {
            requireBuffer(sendBuf);
            c.checkRoot(root);
            if (c.rank == root) {
                requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
                requireCapacity(recvBuf, count * c.size, "recvBuf");
            }
        });
        CollectiveBoard.Slot s = enter(c, "gather", root, null, count, typeOf(sendBuf), sendBuf, 0, recvBuf, 0, p);
        long epoch = arrive(c, s);
        check(c, s, epoch, true);
        Datatype t = s.e[c.rank].type;
        Buffers.copy(sendBuf, t, 0, s.e[root].recv, t, c.rank * count, count);
        arrive(c, s);
    }

    static void gatherv(ThreadComm c, Object sendBuf, int sendCount, Object recvBuf, int[] recvCounts, int[] displs, int root) {
        MpiException p = problem(() -> {
            Buffers.checkRegion(sendBuf, Datatype.of(sendBuf), 0, sendCount, "gatherv sendBuf");
            c.checkRoot(root);
            if (c.rank == root) {
                requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
                countsAndDispls(recvBuf, recvCounts, displs, c.size, "recvCounts");
            }
        });
        CollectiveBoard.Slot s = enter(c, "gatherv", root, null, sendCount, typeOf(sendBuf), sendBuf, 0, recvBuf, 0, p);
        s.e[c.rank].extra = recvCounts;
        s.e[c.rank].extra2 = p != null ? p : displs;
        long epoch = arrive(c, s);
        check(c, s, epoch, false);
        int[] counts = (int[]) s.e[root].extra;
        if (counts[c.rank] != sendCount) {
            throwAfterBarrier(c, s, "gatherv", "root expects " + counts[c.rank] + " elements from rank " + c.rank
                    + ", which sends " + sendCount);
        }
        Datatype t = s.e[c.rank].type;
        Buffers.copy(sendBuf, t, 0, s.e[root].recv, t, ((int[]) s.e[root].extra2)[c.rank], sendCount);
        arrive(c, s);
    }

    static void allgather(ThreadComm c, Object sendBuf, Object recvBuf) {
        int count = lengthOf(sendBuf);
        MpiException p = problem(() -> {
            requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
            requireDistinct(sendBuf, recvBuf, "allgather");
            requireCapacity(recvBuf, count * c.size, "recvBuf");
        });
        CollectiveBoard.Slot s = enter(c, "allgather", -1, null, count, typeOf(sendBuf), sendBuf, 0, recvBuf, 0, p);
        long epoch = arrive(c, s);
        check(c, s, epoch, true);
        Datatype t = s.e[c.rank].type;
        for (int k = 0; k < c.size; k++) {
            Buffers.copy(s.e[k].send, t, 0, recvBuf, t, k * count, count);
        }
        arrive(c, s);
    }

    static void allgatherv(ThreadComm c, Object sendBuf, int sendCount, Object recvBuf, int[] recvCounts, int[] displs) {
        MpiException p = problem(() -> {
            Buffers.checkRegion(sendBuf, Datatype.of(sendBuf), 0, sendCount, "allgatherv sendBuf");
            requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
            requireDistinct(sendBuf, recvBuf, "allgatherv");
            countsAndDispls(recvBuf, recvCounts, displs, c.size, "recvCounts");
        });
        CollectiveBoard.Slot s = enter(c, "allgatherv", -1, null, sendCount, typeOf(sendBuf), sendBuf, 0, recvBuf, 0, p);
        long epoch = arrive(c, s);
        check(c, s, epoch, false);
        for (int k = 0; k < c.size; k++) {
            if (recvCounts[k] != s.e[k].count) {
                throwAfterBarrier(c, s, "allgatherv", "recvCounts[" + k + "] is " + recvCounts[k] + " but rank " + k
                        + " sends " + s.e[k].count);
            }
        }
        Datatype t = s.e[c.rank].type;
        for (int k = 0; k < c.size; k++) {
            Buffers.copy(s.e[k].send, t, 0, recvBuf, t, displs[k], recvCounts[k]);
        }
        arrive(c, s);
    }

    static void alltoall(ThreadComm c, Object sendBuf, Object recvBuf) {
        int length = lengthOf(sendBuf);
        int count = length / c.size;
        MpiException p = problem(() -> {
            requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
            requireDistinct(sendBuf, recvBuf, "alltoall");
            if (length % c.size != 0) {
                throw new MpiException(ErrorClass.COUNT, "sendBuf holds " + length + " elements, not a multiple of the "
                        + c.size + " ranks");
            }
            requireCapacity(recvBuf, length, "recvBuf");
        });
        CollectiveBoard.Slot s = enter(c, "alltoall", -1, null, count, typeOf(sendBuf), sendBuf, 0, recvBuf, 0, p);
        long epoch = arrive(c, s);
        check(c, s, epoch, true);
        Datatype t = s.e[c.rank].type;
        for (int k = 0; k < c.size; k++) {
            Buffers.copy(s.e[k].send, t, c.rank * count, recvBuf, t, k * count, count);
        }
        arrive(c, s);
    }

    static void alltoallv(ThreadComm c, Object sendBuf, int[] sendCounts, int[] sendDispls, Object recvBuf,
                          int[] recvCounts, int[] recvDispls) {
        MpiException p = problem(() -> {
            requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
            requireDistinct(sendBuf, recvBuf, "alltoallv");
            countsAndDispls(sendBuf, sendCounts, sendDispls, c.size, "sendCounts");
            countsAndDispls(recvBuf, recvCounts, recvDispls, c.size, "recvCounts");
        });
        CollectiveBoard.Slot s = enter(c, "alltoallv", -1, null, 0, typeOf(sendBuf), sendBuf, 0, recvBuf, 0, p);
        s.e[c.rank].extra = sendCounts;
        s.e[c.rank].extra2 = p != null ? p : sendDispls;
        long epoch = arrive(c, s);
        check(c, s, epoch, false);
        Datatype t = s.e[c.rank].type;
        for (int k = 0; k < c.size; k++) {
            int sent = ((int[]) s.e[k].extra)[c.rank];
            if (sent != recvCounts[k]) {
                throwAfterBarrier(c, s, "alltoallv", "rank " + k + " sends " + sent + " elements to rank " + c.rank
                        + ", which expects recvCounts[" + k + "] = " + recvCounts[k]);
            }
        }
        for (int k = 0; k < c.size; k++) {
            Buffers.copy(s.e[k].send, t, ((int[]) s.e[k].extra2)[c.rank], recvBuf, t, recvDispls[k], recvCounts[k]);
        }
        arrive(c, s);
    }

    /**
     * A count disagreement found after the first barrier by this rank alone: it arrives at the
     * exit barrier first, so that the others (which may not see the problem) are not left
     * waiting, then throws.
     */
    private static void throwAfterBarrier(ThreadComm c, CollectiveBoard.Slot s, String kind, String message) {
        arrive(c, s);
        throw new MpiException(ErrorClass.COLLECTIVE_MISMATCH, kind + " on " + c.shared.name + ": " + message);
    }

    // ---------------------------------------------------------------- reductions

    /*
     * Reductions. Small buffers are staged on the board and every rank that needs the result
     * folds all contributions itself (one barrier). Large ones are split into one slice per
     * rank, each rank folding its slice straight from the other ranks' buffers; slices start
     * and end on item boundaries of the operation (a MINLOC pair, a user operation's item).
     * An exception from the operation becomes the folding rank's failure in its entry and is
     * thrown on every rank after the next barrier, so no rank is left waiting and the
     * communicator stays usable. The staged paths of built-in operations skip that barrier:
     * their kernels cannot fail once the arguments are checked.
     */

    /** Where rank {@code r}'s slice of {@code n} elements starts, on an item boundary ({@code r == size} gives n). */
    static int sliceStart(int r, int size, int n, int itemWidth) {
        if (r >= size) {
            return n;
        }
        long items = n / itemWidth;
        return (int) (items * r / size) * itemWidth;
    }

    private static MpiException opFailure(ThreadComm c, String kind, Op op, RuntimeException e) {
        return new MpiException(ErrorClass.OP, kind + " on " + c.shared.name + ": operation " + op.name() + " threw on rank "
                + c.rank + ": " + e, e);
    }

    /** After the barrier that follows a fold: the lowest failed rank's error, thrown on every rank. */
    private static void throwFoldFailure(ThreadComm c, CollectiveBoard.Slot s) {
        for (int k = 0; k < c.size; k++) {
            MpiException f = s.e[k].failure;
            if (f != null) {
                throw new MpiException(f.errorClass(), f.getMessage() + (k == c.rank ? "" : " (reported on every rank)"), f.getCause());
            }
        }
    }

    static void reduce(ThreadComm c, Object sendBuf, Object recvBuf, Op op, int root) {
        Datatype t = typeOf(sendBuf);
        int n = lengthOf(sendBuf);
        MpiException p = problem(() -> {
            Reductions.check(op, Datatype.of(sendBuf), n);
            c.checkRoot(root);
            if (c.rank == root) {
                requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
                requireDistinct(sendBuf, recvBuf, "reduce");
                requireCapacity(recvBuf, n, "recvBuf");
            }
        });
        CollectiveBoard.Slot s = enter(c, "reduce", root, op, n, t, sendBuf, 0, recvBuf, 0, p);
        if (p == null && op.isBuiltin() && Barrier.canCarry(t, n)) {
            long epoch = arriveCarrying(c, s, sendBuf, t, 0, n);
            check(c, s, epoch, true);
            if (c.rank == root) {
                foldCarried(c, op, t, epoch, sendBuf, recvBuf, n);
            }
            return;
        }
        boolean staged = p == null && (long) n * t.size <= CollectiveBoard.STAGE_LIMIT_BYTES;
        if (staged) {
            System.arraycopy(sendBuf, 0, s.e[c.rank].staging(t, n), 0, n);
        }
        long epoch = arrive(c, s);
        check(c, s, epoch, true);
        if (staged) {
            if (c.rank == root) {
                try {
                    fold(op, t, s.e, true, c.size, recvBuf, 0, n);
                } catch (RuntimeException e) {
                    if (op.isBuiltin()) {
                        throw e;
                    }
                    s.e[c.rank].failure = opFailure(c, "reduce", op, e);
                }
            }
            if (!op.isBuiltin()) {
                arrive(c, s);
                throwFoldFailure(c, s);
            }
            return;
        }
        int w = op.itemWidth();
        int lo = sliceStart(c.rank, c.size, n, w);
        int hi = sliceStart(c.rank + 1, c.size, n, w);
        try {
            fold(op, t, s.e, false, c.size, s.e[root].recv, lo, hi - lo);
        } catch (RuntimeException e) {
            s.e[c.rank].failure = opFailure(c, "reduce", op, e);
        }
        arrive(c, s);
        throwFoldFailure(c, s);
    }

    static void allreduce(ThreadComm c, Object sendBuf, Object recvBuf, Op op) {
        Datatype t = typeOf(sendBuf);
        int n = lengthOf(sendBuf);
        MpiException p = problem(() -> {
            Reductions.check(op, Datatype.of(sendBuf), n);
            requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
            requireDistinct(sendBuf, recvBuf, "allreduce");
            requireCapacity(recvBuf, n, "recvBuf");
        });
        CollectiveBoard.Slot s = enter(c, "allreduce", -1, op, n, t, sendBuf, 0, recvBuf, 0, p);
        if (p == null && op.isBuiltin() && Barrier.canCarry(t, n)) {
            // A few values: they travel with the barrier's arrivals (one line each way for two ranks).
            long epoch = arriveCarrying(c, s, sendBuf, t, 0, n);
            check(c, s, epoch, true);
            foldCarried(c, op, t, epoch, sendBuf, recvBuf, n);
            return;
        }
        boolean staged = p == null && (long) n * t.size <= CollectiveBoard.STAGE_LIMIT_BYTES;
        if (staged) {
            System.arraycopy(sendBuf, 0, s.e[c.rank].staging(t, n), 0, n);
        }
        long epoch = arrive(c, s);
        check(c, s, epoch, true);
        if (staged) {
            try {
                fold(op, t, s.e, true, c.size, recvBuf, 0, n);
            } catch (RuntimeException e) {
                if (op.isBuiltin()) {
                    throw e;
                }
                s.e[c.rank].failure = opFailure(c, "allreduce", op, e);
            }
            if (!op.isBuiltin()) {
                arrive(c, s);
                throwFoldFailure(c, s);
            }
            return;
        }
        // Reduce-scatter then allgather, both straight between the ranks' own buffers.
        int w = op.itemWidth();
        int lo = sliceStart(c.rank, c.size, n, w);
        int hi = sliceStart(c.rank + 1, c.size, n, w);
        try {
            fold(op, t, s.e, false, c.size, recvBuf, lo, hi - lo);
        } catch (RuntimeException e) {
            s.e[c.rank].failure = opFailure(c, "allreduce", op, e);
        }
        arrive(c, s);
        throwFoldFailure(c, s);
        for (int k = 0; k < c.size; k++) {
            if (k != c.rank) {
                int klo = sliceStart(k, c.size, n, w);
                int khi = sliceStart(k + 1, c.size, n, w);
                System.arraycopy(s.e[k].recv, klo, recvBuf, klo, khi - klo);
            }
        }
        arrive(c, s);
    }

    static void reduceScatter(ThreadComm c, Object sendBuf, Object recvBuf, int[] recvCounts, Op op) {
        Datatype t = typeOf(sendBuf);
        int n = lengthOf(sendBuf);
        MpiException p = problem(() -> {
            Reductions.check(op, Datatype.of(sendBuf), n);
            requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
            requireDistinct(sendBuf, recvBuf, "reduceScatter");
            reduceScatterCounts(recvCounts, c.size, op, n);
            requireCapacity(recvBuf, recvCounts[c.rank], "recvBuf");
        });
        CollectiveBoard.Slot s = enter(c, "reduceScatter", -1, op, n, t, sendBuf, 0, recvBuf, 0, p);
        long epoch = arrive(c, s);
        check(c, s, epoch, true);
        int lo = 0;
        for (int k = 0; k < c.rank; k++) {
            lo += recvCounts[k];
        }
        try {
            foldInto(op, t, s.e, false, c.size, lo, recvBuf, 0, recvCounts[c.rank]);
        } catch (RuntimeException e) {
            s.e[c.rank].failure = opFailure(c, "reduceScatter", op, e);
        }
        arrive(c, s);
        throwFoldFailure(c, s);
    }

    static void scan(ThreadComm c, Object sendBuf, Object recvBuf, Op op, boolean exclusive) {
        Datatype t = typeOf(sendBuf);
        int n = lengthOf(sendBuf);
        String kind = exclusive ? "exscan" : "scan";
        MpiException p = problem(() -> {
            Reductions.check(op, Datatype.of(sendBuf), n);
            requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
            requireDistinct(sendBuf, recvBuf, kind);
            requireCapacity(recvBuf, n, "recvBuf");
        });
        CollectiveBoard.Slot s = enter(c, kind, -1, op, n, t, sendBuf, 0, recvBuf, 0, p);
        long epoch = arrive(c, s);
        check(c, s, epoch, true);
        int upTo = exclusive ? c.rank : c.rank + 1;
        if (upTo > 0) {
            try {
                fold(op, t, s.e, false, upTo, recvBuf, 0, n);
            } catch (RuntimeException e) {
                s.e[c.rank].failure = opFailure(c, kind, op, e);
            }
        }
        arrive(c, s);
        throwFoldFailure(c, s);
    }

    /** {@code out[lo, lo+len)} = bufs[0] ∘ bufs[1] ∘ ... ∘ bufs[ranks-1] over the same region, in rank order. */
    private static void fold(Op op, Datatype t, CollectiveBoard.Entry[] entries, boolean staged, int ranks, Object out, int lo, int len) {
        foldInto(op, t, entries, staged, ranks, lo, out, lo, len);
    }

    /** {@code out[outLo, outLo+len)} = the rank-ordered reduction of {@code bufs[*][lo, lo+len)}. */
    private static void foldInto(Op op, Datatype t, CollectiveBoard.Entry[] entries, boolean staged, int ranks, int lo,
                                 Object out, int outLo, int len) {
        if (len == 0) {
            return;
        }
        if (ranks == 1) {
            System.arraycopy(entries[0].data(staged), lo, out, outLo, len);
            return;
        }
        Reductions.apply(op, t, entries[0].data(staged), lo, entries[1].data(staged), lo, out, outLo, len);
        for (int k = 2; k < ranks; k++) {
            Reductions.apply(op, t, out, outLo, entries[k].data(staged), lo, out, outLo, len);
        }
    }

    /** {@code out[outLo, outLo+len)} = the rank-ordered reduction of {@code bufs[*][lo, lo+len)}. */
    private static void foldArrays(Op op, Datatype t, Object[] bufs, int ranks, int lo, Object out, int outLo, int len) {
        if (len == 0) {
            return;
        }
        if (ranks == 1) {
            System.arraycopy(bufs[0], lo, out, outLo, len);
            return;
        }
        Reductions.apply(op, t, bufs[0], lo, bufs[1], lo, out, outLo, len);
        for (int k = 2; k < ranks; k++) {
            Reductions.apply(op, t, out, outLo, bufs[k], lo, out, outLo, len);
        }
    }

    // ---------------------------------------------------------------- objects

    static <T> T bcastObject(ThreadComm c, T value, int root) {
        c.checkRoot(root);
        Object[] all = exchange(c, "bcastObject", root, c.rank == root ? c.me.codec.encode(value) : null);
        return c.rank == root ? value : decode(c, (byte[]) all[root]);
    }

    static <T> T scatterObject(ThreadComm c, List<T> values, int root) {
        c.checkRoot(root);
        Object mine = null;
        if (c.rank == root) {
            if (values == null || values.size() != c.size) {
                mine = new MpiException(ErrorClass.COUNT, "scatterObject: the root's list has "
                        + (values == null ? "no" : String.valueOf(values.size())) + " elements, one per rank (" + c.size + ") is needed");
            } else {
                byte[][] parts = new byte[c.size][];
                for (int k = 0; k < c.size; k++) {
                    parts[k] = c.me.codec.encode(values.get(k));
                }
                mine = parts;
            }
        }
        Object[] all = exchange(c, "scatterObject", root, mine);
        if (all[root] instanceof MpiException e) {
            throw new MpiException(e.errorClass(), e.getMessage());
        }
        return c.rank == root ? values.get(root) : decode(c, ((byte[][]) all[root])[c.rank]);
    }

    static <T> List<T> allgatherObject(ThreadComm c, T value, int root, String kind) {
        Object[] all = exchange(c, kind, root, c.me.codec.encode(value));
        if (root >= 0 && c.rank != root) {
            return null;
        }
        List<T> out = new ArrayList<>(c.size);
        for (int k = 0; k < c.size; k++) {
            out.add(decode(c, (byte[]) all[k]));
        }
        return Collections.unmodifiableList(out);
    }

    static <T> List<T> alltoallObject(ThreadComm c, List<T> values) {
        Object mine;
        if (values == null || values.size() != c.size) {
            mine = new MpiException(ErrorClass.COUNT, "alltoallObject: rank " + c.rank + "'s list has "
                    + (values == null ? "no" : String.valueOf(values.size())) + " elements, one per rank (" + c.size + ") is needed");
        } else {
            byte[][] parts = new byte[c.size][];
            for (int k = 0; k < c.size; k++) {
                parts[k] = c.me.codec.encode(values.get(k));
            }
            mine = parts;
        }
        Object[] all = exchange(c, "alltoallObject", -1, mine);
        for (Object o : all) {
            if (o instanceof MpiException e) {
                throw new MpiException(e.errorClass(), e.getMessage());
            }
        }
        List<T> out = new ArrayList<>(c.size);
        for (int k = 0; k < c.size; k++) {
            out.add(decode(c, ((byte[][]) all[k])[c.rank]));
        }
        return Collections.unmodifiableList(out);
    }

    @SuppressWarnings("unchecked")
    private static <T> T decode(ThreadComm c, byte[] bytes) {
        return (T) c.me.codec.decode(bytes, 0, bytes.length, c.me.loader);
    }

    /**
     * Folds the first {@code count} values where {@code folds} is true, then meets the other
     * ranks once more so that an operation that throws on one rank fails the call on all of
     * them, naming that rank, and none is left with a result the others never got.
     */
    static <T> T foldObjects(ThreadComm c, String kind, List<T> values, int count, BinaryOperator<T> op, boolean folds) {
        T result = null;
        MpiException failure = null;
        if (op == null) {
            failure = new MpiException(ErrorClass.OP, kind + ": the reduction operation is null");
        } else if (folds && count > 0) {
            try {
                result = fold(values, count, op);
            } catch (RuntimeException e) {
                failure = new MpiException(e instanceof MpiException m ? m.errorClass() : ErrorClass.OP, kind + " on "
                        + c.shared.name + ": the operation threw on rank " + c.rank + ": " + e, e);
            }
        }
        Object[] failures = exchange(c, kind, failure);
        for (int k = 0; k < failures.length; k++) {
            if (failures[k] instanceof MpiException f) {
                throw new MpiException(f.errorClass(), f.getMessage() + (k == c.rank ? "" : " (reported on every rank)"), f.getCause());
            }
        }
        return result;
    }

    static <T> T fold(List<T> values, int count, BinaryOperator<T> op) {
        Objects.requireNonNull(op, "op");
        T acc = values.get(0);
        for (int k = 1; k < count; k++) {
            acc = op.apply(acc, values.get(k));
        }
        return acc;
    }
}
