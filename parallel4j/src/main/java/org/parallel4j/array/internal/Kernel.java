package org.parallel4j.array.internal;

/**
 * A loop generated for one expression shape ({@link KernelCompiler}): for {@code i < len},
 * {@code out[oo + i] = expr(in[0][off[0] + i], in[1][off[1] + i], ...)} with the shape's
 * constants and user functions. Public for the generated classes, which live in this package.
 */
public interface Kernel {
    /**
     * Computes a block.
     *
     * @param in the arrays the expression reads, in the order of its leaves
     * @param off the index of the block's first element in each array
     * @param consts the expression's constants, in order
     * @param fns the expression's user functions, in order
     * @param out where the block goes
     * @param oo the index of the block's first element in {@code out}
     * @param len the number of elements
     */
    void run(double[][] in, int[] off, double[] consts, Object[] fns, double[] out, int oo, int len);
}
