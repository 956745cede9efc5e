package org.parallel4j.mpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
 * The neighbour collectives on Cartesian grids ({@code MPI_Neighbor_allgather} and
 * {@code MPI_Neighbor_alltoall} on a {@code MPI_Cart_create} communicator), against a serial
 * reference that finds each rank's neighbours from row-major coordinates: every grid shape of
 * one to three dimensions the rank count allows, random periods, periodic dimensions of 1 and 2
 * (both neighbours one rank: the directions must stay apart), blocks across the eager limit,
 * and {@code PROC_NULL} edges whose blocks stay untouched; the vector and per-neighbour-type forms
 * with counts that differ per pair (zero included) and displacements out of order.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CartesianNeighborTest {
    private static final long UNTOUCHED = -7;

    /** Every way to write {@code n} as an ordered product of {@code k} factors, for k = 1, 2, 3. */
    static List<int[]> shapes(int n) {
        List<int[]> out = new ArrayList<>();
        out.add(new int[] {n});
        for (int a = 1; a <= n; a++) {
            if (n % a == 0) {
                out.add(new int[] {a, n / a});
                for (int b = 1; b <= n / a; b++) {
                    if ((n / a) % b == 0) {
                        out.add(new int[] {a, b, n / a / b});
                    }
                }
            }
        }
        return out;
    }

    /** The reference: rank {@code r}'s neighbours, per dimension below then above, from row-major coordinates. */
    static int[] neighbours(int r, int[] dims, boolean[] periods) {
        int[] coords = new int[dims.length];
        for (int d = dims.length - 1, rest = r; d >= 0; d--) {
            coords[d] = rest % dims[d];
            rest /= dims[d];
        }
        int[] out = new int[2 * dims.length];
        for (int d = 0; d < dims.length; d++) {
            for (int side = 0; side < 2; side++) {
                int c = coords[d] + (side == 0 ? -1 : 1);
                if (c < 0 || c >= dims[d]) {
                    if (!periods[d]) {
                        out[2 * d + side] = Mpi.PROC_NULL;
                        continue;
                    }
                    c = Math.floorMod(c, dims[d]);
                }
                int rank = 0;
                for (int e = 0; e < dims.length; e++) {
                    rank = rank * dims[e] + (e == d ? c : coords[e]);
                }
                out[2 * d + side] = rank;
            }
        }
        return out;
    }

    private static long value(int rank, int block, int i) {
        return rank * 1_000_003L + block * 1009L + i;
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void neighbourCollectivesOnEveryGridShapeMatchTheReference(int ranks) {
        CommMatrix.launch(ranks, world -> {
            int n = world.size();
            Random rnd = new Random(2026_12_02L + n);
            for (int[] dims : shapes(n)) {
                boolean[] periods = new boolean[dims.length];
                for (int d = 0; d < dims.length; d++) {
                    // dimensions of 1 and 2 are periodic in every other round: there both neighbours are one rank
                    periods[d] = dims[d] <= 2 ? rnd.nextInt(3) > 0 : rnd.nextBoolean();
                }
                CartComm grid = world.createCart(dims, periods, false);
                int me = grid.rank();
                int[] expected = neighbours(me, dims, periods);
                String at = "grid " + Arrays.toString(dims) + " periods " + Arrays.toString(periods) + ", rank " + me;
                Topology t = grid.topology();
                assertInstanceOf(Topology.Cartesian.class, t, at);
                assertArrayEquals(expected, t.sources(), at);
                assertArrayEquals(expected, t.destinations(), at);
                int blocks = expected.length;
                for (int count : new int[] {1, 5, 3000}) {
                    long[] send = new long[count];
                    for (int i = 0; i < count; i++) {
                        send[i] = value(me, 0, i);
                    }
                    long[] got = new long[blocks * count];
                    Arrays.fill(got, UNTOUCHED);
                    grid.neighborAllgather(send, got);
                    for (int k = 0; k < blocks; k++) {
                        for (int i = 0; i < count; i += Math.max(1, count / 50)) {
                            long want = expected[k] == Mpi.PROC_NULL ? UNTOUCHED : value(expected[k], 0, i);
                            assertEquals(want, got[k * count + i], at + ": allgather block " + k + " element " + i);
                        }
                    }
                    long[] out = new long[blocks * count];
                    for (int j = 0; j < blocks; j++) {
                        for (int i = 0; i < count; i++) {
                            out[j * count + i] = value(me, j, i);
                        }
                    }
                    Arrays.fill(got, UNTOUCHED);
                    grid.neighborAlltoall(out, got);
                    for (int k = 0; k < blocks; k++) {
                        for (int i = 0; i < count; i += Math.max(1, count / 50)) {
                            // what arrives from below is what that neighbour sent up, and the other way round
                            long want = expected[k] == Mpi.PROC_NULL ? UNTOUCHED : value(expected[k], k ^ 1, i);
                            assertEquals(want, got[k * count + i], at + ": alltoall block " + k + " element " + i);
                        }
                    }
                }
                List<String> mine = new ArrayList<>();
                for (int j = 0; j < blocks; j++) {
                    mine.add(me + "->" + j);
                }
                List<String> gathered = grid.neighborAllgatherObject("rank " + me);
                List<String> exchanged = grid.neighborAlltoallObject(mine);
                for (int k = 0; k < blocks; k++) {
                    if (expected[k] == Mpi.PROC_NULL) {
                        assertNull(gathered.get(k), at);
                        assertNull(exchanged.get(k), at);
                    } else {
                        assertEquals("rank " + expected[k], gathered.get(k), at);
                        assertEquals(expected[k] + "->" + (k ^ 1), exchanged.get(k), at);
                    }
                }
                grid.free();
            }
        });
    }

    /** How many elements rank {@code r} sends in direction {@code j} (0 included; {@code big} crosses the eager limit). */
    private static int count(int r, int j, int big) {
        return ((r * 7 + j * 3) % 5) * big;
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void vectorAndPerNeighbourTypeFormsMatchTheReference(int ranks) {
        CommMatrix.launch(ranks, world -> {
            int n = world.size();
            Random rnd = new Random(2026_12_03L + n);
            for (int[] dims : shapes(n)) {
                boolean[] periods = new boolean[dims.length];
                for (int d = 0; d < dims.length; d++) {
                    periods[d] = dims[d] <= 2 ? rnd.nextInt(3) > 0 : rnd.nextBoolean();
                }
                CartComm grid = world.createCart(dims, periods, false);
                int me = grid.rank();
                int[] nb = neighbours(me, dims, periods);
                int blocks = nb.length;
                String at = "grid " + Arrays.toString(dims) + " periods " + Arrays.toString(periods) + ", rank " + me;
                for (int big : new int[] {1, 700}) {
                    // allgatherv: rank r sends count(r, 0, big) elements to every neighbour; blocks land in reverse order, with gaps
                    long[] send = new long[count(me, 0, big) + 3];
                    for (int i = 0; i < send.length; i++) {
                        send[i] = value(me, 0, i);
                    }
                    int[] counts = new int[blocks];
                    int[] displs = new int[blocks];
                    int total = 0;
                    for (int k = blocks - 1; k >= 0; k--) {
                        counts[k] = nb[k] == Mpi.PROC_NULL ? 0 : count(nb[k], 0, big);
                        displs[k] = total + 1;
                        total += counts[k] + 1;
                    }
                    long[] got = new long[total + 1];
                    Arrays.fill(got, UNTOUCHED);
                    grid.neighborAllgatherv(send, count(me, 0, big), got, counts, displs);
                    long[] want = new long[total + 1];
                    Arrays.fill(want, UNTOUCHED);
                    for (int k = 0; k < blocks; k++) {
                        for (int i = 0; i < counts[k]; i++) {
                            want[displs[k] + i] = value(nb[k], 0, i);
                        }
                    }
                    assertArrayEquals(want, got, at + ": neighborAllgatherv, scale " + big);
                    // alltoallv: count(r, j, big) elements to direction j, from displacements in reverse order
                    int[] sc = new int[blocks];
                    int[] sd = new int[blocks];
                    int sTotal = 0;
                    for (int j = blocks - 1; j >= 0; j--) {
                        sc[j] = count(me, j, big);
                        sd[j] = sTotal;
                        sTotal += sc[j];
                    }
                    long[] out = new long[sTotal];
                    for (int j = 0; j < blocks; j++) {
                        for (int i = 0; i < sc[j]; i++) {
                            out[sd[j] + i] = value(me, j, i);
                        }
                    }
                    int[] rc = new int[blocks];
                    int[] rd = new int[blocks];
                    int rTotal = 0;
                    for (int k = 0; k < blocks; k++) {
                        rc[k] = nb[k] == Mpi.PROC_NULL ? 0 : count(nb[k], k ^ 1, big); // what the neighbour sent this way
                        rd[k] = rTotal;
                        rTotal += rc[k];
                    }
                    long[] in = new long[rTotal];
                    grid.neighborAlltoallv(out, sc, sd, in, rc, rd);
                    for (int k = 0; k < blocks; k++) {
                        for (int i = 0; i < rc[k]; i++) {
                            assertEquals(value(nb[k], k ^ 1, i), in[rd[k] + i], at + ": neighborAlltoallv block " + k + " element " + i);
                        }
                    }
                    // alltoallw: direction j sends longs when j is even, doubles when odd; zero counts have no buffer
                    Object[] wOut = new Object[blocks];
                    Object[] wIn = new Object[blocks];
                    int[] offsets = new int[blocks];
                    Arrays.fill(offsets, 2);
                    for (int j = 0; j < blocks; j++) {
                        if (sc[j] > 0) {
                            long[] l = new long[sc[j] + 2];
                            double[] d = new double[sc[j] + 2];
                            for (int i = 0; i < sc[j]; i++) {
                                l[i + 2] = value(me, j, i);
                                d[i + 2] = value(me, j, i) + 0.5;
                            }
                            wOut[j] = j % 2 == 0 ? l : d;
                        }
                        int from = (j ^ 1) % 2; // the sender's direction decides the type
                        if (rc[j] > 0) {
                            wIn[j] = from == 0 ? new long[rc[j] + 2] : new double[rc[j] + 2];
                        }
                    }
                    grid.neighborAlltoallw(wOut, offsets, sc, wIn, offsets, rc);
                    for (int k = 0; k < blocks; k++) {
                        for (int i = 0; i < rc[k]; i++) {
                            double v = wIn[k] instanceof long[] l ? l[i + 2] : ((double[]) wIn[k])[i + 2];
                            double expect = value(nb[k], k ^ 1, i) + ((k ^ 1) % 2 == 0 ? 0 : 0.5);
                            assertEquals(expect, v, 0.0, at + ": neighborAlltoallw block " + k + " element " + i);
                        }
                    }
                }
                // counts that disagree with what the neighbours send: an error naming both, not a hang, and every block still received
                boolean anySource = Arrays.stream(nb).anyMatch(r -> r != Mpi.PROC_NULL);
                int[] ones = new int[blocks];
                int[] twos = new int[blocks];
                int[] at1 = new int[blocks];
                int[] at2 = new int[blocks];
                for (int k = 0; k < blocks; k++) {
                    ones[k] = 1;
                    twos[k] = 2;
                    at1[k] = k;
                    at2[k] = 2 * k;
                }
                long[] few = new long[blocks];
                long[] more = new long[2 * blocks];
                if (anySource) {
                    MpiException e = assertThrows(MpiException.class, () -> grid.neighborAlltoallv(few, ones, at1, more, twos, at2), at);
                    assertTrue(e.getMessage().contains("sent 1 elements but this rank receives 2"), e.getMessage());
                    // and the other way round: more than the place for it
                    MpiException t = assertThrows(MpiException.class, () -> grid.neighborAlltoallv(more, twos, at2, few, ones, at1), at);
                    assertTrue(t.getMessage().contains("neighborAlltoallv on"), t.getMessage());
                } else {
                    grid.neighborAlltoallv(few, ones, at1, more, twos, at2);
                }
                grid.neighborAllgather(new long[] {me}, new long[blocks]); // the grid still works: nothing was left unmatched
                MpiException bad = assertThrows(MpiException.class,
                        () -> grid.neighborAllgatherv(new long[1], 1, new long[blocks], new int[Math.max(0, blocks - 1)], new int[blocks]), at);
                assertTrue(bad.getMessage().contains("one entry per source (" + blocks + ")"), bad.getMessage());
                grid.free();
            }
        });
    }
}
