package org.parallel4j.array.internal;

/**
 * A loop generated for one integer expression shape ({@link LongKernelCompiler}): for
 * {@code i < len}, {@code out[oo + i] = expr(in[0][off[0] + i], in[1][off[1] + i], ...)} with
 * the shape's constants. Each input is a {@code long[]} or an {@code int[]} (an int32 array read
 * in place), as the shape says. Public for the generated classes, which live in this package.
 */
public interface LongKernel {
    /**
     * Computes a block.
     *
     * @param in the arrays the expression reads, in the order of its inputs ({@code long[]} or {@code int[]})
     * @param off the index of the block's first element in each array
     * @param consts the expression's scalars, in order
     * @param out where the block goes
     * @param oo the index of the block's first element in {@code out}
     * @param len the number of elements
     */
    void run(Object[] in, int[] off, long[] consts, long[] out, int oo, int len);
}
