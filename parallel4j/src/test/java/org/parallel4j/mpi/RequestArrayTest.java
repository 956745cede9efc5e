package org.parallel4j.mpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** MPI's rules for arrays of requests: completed requests become inactive; null and inactive entries are skipped. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RequestArrayTest {

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void waitAnyReturnsEachRequestOnceThenUndefined(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            int n = 5;
            Request[] rs = new Request[n + 2];
            int[][] bufs = new int[n][1];
            for (int i = 0; i < n; i++) {
                rs[i] = c.irecv(bufs[i], c.rank(), i);
            }
            rs[n] = null;
            rs[n + 1] = Request.NULL;
            for (int i = n - 1; i >= 0; i--) {
                c.send(new int[] {10 + i}, c.rank(), i);
            }
            Set<Integer> seen = new HashSet<>();
            for (int k = 0; k < n; k++) {
                int i = Request.waitAny(rs);
                assertTrue(i >= 0 && i < n, "index " + i);
                assertTrue(seen.add(i), "waitAny returned " + i + " twice");
                assertFalse(rs[i].isActive());
                assertEquals(10 + i, bufs[i][0]);
            }
            assertEquals(Mpi.UNDEFINED, Request.waitAny(rs));
            assertEquals(Mpi.UNDEFINED, Request.testAny(rs));
            assertNull(Request.waitSome(rs));
            assertNull(Request.testSome(rs));
            assertTrue(Request.testAll(rs));
            Request.waitAll(rs); // nothing active: returns at once
            assertEquals(Mpi.UNDEFINED, Request.waitAny(new Request[] {null, Request.NULL}));
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void waitSomeAndTestSomeReportEveryCompleteRequestOnce(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            int n = 6;
            Request[] rs = new Request[n];
            for (int i = 0; i < n; i++) {
                rs[i] = c.irecv(new double[3], c.rank(), 20 + i);
            }
            assertArrayEquals(new int[0], Request.testSome(rs));
            assertEquals(-1, Request.testAny(rs));
            assertFalse(Request.testAll(rs));
            c.send(new double[3], c.rank(), 21);
            c.send(new double[3], c.rank(), 24);
            assertArrayEquals(new int[] {1, 4}, Request.waitSome(rs));
            assertArrayEquals(new int[0], Request.testSome(rs));
            for (int i : new int[] {0, 2, 3, 5}) {
                c.send(new double[3], c.rank(), 20 + i);
            }
            List<Integer> rest = new ArrayList<>();
            while (rest.size() < 4) {
                int[] some = Request.waitSome(rs);
                for (int i : some) {
                    rest.add(i);
                }
            }
            rest.sort(null);
            assertEquals(List.of(0, 2, 3, 5), rest);
            assertNull(Request.waitSome(rs));
        });
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void persistentRequestsAreInactiveBetweenStarts(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            int[] in = new int[1];
            PersistentRequest recv = c.recvInit(in, c.rank(), 3);
            PersistentRequest send = c.sendInit(new int[] {42}, c.rank(), 3);
            assertFalse(recv.isActive());
            assertEquals(Mpi.UNDEFINED, Request.waitAny(recv, send));
            for (int round = 0; round < 3; round++) {
                PersistentRequest.startAll(recv, send);
                assertTrue(recv.isActive());
                int done = 0;
                while (Request.waitAny(recv, send) != Mpi.UNDEFINED) {
                    done++;
                }
                assertEquals(2, done);
                assertEquals(42, in[0]);
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void aTimedWaitAnyThatRunsOutReturnsMinusOne(int ranks) {
        CommMatrix.launch(ranks, c -> {
            Request r = c.irecv(new int[1], c.rank(), 77);
            assertEquals(-1, Request.waitAny(5, TimeUnit.MILLISECONDS, r, null));
            assertTrue(r.isActive());
            assertTrue(r.cancel());
            assertTrue(r.await().isCancelled());
            assertEquals(Mpi.UNDEFINED, Request.waitAny(r));
        });
    }
}
