package org.parallel4j.internal;

import java.io.Serializable;
import java.util.LinkedHashMap;

/**
 * What JDK serialization keeps that a faster copy or codec must keep too, found by comparing
 * their results with JDK serialization's: a {@link LinkedHashMap}'s access order (an LRU
 * cache must stay one), and a record's {@code writeReplace}/{@code readResolve} (JDK
 * serialization calls them for records; a copy through the canonical constructor would not).
 */
public final class JdkSemantics {
    private static final ClassValue<Boolean> REPLACES = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return declares(type, "writeReplace") || declares(type, "readResolve");
        }
    };

    private JdkSemantics() {
    }

    private static boolean declares(Class<?> type, String method) {
        try {
            type.getDeclaredMethod(method);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /**
     * Whether {@code map} iterates in access order ({@code new LinkedHashMap<>(n, f, true)}).
     * The JDK has no accessor for it, so a shallow clone is asked: two fresh keys put in it, the
     * first read again, and the order looked at. The map itself is not touched.
     *
     * @param map the map
     * @return true when reading an entry moves it to the end
     */
    @SuppressWarnings("unchecked")
    public static boolean accessOrdered(LinkedHashMap<?, ?> map) {
        LinkedHashMap<Object, Object> probe = (LinkedHashMap<Object, Object>) map.clone();
        probe.clear();
        Object first = new Object(), second = new Object();
        probe.put(first, null);
        probe.put(second, null);
        probe.get(first);
        return probe.lastEntry().getKey() == first;
    }

    /**
     * An empty LinkedHashMap for {@code size} entries, in access order or not: the copy of one
     * that {@link #accessOrdered} looked at.
     *
     * @param size the entries it will hold
     * @param accessOrder whether reading an entry moves it to the end
     * @return the map
     */
    public static LinkedHashMap<Object, Object> linkedMap(int size, boolean accessOrder) {
        return new LinkedHashMap<>(Math.max(16, (int) (size / 0.75f) + 1), 0.75f, accessOrder);
    }

    /**
     * Whether a serializable record class declares {@code writeReplace} or {@code readResolve},
     * which JDK serialization calls: such a record must go through JDK serialization.
     *
     * @param recordType a record class
     * @return true when it declares either
     */
    public static boolean replacesItself(Class<?> recordType) {
        return Serializable.class.isAssignableFrom(recordType) && REPLACES.get(recordType);
    }
}
