package org.parallel4j.mpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Graph and distributed-graph topologies and the neighbour collectives (the vector forms with
 * per-edge counts too), against serial
 * references computed from the same random graphs on every rank (repeated edges included,
 * blocks across the eager limits), and their errors.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GraphTopologyTest {
    static long value(int rank, int i) {
        return rank * 1_000_003L + i * 7L + 1;
    }

    /** A random directed multigraph: destinations[r] lists r's out-edges (repeats allowed). */
    static int[][] randomDestinations(int n, Random rnd) {
        int[][] d = new int[n][];
        for (int r = 0; r < n; r++) {
            d[r] = new int[rnd.nextInt(4)];
            for (int i = 0; i < d[r].length; i++) {
                d[r][i] = rnd.nextInt(n);
            }
        }
        return d;
    }

    /** The sources consistent with {@code d}: for each rank, the ranks naming it, in rank order (then position). */
    static int[] sourcesOf(int[][] d, int me) {
        List<Integer> in = new ArrayList<>();
        for (int r = 0; r < d.length; r++) {
            for (int x : d[r]) {
                if (x == me) {
                    in.add(r);
                }
            }
        }
        return in.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Which of sender {@code s}'s blocks receiver {@code me}'s k-th appearance of s gets: the k-th edge s→me. */
    static int blockFrom(int[][] d, int s, int me, int occurrence) {
        int seen = 0;
        for (int j = 0; j < d[s].length; j++) {
            if (d[s][j] == me && seen++ == occurrence) {
                return j;
            }
        }
        throw new AssertionError("no such edge");
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void distGraphNeighbourCollectivesMatchTheSerialReference(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            int n = c.size();
            int me = c.rank();
            Random rnd = new Random(ranks * 97L + kind.hashCode());
            int[][] d = randomDestinations(n, rnd);
            int block = 1 + rnd.nextInt(1500);
            int[] sources = sourcesOf(d, me);
            Comm g = c.createDistGraphAdjacent(sources, null, d[me], null, false);
            assertArrayEquals(sources, g.topology().sources());
            assertArrayEquals(d[me], g.topology().destinations());
            long[] mine = new long[block];
            for (int i = 0; i < block; i++) {
                mine[i] = value(me, i);
            }
            long[] all = new long[block * sources.length];
            g.neighborAllgather(mine, all);
            for (int k = 0; k < sources.length; k++) {
                assertEquals(value(sources[k], block - 1), all[k * block + block - 1], "neighborAllgather block " + k);
            }
            long[] send = new long[block * d[me].length];
            for (int j = 0; j < d[me].length; j++) {
                for (int i = 0; i < block; i++) {
                    send[j * block + i] = value(me, j * 10_000 + i);
                }
            }
            long[] recv = new long[block * sources.length];
            g.neighborAlltoall(send, recv);
            int[] seen = new int[n];
            for (int k = 0; k < sources.length; k++) {
                int s = sources[k];
                int j = blockFrom(d, s, me, seen[s]++);
                assertEquals(value(s, j * 10_000), recv[k * block], "neighborAlltoall block " + k + " from " + s);
                assertEquals(value(s, j * 10_000 + block - 1), recv[k * block + block - 1]);
            }
            // the vector forms: rank s sends (s + j) % 3 * block elements on its out-edge j (0 included), reverse displacements
            int[] sc = new int[d[me].length];
            int[] sd = new int[d[me].length];
            int sTotal = 0;
            for (int j = d[me].length - 1; j >= 0; j--) {
                sc[j] = (me + j) % 3 * block;
                sd[j] = sTotal;
                sTotal += sc[j];
            }
            long[] vs = new long[sTotal];
            for (int j = 0; j < d[me].length; j++) {
                for (int i = 0; i < sc[j]; i++) {
                    vs[sd[j] + i] = value(me, j * 10_000 + i);
                }
            }
            int[] rc = new int[sources.length];
            int[] rd = new int[sources.length];
            int[] edge = new int[sources.length];
            Arrays.fill(seen, 0);
            int rTotal = 0;
            for (int k = 0; k < sources.length; k++) {
                edge[k] = blockFrom(d, sources[k], me, seen[sources[k]]++);
                rc[k] = (sources[k] + edge[k]) % 3 * block;
                rd[k] = rTotal;
                rTotal += rc[k];
            }
            long[] vr = new long[rTotal];
            g.neighborAlltoallv(vs, sc, sd, vr, rc, rd);
            for (int k = 0; k < sources.length; k++) {
                for (int i = 0; i < rc[k]; i += Math.max(1, rc[k] / 7)) {
                    assertEquals(value(sources[k], edge[k] * 10_000 + i), vr[rd[k] + i], "neighborAlltoallv block " + k + " element " + i);
                }
            }
            int[] gc = new int[sources.length];
            int[] gd = new int[sources.length];
            for (int k = 0; k < sources.length; k++) {
                gc[k] = sources[k] % 2 * block;
                gd[k] = k * block;
            }
            long[] gathered = new long[block * sources.length];
            g.neighborAllgatherv(mine, me % 2 * block, gathered, gc, gd);
            for (int k = 0; k < sources.length; k++) {
                assertEquals(gc[k] == 0 ? 0 : value(sources[k], block - 1), gathered[k * block + block - 1], "neighborAllgatherv block " + k);
            }
            List<String> names = g.neighborAllgatherObject("r" + me);
            for (int k = 0; k < sources.length; k++) {
                assertEquals("r" + sources[k], names.get(k));
            }
            List<Integer> out = new ArrayList<>();
            for (int j = 0; j < d[me].length; j++) {
                out.add(me * 100 + j);
            }
            List<Integer> got = g.neighborAlltoallObject(out);
            Arrays.fill(seen, 0);
            for (int k = 0; k < sources.length; k++) {
                int s = sources[k];
                assertEquals(s * 100 + blockFrom(d, s, me, seen[s]++), got.get(k));
            }
            g.free();
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void aGraphOverPartOfTheRanksAndADistGraphFromNamedEdges(int ranks) {
        CommMatrix.launch(ranks, w -> {
            int n = w.size();
            int me = w.rank();
            // A ring (undirected: both ways) over the first max(1, n-1) ranks.
            int nodes = Math.max(1, n - 1);
            int[] index = new int[nodes];
            List<Integer> edges = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                if (nodes > 1) {
                    edges.add((i + nodes - 1) % nodes);
                    edges.add((i + 1) % nodes);
                }
                index[i] = edges.size();
            }
            int[] e = edges.stream().mapToInt(Integer::intValue).toArray();
            Comm g = w.createGraph(index, e, false);
            if (me >= nodes) {
                assertNull(g, "a rank beyond the graph gets null");
            } else {
                Topology.Graph t = (Topology.Graph) g.topology();
                assertArrayEquals(t.neighbors(me), t.sources());
                int[] got = new int[t.sources().length];
                g.neighborAllgather(new int[] {me}, got);
                assertArrayEquals(t.sources(), got, "each neighbour sends its rank");
                g.free();
            }
            // createDistGraph: rank 0 names every edge r -> r+1 (a chain), the others none.
            int[] srcs = me == 0 ? java.util.stream.IntStream.range(0, n - 1).toArray() : new int[0];
            int[] degrees = new int[srcs.length];
            Arrays.fill(degrees, 1);
            int[] dests = me == 0 ? java.util.stream.IntStream.range(1, n).toArray() : new int[0];
            int[] weights = me == 0 ? java.util.stream.IntStream.range(1, n).map(x -> 10 * x).toArray() : new int[0];
            Comm chain = w.createDistGraph(srcs, degrees, dests, weights, false);
            Topology.DistGraph t = (Topology.DistGraph) chain.topology();
            assertArrayEquals(me == 0 ? new int[0] : new int[] {me - 1}, t.sources());
            assertArrayEquals(me == n - 1 ? new int[0] : new int[] {me + 1}, t.destinations());
            assertArrayEquals(me == n - 1 ? new int[0] : new int[] {10 * (me + 1)}, t.destinationWeights());
            double[] left = new double[t.sources().length];
            chain.neighborAllgather(new double[] {me + 0.5}, left);
            if (me > 0) {
                assertEquals(me - 0.5, left[0]);
            }
            chain.free();
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void badGraphsAreRefusedOnEveryRankNamingTheValues(int ranks) {
        CommMatrix.launch(ranks, w -> {
            int n = w.size();
            MpiException noTopology = assertThrows(MpiException.class, () -> w.neighborAllgather(new int[1], new int[1]));
            assertEquals(ErrorClass.TOPOLOGY, noTopology.errorClass(), noTopology.getMessage());
            MpiException edge = assertThrows(MpiException.class, () -> w.createGraph(new int[] {1}, new int[] {n + 3}, false));
            assertTrue(edge.getMessage().contains(String.valueOf(n + 3)), edge.getMessage());
            MpiException order = assertThrows(MpiException.class, () -> w.createGraph(new int[] {2, 1}, new int[] {0, 0}, false));
            assertEquals(ErrorClass.TOPOLOGY, order.errorClass(), order.getMessage());
            // Only rank 0's arguments are bad: every rank fails, none waits.
            MpiException one = assertThrows(MpiException.class,
                    () -> w.createDistGraphAdjacent(new int[0], null, w.rank() == 0 ? new int[] {-1} : new int[0], null, false));
            assertEquals(ErrorClass.TOPOLOGY, one.errorClass(), one.getMessage());
            if (n > 1) {
                // Sources that do not match the destinations the others name.
                MpiException mismatch = assertThrows(MpiException.class,
                        () -> w.createDistGraphAdjacent(new int[0], null, w.rank() == 0 ? new int[] {1} : new int[0], null, false));
                assertTrue(mismatch.getMessage().contains("sources") || mismatch.getMessage().contains("another rank"), mismatch.getMessage());
            }
            Comm self = w.createDistGraphAdjacent(new int[] {w.rank(), w.rank()}, null, new int[] {w.rank(), w.rank()}, null, false);
            MpiException sizes = assertThrows(MpiException.class, () -> self.neighborAlltoall(new int[3], new int[2]));
            assertEquals(ErrorClass.COUNT, sizes.errorClass(), sizes.getMessage());
            self.free();
            assertEquals(n, w.allreduce(1, Op.SUM), "the world still works");
        });
    }
}
