package org.parallel4j.mpi.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BinaryOperator;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.Op;
import org.parallel4j.mpi.Request;

/**
 * Intercommunicator collectives written once over point-to-point messages, for engines (or
 * tiers) without their own: {@code p2p} is a hidden side of the intercommunicator, with a
 * context of its own so these messages never meet the program's, whose point-to-point calls
 * name remote ranks. Root convention as MPI's ({@link Mpi#ROOT}, {@link Mpi#PROC_NULL}, or the
 * remote root's rank). Messages between a pair are delivered in order, so collectives issued
 * in the same order on every rank match without sequence numbers. Contributions are combined
 * in the order of the remote group's ranks.
 */
public final class IntercommCollectives {
    private static final int TAG = 0;
    private final Comm p2p;
    private final String name;
    private final int remoteSize;

    /** Over {@code p2p}, whose remote group has {@code remoteSize} ranks; {@code name} for messages. */
    public IntercommCollectives(Comm p2p, String name, int remoteSize) {
        this.p2p = p2p;
        this.name = name;
        this.remoteSize = remoteSize;
    }

    /** How a rank takes part in a rooted collective. */
    private enum Role { ROOT, IDLE, REMOTE }

    /** The role {@code root} gives the caller; an error naming the values for anything else. */
    private Role role(int root, String kind) {
        if (root == Mpi.ROOT) {
            return Role.ROOT;
        }
        if (root == Mpi.PROC_NULL) {
            return Role.IDLE;
        }
        if (root < 0 || root >= remoteSize) {
            throw new MpiException(ErrorClass.ROOT, "invalid root " + root + " for " + kind + " on intercommunicator " + name
                    + ": in the root's group the root passes Mpi.ROOT and the others Mpi.PROC_NULL; the other group passes the "
                    + "root's rank (valid: 0.." + (remoteSize - 1) + ")");
        }
        return Role.REMOTE;
    }

    /** Validates a root as {@link #role} does (for engines that run the collective themselves). */
    public static void checkRoot(int root, int remoteSize, String kind, String name) {
        new IntercommCollectives(null, name, remoteSize).role(root, kind);
    }

    public void barrier() {
        List<Request> sends = new ArrayList<>(remoteSize);
        for (int j = 0; j < remoteSize; j++) {
            sends.add(p2p.isend(new byte[0], j, TAG));
        }
        for (int j = 0; j < remoteSize; j++) {
            p2p.recv(new byte[0], j, TAG);
        }
        Request.waitAll(sends);
    }

    public void bcast(Object buf, int offset, int count, int root) {
        switch (role(root, "bcast")) {
            case ROOT -> {
                List<Request> sends = new ArrayList<>(remoteSize);
                for (int j = 0; j < remoteSize; j++) {
                    sends.add(p2p.isend(buf, offset, count, j, TAG));
                }
                Request.waitAll(sends);
            }
            case REMOTE -> p2p.recv(buf, offset, count, root, TAG, null);
            case IDLE -> { }
        }
    }

    /** The root receives the remote group's contributions, combined in their rank order. */
    public void reduce(Object sendBuf, Object recvBuf, Op op, int root) {
        switch (role(root, "reduce")) {
            case ROOT -> fold(recvBuf, op, "reduce");
            case REMOTE -> p2p.send(sendBuf, root, TAG);
            case IDLE -> { }
        }
    }

    /** Every rank receives the other group's contributions, combined in their rank order. */
    public void allreduce(Object sendBuf, Object recvBuf, Op op) {
        List<Request> sends = sendToAll(sendBuf);
        fold(recvBuf, op, "allreduce");
        Request.waitAll(sends);
    }

    private void fold(Object recvBuf, Op op, String kind) {
        Datatype t = Datatype.of(recvBuf);
        int n = Datatype.length(recvBuf, t);
        Reductions.check(op, t, n);
        Object next = InPlace.scratchLike(recvBuf, n);
        p2p.recv(recvBuf, 0, TAG);
        for (int j = 1; j < remoteSize; j++) {
            p2p.recv(next, j, TAG);
            Reductions.apply(op, t, recvBuf, 0, next, 0, recvBuf, 0, n);
        }
    }

    /** The root receives each remote rank's block at {@code j * block} of {@code recvBuf}. */
    public void gather(Object sendBuf, Object recvBuf, int root) {
        switch (role(root, "gather")) {
            case ROOT -> receiveBlocks(recvBuf, "gather");
            case REMOTE -> p2p.send(sendBuf, root, TAG);
            case IDLE -> { }
        }
    }

