package org.parallel4j.mpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Communicators, groups and Cartesian topologies. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CommunicatorTest {

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void dupHasItsOwnContext(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            Comm d = c.dup();
            assertEquals(Comparison.CONGRUENT, c.compare(d));
            assertEquals(Comparison.IDENT, c.compare(c));
            // The same tag on two communicators: each receive gets its own communicator's message.
            c.isend(new int[] {1}, c.rank(), 0);
            d.isend(new int[] {2}, c.rank(), 0);
            int[] v = new int[1];
            d.recv(v, c.rank(), 0);
            assertEquals(2, v[0]);
            c.recv(v, c.rank(), 0);
            assertEquals(1, v[0]);
            d.free();
            assertTrue(d.isFreed());
            MpiException e = assertThrows(MpiException.class, () -> d.send(new int[1], 0, 0));
            assertEquals(ErrorClass.COMM, e.errorClass());
            assertTrue(e.getMessage().contains("freed"));
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void splitByColorOrdersByKey(int ranks) {
        CommMatrix.launch(ranks, w -> {
            Comm s = w.split(w.rank() % 3, w.size() - w.rank());
            int members = (w.size() - w.rank() % 3 + 2) / 3;
            assertEquals(members, s.size());
            // key descending with world rank: highest world rank is rank 0
            assertEquals(members - 1 - w.rank() / 3, s.rank());
            assertEquals(sumOfColor(w.size(), w.rank() % 3), s.allreduce(w.rank(), Op.SUM));
            Comm onlyZero = w.split(w.rank() == 0 ? 0 : Mpi.UNDEFINED, 0);
            if (w.rank() == 0) {
                assertEquals(1, onlyZero.size());
            } else {
                assertNull(onlyZero, "a rank that split with UNDEFINED got a communicator");
            }
            Comm reversed = w.split(0, -w.rank());
            assertEquals(w.size() == 1 ? Comparison.CONGRUENT : Comparison.SIMILAR, w.compare(reversed));
            assertEquals(w.size() - 1 - w.rank(), reversed.rank());
            MpiException bad = assertThrows(MpiException.class, () -> w.split(-5, 0));
            assertTrue(bad.getMessage().contains("color -5"));
        });
    }

    private static int sumOfColor(int n, int color) {
        int s = 0;
        for (int r = color; r < n; r += 3) {
            s += r;
        }
        return s;
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void groupsInclExclTranslateAndCreate(int ranks) {
        CommMatrix.launch(ranks, w -> {
            Group g = w.group();
            assertEquals(w.size(), g.size());
            assertEquals(w.rank(), g.rank());
            int[] odd = java.util.stream.IntStream.range(0, w.size()).filter(r -> r % 2 == 1).toArray();
            Group evens = g.excl(odd);
            Group reversed = g.incl(java.util.stream.IntStream.range(0, w.size()).map(r -> w.size() - 1 - r).toArray());
            assertEquals(w.size() == 1 ? Comparison.IDENT : Comparison.SIMILAR, g.compare(reversed));
            assertArrayEquals(new int[] {w.size() - 1}, g.translateRanks(new int[] {0}, reversed));
            assertEquals((w.size() + 1) / 2, evens.size());
            int last = w.size() - 1;
            assertEquals(last % 2 == 0 ? last / 2 : Mpi.UNDEFINED, g.translateRanks(new int[] {last}, evens)[0]);
            assertEquals(g.size(), evens.union(g.incl(odd)).size());
            assertEquals(w.size() <= 2 ? Comparison.IDENT : Comparison.SIMILAR, evens.union(g.incl(odd)).compare(g));
            assertEquals(0, evens.intersection(g.incl(odd)).size());
            assertEquals(evens, g.difference(g.incl(odd)));
            Comm e = w.create(evens);
            if (w.rank() % 2 == 0) {
                assertEquals(w.rank() / 2, e.rank());
                assertEquals(evens.size(), e.size());
                e.barrier();
            } else {
                assertNull(e);
            }
            MpiException bad = assertThrows(MpiException.class, () -> g.incl(w.size()));
            assertEquals(ErrorClass.RANK, bad.errorClass());
            assertTrue(bad.getMessage().contains(String.valueOf(w.size())));
        });
    }

    @Test
    void dimsCreateBalancesTheFactors() {
        assertArrayEquals(new int[] {3, 2}, CartComm.dimsCreate(6, new int[2]));
        assertArrayEquals(new int[] {2, 2, 2}, CartComm.dimsCreate(8, new int[3]));
        assertArrayEquals(new int[] {7, 1}, CartComm.dimsCreate(7, new int[2]));
        assertArrayEquals(new int[] {2, 3}, CartComm.dimsCreate(6, new int[] {2, 0}));
        MpiException e = assertThrows(MpiException.class, () -> CartComm.dimsCreate(7, new int[] {2, 0}));
        assertEquals(ErrorClass.TOPOLOGY, e.errorClass());
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void cartesianShiftsAndHaloExchange(int ranks) {
        CommMatrix.launch(ranks, w -> {
            int[] dims = CartComm.dimsCreate(w.size(), new int[2]);
            CartComm grid = w.createCart(dims, new boolean[] {true, false}, false);
            int[] me = grid.coords(grid.rank());
            assertEquals(grid.rank(), grid.rank(me));
            CartComm.Shift down = grid.shift(0, 1);
            assertEquals(grid.rank(new int[] {me[0] + 1, me[1]}), down.dest());
            assertEquals(grid.rank(new int[] {me[0] - 1, me[1]}), down.source());
            CartComm.Shift right = grid.shift(1, 1);
            assertEquals(me[1] == dims[1] - 1 ? Mpi.PROC_NULL : grid.rank(new int[] {me[0], me[1] + 1}), right.dest());
            // halo exchange along dimension 0 (periodic)
            int[] halo = new int[1];
            grid.sendrecv(new int[] {grid.rank()}, down.dest(), 0, halo, down.source(), 0, null);
            assertEquals(down.source(), halo[0]);
            CartComm row = grid.sub(new boolean[] {false, true});
            assertEquals(dims[1], row.size());
            assertEquals(me[1], row.rank());
            assertArrayEquals(new int[] {dims[1]}, row.dims());
            MpiException e = assertThrows(MpiException.class, () -> grid.rank(new int[] {0, dims[1]}));
            assertEquals(ErrorClass.TOPOLOGY, e.errorClass());
        });
    }

    @Test
    void worldCannotBeFreed() {
        CommMatrix.launch(2, w -> {
            MpiException e = assertThrows(MpiException.class, w::free);
            assertEquals(ErrorClass.COMM, e.errorClass());
            w.barrier();
        });
    }
}
