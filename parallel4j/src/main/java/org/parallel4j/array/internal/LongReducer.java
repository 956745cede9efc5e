package org.parallel4j.array.internal;

/**
 * A reduction loop generated for one integer expression shape and one kind of reduction
 * ({@link LongKernelCompiler#reducer}): the expression's value at each element folded into a
 * running result as it is computed, no block of values written and read back. Public for the
 * generated classes, which live in this package.
 */
public interface LongReducer {
    /**
     * Reduces a pass.
     *
     * @param in the arrays the expression reads, as {@link LongKernel#run}'s
     * @param off the index of the pass's first element in each array
     * @param consts the expression's scalars, in order
     * @param len the number of elements
     * @return the sum, product, least or greatest value of the pass, or (count) the number of non-zero values
     */
    long reduce(Object[] in, int[] off, long[] consts, int len);
}
