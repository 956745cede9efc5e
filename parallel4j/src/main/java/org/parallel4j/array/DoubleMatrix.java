package org.parallel4j.array;

import org.parallel4j.array.internal.Leaf;
import org.parallel4j.loop.Parallel;

/**
 * A two-dimensional row-major array of {@code double}s over a Java {@code double[]}, or a view of
 * one: slices with steps ({@link #slice(int, int, int, int, int, int)}, NumPy's
 * {@code a[r0:r1:rs, c0:c1:cs]}) share the elements; rows, columns and the diagonal are
 * {@link DoubleArray} views. {@link #expr()} is the matrix as a two-dimensional expression:
 * element-wise operations with other matrices of its shape, with a row (a one-dimensional array
 * of {@code cols()} elements, repeated for every row) or a column ({@link DoubleExpr#asColumn()})
 * by NumPy's broadcasting, fused into one pass, into a new matrix ({@link DoubleExpr#evalMatrix()})
 * or into a matrix or slice ({@link DoubleExpr#into(DoubleMatrix)}).
 *
 * <pre>{@code
 * DoubleMatrix a = DoubleMatrix.arange(1000, 1000);              // np.arange(10**6).reshape(1000, 1000)
 * double trace = a.diag().tanh().sum();                          // sum of tanh of the diagonal
 * DoubleMatrix b = a.expr().plus(trace).evalMatrix();            // a + trace, one fused pass
 * DoubleMatrix c = a.expr().minus(a.colMeans()).evalMatrix();    // a - a.mean(axis=0): a row broadcast
 * a.slice(1, 999, 1, 999).expr().times(0.5).into(a.slice(1, 999, 1, 999)); // a[1:-1, 1:-1] *= 0.5
 * }</pre>
 */
public final class DoubleMatrix {
    private final double[] data;
    private final Grid grid;
    private final int rows;
    private final int cols;

    private DoubleMatrix(double[] data, Grid grid) {
        this.data = data;
        this.grid = grid;
        this.rows = grid.rows();
        this.cols = grid.cols();
    }

    /**
     * Uniform values in [0, 1) from {@code seed}, row after row as {@link DoubleArray#random}
     * draws them: the same on any number of threads.
     *
     * @param rows the rows
     * @param cols the columns
     * @param seed the seed
     * @return the matrix
     */
    public static DoubleMatrix random(int rows, int cols, long seed) {
        return of(rows, cols, DoubleArray.random(Grid.size(rows, cols), seed).array());
    }

    /**
     * {@code values} as a {@code rows x cols} matrix, row after row: no copy.
     *
     * @param rows the number of rows
     * @param cols the number of columns
     * @param values the elements, {@code rows * cols} of them
     * @return the matrix
     */
    public static DoubleMatrix of(int rows, int cols, double[] values) {
        return new DoubleMatrix(values, Grid.of(rows, cols, values.length));
    }

    /**
     * Returns a matrix of zeros.
     *
     * @param rows the rows
     * @param cols the columns
     * @return a matrix of zeros
     */
    public static DoubleMatrix zeros(int rows, int cols) {
        return of(rows, cols, new double[Grid.size(rows, cols)]);
    }

    /**
     * Returns the matrix.
     *
     * @param rows the rows
     * @param cols the columns
     * @param value every element's value
     * @return the matrix
     */
    public static DoubleMatrix full(int rows, int cols, double value) {
        DoubleMatrix m = zeros(rows, cols);
        java.util.Arrays.fill(m.data, value);
        return m;
    }

    /**
     * Returns 0, 1, ... row after row ({@code np.arange(r * c).reshape(r, c)}).
     *
     * @param rows the rows
     * @param cols the columns
     * @return 0, 1, ... row after row ({@code np.arange(r * c).reshape(r, c)})
     */
    public static DoubleMatrix arange(int rows, int cols) {
        return of(rows, cols, DoubleArray.arange(Grid.size(rows, cols)).array());
    }

    /**
     * Returns the number of rows.
     *
     * @return the number of rows
     */
    public int rows() {
        return rows;
    }

    /**
     * Returns the number of columns.
     *
     * @return the number of columns
     */
    public int cols() {
        return cols;
    }

    /**
     * Returns element {@code (i, j)}.
     *
     * @param i the row
     * @param j the column
     * @return element {@code (i, j)}
     */
    public double get(int i, int j) {
        return data[grid.index(i, j)];
    }

    /**
     * See the parameters.
     *
     * @param i the row
     * @param j the column
     * @param value the new value
     */
    public void set(int i, int j, double value) {
        data[grid.index(i, j)] = value;
    }

    /**
     * Returns every element, row after row, as one array view (for one-dimensional expressions
     * over the whole matrix); a slice whose rows are not one run of the array has none: use
     * {@link #expr()} or {@link #copy()}.
     *
     * @return every element, row after row, as one array view
     */
    public DoubleArray flat() {
        return new DoubleArray(data, grid.offset(), 1, grid.flatLength());
    }

    /**
     * The matrix as a two-dimensional expression of its shape, for element-wise operations with
     * other matrices, rows and columns (NumPy's broadcasting) and reductions over every element.
     *
     * @return the expression; reading it reads this matrix's elements (no copy)
     */
    public DoubleExpr expr() {
        return new DoubleExpr(leaf(), null);
    }

