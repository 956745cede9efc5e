package org.parallel4j.array;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.parallel4j.array.internal.Evaluator;
import org.parallel4j.array.internal.Leaf;
import org.parallel4j.loop.Parallel;

/**
 * A one-dimensional array of {@code double}s: a view of a Java {@code double[]} (an offset, a
 * length and a step), never a copy of it, and an expression ({@link DoubleExpr}) that reads it.
 * Writing to the {@code double[]} is seen by the array and the other way round.
 *
 * <pre>{@code
 * DoubleArray x = DoubleArray.linspace(0, 1, 1_000_001);
 * double integral = x.times(x).sum() / x.length();                // about 1/3
 * DoubleArray y = DoubleArray.of(myDoubles);                     // wraps, no copy
 * x.times(2).plus(y.slice(0, x.length())).into(x);               // in place
 * }</pre>
 */
public final class DoubleArray extends DoubleExpr {
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    final double[] data;
    /** The memory outside the heap holding the elements, or null when they are in {@code data}. */
    private final MemorySegment segment;
    final long offset;
    final long stride;
    private final int length;

    DoubleArray(double[] data, long offset, long stride, int length) {
        super(new Leaf(data, offset, stride, length, "a"), null);
        this.data = data;
        this.segment = null;
        this.offset = offset;
        this.stride = stride;
        this.length = length;
    }

    private DoubleArray(MemorySegment segment, long offset, long stride, int length) {
        super(new Leaf(segment, offset, stride, length, "a"), null);
        this.data = null;
        this.segment = segment;
        this.offset = offset;
        this.stride = stride;
        this.length = length;
    }

    /**
     * The doubles in {@code memory}, wrapped: no copy. A segment of a {@code double[]} is a
     * view of that array; memory outside the heap (an {@code Arena}'s, a mapped file's, an MPI
     * buffer's) is read and written where it is, in the platform's byte order, a block at a time.
     *
     * @param memory whole doubles: its size a multiple of 8 bytes
     * @return a view of all of them
     */
    public static DoubleArray of(MemorySegment memory) {
        if (memory.byteSize() % Double.BYTES != 0) {
            throw new IllegalArgumentException("a segment of " + memory.byteSize() + " bytes does not hold whole doubles (8 bytes each)");
        }
        int n = checkLength(memory.byteSize() / Double.BYTES);
        if (memory.heapBase().orElse(null) instanceof double[] array && memory.address() % Double.BYTES == 0) {
            return new DoubleArray(array, memory.address() / Double.BYTES, 1, n);
        }
        return new DoubleArray(memory, 0, 1, n);
    }

    /**
     * The elements as a memory segment, no copy: a segment of the backing array, or of the
     * memory this array wraps; a view with a step is not one run and has none.
     *
     * @return the segment of the elements
     */
    public MemorySegment asSegment() {
        if (stride != 1) {
            throw new IllegalArgumentException("a view with step " + stride + " is not one run of memory: copy() it first");
        }
        MemorySegment all = segment != null ? segment : MemorySegment.ofArray(data);
        return all.asSlice(offset * Double.BYTES, (long) length * Double.BYTES);
    }

    /** The view as an expression leaf. */
    Leaf leaf() {
        return (Leaf) node;
    }

    /**
     * The array {@code values}, wrapped: no copy.
     *
     * @param values the elements
     * @return a view of all of them
     */
    public static DoubleArray of(double... values) {
        return new DoubleArray(values, 0, 1, values.length);
    }

    /**
     * Returns {@code n} zeros.
     *
     * @param n the length
     * @return {@code n} zeros
     */
    public static DoubleArray zeros(int n) {
        checkLength(n);
        return new DoubleArray(new double[n], 0, 1, n);
    }

    /**
     * Returns {@code n} ones.
     *
     * @param n the length
     * @return {@code n} ones
     */
    public static DoubleArray ones(int n) {
        return full(n, 1);
    }

    /**
     * Returns {@code n} copies of {@code value}.
     *
     * @param n the length
     * @param value every element's value
     * @return {@code n} copies of {@code value}
     */
    public static DoubleArray full(int n, double value) {
        DoubleArray a = zeros(n);
        java.util.Arrays.fill(a.data, value);
        return a;
    }

    /**
     * NumPy's {@code arange(start, stop, step)}: {@code start + i * step} while below {@code stop}
     * (above, for a negative step).
     *
     * @param start the first value
     * @param stop the bound, not included
     * @param step the distance between values, not 0
     * @return the values
     */
    public static DoubleArray arange(double start, double stop, double step) {
        if (step == 0 || Double.isNaN(step)) {
            throw new IllegalArgumentException("arange needs a non-zero step, got " + step);
        }
        double count = Math.ceil((stop - start) / step);
        int n = count > 0 ? checkLength(count) : 0;
        DoubleArray a = zeros(n);
        for (int i = 0; i < n; i++) {
            a.data[i] = start + i * step;
        }
        return a;
    }

