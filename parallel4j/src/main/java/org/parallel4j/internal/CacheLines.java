package org.parallel4j.internal;

/**
 * The one description of how parallel4j keeps data that different threads write apart:
 * per-thread slots in a padded array, {@link #BYTES} bytes apart, with one stride of padding
 * before the first slot and after the last (so that no slot shares a line with the array's
 * header or with whatever the collector put next to the array).
 *
 * <p>Arrays, not fields: HotSpot reorders an object's fields (longs first, then ints, then
 * references), so padding fields declared beside hot ones do not keep them apart; array
 * elements stay where their index puts them. Where padding must be in an object, it goes in
 * a class hierarchy (a superclass's fields come first), checked by a field-offset probe test.
 */
public final class CacheLines {
    /** Bytes between two threads' hot data: two 64-byte lines, since the adjacent-line prefetcher pulls lines in pairs. */
    public static final int BYTES = 128;
    /** The stride of {@code long[]} and {@code double[]} slots, in elements. */
    public static final int LONGS = BYTES / Long.BYTES;
    /** The stride of {@code Object[]} slots, in elements (references are at least 4 bytes). */
    public static final int REFS = BYTES / 4;

    private CacheLines() {
    }

    /**
     * The index of slot {@code slot} in an array laid out for {@code stride}-element slots.
     *
     * @param slot the slot, from 0
     * @param stride {@link #LONGS} or {@link #REFS}
     * @return the element index of the slot's first element
     */
    public static int index(int slot, int stride) {
        return (slot + 1) * stride;
    }

    /**
     * The length of an array holding {@code slots} slots of {@code stride} elements, padded at both ends.
     *
     * @param slots the number of slots
     * @param stride {@link #LONGS} or {@link #REFS}
     * @return the array length
     */
    public static int length(int slots, int stride) {
        return Math.multiplyExact(slots + 2, stride);
    }
}
