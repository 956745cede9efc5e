package org.parallel4j.array.internal;

/**
 * A reduction loop generated for one expression shape and one kind of reduction
 * ({@link KernelCompiler#reducer}): the expression's value at each element folded into running
 * results as it is computed, in the block's fixed order ({@link BlockLoops}), no block of values
 * written and read back. Public for the generated classes, which live in this package.
 */
public interface Reducer {
    /**
     * Reduces a block.
     *
     * @param in the arrays the expression reads, as {@link Kernel#run}'s
     * @param off the index of the block's first element in each array
     * @param consts the expression's constants, in order
     * @param fns the expression's user functions, in order
     * @param len the number of elements
     * @return the sum, least or greatest value of the block, or (count) the number of non-zero values
     */
    double reduce(double[][] in, int[] off, double[] consts, Object[] fns, int len);
}
