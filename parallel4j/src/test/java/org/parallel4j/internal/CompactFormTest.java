package org.parallel4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serial;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The compact form against JDK serialization: standard graphs come back equal (identity and
 * cycles kept) in the compact form, anything else falls back whole to JDK serialization with
 * its semantics and messages, and a compact message can neither name another class nor claim
 * more data than it holds.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CompactFormTest {
    private static Object roundTrip(Object v) {
        byte[] b = Serialization.encode(v);
        return Serialization.decode(b, 0, b.length, null);
    }

    private static boolean compact(Object v) {
        return Serialization.encode(v)[0] == CompactForm.MAGIC;
    }

    enum Colour { RED, GREEN { @Override public String toString() { return "green"; } } }

    record Point(int x, double y, String label) implements Serializable {
    }

    record Loose(int x) {
    }

    @Test
    void standardGraphsTravelCompactAndComeBackEqual() {
        Map<String, Object> m = new HashMap<>();
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            values.add(i);
        }
        m.put("step", 1);
        m.put("values", values);
        m.put("name", "halo");
        List<Object> all = List.of(m, new int[] {1, 2}, new double[][] {{1.5}, {2.5, 3.5}}, new LinkedList<>(List.of("a", "b")),
                new TreeMap<>(Map.of("z", 1, "a", 2)), new TreeSet<>(Set.of(3, 1, 2)), new ArrayDeque<>(List.of(1L, 2L)),
                new LinkedHashMap<>(Map.of(1, 'c')), new HashSet<>(List.of(true, false)), BigInteger.TWO.pow(100),
                new BigDecimal("1.25"), Colour.RED, Colour.GREEN, new Point(1, 2.5, "p"), List.of(), Map.of(1, 2),
                Set.of("x"), new String[] {"s", null}, new Object[] {1, "two", 3.0}, (short) 7, (byte) 8, 'c', 1.5f);
        for (Object v : all) {
            assertTrue(compact(v), v + " should travel compact");
            Object back = roundTrip(v);
            boolean equal = v.getClass().isArray() ? Arrays.deepEquals(new Object[] {v}, new Object[] {back})
                    : v instanceof ArrayDeque<?> d ? new ArrayList<>(d).equals(new ArrayList<>((ArrayDeque<?>) back)) : v.equals(back);
            assertTrue(equal, v + " came back as " + back);
            assertEquals(v.getClass(), back.getClass());
        }
        assertSame(Colour.GREEN, roundTrip(Colour.GREEN));
        assertEquals(new UUID(1, 2), roundTrip(new UUID(1, 2)), "a UUID goes through JDK serialization");
    }

    /** A record that JDK serialization resolves to a canonical instance. */
    record Interned(int v) implements Serializable {
        static final Interned ZERO = new Interned(0);

        @Serial
        private Object readResolve() {
            return v == 0 ? ZERO : this;
        }
    }

    /**
     * Found by comparing with JDK serialization: a LinkedHashMap in access order (an LRU cache)
     * came back in insertion order, and a record's readResolve was not called.
     */
    @Test
    void whatJdkSerializationKeepsTheCompactFormKeeps() {
        LinkedHashMap<String, Integer> lru = new LinkedHashMap<>(16, 0.75f, true);
        lru.put("a", 1);
        lru.put("b", 2);
        lru.put("c", 3);
        lru.get("a"); // b, c, a
        assertTrue(compact(lru));
        @SuppressWarnings("unchecked")
        LinkedHashMap<String, Integer> back = (LinkedHashMap<String, Integer>) roundTrip(lru);
        assertEquals(List.of("b", "c", "a"), new ArrayList<>(back.keySet()));
        back.get("b");
        assertEquals(List.of("c", "a", "b"), new ArrayList<>(back.keySet()), "still in access order");
        assertEquals(List.of("b", "c", "a"), new ArrayList<>(lru.keySet()), "the sent map itself untouched");
        LinkedHashMap<String, Integer> plain = new LinkedHashMap<>(Map.of("x", 1));
        plain.put("y", 2);
        @SuppressWarnings("unchecked")
        LinkedHashMap<String, Integer> plainBack = (LinkedHashMap<String, Integer>) roundTrip(plain);
        plainBack.get("x");
        assertEquals(List.of("x", "y"), new ArrayList<>(plainBack.keySet()), "insertion order stays insertion order");
        // nested: the inner map's order is its own
        Map<String, Object> outer = new HashMap<>(Map.of("lru", lru, "plain", plain));
        @SuppressWarnings("unchecked")
        Map<String, LinkedHashMap<String, Integer>> nested = (Map<String, LinkedHashMap<String, Integer>>) roundTrip(outer);
        nested.get("lru").get("b");
        nested.get("plain").get("x");
        assertEquals(List.of("c", "a", "b"), new ArrayList<>(nested.get("lru").keySet()));
        assertEquals(List.of("x", "y"), new ArrayList<>(nested.get("plain").keySet()));

        assertTrue(!compact(new Interned(0)), "a record with readResolve goes through JDK serialization");
        assertSame(Interned.ZERO, roundTrip(new Interned(0)));
        assertSame(Interned.ZERO, ((List<?>) roundTrip(new ArrayList<>(List.of(new Interned(0))))).get(0));
    }

    @Test
    void sharedReferencesAndCyclesAreKept() {
        List<Object> shared = new ArrayList<>(List.of("x"));
        List<Object> outer = new ArrayList<>();
        outer.add(shared);
        outer.add(shared);
        outer.add(outer);
        assertTrue(compact(outer));
        @SuppressWarnings("unchecked")
        List<Object> back = (List<Object>) roundTrip(outer);
        assertSame(back.get(0), back.get(1));
        assertSame(back, back.get(2));
        assertNotSame(shared, back.get(0));
    }

    /** A user's class with its own serialization logic. */
    static final class Counter implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        int count;
        transient int readBack;

        @Serial
        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            in.defaultReadObject();
            readBack = 42;
        }
    }

    @Test
    void aGraphWithAUsersClassFallsBackWholeToJdkSerialization() {
        Counter c = new Counter();
        c.count = 3;
        Map<String, Object> m = new HashMap<>();
        m.put("a", c);
        m.put("b", c);
        m.put("list", new ArrayList<>(List.of(1, 2)));
        assertEquals((byte) 0xAC, Serialization.encode(m)[0], "JDK serialization's stream magic");
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) roundTrip(m);
        assertSame(back.get("a"), back.get("b"), "one graph, one form: the shared counter stays shared");
        assertEquals(42, ((Counter) back.get("a")).readBack, "its readObject ran");
        assertEquals(List.of(1, 2), back.get("list"));
    }

    /** A subclass of a standard map, with a field of its own. */
    static final class Named extends HashMap<String, Integer> {
        @Serial
        private static final long serialVersionUID = 1L;
        String name = "n";
    }

    @Test
    void subclassesComparatorsAndLooseRecordsAreNotStandard() {
        Named n = new Named();
        n.put("k", 1);
        assertTrue(!compact(n));
        Named back = (Named) roundTrip(n);
        assertEquals("n", back.name);
        assertEquals(1, back.get("k"));
        TreeSet<String> reversed = new TreeSet<>(Comparator.reverseOrder());
        reversed.addAll(List.of("a", "b"));
        assertTrue(!compact(reversed));
        assertEquals(List.of("b", "a"), new ArrayList<>((TreeSet<?>) roundTrip(reversed)));
        SerializationException e = assertThrows(SerializationException.class, () -> Serialization.encode(List.of(new Loose(1))));
        assertTrue(e.getMessage().contains("Loose") && e.getMessage().contains("Serializable"), e.getMessage());
    }

    @Test
    void randomNestedGraphsComeBackEqualInBothForms() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 300; i++) {
            Object v = randomValue(random, 0);
            byte[] jdk = Serialization.encodeJdk(v);
            Object viaJdk = Serialization.decode(jdk, 0, jdk.length, null);
            Object viaCompact = roundTrip(v);
            assertEquals(v, viaJdk);
            assertEquals(v, viaCompact, "value " + i);
        }
    }

    private static Object randomValue(SplittableRandom r, int depth) {
        int kind = r.nextInt(depth > 3 ? 5 : 9);
        return switch (kind) {
            case 0 -> r.nextInt();
            case 1 -> r.nextLong();
            case 2 -> r.nextDouble();
            case 3 -> "s" + r.nextInt(1000);
            case 4 -> r.nextBoolean() ? null : BigInteger.valueOf(r.nextLong());
            case 5 -> {
                List<Object> l = r.nextBoolean() ? new ArrayList<>() : new LinkedList<>();
                for (int i = r.nextInt(6); i > 0; i--) {
                    l.add(randomValue(r, depth + 1));
                }
                yield l;
            }
            case 6 -> {
                Map<Object, Object> m = r.nextBoolean() ? new HashMap<>() : new LinkedHashMap<>();
                for (int i = r.nextInt(6); i > 0; i--) {
                    m.put("k" + r.nextInt(50), randomValue(r, depth + 1));
                }
                yield m;
            }
            case 7 -> new Point(r.nextInt(), r.nextDouble(), "p" + r.nextInt(9));
            default -> {
                Set<Object> s = new HashSet<>();
                for (int i = r.nextInt(6); i > 0; i--) {
                    s.add(r.nextInt(100));
                }
                yield s;
            }
        };
    }

    @Test
    void listsOfOneBoxedNumberTypeComeBackEqualWhateverTheirValues() {
        SplittableRandom r = new SplittableRandom(11);
        double[] edges = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE};
        for (int t = 0; t < 400; t++) {
            int n = r.nextInt(t % 50 == 0 ? 3000 : 20);
            int kind = r.nextInt(4);
            ArrayList<Object> list = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                list.add(switch (kind) {
                    case 0 -> r.nextBoolean() ? r.nextInt() : r.nextInt(-200, 200);
                    case 1 -> r.nextBoolean() ? r.nextLong() : r.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
                    case 2 -> r.nextBoolean() ? r.nextDouble(-1e300, 1e300) : edges[r.nextInt(edges.length)];
                    default -> r.nextBoolean() ? (Object) r.nextInt() : (Object) (long) r.nextInt(); // mixed: Kryo's general form
                });
            }
            if (n > 0 && r.nextInt(8) == 0) {
                list.set(r.nextInt(n), null); // a null anywhere: the general form
            }
            byte[] jdk = Serialization.encodeJdk(list);
            assertTrue(compact(list));
            assertEquals(Serialization.decode(jdk, 0, jdk.length, null), roundTrip(list), "try " + t + ": " + n + " elements, kind " + kind);
        }
        ArrayList<Integer> shared = new ArrayList<>(List.of(1, 2, 3));
        List<Object> outer = new ArrayList<>(List.of(shared, "x", shared));
        @SuppressWarnings("unchecked")
        List<Object> back = (List<Object>) roundTrip(outer);
        assertEquals(outer, back);
        assertSame(back.get(0), back.get(2), "a list of numbers referred to twice comes back as one list");
        assertEquals(ArrayList.class, back.get(0).getClass());
    }

    @Test
    void aForgedCountOfAListOfNumbersIsRefusedBeforeAllocation() {
        ArrayList<Long> small = new ArrayList<>(List.of(1L, 2L));
        byte[] bytes = Serialization.encode(small);
        // ... the list kind (2: longs), then the count (2) as a variable-length int: claim 2^27 numbers.
        int at = 1;
        while (!(bytes[at] == 2 && bytes[at + 1] == 2)) {
            at++;
        }
        byte[] forged = new byte[bytes.length + 3];
        System.arraycopy(bytes, 0, forged, 0, at + 1);
        int claim = 1 << 27;
        forged[at + 1] = (byte) (claim & 0x7F | 0x80);
        forged[at + 2] = (byte) (claim >>> 7 & 0x7F | 0x80);
        forged[at + 3] = (byte) (claim >>> 14 & 0x7F | 0x80);
        forged[at + 4] = (byte) (claim >>> 21 & 0x7F);
        System.arraycopy(bytes, at + 2, forged, at + 5, bytes.length - at - 2);
        SerializationException e = assertThrows(SerializationException.class, () -> Serialization.decode(forged, 0, forged.length, null));
        assertTrue(e.getMessage().contains("134217728 numbers") && e.getMessage().contains("forged"), e.getMessage());
        byte[] badKind = bytes.clone();
        badKind[at] = 9;
        e = assertThrows(SerializationException.class, () -> Serialization.decode(badKind, 0, badKind.length, null));
        assertTrue(e.getMessage().contains("kind 9"), e.getMessage());
    }

    @Test
    void aCompactMessageNamingAnotherClassIsRefused() {
        // Written by an unrestricted Kryo: a class outside the standard set.
        com.esotericsoftware.kryo.Kryo open = new com.esotericsoftware.kryo.Kryo();
        open.setRegistrationRequired(false);
        open.setReferences(true);
        com.esotericsoftware.kryo.io.Output out = new com.esotericsoftware.kryo.io.Output(64, -1);
        out.writeByte(CompactForm.MAGIC);
        open.writeClassAndObject(out, new StringBuilder("gadget"));
        byte[] bytes = out.toBytes();
        SerializationException e = assertThrows(SerializationException.class, () -> Serialization.decode(bytes, 0, bytes.length, null));
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
    }

    @Test
    void aForgedArrayLengthIsRefusedBeforeAllocation() {
        double[] small = new double[10];
        byte[] bytes = Serialization.encode(small);
        assertTrue(bytes[0] == CompactForm.MAGIC);
        // Magic, class id, reference marker, then the length + 1 as a variable-length int (11 here): claim 2^27 doubles (1 GiB).
        int at = 1;
        while (bytes[at] != 11) {
            at++;
        }
        assertTrue(at <= 3, "the length is among the first bytes: " + Arrays.toString(bytes));
        byte[] forged = new byte[bytes.length + 3];
        System.arraycopy(bytes, 0, forged, 0, at);
        int claim = (1 << 27) + 1; // four 7-bit groups
        forged[at] = (byte) (claim & 0x7F | 0x80);
        forged[at + 1] = (byte) (claim >>> 7 & 0x7F | 0x80);
        forged[at + 2] = (byte) (claim >>> 14 & 0x7F | 0x80);
        forged[at + 3] = (byte) (claim >>> 21 & 0x7F);
        System.arraycopy(bytes, at + 1, forged, at + 4, bytes.length - at - 1);
        SerializationException e = assertThrows(SerializationException.class, () -> Serialization.decode(forged, 0, forged.length, null));
        assertTrue(e.getMessage().contains("134217728 doubles") && e.getMessage().contains("forged"), e.getMessage());
    }
}
