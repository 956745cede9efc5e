package org.parallel4j.mpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

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
 * and {@code PROC_NULL} edges whose blocks stay untouched.
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
}
