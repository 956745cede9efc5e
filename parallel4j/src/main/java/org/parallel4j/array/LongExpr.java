package org.parallel4j.array;

import org.parallel4j.array.internal.Evaluator;
import org.parallel4j.array.internal.FromLong;
import org.parallel4j.array.internal.LongNode;
import org.parallel4j.loop.Team;

/**
 * A lazy element-wise expression over {@code long} arrays (NumPy's int64, as Numba compiles it)
 * and {@code int} arrays (NumPy's int32): nothing is computed until a result is asked for
 * ({@link #eval()}, {@link #into(LongArray)}, a reduction); then the tree runs as one pass, block
 * by block on the loop team, like a {@link DoubleExpr}. Arithmetic wraps around as int64 does, and
 * as int32 does where NumPy's result type is int32 (see {@link IntArray}); {@link #floorDiv} and {@link #mod}
 * floor as Python's {@code //} and {@code %} do, and a zero divisor is an error naming the
 * element; comparisons give 1 or 0; {@link #asDouble()} joins a {@code double} expression.
 *
 * <pre>{@code
 * LongArray a = LongArray.arange(1_000_000);
 * long s = a.times(a).sum();                                        // exact: no rounding to double
 * LongArray r = a.mod(7).eval();                                    // a % 7
 * double m = a.asDouble().sqrt().mean();                            // np.sqrt(a).mean()
 * }</pre>
 */
public class LongExpr {
    final LongNode node;
    final Team team;

    LongExpr(LongNode node, Team team) {
        this.node = node;
        this.team = team;
    }

    private Team team() {
        return team != null ? team : Team.common();
    }

    /**
     * This expression, run on {@code team} instead of the common team.
     *
     * @param team the loop team to run on
     * @return the same expression, bound to the team
     */
    public LongExpr on(Team team) {
        return new LongExpr(node, team);
    }

    /**
     * The number of elements.
     *
     * @return the length, or -1 for a scalar
     */
    public long length() {
        return node.length();
    }

    /**
     * The shape, as NumPy gives it: {@code {n}} for a one-dimensional expression,
     * {@code {rows, cols}} for a two-dimensional one (a matrix, or anything combined with one),
     * {@code {}} for a scalar.
     *
     * @return the dimensions
     */
    public long[] shape() {
        long n = node.length();
        int c = node.cols();
        return n < 0 ? new long[0] : c == 0 ? new long[] {n} : new long[] {n / c, c};
    }

    /**
     * This one-dimensional expression as a column, shape {@code (n, 1)} ({@code v[:, None]}):
     * beside a {@code (n, c)} matrix it is repeated across the columns.
     *
     * @return the same elements as a column
     */
    public LongExpr asColumn() {
        return reshaped(oneDimensional("asColumn"), 1);
    }

    /**
     * This one-dimensional expression as a row, shape {@code (1, n)} ({@code v[None, :]}).
     *
     * @return the same elements as a one-row matrix
     */
    public LongExpr asRow() {
        return reshaped(oneDimensional("asRow"), Math.toIntExact(Math.max(1, node.length())));
    }

    /**
     * The same elements, in the same order, as a {@code rows x cols} matrix ({@code a.reshape(rows, cols)}).
     *
     * @param rows the rows
     * @param cols the columns, at least 1
     * @return the reshaped expression
     */
    public LongExpr reshape(int rows, int cols) {
        if (rows < 0 || cols < 1 || (long) rows * cols != node.length()) {
            throw new IllegalArgumentException("cannot reshape an array of shape " + node.shape() + " into shape (" + rows + ", " + cols + ")");
        }
        return reshaped(node, cols);
    }

    private LongNode oneDimensional(String what) {
        if (node.length() < 0 || node.cols() != 0) {
            throw new IllegalArgumentException(what + "() needs a one-dimensional expression, got shape " + node.shape());
        }
        return node;
    }

    private LongExpr reshaped(LongNode n, int cols) {
        return new LongExpr(LongNode.Stretch.to(n, new long[] {n.length(), cols}), team);
    }

    /**
     * A scalar, for expressions such as {@code LongExpr.scalar(10).minus(x)}.
     *
     * @param c the value
     * @return the scalar
     */
    public static LongExpr scalar(long c) {
        return new LongExpr(new LongNode.Scalar(c), null);
    }

