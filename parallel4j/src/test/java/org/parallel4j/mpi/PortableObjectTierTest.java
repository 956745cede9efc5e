package org.parallel4j.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.parallel4j.mpi.internal.ObjectTier;

/**
 * The object tier written over buffer operations ({@link ObjectTier}, what an engine without
 * a direct object copy uses), run on real communicators against a serial reference, with
 * values across the eager and staging limits.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PortableObjectTierTest {
    record Item(int rank, String text, List<Integer> numbers) implements java.io.Serializable {
        static Item of(int r, int size) {
            List<Integer> n = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                n.add(r * 1000 + i);
            }
            return new Item(r, "rank " + r, n);
        }
    }

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void everyObjectCollectiveAndPointToPointMatchesTheReference(int ranks, String kind) {
        ObjectCodec codec = ObjectCodec.jdk();
        CommMatrix.run(ranks, kind, c -> {
            int me = c.rank();
            int n = c.size();
            int big = 3000; // serialized, well past the eager and staging limits
            int root = n - 1;
            Item mine = Item.of(me, me % 2 == 0 ? 3 : big);
            assertEquals(Item.of(root, root % 2 == 0 ? 3 : big), ObjectTier.bcastObject(c, codec, me == root ? mine : null, root));
            List<Item> expected = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                expected.add(Item.of(r, r % 2 == 0 ? 3 : big));
            }
            List<Item> gathered = ObjectTier.gatherObject(c, codec, mine, root);
            if (me == root) {
                assertEquals(expected, gathered);
            } else {
                assertNull(gathered);
            }
            assertEquals(expected, ObjectTier.allgatherObject(c, codec, mine));
            assertEquals(expected.get(me), ObjectTier.scatterObject(c, codec, me == 0 ? expected : null, 0));
            List<String> out = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                out.add(me + "->" + j);
            }
            List<String> in = ObjectTier.alltoallObject(c, codec, out);
            for (int i = 0; i < n; i++) {
                assertEquals(i + "->" + me, in.get(i));
            }
            // folds in rank order: string concatenation is not commutative
            List<String> names = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                names.add("r" + r);
            }
            List<String> all = ObjectTier.allgatherObject(c, codec, "r" + me);
            assertEquals(String.join("", names), ObjectTier.fold(c, codec, "allreduceObject", all, n, String::concat, true));
            assertEquals(String.join("", names.subList(0, me + 1)), ObjectTier.fold(c, codec, "scanObject", all, me + 1, String::concat, true));
            // point to point: a ring, the next rank's map arrives whole; ANY_SOURCE takes the sender's bytes
            Map<String, Object> value = Map.of("from", me, "payload", Item.of(me, big));
            int next = (me + 1) % n;
            int prev = (me + n - 1) % n;
            if (n > 1) {
                Request r = c.isend(new int[0], next, 99); // an unrelated message on another tag in between
                if (me % 2 == 0) {
                    ObjectTier.sendObject(c, codec, value, next, 7);
                    Status s = Status.create();
                    Map<String, Object> got = ObjectTier.recvObject(c, codec, Mpi.ANY_SOURCE, 7, s);
                    assertEquals(prev, got.get("from"));
                    assertEquals(prev, s.source());
                    assertTrue(s.bytes() > big, "bytes " + s.bytes());
                } else {
                    Map<String, Object> got = ObjectTier.recvObject(c, codec, prev, 7, null);
                    assertEquals(Item.of(prev, big), got.get("payload"));
                    ObjectTier.sendObject(c, codec, value, next, 7);
                }
                c.recv(new int[0], prev, 99);
                r.await();
            }
            assertNull(ObjectTier.recvObject(c, codec, Mpi.PROC_NULL, 7, null));
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @MethodSource("org.parallel4j.mpi.CommMatrix#ranks")
    void aThrowingFoldFailsEveryRankAndBadListsNameTheCounts(int ranks) {
        ObjectCodec codec = ObjectCodec.jdk();
        CommMatrix.launch(ranks, c -> {
            List<Integer> all = ObjectTier.allgatherObject(c, codec, c.rank());
            if (c.size() > 1) { // one rank folds nothing: the operation is never called
                MpiException e = assertThrows(MpiException.class, () -> ObjectTier.fold(c, codec, "allreduceObject", all, c.size(),
                        (a, b) -> {
                            if (c.rank() == 0) {
                                throw new IllegalStateException("boom");
                            }
                            return a + b;
                        }, true));
                assertEquals(ErrorClass.OP, e.errorClass());
                assertTrue(e.getMessage().contains("threw on rank 0") && e.getMessage().contains("boom"), e.getMessage());
            }
            MpiException bad = assertThrows(MpiException.class, () -> ObjectTier.alltoallObject(c, codec, List.of()));
            assertTrue(bad.getMessage().contains("one value per rank (" + c.size() + "), got 0 values"), bad.getMessage());
            assertEquals(c.size() * (c.size() - 1) / 2, (int) ObjectTier.fold(c, codec, "allreduceObject", all, c.size(), Integer::sum, true));
        });
    }
}
