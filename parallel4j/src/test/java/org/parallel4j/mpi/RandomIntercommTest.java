package org.parallel4j.mpi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parallel4j.RandomTries;

/**
 * Intercommunicator collectives against a serial model of MPI's root convention: the world
 * split at random into two groups (random keys, so that local ranks differ from world ranks),
 * joined by {@code createIntercomm}, then random sequences of bcast, reduce, allreduce,
 * gather, scatter, allgather and their object forms, rooted in either group at a random rank,
 * with counts across the engines' limits. A rooted collective moves data between the root and
 * the other group, the root's own group passing PROC_NULL and keeping its buffers; allreduce
 * and allgather give each group the other's data, in the other group's rank order (a
 * non-commutative object reduction shows the order).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RandomIntercommTest {
    static long value(int k, int worldRank, int i) {
        return k * 1_000_003L + worldRank * 10_007L + i + 1;
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {2, 3, 4, 5})
    void everyIntercommCollectiveFollowsTheRootConvention(int ranks) {
        CommMatrix.launch(ranks, Duration.ofSeconds(90), world -> RandomTries.run(10, r -> {
            int n = world.size(), me = world.rank();
            int[] side = new int[n], key = new int[n];
            int one = r.nextInt(n), zero = (one + 1 + r.nextInt(n - 1)) % n; // both groups non-empty
            for (int q = 0; q < n; q++) {
                side[q] = q == one ? 1 : q == zero ? 0 : r.nextInt(2);
                key[q] = r.nextInt(3);
            }
            List<List<Integer>> members = new ArrayList<>(); // world ranks of each group, in local rank order
            for (int g = 0; g < 2; g++) {
                List<Integer> m = new ArrayList<>();
                for (int q = 0; q < n; q++) {
                    if (side[q] == g) {
                        m.add(q);
                    }
                }
                m.sort(Comparator.<Integer>comparingInt(q -> key[q]).thenComparingInt(q -> q));
                members.add(m);
            }
            int mine = side[me], other = 1 - mine;
            String what = "groups " + members + " (keys " + Arrays.toString(key) + ")";
            Comm local = world.split(mine, key[me]);
            Intercomm inter = local.createIntercomm(0, world, members.get(other).get(0), 77);
            List<Integer> remote = members.get(other);
            expect(members.get(mine).indexOf(me), inter.rank(), "rank, " + what);
            expect(remote.size(), inter.remoteSize(), "remote size, " + what);
            int steps = 1 + r.nextInt(6);
            for (int step = 0; step < steps; step++) {
                int k = step;
                int rootSide = r.nextInt(2);
                int rootRank = r.nextInt(members.get(rootSide).size());
                int rootWorld = members.get(rootSide).get(rootRank);
                int root = mine == rootSide ? (me == rootWorld ? Mpi.ROOT : Mpi.PROC_NULL) : rootRank;
                int cnt = r.nextInt(3) == 0 ? new int[] {0, 255, 256, 257, 2048, 5000}[r.nextInt(6)] : r.nextInt(20);
                int kind = r.nextInt(10);
                String at = "step " + k + ", kind " + kind + ", " + cnt + " longs, root " + rootRank + " of group " + rootSide + ", " + what;
                boolean isRoot = root == Mpi.ROOT, inRootGroup = mine == rootSide;
                switch (kind) {
                    case 0 -> { // bcast
                        long[] buf = new long[cnt];
                        Arrays.fill(buf, -1);
                        if (isRoot) {
                            Arrays.setAll(buf, i -> value(0, rootWorld, i));
                        }
                        inter.bcast(buf, root);
                        for (int i = 0; i < cnt; i++) {
                            expect(inRootGroup && !isRoot ? -1L : value(0, rootWorld, i), buf[i], "bcast element " + i + ", " + at);
                        }
                    }
                    case 1, 2 -> { // reduce, allreduce (sums: the order does not matter)
                        long[] send = new long[cnt], recv = new long[cnt];
                        Arrays.setAll(send, i -> value(k, me, i));
                        Arrays.fill(recv, -1);
                        List<Integer> from = kind == 2 ? remote : members.get(1 - rootSide);
                        if (kind == 1) {
                            inter.reduce(send, recv, Op.SUM, root);
                        } else {
                            inter.allreduce(send, recv, Op.SUM);
                        }
                        boolean gets = kind == 2 || isRoot;
                        for (int i = 0; i < cnt; i++) {
                            long sum = 0;
                            for (int q : from) {
                                sum += value(k, q, i);
                            }
                            expect(gets ? sum : -1L, recv[i], (kind == 1 ? "reduce" : "allreduce") + " element " + i + ", " + at);
                        }
                    }
                    case 3, 4 -> { // gather, allgather: the other group's blocks in its rank order
                        List<Integer> from = kind == 4 ? remote : members.get(1 - rootSide);
                        long[] send = new long[cnt];
                        Arrays.setAll(send, i -> value(k, me, i));
                        long[] recv = new long[from.size() * cnt];
                        Arrays.fill(recv, -1);
                        if (kind == 3) {
                            inter.gather(send, recv, root);
                        } else {
                            inter.allgather(send, recv);
                        }
                        boolean gets = kind == 4 || isRoot;
                        for (int b = 0; b < from.size() && gets; b++) {
                            for (int i = 0; i < cnt; i++) {
                                expect(value(k, from.get(b), i), recv[b * cnt + i], "gather block " + b + " element " + i + ", " + at);
                            }
                        }
                    }
                    case 5 -> { // scatter: block r of the root's buffer to rank r of the other group
                        List<Integer> to = members.get(1 - rootSide);
                        long[] send = new long[isRoot ? to.size() * cnt : 0];
                        for (int b = 0; isRoot && b < to.size(); b++) {
                            for (int i = 0; i < cnt; i++) {
                                send[b * cnt + i] = value(k, to.get(b), i);
                            }
                        }
                        long[] recv = new long[cnt];
                        Arrays.fill(recv, -1);
                        inter.scatter(send, recv, root);
                        for (int i = 0; i < cnt; i++) {
                            expect(inRootGroup ? -1L : value(k, me, i), recv[i], "scatter element " + i + ", " + at);
                        }
                    }
                    case 6 -> { // bcastObject
                        Object got = inter.bcastObject(isRoot ? List.of("from", rootWorld, k) : null, root);
                        if (!inRootGroup) {
                            expect(List.of("from", rootWorld, k), got, "bcastObject, " + at);
                        }
                    }
                    case 7 -> { // gatherObject, in the other group's rank order
                        List<String> got = inter.gatherObject("w" + me, root);
                        if (isRoot) {
                            expect(members.get(1 - rootSide).stream().map(q -> "w" + q).toList(), got, "gatherObject, " + at);
                        }
                    }
                    case 8 -> { // allgatherObject
                        List<String> got = inter.allgatherObject("w" + me);
                        expect(remote.stream().map(q -> "w" + q).toList(), got, "allgatherObject, " + at);
                    }
                    default -> { // allreduceObject with a non-commutative operation: the remote group in rank order
                        String got = inter.allreduceObject("w" + me, (a, b) -> a + "," + b);
                        expect(String.join(",", remote.stream().map(q -> "w" + q).toList()), got, "allreduceObject, " + at);
                    }
                }
            }
            inter.free();
            local.free();
        }));
    }

    private static void expect(Object expected, Object actual, String what) {
        if (!expected.equals(actual)) {
            throw new AssertionError(what + ": expected " + expected + ", was " + actual);
        }
    }
}