    private LongExpr op(LongNode.Op op, LongExpr o) {
        return new LongExpr(LongNode.Binary.of(op, node, o.node), team != null ? team : o.team);
    }

    private LongExpr op(LongNode.Op op, long c) {
        return new LongExpr(LongNode.Binary.of(op, node, new LongNode.Scalar(c)), team);
    }

    /**
     * Returns {@code this + o}, wrapping around.
     *
     * @param o the other operand
     * @return the sum
     */
    public LongExpr plus(LongExpr o) {
        return op(LongNode.Op.ADD, o);
    }

    /**
     * Returns {@code this + c}, wrapping around.
     *
     * @param c the scalar
     * @return the sum
     */
    public LongExpr plus(long c) {
        return op(LongNode.Op.ADD, c);
    }

    /**
     * Returns {@code this - o}, wrapping around.
     *
     * @param o the other operand
     * @return the difference
     */
    public LongExpr minus(LongExpr o) {
        return op(LongNode.Op.SUB, o);
    }

    /**
     * Returns {@code this - c}, wrapping around.
     *
     * @param c the scalar
     * @return the difference
     */
    public LongExpr minus(long c) {
        return op(LongNode.Op.SUB, c);
    }

    /**
     * Returns {@code this * o}, wrapping around.
     *
     * @param o the other operand
     * @return the product
     */
    public LongExpr times(LongExpr o) {
        return op(LongNode.Op.MUL, o);
    }

    /**
     * Returns {@code this * c}, wrapping around.
     *
     * @param c the scalar
     * @return the product
     */
    public LongExpr times(long c) {
        return op(LongNode.Op.MUL, c);
    }

    /**
     * Returns {@code this // o}, rounded toward negative infinity as Python's; a zero divisor is an error.
     *
     * @param o the divisor
     * @return the floored quotient
     */
    public LongExpr floorDiv(LongExpr o) {
        return op(LongNode.Op.FLOORDIV, o);
    }

    /**
     * Returns {@code this // c}, rounded toward negative infinity as Python's; a zero divisor is an error.
     *
     * @param c the divisor
     * @return the floored quotient
     */
    public LongExpr floorDiv(long c) {
        return op(LongNode.Op.FLOORDIV, c);
    }

    /**
     * Returns {@code this % o} with the sign of the divisor, as Python's; a zero divisor is an error.
     *
     * @param o the divisor
     * @return the remainder
     */
    public LongExpr mod(LongExpr o) {
        return op(LongNode.Op.MOD, o);
    }

    /**
     * Returns {@code this % c} with the sign of the divisor, as Python's; a zero divisor is an error.
     *
     * @param c the divisor
     * @return the remainder
     */
    public LongExpr mod(long c) {
        return op(LongNode.Op.MOD, c);
    }

    /**
     * Returns the smaller of each pair ({@code np.minimum}).
     *
     * @param o the other operand
     * @return the element-wise minimum
     */
    public LongExpr min(LongExpr o) {
        return op(LongNode.Op.MIN, o);
    }

    /**
     * Returns the smaller of each element and {@code c}.
     *
     * @param c the scalar
     * @return the element-wise minimum
     */
    public LongExpr min(long c) {
        return op(LongNode.Op.MIN, c);
    }

    /**
     * Returns the larger of each pair ({@code np.maximum}).
     *
     * @param o the other operand
     * @return the element-wise maximum
     */
    public LongExpr max(LongExpr o) {
        return op(LongNode.Op.MAX, o);
    }

    /**
     * Returns the larger of each element and {@code c}.
     *
     * @param c the scalar
     * @return the element-wise maximum
     */
    public LongExpr max(long c) {
        return op(LongNode.Op.MAX, c);
    }

    /**
     * Returns {@code this & o} ({@code np.bitwise_and}).
     *
     * @param o the other operand
     * @return the element-wise result
     */
    public LongExpr and(LongExpr o) {
        return op(LongNode.Op.AND, o);
    }

    /**
     * Returns {@code this & c} with the scalar {@code c}.
     *
     * @param c the scalar
     * @return the element-wise result
     */
    public LongExpr and(long c) {
        return op(LongNode.Op.AND, c);
    }

