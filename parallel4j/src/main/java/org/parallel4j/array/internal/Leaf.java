package org.parallel4j.array.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * An array read by an expression. One-dimensional ({@code cols == 0}): element {@code k} is
 * {@code data[offset + k * stride]}. Two-dimensional, row-major ({@code cols > 0}): element
 * {@code k} is row {@code k / cols}, column {@code k % cols}, at
 * {@code data[offset + row * rowStride + column * stride]}, so a slice of a matrix, with steps,
 * is a view like any other. The elements live in {@code data}, or in {@code segment} (memory
 * outside the heap, doubles in the platform's byte order) when that is not null; a segment's
 * view is never read in place by the generated loops but copied block by block.
 */
public final class Leaf extends Node {
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    final double[] data;
    final MemorySegment segment;
    final long offset;
    final long stride;
    final long rowStride;
    private final long length;
    private final int cols;
    private final String name;

    /**
     * A one-dimensional view of {@code data}.
     *
     * @param data the backing array
     * @param offset the index of element 0
     * @param stride the distance between elements (1: contiguous)
     * @param length the number of elements
     * @param name the name {@link #describe()} uses
     */
    public Leaf(double[] data, long offset, long stride, long length, String name) {
        this(data, offset, 0, stride, length, 0, name);
    }

    /**
     * A two-dimensional view of {@code data}: {@code rows x cols} elements, row {@code i} and
     * column {@code j} at {@code data[offset + i * rowStride + j * stride]}.
     *
     * @param data the backing array
     * @param offset the index of element (0, 0)
     * @param rowStride the distance between rows
     * @param stride the distance between columns
     * @param rows the number of rows
     * @param cols the number of columns, at least 1
     * @param name the name {@link #describe()} uses
     */
    public Leaf(double[] data, long offset, long rowStride, long stride, int rows, int cols, String name) {
        this(data, offset, rowStride, stride, (long) rows * cols, cols, name);
        if (cols < 1) {
            throw new IllegalArgumentException("a two-dimensional view needs at least one column, got " + cols);
        }
    }

    /**
     * A one-dimensional view of the doubles in {@code segment}.
     *
     * @param segment the memory, whole doubles
     * @param offset the index (in doubles) of element 0
     * @param stride the distance between elements, in doubles
     * @param length the number of elements
     * @param name the name {@link #describe()} uses
     */
    public Leaf(MemorySegment segment, long offset, long stride, long length, String name) {
        this(null, segment, offset, 0, stride, length, 0, name);
    }

    private Leaf(double[] data, long offset, long rowStride, long stride, long length, int cols, String name) {
        this(data, null, offset, rowStride, stride, length, cols, name);
    }

    private Leaf(double[] data, MemorySegment segment, long offset, long rowStride, long stride, long length, int cols, String name) {
        this.data = data;
        this.segment = segment;
        this.offset = offset;
        this.rowStride = rowStride;
        this.stride = stride;
        this.length = length;
        this.cols = cols;
        this.name = name;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public int cols() {
        return cols;
    }

    /** Whether element {@code k} is {@code data[offset + k]} for every {@code k}: read in place. */
    boolean contiguous() {
        return segment == null && stride == 1 && (cols == 0 || rowStride == cols || length <= cols);
    }

    /** Whether each row is one run of {@code data} (a slice of a matrix without a column step): read in place row by row. */
    boolean rowContiguous() {
        return segment == null && stride == 1 && cols > 0;
    }

    /** The index in {@code data} of element {@code k}. */
    long at(long k) {
        return cols == 0 ? offset + k * stride : offset + (k / cols) * rowStride + (k % cols) * stride;
    }

    @Override
    void eval(long start, int len, double[] out, int oo, Scratch scratch) {
        if (contiguous()) {
            System.arraycopy(data, Math.toIntExact(offset + start), out, oo, len);
            return;
        }
        for (int done = 0; done < len;) {
            long k = start + done;
            int run = cols == 0 ? len - done : (int) Math.min(len - done, cols - k % cols); // to the end of the row
            long a = at(k);
            if (segment != null) {
                if (stride == 1) {
                    MemorySegment.copy(segment, DOUBLE, a * Double.BYTES, out, oo + done, run);
                } else {
                    for (int i = 0; i < run; i++, a += stride) {
                        out[oo + done + i] = segment.getAtIndex(DOUBLE, a);
                    }
                }
            } else if (stride == 1) {
                System.arraycopy(data, Math.toIntExact(a), out, oo + done, run);
            } else {
                for (int i = 0; i < run; i++, a += stride) {
                    out[oo + done + i] = data[(int) a];
                }
            }
            done += run;
        }
    }

    /**
     * Copies elements {@code [start, start + len)} into the same elements of {@code target}; both
     * are {@link #rowContiguous} views of the heap of one shape, so each row is one copy, its
     * offsets counted as the rows advance.
     */
    void copyRowsInto(long start, int len, Leaf target) {
        long row = start / cols;
        long col = start % cols;
        for (int done = 0; done < len;) {
            int run = (int) Math.min(len - done, cols - col);
            System.arraycopy(data, Math.toIntExact(offset + row * rowStride + col), target.data,
                    Math.toIntExact(target.offset + row * target.rowStride + col), run);
            done += run;
            col = 0;
            row++;
        }
    }

    /** Writes {@code in[io, io + len)} to elements {@code [start, start + len)} of this view (the inverse of {@link #eval}). */
    void scatter(long start, int len, double[] in, int io) {
        for (int done = 0; done < len;) {
            long k = start + done;
            int run = cols == 0 ? len - done : (int) Math.min(len - done, cols - k % cols);
            long a = at(k);
            if (segment != null) {
                if (stride == 1) {
                    MemorySegment.copy(in, io + done, segment, DOUBLE, a * Double.BYTES, run);
                } else {
                    for (int i = 0; i < run; i++, a += stride) {
                        segment.setAtIndex(DOUBLE, a, in[io + done + i]);
                    }
                }
            } else if (stride == 1) {
                System.arraycopy(in, io + done, data, Math.toIntExact(a), run);
            } else {
                for (int i = 0; i < run; i++, a += stride) {
                    data[(int) a] = in[io + done + i];
                }
            }
            done += run;
        }
    }

    /** The lowest and highest index in {@code data} this view touches (strides are positive). */
    private long[] extent() {
        return new long[] {offset, at(length - 1)};
    }

    /** Whether this view and {@code other} read any element of the same array in a different position. */
    boolean overlapsShifted(Leaf other) {
        if (length == 0 || other.length == 0) {
            return false;
        }
        if (segment != null || other.segment != null) {
            if (segment == null || other.segment == null) {
                return false; // heap arrays and memory outside the heap never share an element
            }
            boolean sameView = offset == other.offset && stride == other.stride && length == other.length
                    && segment.address() == other.segment.address() && segment.byteSize() == other.segment.byteSize();
            return !sameView && segment.asOverlappingSlice(other.segment).isPresent();
        }
        if (data != other.data) {
            return false;
        }
        if (offset == other.offset && stride == other.stride && length == other.length
                && (cols == other.cols && (cols == 0 || rowStride == other.rowStride) || contiguous() && other.contiguous())) {
            return false; // the same elements in the same order: element-wise evaluation in place is safe
        }
        long[] e1 = extent();
        long[] e2 = other.extent();
        return e1[0] <= e2[1] && e2[0] <= e1[1];
    }

    @Override
    public void leaves(List<Leaf> into) {
        into.add(this);
    }

    @Override
    public String describe() {
        String shape = cols == 0 ? length + (stride == 1 ? "" : ", step " + stride)
                : length / cols + " x " + cols + (contiguous() ? "" : ", row step " + rowStride + (stride == 1 ? "" : ", column step " + stride));
        return name + "[" + shape + "]";
    }
}
