package org.parallel4j.array;

/** The index and slice checks of the one-dimensional arrays ({@link DoubleArray}, {@link LongArray}, {@link IntArray}). */
final class Views {
    private Views() {
    }

    /** The position in the backing store of element {@code i} of a view, or an error naming the index and the length. */
    static long index(long i, int length, long offset, long stride) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException("index " + i + " is out of bounds for an array of length " + length);
        }
        return offset + i * stride;
    }

    /** The length of the slice {@code [from:to:step]} of a view of {@code length} elements, or an error naming the slice. */
    static int sliceLength(int from, int to, int step, int length) {
        if (step < 1) {
            throw new IllegalArgumentException("a slice step must be at least 1, got " + step);
        }
        if (from < 0 || to > length || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ":" + to + ":" + step + "] is out of range for an array of length " + length);
        }
        return (to - from + step - 1) / step;
    }
}
