package org.parallel4j.array;

import org.parallel4j.array.internal.LongNode;

/**
 * A one-dimensional array of {@code int}s (NumPy's int32): a view of a Java {@code int[]} (an
 * offset, a length and a step), never a copy, and a {@link LongExpr} of NumPy's int32 type.
 * Element-wise operations follow NumPy's types: int32 with int32, with a comparison's result or
 * with a scalar that fits int32 is int32, wrapped to 32 bits after every operation (so a later
 * {@code //}, {@code %}, min, max or comparison sees the wrapped value, as NumPy's does); int32
 * with an int64 array, or with a scalar beyond int32 (NumPy 1.x's value-based casting; NumPy 2
 * refuses such a scalar), is int64; {@link LongExpr#asLong()} is {@code astype(np.int64)}.
 * Reductions accumulate in int64, as NumPy's {@code sum} and {@code prod} of int32 do;
 * {@link LongExpr#into(IntArray)} and {@link LongExpr#evalInts()} store results wrapped to 32
 * bits ({@code astype(np.int32)}).
 *
 * <pre>{@code
 * IntArray counts = IntArray.of(histogram);            // wraps, no copy
 * long total = counts.sum();                            // exact, in int64
long wide = counts.asLong().times(counts).sum();      // squares in int64: no wrapping
 * counts.times(2).plus(1).into(counts);                 // in place, wrapping as int32 does
 * }</pre>
 */
public final class IntArray extends LongExpr {
    private final int[] data;
    private final long offset;
    private final long stride;
    private final int length;

    private IntArray(int[] data, long offset, long stride, int length) {
        super(new LongNode.Ints(data, offset, stride, length), null);
        this.data = data;
        this.offset = offset;
        this.stride = stride;
        this.length = length;
    }

    LongNode.Ints view() {
        return (LongNode.Ints) node;
    }

    /** A view of {@code data}: element {@code k} is {@code data[offset + k * stride]}. */
    static IntArray over(int[] data, long offset, long stride, int length) {
        return new IntArray(data, offset, stride, length);
    }

    /**
     * The array {@code values}, wrapped: no copy.
     *
     * @param values the elements
     * @return a view of all of them
     */
    public static IntArray of(int... values) {
        return new IntArray(values, 0, 1, values.length);
    }

    /**
     * Returns {@code n} zeros.
     *
     * @param n the length, at least 0
     * @return the zeros
     */
    public static IntArray zeros(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("an array length must be at least 0, got " + n);
        }
        return of(new int[n]);
    }

    /**
     * Returns 0, 1, ..., n - 1.
     *
     * @param n the length, at least 0
     * @return the values
     */
    public static IntArray arange(int n) {
        IntArray a = zeros(n);
        for (int i = 0; i < n; i++) {
            a.data[i] = i;
        }
        return a;
    }

    /**
     * Returns the number of elements.
     *
     * @return the length
     */
    public int size() {
        return length;
    }

    private int index(long i) {
        return (int) Views.index(i, length, offset, stride);
    }

    /**
     * Returns element {@code i}.
     *
     * @param i the index
     * @return the element
     */
    public int get(long i) {
        return data[index(i)];
    }

    /**
     * Sets element {@code i}.
     *
     * @param i the index
     * @param value the new value
     */
    public void set(long i, int value) {
        data[index(i)] = value;
    }

    /**
     * NumPy's {@code a[from:to:step]}: a view, not a copy.
     *
     * @param from the first index
     * @param to the end, not included
     * @param step the step, at least 1
     * @return the view
     */
    public IntArray slice(int from, int to, int step) {
        int n = Views.sliceLength(from, to, step, length);
        return new IntArray(data, offset + from * stride, stride * step, n);
    }

    /**
     * Returns the elements, in a new {@code int[]}.
     *
     * @return a copy of the elements
     */
    public int[] toArray() {
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            out[i] = data[(int) (offset + i * stride)];
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < Math.min(length, 6); i++) {
            b.append(i > 0 ? ", " : "").append(get(i));
        }
        return b.append(length > 6 ? ", ... (" + length + " elements)]" : "]").toString();
    }
}
