package org.parallel4j.array;

import java.util.function.DoubleUnaryOperator;
import org.parallel4j.array.internal.Binary;
import org.parallel4j.array.internal.Constant;
import org.parallel4j.array.internal.Evaluator;
import org.parallel4j.array.internal.Mapped;
import org.parallel4j.array.internal.Node;
import org.parallel4j.array.internal.Reshape;
import org.parallel4j.array.internal.Select;
import org.parallel4j.array.internal.Unary;
import org.parallel4j.loop.Team;

/**
 * A lazy element-wise expression over {@code double} arrays, as NumPy writes them and Numba's
 * {@code parallel=True} or numexpr runs them: building one computes nothing; asking for a
 * result ({@link #eval()}, {@link #into(DoubleArray)}, or a reduction such as {@link #sum()})
 * runs the whole tree as one pass over the data, in cache-sized blocks split across a loop team,
 * with no full-size temporary.
 *
 * <pre>{@code
 * DoubleArray a = DoubleArray.random(n, 1), b = DoubleArray.random(n, 2);
 * DoubleArray h = a.times(a).plus(b.times(b)).sqrt().eval();       // np.sqrt(a*a + b*b), one pass
 * double s = a.times(b).sum();                                     // np.sum(a * b), no temporary
 * a.times(2.0).minus(b).into(a);                                   // a = 2a - b, in place
 * }</pre>
 *
 * <p>Arrays of different lengths are an error naming both; a scalar broadcasts. Comparisons give
 * 1.0 or 0.0, as a mask for {@link #where}. Everything follows IEEE 754 and NumPy's conventions
 * for NaN: arithmetic, {@code min}/{@code max} and reductions propagate it, comparisons with it
 * are false ({@code ne} true).
 */
public class DoubleExpr {
    final Node node;
    final Team team;

    DoubleExpr(Node node, Team team) {
        this.node = node;
        this.team = team;
    }

    /** The team this expression runs on: the one given with {@link #on(Team)}, else the common team. */
    Team team() {
        return team != null ? team : Team.common();
    }

