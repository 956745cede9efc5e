package org.parallel4j.array;

import org.parallel4j.array.internal.LongNode;

/**
 * A one-dimensional array of {@code long}s (NumPy's int64): a view of a Java {@code long[]} (an
 * offset, a length and a step), never a copy of it, and an expression ({@link LongExpr}) that
 * reads it.
 *
 * <pre>{@code
 * LongArray a = LongArray.arange(10);                  // 0, 1, ..., 9
 * long evens = a.mod(2).eq(0).sum();                   // 5
 * a.times(a).into(a);                                  // squares, in place
 * }</pre>
 */
public final class LongArray extends LongExpr {
    private final long[] data;
    private final long offset;
    private final long stride;
    private final int length;

    private LongArray(long[] data, long offset, long stride, int length) {
        super(new LongNode.Array(data, offset, stride, length), null);
        this.data = data;
        this.offset = offset;
        this.stride = stride;
        this.length = length;
    }

    LongNode.Array view() {
        return (LongNode.Array) node;
    }

    /** A view of {@code data}: element {@code k} is {@code data[offset + k * stride]}. */
    static LongArray over(long[] data, long offset, long stride, int length) {
        return new LongArray(data, offset, stride, length);
    }

    /**
     * The array {@code values}, wrapped: no copy.
     *
     * @param values the elements
     * @return a view of all of them
     */
    public static LongArray of(long... values) {
        return new LongArray(values, 0, 1, values.length);
    }

    /**
     * Returns {@code n} zeros.
     *
     * @param n the length, at least 0
     * @return the zeros
     */
    public static LongArray zeros(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("an array length must be at least 0, got " + n);
        }
        return of(new long[n]);
    }

    /**
     * Returns {@code n} copies of {@code value}.
     *
     * @param n the length
     * @param value every element's value
     * @return the array
     */
    public static LongArray full(int n, long value) {
        LongArray a = zeros(n);
        java.util.Arrays.fill(a.data, value);
        return a;
    }

    /**
     * NumPy's {@code arange(start, stop, step)}: {@code start + i * step} while below {@code stop} (above, for a negative step).
     *
     * @param start the first value
     * @param stop the bound, not included
     * @param step the distance between values, not 0
     * @return the values
     */
    public static LongArray arange(long start, long stop, long step) {
        if (step == 0) {
            throw new IllegalArgumentException("arange needs a non-zero step, got 0");
        }
        long count = step > 0 ? (stop > start ? (stop - start + step - 1) / step : 0) : (stop < start ? (start - stop - step - 1) / -step : 0);
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("arange(" + start + ", " + stop + ", " + step + ") has " + count + " elements, more than an array holds");
        }
        LongArray a = zeros((int) count);
        for (int i = 0; i < count; i++) {
            a.data[i] = start + i * step;
        }
        return a;
    }

    /**
     * Returns 0, 1, ..., n - 1.
     *
     * @param n the length
     * @return the values
     */
    public static LongArray arange(int n) {
        return arange(0, n, 1);
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
    public long get(long i) {
        return data[index(i)];
    }

    /**
     * Sets element {@code i}.
     *
     * @param i the index
     * @param value the new value
     */
    public void set(long i, long value) {
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
    public LongArray slice(int from, int to, int step) {
        int n = Views.sliceLength(from, to, step, length);
        return new LongArray(data, offset + from * stride, stride * step, n);
    }

    /**
     * Returns the view {@code a[from:to]}.
     *
     * @param from the first index
     * @param to the end, not included
     * @return the view
     */
    public LongArray slice(int from, int to) {
        return slice(from, to, 1);
    }

    /**
     * Returns the elements, in a new {@code long[]}.
     *
     * @return a copy of the elements
     */
    public long[] toArray() {
        long[] out = new long[length];
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