    /**
     * Returns {@code this | o} ({@code np.bitwise_or}).
     *
     * @param o the other operand
     * @return the element-wise result
     */
    public LongExpr or(LongExpr o) {
        return op(LongNode.Op.OR, o);
    }

    /**
     * Returns {@code this | c} with the scalar {@code c}.
     *
     * @param c the scalar
     * @return the element-wise result
     */
    public LongExpr or(long c) {
        return op(LongNode.Op.OR, c);
    }

    /**
     * Returns {@code this ^ o} ({@code np.bitwise_xor}).
     *
     * @param o the other operand
     * @return the element-wise result
     */
    public LongExpr xor(LongExpr o) {
        return op(LongNode.Op.XOR, o);
    }

    /**
     * Returns {@code this ^ c} with the scalar {@code c}.
     *
     * @param c the scalar
     * @return the element-wise result
     */
    public LongExpr xor(long c) {
        return op(LongNode.Op.XOR, c);
    }

    /**
     * Returns {@code this << o} ({@code np.left_shift}), wrapping around; a count of 64 or more, or below 0, gives 0, as in NumPy.
     *
     * @param o the other operand
     * @return the element-wise result
     */
    public LongExpr shiftLeft(LongExpr o) {
        return op(LongNode.Op.SHL, o);
    }

    /**
     * Returns {@code this << c} with the scalar {@code c}.
     *
     * @param c the scalar
     * @return the element-wise result
     */
    public LongExpr shiftLeft(long c) {
        return op(LongNode.Op.SHL, c);
    }

    /**
     * Returns {@code this >> o} ({@code np.right_shift}), keeping the sign; a count of 64 or more, or below 0, gives 0 or -1, as in NumPy.
     *
     * @param o the other operand
     * @return the element-wise result
     */
    public LongExpr shiftRight(LongExpr o) {
        return op(LongNode.Op.SHR, o);
    }

    /**
     * Returns {@code this >> c} with the scalar {@code c}.
     *
     * @param c the scalar
     * @return the element-wise result
     */
    public LongExpr shiftRight(long c) {
        return op(LongNode.Op.SHR, c);
    }

    /**
     * Returns 1 where {@code this < o}, else 0.
     *
     * @param o the other operand
     * @return the mask
     */
    public LongExpr lt(LongExpr o) {
        return op(LongNode.Op.LT, o);
    }

    /**
     * Returns 1 where {@code this < c}, else 0.
     *
     * @param c the scalar
     * @return the mask
     */
    public LongExpr lt(long c) {
        return op(LongNode.Op.LT, c);
    }

    /**
     * Returns 1 where {@code this <= o}, else 0.
     *
     * @param o the other operand
     * @return the mask
     */
    public LongExpr le(LongExpr o) {
        return op(LongNode.Op.LE, o);
    }

    /**
     * Returns 1 where {@code this <= c}, else 0.
     *
     * @param c the scalar
     * @return the mask
     */
    public LongExpr le(long c) {
        return op(LongNode.Op.LE, c);
    }

    /**
     * Returns 1 where {@code this > o}, else 0.
     *
     * @param o the other operand
     * @return the mask
     */
    public LongExpr gt(LongExpr o) {
        return op(LongNode.Op.GT, o);
    }

    /**
     * Returns 1 where {@code this > c}, else 0.
     *
     * @param c the scalar
     * @return the mask
     */
    public LongExpr gt(long c) {
        return op(LongNode.Op.GT, c);
    }

    /**
     * Returns 1 where {@code this >= o}, else 0.
     *
     * @param o the other operand
     * @return the mask
     */
    public LongExpr ge(LongExpr o) {
        return op(LongNode.Op.GE, o);
    }

    /**
     * Returns 1 where {@code this >= c}, else 0.
     *
     * @param c the scalar
     * @return the mask
     */
    public LongExpr ge(long c) {
        return op(LongNode.Op.GE, c);
    }

    /**
     * Returns 1 where {@code this == o}, else 0.
     *
     * @param o the other operand
     * @return the mask
     */
    public LongExpr eq(LongExpr o) {
        return op(LongNode.Op.EQ, o);
    }

    /**
     * Returns 1 where {@code this == c}, else 0.
     *
     * @param c the scalar
     * @return the mask
     */
    public LongExpr eq(long c) {
        return op(LongNode.Op.EQ, c);
    }