    /** The root sends block {@code j} of {@code sendBuf} (its length over the remote size) to remote rank {@code j}. */
    public void scatter(Object sendBuf, Object recvBuf, int root) {
        switch (role(root, "scatter")) {
            case ROOT -> {
                Datatype t = Datatype.of(sendBuf);
                int block = blockOf(sendBuf, t, "scatter", "sendBuf");
                List<Request> sends = new ArrayList<>(remoteSize);
                for (int j = 0; j < remoteSize; j++) {
                    sends.add(p2p.isend(sendBuf, j * block, block, j, TAG));
                }
                Request.waitAll(sends);
            }
            case REMOTE -> p2p.recv(recvBuf, root, TAG);
            case IDLE -> { }
        }
    }

    /** Every rank receives the other group's blocks, in their rank order. */
    public void allgather(Object sendBuf, Object recvBuf) {
        List<Request> sends = sendToAll(sendBuf);
        receiveBlocks(recvBuf, "allgather");
        Request.waitAll(sends);
    }

    private List<Request> sendToAll(Object buf) {
        List<Request> sends = new ArrayList<>(remoteSize);
        for (int j = 0; j < remoteSize; j++) {
            sends.add(p2p.isend(buf, j, TAG));
        }
        return sends;
    }

    private void receiveBlocks(Object recvBuf, String kind) {
        Datatype t = Datatype.of(recvBuf);
        int block = blockOf(recvBuf, t, kind, "recvBuf");
        for (int j = 0; j < remoteSize; j++) {
            p2p.recv(recvBuf, j * block, block, j, TAG, null);
        }
    }

    private int blockOf(Object buf, Datatype t, String kind, String which) {
        int length = Datatype.length(buf, t);
        if (length % remoteSize != 0) {
            throw new MpiException(ErrorClass.COUNT, kind + " on intercommunicator " + name + ": " + which + " holds " + length
                    + " elements, not a block for each of the other group's " + remoteSize + " ranks");
        }
        return length / remoteSize;
    }

    // ---------------------------------------------------------------- objects

    public <T> T bcastObject(T value, int root) {
        return switch (role(root, "bcastObject")) {
            case ROOT -> {
                for (int j = 0; j < remoteSize; j++) {
                    p2p.sendObject(value, j, TAG);
                }
                yield value;
            }
            case REMOTE -> p2p.recvObject(root, TAG);
            case IDLE -> null;
        };
    }

    public <T> List<T> gatherObject(T value, int root) {
        return switch (role(root, "gatherObject")) {
            case ROOT -> receiveAll();
            case REMOTE -> {
                p2p.sendObject(value, root, TAG);
                yield null;
            }
            case IDLE -> null;
        };
    }

    public <T> T scatterObject(List<T> values, int root) {
        return switch (role(root, "scatterObject")) {
            case ROOT -> {
                if (values == null || values.size() != remoteSize) {
                    throw new MpiException(ErrorClass.COUNT, "scatterObject on intercommunicator " + name + ": the root's list has "
                            + (values == null ? "no" : String.valueOf(values.size())) + " elements, one per rank of the other group ("
                            + remoteSize + ") is needed");
                }
                for (int j = 0; j < remoteSize; j++) {
                    p2p.sendObject(values.get(j), j, TAG);
                }
                yield null;
            }
            case REMOTE -> p2p.recvObject(root, TAG);
            case IDLE -> null;
        };
    }

    public <T> List<T> allgatherObject(T value) {
        List<Request> sends = new ArrayList<>(remoteSize);
        for (int j = 0; j < remoteSize; j++) {
            sends.add(p2p.isendObject(value, j, TAG));
        }
        List<T> all = receiveAll();
        Request.waitAll(sends);
        return all;
    }

    public <T> T reduceObject(T value, BinaryOperator<T> op, int root) {
        return switch (role(root, "reduceObject")) {
            case ROOT -> foldObjects(receiveAll(), op, "reduceObject");
            case REMOTE -> {
                p2p.sendObject(value, root, TAG);
                yield null;
            }
            case IDLE -> null;
        };
    }

    public <T> T allreduceObject(T value, BinaryOperator<T> op) {
        return foldObjects(allgatherObject(value), op, "allreduceObject");
    }

    private <T> List<T> receiveAll() {
        List<T> out = new ArrayList<>(remoteSize);
        for (int j = 0; j < remoteSize; j++) {
            out.add(p2p.recvObject(j, TAG));
        }
        return Collections.unmodifiableList(out);
    }

    private <T> T foldObjects(List<T> values, BinaryOperator<T> op, String kind) {
        if (op == null) {
            throw new MpiException(ErrorClass.OP, kind + " on intercommunicator " + name + ": the reduction operation is null");
        }
        T acc = values.get(0);
        try {
            for (int j = 1; j < values.size(); j++) {
                acc = op.apply(acc, values.get(j));
            }
        } catch (RuntimeException e) {
            throw new MpiException(ErrorClass.OP, kind + " on intercommunicator " + name + ": the operation threw: " + e, e);
        }
        return acc;
    }
}
