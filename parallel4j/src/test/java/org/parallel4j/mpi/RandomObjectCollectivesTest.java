package org.parallel4j.mpi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parallel4j.RandomTries;

/**
 * The object collectives against a serial reference: random sequences of bcastObject,
 * scatterObject, gatherObject, allgatherObject, alltoallObject, reduceObject, allreduceObject,
 * scanObject and exscanObject, with values of random size (from a few bytes to past the
 * engines' eager limits, standard types and a user's record, so both serialized forms travel),
 * random roots, over the world and a split, and non-commutative operations, which show that
 * contributions combine in rank order.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RandomObjectCollectivesTest {
    /** A user's record: it travels through JDK serialization. */
    record Tagged(int rank, int step, List<Integer> payload) implements java.io.Serializable {
    }

    /** Rank {@code q}'s value at step {@code k}: its size, and whether it is a standard graph or a user's record, drawn from {@code size}. */
    static Object value(int k, int q, int size, boolean user) {
        List<Integer> payload = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            payload.add(k * 1000 + q * 31 + i);
        }
        if (user) {
            return new Tagged(q, k, payload);
        }
        Map<String, Object> m = new HashMap<>();
        m.put("rank", q);
        m.put("step", k);
        m.put("payload", payload);
        return m;
    }

    /** A non-commutative, associative operation: list concatenation. */
    @SuppressWarnings("unchecked")
    static Object concat(Object a, Object b) {
        List<Object> out = new ArrayList<>(a instanceof List<?> l ? (List<Object>) l : List.of(a));
        out.addAll(b instanceof List<?> l ? (List<Object>) l : List.of(b));
        return out;
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4})
    void everyObjectCollectiveGivesWhatASerialLoopGives(int ranks) {
        CommMatrix.launch(ranks, Duration.ofSeconds(90), world -> RandomTries.run(8, r -> {
            Comm c = r.nextBoolean() ? world : world.split(world.rank() % 2, -world.rank());
            SplittableRandom mine = r.split(); // the same for every member of c
            int n = c.size(), me = c.rank();
            int steps = 1 + mineSteps(mine);
            for (int k = 0; k < steps; k++) {
                int kind = mine.nextInt(9);
                int root = mine.nextInt(n);
                // sizes per rank: mostly small, now and then past the eager limits (a list of 5000 integers is about 20 KB)
                int[] size = new int[n];
                boolean[] user = new boolean[n];
                for (int q = 0; q < n; q++) {
                    size[q] = mine.nextInt(4) == 0 ? 2000 + mine.nextInt(6000) : mine.nextInt(10);
                    user[q] = mine.nextInt(3) == 0;
                }
                List<Object> all = new ArrayList<>();
                for (int q = 0; q < n; q++) {
                    all.add(value(k, q, size[q], user[q]));
                }
                String at = "step " + k + ", kind " + kind + ", root " + root + " of " + n + " ranks";
                switch (kind) {
                    case 0 -> expect(all.get(root), c.bcastObject(me == root ? value(k, me, size[me], user[me]) : null, root), "bcastObject, " + at);
                    case 1 -> expect(all.get(me), c.scatterObject(me == root ? new ArrayList<>(all) : null, root), "scatterObject, " + at);
                    case 2 -> {
                        List<Object> got = c.gatherObject(value(k, me, size[me], user[me]), root);
                        expect(me == root ? all : null, got, "gatherObject, " + at);
                    }
                    case 3 -> expect(all, c.allgatherObject(value(k, me, size[me], user[me])), "allgatherObject, " + at);
                    case 4 -> { // alltoallObject: rank q sends item j to rank j
                        List<Object> out = new ArrayList<>(), expected = new ArrayList<>();
                        for (int j = 0; j < n; j++) {
                            out.add(List.of(me, j, k));
                            expected.add(List.of(j, me, k));
                        }
                        expect(expected, c.alltoallObject(out), "alltoallObject, " + at);
                    }
                    case 5, 6 -> { // reduceObject, allreduceObject: a fold in rank order
                        Object fold = all.get(0);
                        for (int q = 1; q < n; q++) {
                            fold = concat(fold, all.get(q));
                        }
                        Object got = kind == 5 ? c.reduceObject(all.get(me), RandomObjectCollectivesTest::concat, root)
                                : c.allreduceObject(all.get(me), RandomObjectCollectivesTest::concat);
                        if (kind == 6 || me == root) {
                            expect(n == 1 ? all.get(0) : fold, got, (kind == 5 ? "reduceObject, " : "allreduceObject, ") + at);
                        }
                    }
                    default -> { // scanObject, exscanObject
                        boolean ex = kind == 8;
                        Object got = ex ? c.exscanObject(all.get(me), RandomObjectCollectivesTest::concat)
                                : c.scanObject(all.get(me), RandomObjectCollectivesTest::concat);
                        int upTo = ex ? me : me + 1;
                        if (upTo > 0) {
                            Object fold = all.get(0);
                            for (int q = 1; q < upTo; q++) {
                                fold = concat(fold, all.get(q));
                            }
                            expect(fold, got, (ex ? "exscanObject, " : "scanObject, ") + at);
                        }
                    }
                }
            }
            if (c != world) {
                c.free();
            }
        }));
    }

    private static int mineSteps(SplittableRandom r) {
        return r.nextInt(6);
    }

    private static void expect(Object expected, Object actual, String what) {
        if (!java.util.Objects.equals(expected, actual)) {
            String e = String.valueOf(expected), a = String.valueOf(actual);
            throw new AssertionError(what + ": expected " + e.substring(0, Math.min(300, e.length())) + ", was "
                    + a.substring(0, Math.min(300, a.length())));
        }
    }
}
