/**
 * Fused parallel arrays: NumPy-style {@code double} array expressions that run as Numba's
 * {@code parallel=True} and numexpr run them, with no compiler plug-in.
 *
 * <p>{@link org.parallel4j.array.DoubleArray} (a view of a {@code double[]}) and
 * {@link org.parallel4j.array.DoubleMatrix} (row-major, with row, column and diagonal views)
 * build lazy {@link org.parallel4j.array.DoubleExpr}s. Asking for a result runs the whole
 * expression tree as one pass: the elements are cut into blocks of 4096 (32 KiB per node, so a
 * block of every operand and temporary stays in the core's cache), the blocks are split across
 * the loop team in contiguous runs, and each node of the tree computes its block with a fixed
 * loop of its own. Reductions (sum, prod, min, max, mean, var, std, argmin, argmax, dot, norm,
 * count, any, all) reduce each block as it is computed and combine the blocks' results in block
 * order, so a result is the same on any number of threads.
 *
 * <p><b>Generated loops.</b> An expression over at least two blocks runs one loop generated for
 * its shape (the class-file API, one hidden class per shape, cached), computing the whole tree
 * element by element with the same operations in the same order as the per-node loops: one
 * pass per block instead of one per operation. {@code -Dp4j.array.compile=false} turns it off.
 *
 * <p><b>Why block kernels.</b> An application evaluates many different expressions in one JVM.
 * Code that runs every expression through one generic loop calling a lambda per element lets
 * the JIT's profile of that loop mix all of them, and each gets slower (2-5x in an experiment
 * with element-wise streams). Here the loop of an addition is the addition's own, whatever
 * expression it sits in: numexpr's design, which keeps each kernel's profile clean. Only
 * {@link org.parallel4j.array.DoubleExpr#map} calls the user's function per element.
 *
 * <p><b>Small arrays</b> (fewer than {@code p4j.array.serialBelow} elements, default 8192, two
 * blocks) run on the calling thread: measured on 2 cores, a one-block triad takes 7.4 us alone
 * and 9.4 us split, a two-block one 20 us alone and 11 us on two threads.
 *
 * <p>Not yet here: SIMD through the Vector API for reductions and transcendental functions,
 * a fast mode that reorders sums, integer arrays, broadcasting of rows and columns of a matrix.
 */
package org.parallel4j.array;
