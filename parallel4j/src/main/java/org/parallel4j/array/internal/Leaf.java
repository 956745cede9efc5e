package org.parallel4j.array.internal;

import java.util.List;

/** An array read by an expression: {@code data[offset + i * stride]} for {@code i < length}. */
public final class Leaf extends Node {
    final double[] data;
    final long offset;
    final long stride;
    private final long length;
    private final String name;

    /**
     * A view of {@code data}.
     *
     * @param data the backing array
     * @param offset the index of element 0
     * @param stride the distance between elements (1: contiguous)
     * @param length the number of elements
     * @param name the name {@link #describe()} uses
     */
    public Leaf(double[] data, long offset, long stride, long length, String name) {
        this.data = data;
        this.offset = offset;
        this.stride = stride;
        this.length = length;
        this.name = name;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    void eval(long start, int len, double[] out, int oo, Scratch scratch) {
        if (stride == 1) {
            System.arraycopy(data, Math.toIntExact(offset + start), out, oo, len);
            return;
        }
        long at = offset + start * stride;
        for (int i = 0; i < len; i++, at += stride) {
            out[oo + i] = data[(int) at];
        }
    }

    /** Whether this view and {@code other} read any element of the same array in a different position. */
    boolean overlapsShifted(Leaf other) {
        if (data != other.data || length == 0 || other.length == 0) {
            return false;
        }
        if (offset == other.offset && stride == other.stride) {
            return false; // the same elements in the same order: element-wise evaluation in place is safe
        }
        long lo1 = Math.min(offset, offset + (length - 1) * stride);
        long hi1 = Math.max(offset, offset + (length - 1) * stride);
        long lo2 = Math.min(other.offset, other.offset + (other.length - 1) * other.stride);
        long hi2 = Math.max(other.offset, other.offset + (other.length - 1) * other.stride);
        return lo1 <= hi2 && lo2 <= hi1;
    }

    @Override
    public void leaves(List<Leaf> into) {
        into.add(this);
    }

    @Override
    public String describe() {
        return name + "[" + length + (stride == 1 ? "" : ", step " + stride) + "]";
    }
}