    /** The view as an expression leaf (a matrix without columns has no elements: a one-dimensional leaf of none). */
    Leaf leaf() {
        return cols == 0 ? new Leaf(data, grid.offset(), 1, 0, "m")
                : new Leaf(data, grid.offset(), grid.rowStride(), grid.colStride(), rows, cols, "m");
    }

    /**
     * The view {@code a[r0:r1:rowStep, c0:c1:colStep]}: the elements are shared.
     *
     * @param r0 the first row
     * @param r1 the end row, not included
     * @param rowStep the step between rows, at least 1
     * @param c0 the first column
     * @param c1 the end column, not included
     * @param colStep the step between columns, at least 1
     * @return the view
     */
    public DoubleMatrix slice(int r0, int r1, int rowStep, int c0, int c1, int colStep) {
        return new DoubleMatrix(data, grid.slice(r0, r1, rowStep, c0, c1, colStep));
    }

    /**
     * The view {@code a[r0:r1, c0:c1]}: the elements are shared.
     *
     * @param r0 the first row
     * @param r1 the end row, not included
     * @param c0 the first column
     * @param c1 the end column, not included
     * @return the view
     */
    public DoubleMatrix slice(int r0, int r1, int c0, int c1) {
        return slice(r0, r1, 1, c0, c1, 1);
    }

    /**
     * Returns the elements in a new contiguous matrix.
     *
     * @return a copy
     */
    public DoubleMatrix copy() {
        return cols == 0 ? zeros(rows, 0) : expr().evalMatrix();
    }

    /**
     * Returns the elements as a new {@code double[rows][cols]}.
     *
     * @return the rows, each a new array
     */
    public double[][] toArray() {
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = row(i).toArray();
        }
        return out;
    }

    /**
     * Returns row {@code i}, a view.
     *
     * @param i the row
     * @return row {@code i}, a view
     */
    public DoubleArray row(int i) {
        return new DoubleArray(data, grid.rowStart(i), grid.colStride(), cols);
    }

    /**
     * Returns column {@code j}, a view with the step between rows.
     *
     * @param j the column
     * @return column {@code j}, a view
     */
    public DoubleArray col(int j) {
        return new DoubleArray(data, grid.colStart(j), grid.rowStride(), rows);
    }

    /**
     * Returns the main diagonal, a view with the step of a row and a column.
     *
     * @return the main diagonal, a view
     */
    public DoubleArray diag() {
        return new DoubleArray(data, grid.offset(), grid.diagStride(), grid.diagLength());
    }

    /**
     * Returns each column's mean ({@code a.mean(axis=0)}), a row to broadcast.
     *
     * @return each column's mean
     */
    public DoubleArray colMeans() {
        DoubleArray sums = colSums();
        return sums.times(1.0 / rows).eval();
    }

    /**
     * Returns each row's mean ({@code a.mean(axis=1)}); {@code rowMeans().asColumn()} broadcasts across the columns.
     *
     * @return each row's mean
     */
    public DoubleArray rowMeans() {
        return rowSums().times(1.0 / cols).eval();
    }

    /**
     * A new matrix of this shape holding {@code expr}, which has {@code rows * cols} elements (an
     * expression over {@link #flat()} views of matrices of this shape).
     *
     * @param expr the values, row after row
     * @return the new matrix
     */
    public DoubleMatrix map(DoubleExpr expr) {
        DoubleArray values = expr.eval();
        if (values.length() != (long) rows * cols) {
            throw new IllegalArgumentException("shapes do not match: (" + rows + ", " + cols + ") and (" + values.length() + ",)");
        }
        return new DoubleMatrix(values.array(), Grid.of(rows, cols, values.array().length));
    }

    /**
     * Returns each row's sum ({@code a.sum(axis=1)}), rows in parallel.
     *
     * @return each row's sum ({@code a.sum(axis=1)}), rows in parallel
     */
    public DoubleArray rowSums() {
        DoubleArray out = DoubleArray.zeros(rows);
        Parallel.range(0, rows).forEach(i -> out.data[i] = row(i).sum());
        return out;
    }

    /**
     * Returns each column's sum ({@code a.sum(axis=0)}), columns in parallel.
     *
     * @return each column's sum ({@code a.sum(axis=0)}), columns in parallel
     */
    public DoubleArray colSums() {
        DoubleArray out = DoubleArray.zeros(cols);
        Parallel.range(0, cols).forEach(j -> out.data[j] = col(j).sum());
        return out;
    }

    /**
     * The matrix-vector product, rows in parallel.
     *
     * @param v a vector of {@code cols()} elements
     * @return {@code A v}, {@code rows()} elements
     */
    public DoubleArray times(DoubleArray v) {
        if (v.length() != cols) {
            throw new IllegalArgumentException("shapes (" + rows + ", " + cols + ") and (" + v.length() + ",) not aligned: "
                    + cols + " (dim 1) != " + v.length() + " (dim 0)");
        }
        DoubleArray out = DoubleArray.zeros(rows);
        Parallel.range(0, rows).forEach(i -> out.data[i] = row(i).dot(v));
        return out;
    }
}
