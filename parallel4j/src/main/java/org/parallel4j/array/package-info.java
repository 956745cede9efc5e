/**
 * Fused parallel arrays: NumPy-style {@code double} array expressions that run as Numba's
 * {@code parallel=True} and numexpr run them, with no compiler plug-in.
 *
 * <p>{@link org.parallel4j.array.DoubleArray} (a view of a {@code double[]} or of the doubles in
 * a {@code MemorySegment}) and {@link org.parallel4j.array.DoubleMatrix} (row-major, with slices
 * with steps and row, column and diagonal views) build lazy
 * {@link org.parallel4j.array.DoubleExpr}s, one- or two-dimensional, combined by NumPy's
 * broadcasting (a scalar anywhere, a row across the rows, a column across the columns). Asking for a result runs the whole
 * expression tree as one pass: the elements are cut into blocks of 4096 (32 KiB per node, so a
 * block of every operand and temporary stays in the core's cache), the blocks are split across
 * the loop team in contiguous runs, and each node of the tree computes its block with a fixed
 * loop of its own. Reductions (sum, prod, min, max, mean, var, std, argmin, argmax, dot, norm,
 * count, any, all) reduce each block as it is computed and combine the blocks' results in block
 * order, so a result is the same on any number of threads.
 *
 * <p><b>Generated loops.</b> An expression of at least 1024 elements ({@code p4j.array.compileFrom})
 * runs one loop generated for its shape (the class-file API, one hidden class per shape, cached),
 * computing the whole tree element by element with the same operations in the same order as the
 * per-node loops: one pass per block instead of one per operation; integer expressions too.
 * {@code -Dp4j.array.compile=false} turns it off.
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
 * <p><b>SIMD.</b> The reductions and the generated loops' main loop (+ - * /, sqrt, abs, min,
 * max, comparisons, where) run the Vector API when the JVM has {@code jdk.incubator.vector}
 * ({@code --add-modules jdk.incubator.vector}, as {@code p4j} starts it) and 256-bit vectors,
 * else scalar loops: a sum keeps eight running sums in both, so the results are the same bits
 * either way ({@link org.parallel4j.array.DoubleExpr#simd()} says which runs). A generated loop
 * reads at most 12 inputs; a larger tree nests loops. {@link org.parallel4j.array.DoubleExpr#fast()}
 * lets {@code exp}, {@code log}, {@code sin}, {@code cos}, {@code tan}, {@code tanh} run the Vector
 * API's versions (within 1 ulp of {@code Math}'s, not always its last bit); sums keep their order
 * (measured, reordering them buys nothing).
 *
 * <p>{@link org.parallel4j.array.LongArray} and {@link org.parallel4j.array.LongExpr} are NumPy's
 * one-dimensional int64 arrays and their lazy expressions (wrapping arithmetic, Python's
 * {@code //} and {@code %}, exact sums), evaluated in the same blocks on the same team, with a
 * fixed loop per operation or one generated loop (int32 arrays read in place and widened, every
 * int32 result wrapped as the per-operation loops wrap it, {@code //} and {@code %} in a loop of
 * their own that names a zero divisor's element); {@link org.parallel4j.array.IntArray} is an int32 array whose
 * expressions have NumPy's result types: int32 results wrap to 32 bits after every operation,
 * int32 with int64 (or with a scalar beyond int32) is int64, sums accumulate in int64. Their
 * loops ({@code + - *}, min, max, bitwise operations, comparisons, where, the reductions but
 * prod) are Vector API code under the same conditions as the {@code double} ones, else scalar;
 * integer results are exact, so both give the same values.
 * {@link org.parallel4j.array.LongMatrix} and {@link org.parallel4j.array.IntMatrix} are their
 * two-dimensional row-major forms, laid out and sliced as a {@code DoubleMatrix} is, with
 * expressions broadcast by the same rule.
 */
package org.parallel4j.array;