    /**
     * Returns 0, 1, ..., n - 1.
     *
     * @param n the length
     * @return 0, 1, ..., n - 1
     */
    public static DoubleArray arange(int n) {
        return arange(0, n, 1);
    }

    /**
     * NumPy's {@code linspace(start, stop, n)}: {@code n} evenly spaced values, both ends included.
     *
     * @param start the first value
     * @param stop the last value
     * @param n how many (at least 0)
     * @return the values
     */
    public static DoubleArray linspace(double start, double stop, int n) {
        DoubleArray a = zeros(n);
        double step = n > 1 ? (stop - start) / (n - 1) : 0;
        for (int i = 0; i < n; i++) {
            a.data[i] = start + i * step;
        }
        if (n > 1) {
            a.data[n - 1] = stop;
        }
        return a;
    }

    /**
     * Uniform values in [0, 1) from {@code seed}: block {@code k} of the array draws from its own
     * generator, split from the seed by the block's index, so the values are the same whatever
     * the number of threads that fill them.
     *
     * @param n the length
     * @param seed the seed
     * @return the values
     */
    public static DoubleArray random(int n, long seed) {
        return fill(n, seed, false);
    }

    /**
     * Standard normal values from {@code seed}, drawn block by block as {@link #random}.
     *
     * @param n the length
     * @param seed the seed
     * @return the values
     */
    public static DoubleArray normal(int n, long seed) {
        return fill(n, seed, true);
    }

    private static DoubleArray fill(int n, long seed, boolean normal) {
        DoubleArray a = zeros(n);
        int blocks = (n + Evaluator.BLOCK - 1) / Evaluator.BLOCK;
        Parallel.range(0, blocks).forEach(b -> {
            SplittableRandom r = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (b + 1)));
            int end = Math.min(n, (b + 1) * Evaluator.BLOCK);
            for (int i = b * Evaluator.BLOCK; i < end; i++) {
                a.data[i] = normal ? gaussian(r) : r.nextDouble();
            }
        });
        return a;
    }

    /** A standard normal value by the polar method (deterministic for a given generator state). */
    private static double gaussian(SplittableRandom r) {
        while (true) {
            double u = 2 * r.nextDouble() - 1;
            double v = 2 * r.nextDouble() - 1;
            double s = u * u + v * v;
            if (s > 0 && s < 1) {
                return u * Math.sqrt(-2 * Math.log(s) / s);
            }
        }
    }

    private static int checkLength(double n) {
        if (!(n >= 0) || n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("an array length must be between 0 and " + (Integer.MAX_VALUE - 8) + ", got " + n);
        }
        return (int) n;
    }

    /**
     * Returns the number of elements.
     *
     * @return the number of elements
     */
    @Override
    public long length() {
        return length;
    }

    /**
     * Returns the number of elements, as an int.
     *
     * @return the number of elements, as an int
     */
    public int size() {
        return length;
    }

    private long index(long i) {
        return Views.index(i, length, offset, stride);
    }

    /**
     * Returns element {@code i}.
     *
     * @param i the index
     * @return element {@code i}
     */
    public double get(long i) {
        return segment != null ? segment.getAtIndex(DOUBLE, index(i)) : data[(int) index(i)];
    }

    /**
     * See the parameters.
     *
     * @param i the index
     * @param value the new value
     */
    public void set(long i, double value) {
        if (segment != null) {
            segment.setAtIndex(DOUBLE, index(i), value);
        } else {
            data[(int) index(i)] = value;
        }
    }

    /**
     * NumPy's {@code a[from:to:step]}: a view, not a copy.
     *
     * @param from the first index
     * @param to the end, not included
     * @param step the step (at least 1)
     * @return the view
     */
    public DoubleArray slice(int from, int to, int step) {
        int n = Views.sliceLength(from, to, step, length);
        return segment != null ? new DoubleArray(segment, offset + from * stride, stride * step, n)
                : new DoubleArray(data, offset + from * stride, stride * step, n);
    }

    /**
     * Returns the view {@code a[from:to]}.
     *
     * @param from the first index
     * @param to the end, not included
     * @return the view {@code a[from:to]}
     */
    public DoubleArray slice(int from, int to) {
        return slice(from, to, 1);
    }

    /**
     * Returns a contiguous copy.
     *
     * @return a contiguous copy
     */
    public DoubleArray copy() {
        return times(1.0).eval(); // 1 * x is x exactly, -0.0 and NaN included
    }

    /**
     * Returns the elements, in a new {@code double[]}.
     *
     * @return the elements, in a new {@code double[]}
     */
    public double[] toArray() {
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = get(i);
        }
        return out;
    }

    /**
     * Returns the backing array when this view is all of it, contiguous; otherwise a copy of the elements.
     *
     * @return the backing array when this view is all of it, contiguous; otherwise a copy of the elements
     */
    public double[] array() {
        return segment == null && offset == 0 && stride == 1 && length == data.length ? data : toArray();
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