    /**
     * Returns 1 where {@code this != o}, else 0.
     *
     * @param o the other operand
     * @return the mask
     */
    public LongExpr ne(LongExpr o) {
        return op(LongNode.Op.NE, o);
    }

    /**
     * Returns 1 where {@code this != c}, else 0.
     *
     * @param c the scalar
     * @return the mask
     */
    public LongExpr ne(long c) {
        return op(LongNode.Op.NE, c);
    }

    /**
     * Returns {@code -this}, wrapping around.
     *
     * @return the negation
     */
    public LongExpr neg() {
        return new LongExpr(new LongNode.Unary(LongNode.Fn.NEG, node), team);
    }

    /**
     * Returns {@code ~this} ({@code np.invert}).
     *
     * @return every bit flipped
     */
    public LongExpr not() {
        return new LongExpr(new LongNode.Unary(LongNode.Fn.NOT, node), team);
    }

    /**
     * Returns {@code |this|} ({@code Long.MIN_VALUE} stays itself, as in NumPy).
     *
     * @return the absolute values
     */
    public LongExpr abs() {
        return new LongExpr(new LongNode.Unary(LongNode.Fn.ABS, node), team);
    }

    /**
     * NumPy's {@code where(cond, a, b)}: {@code a} where {@code cond} is not 0, else {@code b}.
     *
     * @param cond the condition, a mask
     * @param a the values where it holds
     * @param b the values elsewhere
     * @return the selection
     */
    public static LongExpr where(LongExpr cond, LongExpr a, LongExpr b) {
        Team t = cond.team != null ? cond.team : a.team != null ? a.team : b.team;
        return new LongExpr(LongNode.Where.of(cond.node, a.node, b.node), t);
    }

    /**
     * The values as int64 ({@code a.astype(np.int64)}): an int32 expression, such as an
     * {@link IntArray}'s, is computed on from here without wrapping to 32 bits; an int64 one is
     * unchanged.
     *
     * @return the int64 expression
     */
    public LongExpr asLong() {
        return node.kind() == LongNode.Kind.INT32 ? new LongExpr(new LongNode.Unary(LongNode.Fn.INT64, node), team) : this;
    }

    /**
     * The values as {@code double}s ({@code a.astype(np.float64)}), to combine with {@code double}
     * expressions; exact up to 2^53 in magnitude, rounded to the nearest {@code double} beyond.
     *
     * @return the {@code double} expression
     */
    public DoubleExpr asDouble() {
        return new DoubleExpr(new FromLong(node), team);
    }

    /**
     * Evaluates the expression into a new array (a two-dimensional one's elements row after row).
     *
     * @return the values, in a new array
     */
    public LongArray eval() {
        LongArray out = LongArray.zeros(Math.toIntExact(arrayLength()));
        Evaluator.assignLong(flat(), out.view(), team());
        return out;
    }

    private long arrayLength() {
        if (node.length() < 0) {
            throw new IllegalArgumentException("a scalar expression has no length to evaluate into: combine it with an array");
        }
        return node.length();
    }

    /** The expression read flat, row after row, to go into a one-dimensional array. */
    private LongNode flat() {
        return node.cols() == 0 ? node : LongNode.Stretch.to(node, new long[] {node.length(), 0});
    }

    private long[] matrixShape(String what) {
        long[] shape = shape();
        if (shape.length != 2) {
            throw new IllegalArgumentException(what + "() needs a two-dimensional expression, got shape " + node.shape()
                    + ": reshape(rows, cols) it, or eval() it into an array");
        }
        return shape;
    }

    /**
     * Evaluates a two-dimensional expression into a new int64 matrix of its shape.
     *
     * @return the values, in a new matrix
     */
    public LongMatrix evalMatrix() {
        long[] shape = matrixShape("evalMatrix");
        return into(LongMatrix.zeros(Math.toIntExact(shape[0]), Math.toIntExact(shape[1])));
    }

    /**
     * Evaluates a two-dimensional expression into a new int32 matrix of its shape, each value
     * wrapped to 32 bits ({@code astype(np.int32)}).
     *
     * @return the values, in a new matrix
     */
    public IntMatrix evalIntMatrix() {
        long[] shape = matrixShape("evalIntMatrix");
        return into(IntMatrix.zeros(Math.toIntExact(shape[0]), Math.toIntExact(shape[1])));
    }

