package org.parallel4j.mpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Dynamic processes: spawn (the parents' world of every size of the matrix, children from 1
 * to 5, a root other than 0), the parent intercommunicator in the children, point-to-point
 * both ways, every intercommunicator collective with the root convention checked against
 * what each side sent, merge in both orders, createIntercomm between the halves of a world,
 * disconnect, and the errors: bad roots, bad counts, a class with no main, an intracommunicator
 * collective on an intercommunicator.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DynamicProcessTest {
    /** The children's program: exercises the parent intercommunicator from the children's side. */
    public static final class Child {
        private Child() {
        }

        public static void main(String[] args) {
            Intercomm parent = Mpi.parent();
            int kids = Integer.parseInt(args[0]);
            int parents = Integer.parseInt(args[1]);
            int root = Integer.parseInt(args[2]);
            Comm world = Mpi.world();
            check(world.size() == kids, "the children's world holds the children: " + world.size());
            check(parent.size() == kids && parent.rank() == world.rank(), "local group = the children");
            check(parent.remoteSize() == parents, "remote group = the parents: " + parent.remoteSize());
            // Point-to-point: every child greets the parent of its rank modulo the parents, which answers.
            int p = parent.rank() % parents;
            parent.send(new int[] {100 + parent.rank()}, p, 1);
            int[] answer = new int[1];
            parent.recv(answer, p, 2);
            check(answer[0] == 1000 * p + parent.rank(), "answer " + answer[0]);
            // bcast from the parents' root.
            long[] b = new long[3];
            parent.bcast(b, root);
            check(b[0] == 7 && b[2] == 9, "bcast " + java.util.Arrays.toString(b));
            check("from the root".equals(parent.bcastObject(null, root)), "bcastObject");
            // The children's rank 0 is the root of a bcast to the parents.
            parent.bcast(new double[] {2.5}, parent.rank() == 0 ? Mpi.ROOT : Mpi.PROC_NULL);
            // reduce to the parents' root: the sum of the children's ranks.
            parent.reduce(new long[] {parent.rank(), 1}, null, Op.SUM, root);
            parent.reduceObject("c" + parent.rank(), String::concat, root);
            // allreduce: the children get the parents' sum, the parents the children's.
            long[] all = new long[1];
            parent.allreduce(new long[] {10 + parent.rank()}, all, Op.SUM);
            check(all[0] == (long) parents * (parents - 1) / 2, "allreduce at a child: " + all[0]);
            // gather to the parents' root, scatter from it, allgather.
            parent.gather(new int[] {parent.rank(), -parent.rank()}, null, root);
            int[] mine = new int[2];
            parent.scatter(null, mine, root);
            check(mine[0] == 50 + parent.rank() && mine[1] == 60 + parent.rank(), "scatter");
            int[] everyParent = new int[parents];
            parent.allgather(new int[] {parent.rank() * 3}, everyParent);
            for (int j = 0; j < parents; j++) {
                check(everyParent[j] == j * 7, "allgather at a child");
            }
            List<Integer> parentsRanks = parent.allgatherObject(parent.rank());
            check(parentsRanks.size() == parents && parentsRanks.get(parents - 1) == parents - 1, "allgatherObject");
            parent.barrier();
            // merge with the children first.
            Comm merged = parent.merge(false);
            check(merged.size() == kids + parents && merged.rank() == parent.rank(), "merged: children first");
            check(merged.allreduce(1, Op.SUM) == kids + parents, "the merged communicator works");
            merged.free();
            parent.disconnect();
        }

        private static void check(boolean ok, String what) {
            if (!ok) {
                throw new AssertionError("child " + Mpi.world().rank() + ": " + what);
            }
        }
    }

    /** A child that only disconnects. */
    public static final class Quiet {
        private Quiet() {
        }

        public static void main(String[] args) {
            Mpi.parent().disconnect();
        }
    }

    /** A child that tells its parent where it runs. */
    public static final class WhereAmI {
        private WhereAmI() {
        }

        public static void main(String[] args) {
            Intercomm parent = Mpi.parent();
            parent.sendObject(System.getProperty("user.dir"), 0, 3);
            parent.disconnect();
        }
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    @Requires(Capability.SPAWN)
    void spawnTakesHints(int ranks) throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("p4j-wdir").toRealPath();
        CommMatrix.launch(ranks, w -> {
            Info hints = Info.of("wdir", dir.toString());
            Intercomm c = w.spawn(WhereAmI.class.getName(), null, 1, hints, 0);
            if (w.rank() == 0) {
                String where = c.recvObject(0, 3);
                if (Capability.engine().equals("mpi")) {
                    assertEquals(dir.toString(), where, "the library started the child in wdir");
                } else {
                    assertTrue(where != null, "the thread engine ignores the hint");
                }
            }
            c.disconnect();
        });
        MpiException bad = assertThrows(MpiException.class, () -> Info.of("odd"));
        assertEquals(ErrorClass.ARG, bad.errorClass());
        assertThrows(MpiException.class, () -> Info.NULL.with(" ", "x"));
        assertThrows(MpiException.class, () -> Info.NULL.with("k", "v".repeat(Info.MAX_VALUE + 1)));
        assertEquals("b", Info.of("a", "b").get("a"));
    }

    static List<Object[]> spawnCells() {
        List<Object[]> out = new ArrayList<>();
        for (int parents : CommMatrix.RANKS) {
            out.add(new Object[] {parents, 1 + parents % 5, parents - 1});
        }
        out.add(new Object[] {2, 5, 0});
        return out;
    }

    @ParameterizedTest(name = "{0} parents spawn {1} children, root {2}")
    @MethodSource("spawnCells")
    @Requires(Capability.SPAWN)
    void spawnedChildrenTalkToTheirParentsThroughEveryCollective(int parents, int kids, int root) {
        CommMatrix.launch(parents, w -> {
            assertNull(Mpi.parent(), "nobody spawned the parents");
            Intercomm c = w.spawn(Child.class.getName(), new String[] {String.valueOf(kids), String.valueOf(parents), String.valueOf(root)},
                    w.rank() == root ? kids : -1, root);
            assertEquals(parents, c.size());
            assertEquals(w.rank(), c.rank());
            assertEquals(kids, c.remoteSize());
            assertEquals(kids, c.remoteGroup().size());
            // Answer every child that greets this parent.
            for (int k = 0; k < kids; k++) {
                if (k % parents == w.rank()) {
                    int[] hello = new int[1];
                    c.recv(hello, k, 1);
                    assertEquals(100 + k, hello[0]);
                    c.send(new int[] {1000 * w.rank() + k}, k, 2);
                }
            }
            boolean isRoot = w.rank() == root;
            int myRoot = isRoot ? Mpi.ROOT : Mpi.PROC_NULL;
            c.bcast(new long[] {7, 8, 9}, myRoot);
            c.bcastObject(isRoot ? "from the root" : null, myRoot);
            double[] fromChild = new double[1];
            c.bcast(fromChild, 0);
            assertEquals(2.5, fromChild[0]);
            long[] sum = new long[2];
            c.reduce(null, sum, Op.SUM, myRoot);
            String concat = c.reduceObject(null, String::concat, myRoot);
            if (isRoot) {
                assertArrayEquals(new long[] {(long) kids * (kids - 1) / 2, kids}, sum);
                StringBuilder expected = new StringBuilder();
                for (int k = 0; k < kids; k++) {
                    expected.append('c').append(k);
                }
                assertEquals(expected.toString(), concat, "combined in the children's rank order");
            } else {
                assertNull(concat);
            }
            long[] all = new long[1];
            c.allreduce(new long[] {w.rank()}, all, Op.SUM);
            assertEquals(10L * kids + (long) kids * (kids - 1) / 2, all[0], "allreduce at a parent: the children's sum");
            int[] gathered = new int[2 * kids];
            c.gather(null, isRoot ? gathered : null, myRoot);
            int[] toScatter = new int[2 * kids];
            for (int k = 0; k < kids; k++) {
                toScatter[2 * k] = 50 + k;
                toScatter[2 * k + 1] = 60 + k;
            }
            c.scatter(isRoot ? toScatter : null, null, myRoot);
            if (isRoot) {
                for (int k = 0; k < kids; k++) {
                    assertEquals(k, gathered[2 * k]);
                    assertEquals(-k, gathered[2 * k + 1]);
                }
            }
            int[] everyChild = new int[kids];
            c.allgather(new int[] {w.rank() * 7}, everyChild);
            for (int k = 0; k < kids; k++) {
                assertEquals(3 * k, everyChild[k]);
            }
            assertEquals(kids, c.allgatherObject(w.rank()).size());
            c.barrier();
            Comm merged = c.merge(true);
            assertEquals(kids + parents, merged.size());
            assertEquals(kids + w.rank(), merged.rank(), "merged: the parents after the children");
            assertEquals(kids + parents, merged.allreduce(1, Op.SUM));
            merged.free();
            c.disconnect();
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void theHalvesOfAWorldJoinByCreateIntercomm(int ranks) {
        if (ranks < 2) {
            return;
        }
        CommMatrix.launch(ranks, w -> {
            int color = w.rank() % 2;
            Comm half = w.split(color, w.rank());
            // Leaders: rank 0 of each half, world ranks 0 and 1.
            Intercomm inter = half.createIntercomm(0, w, color == 0 ? 1 : 0, 77);
            int others = ranks / 2 + (color == 0 ? 0 : ranks % 2);
            assertEquals(half.size(), inter.size());
            assertEquals(ranks - half.size(), inter.remoteSize());
            assertEquals(others, inter.remoteSize());
            // A ring across the halves: local rank r sends to remote rank r % remoteSize.
            int to = inter.rank() % inter.remoteSize();
            Request s = inter.isend(new int[] {w.rank()}, to, 5);
            int expectedFrom = 0; // the remote ranks r with r % (this group's size) == this rank
            for (int k = 0; k < inter.remoteSize(); k++) {
                if (k % inter.size() == inter.rank()) {
                    expectedFrom++;
                }
            }
            for (int i = 0; i < expectedFrom; i++) {
                int[] got = new int[1];
                Status st = Status.create();
                inter.recv(got, Mpi.ANY_SOURCE, 5, st);
                assertEquals(st.source() % inter.size(), inter.rank());
                assertEquals(1 - color, got[0] % 2, "the message came from the other half");
            }
            s.await();
            long[] sum = new long[1];
            inter.allreduce(new long[] {w.rank()}, sum, Op.SUM);
            long expected = 0;
            for (int r = 0; r < ranks; r++) {
                if (r % 2 != color) {
                    expected += r;
                }
            }
            assertEquals(expected, sum[0], "each half gets the other's sum");
            Comm merged = inter.merge(color == 1);
            assertEquals(ranks, merged.size());
            assertEquals(color == 0 ? half.rank() : ranks / 2 + ranks % 2 + half.rank(), merged.rank());
            merged.free();
            inter.free();
            half.free();
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void aLibraryThatCannotSpawnSaysSoOnEveryRank(int ranks) {
        if (Capability.ofEngine().contains(Capability.SPAWN)) {
            return;
        }
        CommMatrix.launch(ranks, w -> {
            MpiException e = assertThrows(MpiException.class, () -> w.spawn(Quiet.class.getName(), null, 1, 0));
            assertTrue(e.getMessage().contains("spawn(") && e.getMessage().contains("scheduler"), e.getMessage());
            assertEquals(ranks, w.allreduce(1, Op.SUM), "the world still works");
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    @Requires(Capability.SPAWN)
    void badArgumentsAreRefusedNamingTheValues(int ranks) {
        CommMatrix.launch(ranks, w -> {
            MpiException count = assertThrows(MpiException.class, () -> w.spawn(Quiet.class.getName(), null, 0, 0));
            assertEquals(ErrorClass.ARG, count.errorClass(), count.getMessage());
            assertTrue(count.getMessage().contains("maxprocs") && count.getMessage().contains("0"), count.getMessage());
            MpiException noMain = assertThrows(MpiException.class, () -> w.spawn("org.parallel4j.mpi.NoSuchClass", null, 1, 0));
            assertTrue(noMain.getMessage().contains("NoSuchClass"), noMain.getMessage());
            assertThrows(MpiException.class, () -> w.spawn(Quiet.class.getName(), null, 1, ranks));
            Intercomm c = w.spawn(Quiet.class.getName(), null, 2, 0);
            MpiException root = assertThrows(MpiException.class, () -> c.bcast(new int[1], 2));
            assertEquals(ErrorClass.ROOT, root.errorClass(), root.getMessage());
            assertTrue(root.getMessage().contains("Mpi.ROOT"), root.getMessage());
            if (Capability.engine().equals("threads")) {
                MpiException scan = assertThrows(MpiException.class, () -> c.scan(new int[1], new int[1], Op.SUM));
                assertEquals(ErrorClass.COMM, scan.errorClass(), scan.getMessage());
                assertTrue(scan.getMessage().contains("merge"), scan.getMessage());
                MpiException command = assertThrows(MpiException.class, () -> w.spawnCommand("/bin/true", null, 1, 0));
                assertTrue(command.getMessage().contains("MPI engine"), command.getMessage());
            }
            c.disconnect();
        });
    }
}
