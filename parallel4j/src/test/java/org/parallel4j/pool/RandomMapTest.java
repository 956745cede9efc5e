package org.parallel4j.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.parallel4j.RandomTries;

/**
 * Random maps on a thread pool against a serial loop: map, imap and imapUnordered over a list
 * and over an input that is only an iterator, with random sizes (none included), chunk sizes,
 * auto batching and windows, and random failing items: a map gives every result in order or its
 * first failure in input order; an imap every result and every failure in place; an unordered
 * imap every result and failure once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RandomMapTest {
    private final Pool pool = Pool.threads(3);

    @AfterAll
    void stop() {
        pool.close();
    }

    private static MapOptions options(SplittableRandom r) {
        MapOptions o = switch (r.nextInt(4)) {
            case 0 -> MapOptions.defaults();
            case 1 -> MapOptions.defaults().chunksize(1);
            case 2 -> MapOptions.defaults().chunksize(1 + r.nextInt(300));
            default -> MapOptions.defaults().autoBatch();
        };
        return r.nextInt(3) == 0 ? o.maxInFlight(1 + r.nextInt(40)) : o;
    }

    /** The input as a list, or as an iterable whose size nobody knows. */
    private static Iterable<Integer> input(int n, SplittableRandom r) {
        List<Integer> items = IntStream.range(0, n).boxed().toList();
        if (r.nextBoolean()) {
            return items;
        }
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < n;
            }

            @Override
            public Integer next() {
                return items.get(next++);
            }
        };
    }

    @Test
    void mapsGiveTheSerialLoopsResultsAndFailures() {
        RandomTries.run(200, r -> {
            int n = r.nextInt(5) == 0 ? r.nextInt(3) : r.nextInt(6000);
            Set<Integer> failing = new HashSet<>();
            if (r.nextBoolean()) {
                for (int k = 0; k < 1 + r.nextInt(4) && n > 0; k++) {
                    failing.add(r.nextInt(n));
                }
            }
            long salt = r.nextLong();
            SerializableFunction<Integer, Long> f = x -> {
                if (failing.contains(x)) {
                    throw new IllegalStateException("item " + x);
                }
                return x * 31L + salt;
            };
            MapOptions o = options(r);
            String what = n + " items, failing " + failing + ", " + o;
            int firstFailing = failing.stream().mapToInt(Integer::intValue).min().orElse(-1);
            switch (r.nextInt(3)) {
                case 0 -> {
                    if (firstFailing >= 0) {
                        TaskFailedException e = assertThrows(TaskFailedException.class, () -> pool.map(f, input(n, r), o), what);
                        assertEquals(firstFailing, e.taskIndex(), what);
                    } else {
                        List<Long> expected = new ArrayList<>();
                        for (int x = 0; x < n; x++) {
                            expected.add(x * 31L + salt);
                        }
                        assertEquals(expected, pool.map(f, input(n, r), o), what);
                    }
                }
                case 1 -> {
                    List<Object> seen = new ArrayList<>();
                    List<Object> expected = new ArrayList<>();
                    try (ResultIterator<Long> it = pool.imap(f, input(n, r), o)) {
                        while (it.hasNext()) {
                            try {
                                seen.add(it.next());
                            } catch (TaskFailedException e) {
                                seen.add("failed " + e.taskIndex());
                            }
                        }
                    }
                    for (int x = 0; x < n; x++) {
                        expected.add(failing.contains(x) ? "failed " + x : (Object) (x * 31L + salt));
                    }
                    assertEquals(expected, seen, what);
                }
                default -> {
                    TreeMap<String, Integer> seen = new TreeMap<>();
                    TreeMap<String, Integer> expected = new TreeMap<>();
                    try (ResultIterator<Long> it = pool.imapUnordered(f, input(n, r), o)) {
                        while (it.hasNext()) {
                            String v;
                            try {
                                v = String.valueOf(it.next());
                            } catch (TaskFailedException e) {
                                v = "failed " + e.taskIndex();
                            }
                            seen.merge(v, 1, Integer::sum);
                        }
                    }
                    for (int x = 0; x < n; x++) {
                        expected.merge(failing.contains(x) ? "failed " + x : String.valueOf(x * 31L + salt), 1, Integer::sum);
                    }
                    assertEquals(expected, seen, what);
                }
            }
        });
    }
}
