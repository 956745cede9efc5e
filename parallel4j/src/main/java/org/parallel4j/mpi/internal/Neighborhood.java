package org.parallel4j.mpi.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.parallel4j.mpi.CartComm;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.Op;
import org.parallel4j.mpi.Request;
import org.parallel4j.mpi.Status;
import org.parallel4j.mpi.Topology;

/**
 * Graph topologies and the neighbour collectives, written once for every engine over its
 * communicators: a topology is a split (graph) or dup of the parent with the neighbour lists
 * kept here, and the neighbour collectives are point-to-point messages on a hidden dup of it,
 * so they never meet the program's messages. Messages between a pair arrive in order, which
 * matches repeated edges block by block.
 */
public final class Neighborhood {
    private static final int TAG = 0;
    private final Topology topology;
    private final Comm messages;
    private final String name;
    /**
     * Cartesian: the block for neighbour {@code j} travels with tag {@code j} and the block from
     * neighbour {@code k} is received with tag {@code k ^ 1} (what goes up arrives from below), so
     * the two directions stay apart where both neighbours are one rank. Graphs match in order.
     */
    private final boolean directional;

    private Neighborhood(Topology topology, Comm messages, String name, boolean directional) {
        this.topology = topology;
        this.messages = messages;
        this.name = name;
        this.directional = directional;
    }

    private int sendTag(int j) {
        return directional ? j : TAG;
    }

    private int recvTag(int k) {
        return directional ? k ^ 1 : TAG;
    }

    public Topology topology() {
        return topology;
    }

    /** Frees the hidden communicator (with its communicator). */
    public void free() {
        messages.free();
    }

    // ---------------------------------------------------------------- creation

    /** Every rank's verdict on its arguments and a fingerprint of them, agreed before anything is made. */
    private static void agree(Comm c, String kind, MpiException problem, long fingerprint, boolean sameEverywhere) {
        long v = problem != null ? Long.MIN_VALUE : sameEverywhere ? fingerprint : 0;
        long min = c.allreduce(v, Op.MIN);
        long max = c.allreduce(v, Op.MAX);
        if (problem != null) {
            throw problem;
        }
        if (min == Long.MIN_VALUE) {
            throw new MpiException(ErrorClass.TOPOLOGY, kind + " on " + c.name() + ": another rank's arguments are invalid (reported there)");
        }
        if (min != max) {
            throw new MpiException(ErrorClass.TOPOLOGY, kind + " on " + c.name() + ": the ranks passed different graphs: every rank must pass "
                    + "the same index and edges");
        }
    }

    public static Comm graph(CommBase c, int[] index, int[] edges) {
        MpiException problem = null;
        try {
            checkGraph(c.size(), index, edges);
        } catch (MpiException e) {
            problem = e;
        }
        agree(c, "createGraph", problem, problem == null ? 31L * Arrays.hashCode(index) + Arrays.hashCode(edges) : 0, true);
        Comm part = c.split(c.rank() < index.length ? 0 : Mpi.UNDEFINED, c.rank());
        if (part == null) {
            return null;
        }
        return attach(part, new Topology.Graph(index, edges, part.rank()), ".graph");
    }