    /**
     * This expression, run on {@code team} instead of the common team.
     *
     * @param team the loop team to run on
     * @return the same expression, bound to the team
     */
    public DoubleExpr on(Team team) {
        return new DoubleExpr(node, team);
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
     * This expression in fast mode: its {@code exp}, {@code log}, {@code sin}, {@code cos},
     * {@code tan} and {@code tanh} may run the Vector API's versions (Intel's SVML on x86), within 1
     * ulp of {@code Math}'s as {@code Math} specifies, but not always its last bit, and not always
     * the same bit in a loop the JIT has not compiled yet (the Vector API's fallback computes lane
     * by lane with {@code Math}). 2.7x faster for {@code sin(a) * cos(b)} over 10M doubles on 2
     * threads. Without fast mode every element is what the same {@code Math} call gives, on every
     * run. Sums keep their order in fast mode too. {@code -Dp4j.array.fast=true} makes every
     * expression fast.
     *
     * @return the same expression, as built so far, in fast mode
     */
    public DoubleExpr fast() {
        return new DoubleExpr(Node.fast(node), team);
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
    public DoubleExpr asColumn() {
        return with(new Reshape(oneDimensional("asColumn"), node.length(), 1), null);
    }

    /**
     * This one-dimensional expression as a row, shape {@code (1, n)} ({@code v[None, :]}).
     *
     * @return the same elements as a one-row matrix
     */
    public DoubleExpr asRow() {
        return with(new Reshape(oneDimensional("asRow"), node.length(), Math.toIntExact(Math.max(1, node.length()))), null);
    }

    /**
     * The same elements, in the same order, as a {@code rows x cols} matrix ({@code a.reshape(rows, cols)}).
     *
     * @param rows the rows
     * @param cols the columns, at least 1
     * @return the reshaped expression
     */
    public DoubleExpr reshape(int rows, int cols) {
        if (rows < 0 || cols < 1 || (long) rows * cols != node.length()) {
            throw new IllegalArgumentException("cannot reshape an array of shape " + node.shape() + " into shape (" + rows + ", " + cols + ")");
        }
        return with(new Reshape(node, node.length(), cols), null);
    }

    private Node oneDimensional(String what) {
        if (node.length() < 0 || node.cols() != 0) {
            throw new IllegalArgumentException(what + "() needs a one-dimensional expression, got shape " + node.shape());
        }
        return node;
    }

    private DoubleExpr with(Node n, DoubleExpr other) {
        return new DoubleExpr(n, team != null ? team : other == null ? null : other.team);
    }

    private DoubleExpr binary(Binary.Op op, DoubleExpr other) {
        return with(new Binary(op, node, other.node), other);
    }

    private DoubleExpr binary(Binary.Op op, double c) {
        return with(new Binary(op, node, new Constant(c)), null);
    }

    private DoubleExpr unary(Unary.Op op) {
        return with(new Unary(op, node), null);
    }

    /**
     * A scalar, for expressions such as {@code DoubleExpr.scalar(1).minus(x)}.
     *
     * @param c the value
     * @return the scalar
     */
    public static DoubleExpr scalar(double c) {
        return new DoubleExpr(new Constant(c), null);
    }

    /**
     * Returns {@code this + o}.
     *
     * @param o the other operand
     * @return {@code this + o}
     */
    public DoubleExpr plus(DoubleExpr o) {
        return binary(Binary.Op.ADD, o);
    }

    /**
     * Returns {@code this + c}.
     *
     * @param c the scalar
     * @return {@code this + c}
     */
    public DoubleExpr plus(double c) {
        return binary(Binary.Op.ADD, c);
    }

    /**
     * Returns {@code this - o}.
     *
     * @param o the other operand
     * @return {@code this - o}
     */
    public DoubleExpr minus(DoubleExpr o) {
        return binary(Binary.Op.SUB, o);
    }

    /**
     * Returns {@code this - c}.
     *
     * @param c the scalar
     * @return {@code this - c}
     */
    public DoubleExpr minus(double c) {
        return binary(Binary.Op.SUB, c);
    }

    /**
     * Returns {@code this * o}.
     *
     * @param o the other operand
     * @return {@code this * o}
     */
    public DoubleExpr times(DoubleExpr o) {
        return binary(Binary.Op.MUL, o);
    }

    /**
     * Returns {@code this * c}.
     *
     * @param c the scalar
     * @return {@code this * c}
     */
    public DoubleExpr times(double c) {
        return binary(Binary.Op.MUL, c);
    }

    /**
     * Returns {@code this / o}.
     *
     * @param o the other operand
     * @return {@code this / o}
     */
    public DoubleExpr div(DoubleExpr o) {
        return binary(Binary.Op.DIV, o);
    }

    /**
     * Returns {@code this / c}.
     *
     * @param c the scalar
     * @return {@code this / c}
     */
    public DoubleExpr div(double c) {
        return binary(Binary.Op.DIV, c);
    }

    /**
     * Returns {@code this ** o}, element by element, as {@link Math#pow}.
     *
     * @param o the exponents
     * @return {@code this ** o}, element by element, as {@link Math#pow}
     */
    public DoubleExpr pow(DoubleExpr o) {
        return binary(Binary.Op.POW, o);
    }

    /**
     * Returns {@code this ** c}.
     *
     * @param c the exponent
     * @return {@code this ** c}
     */
    public DoubleExpr pow(double c) {
        return binary(Binary.Op.POW, c);
    }

    /**
     * Returns the element-wise minimum, NaN if either is ({@code np.minimum}).
     *
     * @param o the other operand
     * @return the element-wise minimum, NaN if either is ({@code np.minimum})
     */
    public DoubleExpr min(DoubleExpr o) {
        return binary(Binary.Op.MIN, o);
    }

    /**
     * Returns the element-wise minimum with {@code c}.
     *
     * @param c the scalar
     * @return the element-wise minimum with {@code c}
     */
    public DoubleExpr min(double c) {
        return binary(Binary.Op.MIN, c);
    }

    /**
     * Returns the element-wise maximum, NaN if either is ({@code np.maximum}).
     *
     * @param o the other operand
     * @return the element-wise maximum, NaN if either is ({@code np.maximum})
     */
    public DoubleExpr max(DoubleExpr o) {
        return binary(Binary.Op.MAX, o);
    }

    /**
     * Returns the element-wise maximum with {@code c}.
     *
     * @param c the scalar
     * @return the element-wise maximum with {@code c}
     */
    public DoubleExpr max(double c) {
        return binary(Binary.Op.MAX, c);
    }

    /**
     * Returns 1.0 where {@code this < o}, else 0.0.
     *
     * @param o the other operand
     * @return 1.0 where {@code this < o}, else 0.0
     */
    public DoubleExpr lt(DoubleExpr o) {
        return binary(Binary.Op.LT, o);
    }

    /**
     * Returns 1.0 where {@code this < c}, else 0.0.
     *
     * @param c the scalar
     * @return 1.0 where {@code this < c}, else 0.0
     */
    public DoubleExpr lt(double c) {
        return binary(Binary.Op.LT, c);
    }

    /**
     * Returns 1.0 where {@code this <= o}, else 0.0.
     *
     * @param o the other operand
     * @return 1.0 where {@code this <= o}, else 0.0
     */
    public DoubleExpr le(DoubleExpr o) {
        return binary(Binary.Op.LE, o);
    }

    /**
     * Returns 1.0 where {@code this <= c}, else 0.0.
     *
     * @param c the scalar
     * @return 1.0 where {@code this <= c}, else 0.0
     */
    public DoubleExpr le(double c) {
        return binary(Binary.Op.LE, c);
    }

    /**
     * Returns 1.0 where {@code this > o}, else 0.0.
     *
     * @param o the other operand
     * @return 1.0 where {@code this > o}, else 0.0
     */
    public DoubleExpr gt(DoubleExpr o) {
        return binary(Binary.Op.GT, o);
    }

    /**
     * Returns 1.0 where {@code this > c}, else 0.0.
     *
     * @param c the scalar
     * @return 1.0 where {@code this > c}, else 0.0
     */
    public DoubleExpr gt(double c) {
        return binary(Binary.Op.GT, c);
    }

    /**
     * Returns 1.0 where {@code this >= o}, else 0.0.
     *
     * @param o the other operand
     * @return 1.0 where {@code this >= o}, else 0.0
     */
    public DoubleExpr ge(DoubleExpr o) {
        return binary(Binary.Op.GE, o);
    }

    /**
     * Returns 1.0 where {@code this >= c}, else 0.0.
     *
     * @param c the scalar
     * @return 1.0 where {@code this >= c}, else 0.0
     */
    public DoubleExpr ge(double c) {
        return binary(Binary.Op.GE, c);
    }

    /**
     * Returns 1.0 where {@code this == o}, else 0.0.
     *
     * @param o the other operand
     * @return 1.0 where {@code this == o}, else 0.0
     */
    public DoubleExpr eq(DoubleExpr o) {
        return binary(Binary.Op.EQ, o);
    }

    /**
     * Returns 1.0 where {@code this == c}, else 0.0.
     *
     * @param c the scalar
     * @return 1.0 where {@code this == c}, else 0.0
     */
    public DoubleExpr eq(double c) {
        return binary(Binary.Op.EQ, c);
    }

    /**
     * Returns 1.0 where {@code this != o} (NaN included), else 0.0.
     *
     * @param o the other operand
     * @return 1.0 where {@code this != o} (NaN included), else 0.0
     */
    public DoubleExpr ne(DoubleExpr o) {
        return binary(Binary.Op.NE, o);
    }

    /**
     * Returns 1.0 where {@code this != c}, else 0.0.
     *
     * @param c the scalar
     * @return 1.0 where {@code this != c}, else 0.0
     */
    public DoubleExpr ne(double c) {
        return binary(Binary.Op.NE, c);
    }

    /**
     * Returns {@code -this}.
     *
     * @return {@code -this}
     */
    public DoubleExpr neg() {
        return unary(Unary.Op.NEG);
    }

    /**
     * Returns {@code |this|}.
     *
     * @return {@code |this|}
     */
    public DoubleExpr abs() {
        return unary(Unary.Op.ABS);
    }

    /**
     * Returns the square roots (NaN below 0).
     *
     * @return the square roots (NaN below 0)
     */
    public DoubleExpr sqrt() {
        return unary(Unary.Op.SQRT);
    }

    /**
     * Returns {@code e} to the elements.
     *
     * @return {@code e} to the elements
     */
    public DoubleExpr exp() {
        return unary(Unary.Op.EXP);
    }

    /**
     * Returns the natural logarithms (NaN below 0, -infinity at 0).
     *
     * @return the natural logarithms (NaN below 0, -infinity at 0)
     */
    public DoubleExpr log() {
        return unary(Unary.Op.LOG);
    }

    /**
     * Returns the sines.
     *
     * @return the sines
     */
    public DoubleExpr sin() {
        return unary(Unary.Op.SIN);
    }

    /**
     * Returns the cosines.
     *
     * @return the cosines
     */
    public DoubleExpr cos() {
        return unary(Unary.Op.COS);
    }

    /**
     * Returns the tangents.
     *
     * @return the tangents
     */
    public DoubleExpr tan() {
        return unary(Unary.Op.TAN);
    }

    /**
     * Returns the hyperbolic tangents.
     *
     * @return the hyperbolic tangents
     */
    public DoubleExpr tanh() {
        return unary(Unary.Op.TANH);
    }

    /**
     * Returns the elements rounded down.
     *
     * @return the elements rounded down
     */
    public DoubleExpr floor() {
        return unary(Unary.Op.FLOOR);
    }

    /**
     * Returns the elements rounded up.
     *
     * @return the elements rounded up
     */
    public DoubleExpr ceil() {
        return unary(Unary.Op.CEIL);
    }

    /**
     * A user's function of each element (called once per element, in no particular order).
     *
     * @param f the function
     * @return {@code f} of every element
     */
    public DoubleExpr map(DoubleUnaryOperator f) {
        return with(new Mapped(f, node), null);
    }

    /**
     * NumPy's {@code where(cond, a, b)}.
     *
     * @param cond the condition (non-zero: true), as a comparison gives it
     * @param a the values where it holds
     * @param b the values elsewhere
     * @return {@code a} where {@code cond} holds, else {@code b}
     */
    public static DoubleExpr where(DoubleExpr cond, DoubleExpr a, DoubleExpr b) {
        Team t = cond.team != null ? cond.team : a.team != null ? a.team : b.team;
        return new DoubleExpr(new Select(cond.node, a.node, b.node), t);
    }

    /**
     * NumPy's {@code where(cond, a, b)} with scalar branches.
     *
     * @param cond the condition
     * @param a the value where it holds
     * @param b the value elsewhere
     * @return {@code a} where {@code cond} holds, else {@code b}
     */
    public static DoubleExpr where(DoubleExpr cond, double a, double b) {
        return where(cond, scalar(a), scalar(b));
    }

    /**
     * Evaluates the expression into a new array.
     *
     * @return the values, in a new array
     */
    public DoubleArray eval() {
        long n = node.length();
        if (n < 0) {
            throw new IllegalArgumentException("a scalar expression has no length to evaluate into: combine it with an array");
        }
        DoubleArray out = DoubleArray.zeros(Math.toIntExact(n));
        Evaluator.assign(new Reshape(node, n, 0), out.leaf(), team()); // a matrix's elements, row after row
        return out;
    }

    /**
     * Evaluates a two-dimensional expression into a new matrix of its shape.
     *
     * @return the values, in a new matrix
     */
    public DoubleMatrix evalMatrix() {
        long[] shape = shape();
        if (shape.length != 2) {
            throw new IllegalArgumentException("evalMatrix() needs a two-dimensional expression, got shape " + node.shape()
                    + ": reshape(rows, cols) it, or eval() it into an array");
        }
        return into(DoubleMatrix.zeros(Math.toIntExact(shape[0]), Math.toIntExact(shape[1])));
    }

    /**
     * Evaluates the expression into {@code out}, which may be one of its own operands (in place)
     * or a view with a step. A scalar expression fills it; otherwise the lengths must be equal
     * (a length-1 expression broadcasts).
     *
     * @param out an array or a view, of the expression's length
     * @return {@code out}
     */
    public DoubleArray into(DoubleArray out) {
        Evaluator.assign(node, out.leaf(), team());
        return out;
    }

    /**
     * Evaluates the expression into the matrix or slice {@code out}, by NumPy's broadcasting: an
     * expression of {@code out}'s shape element by element, a row ({@code cols} elements) into
     * every row, a column {@code (rows, 1)} across every column, a scalar everywhere. It may
     * read {@code out} itself, even shifted ({@code a[1:-1, 1:-1] = a[:-2, 1:-1] + a[2:, 1:-1]}):
     * then the result goes through a temporary.
     *
     * @param out the matrix, or a slice of one
     * @return {@code out}
     */
    public DoubleMatrix into(DoubleMatrix out) {
        Evaluator.assign(node, out.leaf(), team());
        return out;
    }

    /**
     * Returns the sum of the elements (0 for none), summed block by block, the same on any number of threads.
     *
     * @return the sum of the elements (0 for none), summed block by block, the same on any number of threads
     */
    public double sum() {
        return Evaluator.reduce(node, Evaluator.Reduce.SUM, team());
    }

    /**
     * Returns the product of the elements (1 for none).
     *
     * @return the product of the elements (1 for none)
     */
    public double prod() {
        return Evaluator.reduce(node, Evaluator.Reduce.PROD, team());
    }

    /**
     * Returns the smallest element, NaN if any is; an error for an empty array.
     *
     * @return the smallest element, NaN if any is; an error for an empty array
     */
    public double minValue() {
        return Evaluator.reduce(node, Evaluator.Reduce.MIN, team());
    }

    /**
     * Returns the largest element, NaN if any is; an error for an empty array.
     *
     * @return the largest element, NaN if any is; an error for an empty array
     */
    public double maxValue() {
        return Evaluator.reduce(node, Evaluator.Reduce.MAX, team());
    }

    /**
     * Returns how many elements are non-zero (true, for a comparison).
     *
     * @return how many elements are non-zero (true, for a comparison)
     */
    public long count() {
        return (long) Evaluator.reduce(node, Evaluator.Reduce.COUNT, team());
    }

    /**
     * Returns whether any element is non-zero.
     *
     * @return whether any element is non-zero
     */
    public boolean any() {
        return count() > 0;
    }

    /**
     * Returns whether every element is non-zero (true for none).
     *
     * @return whether every element is non-zero (true for none)
     */
    public boolean all() {
        return count() == node.length();
    }

    /**
     * Returns the mean (NaN for an empty array, as NumPy's).
     *
     * @return the mean (NaN for an empty array, as NumPy's)
     */
    public double mean() {
        long n = node.length();
        return n == 0 ? Double.NaN : sum() / n;
    }

    /**
     * Returns the population variance ({@code ddof = 0}, NumPy's default), in one stable pass.
     *
     * @return the population variance ({@code ddof = 0}, NumPy's default), in one stable pass
     */
    public double var() {
        return Evaluator.meanVar(node, 0, team())[1];
    }

    /**
     * Returns the variance divided by {@code n - ddof}.
     *
     * @param ddof the delta degrees of freedom (1: the sample variance)
     * @return the variance divided by {@code n - ddof}
     */
    public double var(int ddof) {
        return Evaluator.meanVar(node, ddof, team())[1];
    }

    /**
     * Returns the population standard deviation, {@code sqrt(var())}.
     *
     * @return the population standard deviation, {@code sqrt(var())}
     */
    public double std() {
        return Math.sqrt(var());
    }

    /**
     * Returns the index of the largest element, the first on ties, the first NaN if any.
     *
     * @return the index of the largest element, the first on ties, the first NaN if any
     */
    public long argmax() {
        return Evaluator.argExtreme(node, true, team());
    }

    /**
     * Returns the index of the smallest element, the first on ties, the first NaN if any.
     *
     * @return the index of the smallest element, the first on ties, the first NaN if any
     */
    public long argmin() {
        return Evaluator.argExtreme(node, false, team());
    }

    /**
     * Returns the dot product, {@code sum(this * o)} fused.
     *
     * @param o the other vector
     * @return the dot product, {@code sum(this * o)} fused
     */
    public double dot(DoubleExpr o) {
        return times(o).sum();
    }

    /**
     * Returns the Euclidean norm, {@code sqrt(sum(this * this))}.
     *
     * @return the Euclidean norm, {@code sqrt(sum(this * this))}
     */
    public double norm() {
        return Math.sqrt(times(this).sum());
    }

    /**
     * How this JVM runs the reductions and the transcendental functions of every expression:
     * {@code "Vector API, 4 doubles per vector"} when it was started with
     * {@code --add-modules jdk.incubator.vector} (as {@code p4j} starts it) on a CPU with 256-bit
     * vectors, else the scalar loops and why. The reductions give the same bits either way.
     *
     * @return one line
     */
    public static String simd() {
        return Evaluator.simd();
    }

    /**
     * How this expression would be evaluated: the fused tree, the blocks, the threads, the kernel
     * path (as Numba's parallel diagnostics).
     *
     * @return the plan, several lines
     */
    public String explain() {
        return Evaluator.plan(node, Math.max(0, node.length()), team());
    }

    @Override
    public String toString() {
        return node.describe();
    }
}