    /**
     * Evaluates the expression into the matrix or slice {@code out}, by NumPy's broadcasting: an
     * expression of {@code out}'s shape element by element, a row ({@code cols} elements) into
     * every row, a column {@code (rows, 1)} across every column, a scalar everywhere; any other
     * shape is an error naming both. It may read {@code out} itself, even shifted: then the
     * result goes through a temporary.
     *
     * @param out the matrix, or a slice of one
     * @return {@code out}
     */
    public LongMatrix into(LongMatrix out) {
        Evaluator.assignLong(node, out.view(), team());
        return out;
    }

    /**
     * Evaluates the expression into the int matrix or slice {@code out}, broadcast as
     * {@link #into(LongMatrix)} is, each value wrapped to 32 bits ({@code astype(np.int32)}).
     *
     * @param out the matrix, or a slice of one
     * @return {@code out}
     */
    public IntMatrix into(IntMatrix out) {
        Evaluator.assignInts(node, out.view(), team());
        return out;
    }

    /**
     * Evaluates the expression into {@code out}, which may be one of its operands or a view with a step.
     *
     * @param out an array of the expression's length (a scalar expression fills it)
     * @return {@code out}
     */
    public LongArray into(LongArray out) {
        Evaluator.assignLong(node, out.view(), team());
        return out;
    }

    /**
     * Evaluates the expression into {@code out}, each value wrapped to 32 bits ({@code astype(np.int32)}).
     *
     * @param out an int array or view of the expression's length (a scalar expression fills it)
     * @return {@code out}
     */
    public IntArray into(IntArray out) {
        Evaluator.assignInts(node, out.view(), team());
        return out;
    }

    /**
     * Evaluates the expression into a new int array (a two-dimensional one's elements row after
     * row), each value wrapped to 32 bits ({@code astype(np.int32)}).
     *
     * @return the values, in a new array
     */
    public IntArray evalInts() {
        IntArray out = IntArray.zeros(Math.toIntExact(arrayLength()));
        Evaluator.assignInts(flat(), out.view(), team());
        return out;
    }

    /**
     * Returns the sum, wrapping around as NumPy's int64 sum does; 0 for none.
     *
     * @return the sum
     */
    public long sum() {
        return Evaluator.reduceLong(node, Evaluator.Reduce.SUM, team());
    }

    /**
     * Returns the product, wrapping around; 1 for none.
     *
     * @return the product
     */
    public long prod() {
        return Evaluator.reduceLong(node, Evaluator.Reduce.PROD, team());
    }

    /**
     * Returns the smallest element; an empty array is an error.
     *
     * @return the minimum
     */
    public long minValue() {
        return Evaluator.reduceLong(node, Evaluator.Reduce.MIN, team());
    }

    /**
     * Returns the largest element; an empty array is an error.
     *
     * @return the maximum
     */
    public long maxValue() {
        return Evaluator.reduceLong(node, Evaluator.Reduce.MAX, team());
    }

    /**
     * Returns the number of elements that are not 0 ({@code np.count_nonzero}).
     *
     * @return the count
     */
    public long count() {
        return Evaluator.reduceLong(node, Evaluator.Reduce.COUNT, team());
    }

    /**
     * Returns the mean: the exact sum (wrapping past 2^63) divided by the length; NaN for none.
     *
     * @return the mean
     */
    public double mean() {
        long n = node.length();
        return n == 0 ? Double.NaN : (double) sum() / n;
    }

    /**
     * Returns the index of the first largest element; an empty array is an error.
     *
     * @return the index
     */
    public long argmax() {
        return Evaluator.argExtremeLong(node, true, team());
    }

    /**
     * Returns the index of the first smallest element; an empty array is an error.
     *
     * @return the index
     */
    public long argmin() {
        return Evaluator.argExtremeLong(node, false, team());
    }

    /**
     * Returns the expression's tree, as {@code add(a[100], 3)}.
     *
     * @return the tree
     */
    public String describe() {
        return node.describe();
    }

    /**
     * How this expression would be evaluated: the fused tree, the blocks, the threads, the kernel
     * path (as Numba's parallel diagnostics, and as {@link DoubleExpr#explain()}).
     *
     * @return the plan, several lines
     */
    public String explain() {
        return Evaluator.planLong(node, Math.max(0, node.length()), team());
    }
}