    private static void checkGraph(int size, int[] index, int[] edges) {
        if (index == null || edges == null) {
            throw new MpiException(ErrorClass.TOPOLOGY, "createGraph: index and edges must not be null");
        }
        if (index.length > size) {
            throw new MpiException(ErrorClass.TOPOLOGY, "createGraph: the graph has " + index.length + " nodes but the communicator "
                    + size + " ranks");
        }
        int previous = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < previous) {
                throw new MpiException(ErrorClass.TOPOLOGY, "createGraph: index[" + i + "] = " + index[i] + " is below index["
                        + (i - 1) + "] = " + previous + ": index holds cumulative neighbour counts");
            }
            previous = index[i];
        }
        if (previous != edges.length) {
            throw new MpiException(ErrorClass.TOPOLOGY, "createGraph: the last index is " + previous + " but there are " + edges.length
                    + " edges");
        }
        for (int e = 0; e < edges.length; e++) {
            if (edges[e] < 0 || edges[e] >= index.length) {
                throw new MpiException(ErrorClass.TOPOLOGY, "createGraph: edges[" + e + "] = " + edges[e] + " is not a node (0.."
                        + (index.length - 1) + ")");
            }
        }
    }

    public static Comm distGraphAdjacent(CommBase c, int[] sources, int[] sourceWeights, int[] destinations, int[] destinationWeights) {
        MpiException problem = null;
        try {
            checkRanks(c.size(), sources, sourceWeights, "sources");
            checkRanks(c.size(), destinations, destinationWeights, "destinations");
        } catch (MpiException e) {
            problem = e;
        }
        agree(c, "createDistGraphAdjacent", problem, 0, false);
        // Every rank's sources must be what the others name as destinations.
        List<int[]> all = c.allgatherObject(destinations);
        int[] expected = incoming(all, c.rank());
        int[] given = sources.clone();
        Arrays.sort(given);
        MpiException mismatch = Arrays.equals(expected, given) ? null : new MpiException(ErrorClass.TOPOLOGY, "createDistGraphAdjacent on "
                + c.name() + ": rank " + c.rank() + " lists sources " + Arrays.toString(given) + " but the ranks naming it as a destination are "
                + Arrays.toString(expected));
        agree(c, "createDistGraphAdjacent", mismatch, 0, false);
        return attach(c.dup(), new Topology.DistGraph(sources, sourceWeights, destinations, destinationWeights), ".distGraph");
    }

    /** The ranks (sorted, repeated per edge) whose destination lists name {@code me}. */
    private static int[] incoming(List<int[]> destinations, int me) {
        List<Integer> in = new ArrayList<>();
        for (int r = 0; r < destinations.size(); r++) {
            for (int d : destinations.get(r)) {
                if (d == me) {
                    in.add(r);
                }
            }
        }
        return in.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static void checkRanks(int size, int[] ranks, int[] weights, String which) {
        if (ranks == null) {
            throw new MpiException(ErrorClass.TOPOLOGY, "the " + which + " must not be null (pass an empty array for none)");
        }
        for (int i = 0; i < ranks.length; i++) {
            if (ranks[i] < 0 || ranks[i] >= size) {
                throw new MpiException(ErrorClass.TOPOLOGY, which + "[" + i + "] = " + ranks[i] + " is not a rank (0.." + (size - 1) + ")");
            }
        }
        if (weights != null && weights.length != ranks.length) {
            throw new MpiException(ErrorClass.TOPOLOGY, "there are " + ranks.length + " " + which + " but " + weights.length + " weights");
        }
    }

    /** One rank's named edges for createDistGraph. */
    private record Named(int[] sources, int[] degrees, int[] destinations, int[] weights) implements java.io.Serializable {
    }

    public static Comm distGraph(CommBase c, int[] sources, int[] degrees, int[] destinations, int[] weights) {
        MpiException problem = null;
        try {
            checkRanks(c.size(), sources, null, "sources");
            if (degrees == null || degrees.length != sources.length) {
                throw new MpiException(ErrorClass.TOPOLOGY, "createDistGraph: " + sources.length + " sources need as many degrees, got "
                        + (degrees == null ? "null" : String.valueOf(degrees.length)));
            }
            long total = 0;
            for (int i = 0; i < degrees.length; i++) {
                if (degrees[i] < 0) {
                    throw new MpiException(ErrorClass.TOPOLOGY, "createDistGraph: degrees[" + i + "] = " + degrees[i] + " is negative");
                }
                total += degrees[i];
            }
            checkRanks(c.size(), destinations, weights, "destinations");
            if (total != destinations.length) {
                throw new MpiException(ErrorClass.TOPOLOGY, "createDistGraph: the degrees add up to " + total + " but there are "
                        + destinations.length + " destinations");
            }
        } catch (MpiException e) {
            problem = e;
        }
        agree(c, "createDistGraph", problem, 0, false);
        List<Named> all = c.allgatherObject(new Named(sources, degrees, destinations, weights));
        int me = c.rank();
        List<int[]> in = new ArrayList<>();
        List<int[]> out = new ArrayList<>();
        boolean weighted = weights != null;
        for (Named n : all) {
            int at = 0;
            for (int i = 0; i < n.sources().length; i++) {
                for (int k = 0; k < n.degrees()[i]; k++, at++) {
                    int w = n.weights() == null ? 1 : n.weights()[at];
                    if (n.sources()[i] == me) {
                        out.add(new int[] {n.destinations()[at], w});
                    }
                    if (n.destinations()[at] == me) {
                        in.add(new int[] {n.sources()[i], w});
                    }
                }
            }
        }
        return attach(c.dup(), new Topology.DistGraph(column(in, 0), weighted ? column(in, 1) : null, column(out, 0),
                weighted ? column(out, 1) : null), ".distGraph");
    }

    private static int[] column(List<int[]> rows, int k) {
        return rows.stream().mapToInt(r -> r[k]).toArray();
    }

    private static Comm attach(Comm part, Topology topology, String suffix) {
        CommBase base = (CommBase) part;
        base.attachNeighborhood(new Neighborhood(topology, part.dup(), part.name() + suffix, false));
        return part;
    }

    /**
     * The calling rank's neighbours on a Cartesian grid, in MPI's order: per dimension the rank
     * below, then the rank above ({@code PROC_NULL} at a non-periodic edge).
     *
     * @param cart the grid
     * @return its topology
     */
    public static Topology.Cartesian cartesianTopology(CartComm cart) {
        int[] dims = cart.dims();
        int[] neighbors = new int[2 * dims.length];
        for (int d = 0; d < dims.length; d++) {
            CartComm.Shift s = cart.shift(d, 1);
            neighbors[2 * d] = s.source();
            neighbors[2 * d + 1] = s.dest();
        }
        return new Topology.Cartesian(dims, cart.periods(), neighbors);
    }

    /**
     * The neighbour collectives of a Cartesian grid, over a hidden dup of it. Collective.
     *
     * @param cart the grid
     * @return its neighbourhood
     */
    public static Neighborhood cartesian(CartComm cart) {
        return new Neighborhood(cartesianTopology(cart), cart.dup(), cart.name() + ".neighbors", true);
    }

    // ---------------------------------------------------------------- neighbour collectives

    public void allgather(Object sendBuf, Object recvBuf) {
        int[] in = topology.sources();
        int[] out = topology.destinations();
        Datatype t = Datatype.of(sendBuf);
        int n = Datatype.length(sendBuf, t);
        CollectiveChecks.requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
        CollectiveChecks.requireCapacity(recvBuf, (long) n * in.length, "recvBuf (one block of " + n + " per source, " + in.length + " sources)");
        List<Request> sends = new ArrayList<>(out.length);
        for (int j = 0; j < out.length; j++) {
            sends.add(messages.isend(sendBuf, 0, n, out[j], sendTag(j)));
        }
        for (int k = 0; k < in.length; k++) {
            messages.recv(recvBuf, k * n, n, in[k], recvTag(k), null);
        }
        Request.waitAll(sends);
    }

    public void alltoall(Object sendBuf, Object recvBuf) {
        int[] in = topology.sources();
        int[] out = topology.destinations();
        Datatype t = Datatype.of(sendBuf);
        CollectiveChecks.requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
        int sendLength = Datatype.length(sendBuf, t);
        int recvLength = Datatype.length(recvBuf, Datatype.of(recvBuf));
        int block = out.length > 0 ? sendLength / out.length : in.length > 0 ? recvLength / in.length : 0;
        if ((out.length > 0 && sendLength % out.length != 0) || (long) block * in.length > recvLength) {
            throw new MpiException(ErrorClass.COUNT, "neighborAlltoall on " + name + ": sendBuf holds " + sendLength + " elements for "
                    + out.length + " destinations and recvBuf " + recvLength + " for " + in.length + " sources: each needs one block of "
                    + "the same size per neighbour");
        }
        List<Request> sends = new ArrayList<>(out.length);
        for (int j = 0; j < out.length; j++) {
            sends.add(messages.isend(sendBuf, j * block, block, out[j], sendTag(j)));
        }
        for (int k = 0; k < in.length; k++) {
            messages.recv(recvBuf, k * block, block, in[k], recvTag(k), null);
        }
        Request.waitAll(sends);
    }

    /** What a zero-count block travels as, whatever its buffer (or none): both sides of a pair agree on it. */
    private static final byte[] EMPTY = new byte[0];

    public void allgatherv(Object sendBuf, int sendCount, Object recvBuf, int[] recvCounts, int[] displs) {
        int[] in = topology.sources();
        int[] out = topology.destinations();
        CollectiveChecks.requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
        Buffers.checkRegion(sendBuf, Datatype.of(sendBuf), 0, sendCount, "neighborAllgatherv on " + name + ": sendBuf");
        CollectiveChecks.countsAndDispls(recvBuf, recvCounts, displs, in.length, "neighborAllgatherv on " + name + ": recvCounts", "source");
        List<Request> sends = new ArrayList<>(out.length);
        try {
            for (int j = 0; j < out.length; j++) {
                sends.add(send(sendBuf, 0, sendCount, out[j], sendTag(j)));
            }
            MpiException problem = null;
            for (int k = 0; k < in.length; k++) {
                problem = first(problem, receive("neighborAllgatherv", recvBuf, displs[k], recvCounts[k], k, in[k]));
            }
            raise(problem);
        } finally {
            Request.waitAll(sends);
        }
    }

    public void alltoallv(Object sendBuf, int[] sendCounts, int[] sendDispls, Object recvBuf, int[] recvCounts, int[] recvDispls) {
        int[] in = topology.sources();
        int[] out = topology.destinations();
        CollectiveChecks.requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
        CollectiveChecks.countsAndDispls(sendBuf, sendCounts, sendDispls, out.length, "neighborAlltoallv on " + name + ": sendCounts", "destination");
        CollectiveChecks.countsAndDispls(recvBuf, recvCounts, recvDispls, in.length, "neighborAlltoallv on " + name + ": recvCounts", "source");
        List<Request> sends = new ArrayList<>(out.length);
        try {
            for (int j = 0; j < out.length; j++) {
                sends.add(send(sendBuf, sendDispls[j], sendCounts[j], out[j], sendTag(j)));
            }
            MpiException problem = null;
            for (int k = 0; k < in.length; k++) {
                problem = first(problem, receive("neighborAlltoallv", recvBuf, recvDispls[k], recvCounts[k], k, in[k]));
            }
            raise(problem);
        } finally {
            Request.waitAll(sends);
        }
    }

    public void alltoallw(Object[] sendBufs, int[] sendOffsets, int[] sendCounts, Object[] recvBufs, int[] recvOffsets, int[] recvCounts) {
        int[] in = topology.sources();
        int[] out = topology.destinations();
        String kind = "neighborAlltoallw on " + name;
        CollectiveChecks.alltoallwBlocks(kind, sendBufs, sendOffsets, sendCounts, out.length, "send", "destination");
        CollectiveChecks.alltoallwBlocks(kind, recvBufs, recvOffsets, recvCounts, in.length, "recv", "source");
        List<Request> sends = new ArrayList<>(out.length);
        try {
            for (int j = 0; j < out.length; j++) {
                sends.add(send(sendBufs[j], sendOffsets[j], sendCounts[j], out[j], sendTag(j)));
            }
            MpiException problem = null;
            for (int k = 0; k < in.length; k++) {
                problem = first(problem, receive("neighborAlltoallw", recvBufs[k], recvOffsets[k], recvCounts[k], k, in[k]));
            }
            raise(problem);
        } finally {
            Request.waitAll(sends);
        }
    }

    private Request send(Object buf, int offset, int count, int dest, int tag) {
        return count == 0 ? messages.isend(EMPTY, 0, 0, dest, tag) : messages.isend(buf, offset, count, dest, tag);
    }

    /**
     * Receives source {@code k}'s block from rank {@code source} (the caller's copy of the list:
     * the topology hands out a new one each time), which must hold {@code count} elements; returns the error
     * (a count that disagrees, naming both; a block too large for its place or of another type)
     * instead of throwing it, so that the caller still receives every other block and no
     * neighbour's send is left waiting. A message refused for its size or type stays queued on
     * both engines, so it is taken off here: it must not meet a later neighbour collective.
     */
    private MpiException receive(String kind, Object buf, int offset, int count, int k, int source) {
        Status st = Status.create();
        Object into = count == 0 ? EMPTY : buf;
        String where = kind + " on " + name + ": source " + k + " (rank " + source + ")";
        try {
            messages.recv(into, count == 0 ? 0 : offset, count, source, recvTag(k), st);
        } catch (MpiException e) {
            if (e.errorClass() == ErrorClass.TRUNCATE || e.errorClass() == ErrorClass.TYPE) {
                discard(source, recvTag(k), Datatype.of(into));
            }
            return new MpiException(e.errorClass(), where + ": " + e.getMessage(), e);
        }
        if (source != Mpi.PROC_NULL && st.count() != count) {
            return new MpiException(ErrorClass.COUNT, where + " sent " + st.count() + " elements but this rank receives " + count
                    + " from it: a pair's counts must agree");
        }
        return null;
    }

    /** Receives the refused message from {@code source} whole, as elements of {@code like}'s type or another of its size, else as bytes. */
    private void discard(int source, int tag, Datatype like) {
        long bytes = messages.probe(source, tag).bytes();
        List<Datatype> tries = new ArrayList<>(List.of(like));
        for (Datatype t : Datatype.values()) {
            if (t != like && t.size == like.size) {
                tries.add(t);
            }
        }
        tries.add(Datatype.BYTE);
        for (Datatype t : tries) {
            if (bytes % t.size != 0) {
                continue;
            }
            int n = Math.toIntExact(bytes / t.size);
            try {
                messages.recv(t.newArray(n), 0, n, source, tag, null);
                return;
            } catch (RuntimeException e) {
                // not this type: the message is still there, try the next
            }
        }
    }

    private static MpiException first(MpiException problem, MpiException next) {
        return problem != null ? problem : next;
    }

    private static void raise(MpiException problem) {
        if (problem != null) {
            throw problem;
        }
    }

    public <T> List<T> allgatherObject(T value) {
        int[] out = topology.destinations();
        List<Request> sends = new ArrayList<>(out.length);
        for (int j = 0; j < out.length; j++) {
            sends.add(messages.isendObject(value, out[j], sendTag(j)));
        }
        List<T> got = receiveObjects();
        Request.waitAll(sends);
        return got;
    }

    public <T> List<T> alltoallObject(List<T> values) {
        int[] out = topology.destinations();
        if (values == null || values.size() != out.length) {
            throw new MpiException(ErrorClass.COUNT, "neighborAlltoallObject on " + name + ": " + out.length + " destinations need as many "
                    + "values, got " + (values == null ? "null" : String.valueOf(values.size())));
        }
        List<Request> sends = new ArrayList<>(out.length);
        for (int j = 0; j < out.length; j++) {
            sends.add(messages.isendObject(values.get(j), out[j], sendTag(j)));
        }
        List<T> got = receiveObjects();
        Request.waitAll(sends);
        return got;
    }

    private <T> List<T> receiveObjects() {
        int[] in = topology.sources();
        List<T> got = new ArrayList<>(in.length);
        for (int k = 0; k < in.length; k++) {
            got.add(messages.recvObject(in[k], recvTag(k)));
        }
        return Collections.unmodifiableList(got);
    }
}
