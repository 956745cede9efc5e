package org.parallel4j.array;

import org.parallel4j.array.internal.LongNode;

/**
 * A two-dimensional row-major array of {@code long}s (NumPy's int64) over a Java {@code long[]},
 * or a view of one, laid out as a {@link DoubleMatrix} is: slices with steps share the elements;
 * rows, columns and the diagonal are {@link LongArray} views. {@link #expr()} is the matrix as a
 * two-dimensional {@link LongExpr}: element-wise operations with other matrices of its shape,
 * with a row (a one-dimensional expression of {@code cols()} elements) or a column
 * ({@link LongExpr#asColumn()}) by NumPy's broadcasting, fused into one pass, into a new matrix
 * ({@link LongExpr#evalMatrix()}) or into a matrix or slice ({@link LongExpr#into(LongMatrix)}).
 *
 * <pre>{@code
 * LongMatrix a = LongMatrix.arange(4, 5);                        // np.arange(20).reshape(4, 5)
 * LongMatrix b = a.expr().mod(3).times(a.row(0)).evalMatrix();   // (a % 3) * a[0]: a row broadcast
 * LongArray perRow = a.rowSums();                                // a.sum(axis=1)
 * a.slice(1, 4, 2, 0, 5, 1).expr().neg().into(a.slice(1, 4, 2, 0, 5, 1)); // a[1:4:2] = -a[1:4:2]
 * }</pre>
 */
public final class LongMatrix {
    private final long[] data;
    private final Grid grid;

    private LongMatrix(long[] data, Grid grid) {
        this.data = data;
        this.grid = grid;
    }

    /**
     * {@code values} as a {@code rows x cols} matrix, row after row: no copy.
     *
     * @param rows the number of rows
     * @param cols the number of columns
     * @param values the elements, {@code rows * cols} of them
     * @return the matrix
     */
    public static LongMatrix of(int rows, int cols, long[] values) {
        return new LongMatrix(values, Grid.of(rows, cols, values.length));
    }

    /**
     * Returns a matrix of zeros.
     *
     * @param rows the rows, at least 0
     * @param cols the columns, at least 0
     * @return the zeros
     */
    public static LongMatrix zeros(int rows, int cols) {
        return of(rows, cols, new long[Grid.size(rows, cols)]);
    }

    /**
     * Returns a matrix with every element {@code value}.
     *
     * @param rows the rows
     * @param cols the columns
     * @param value every element's value
     * @return the matrix
     */
    public static LongMatrix full(int rows, int cols, long value) {
        LongMatrix m = zeros(rows, cols);
        java.util.Arrays.fill(m.data, value);
        return m;
    }

    /**
     * Returns 0, 1, ... row after row ({@code np.arange(rows * cols).reshape(rows, cols)}).
     *
     * @param rows the rows
     * @param cols the columns
     * @return the matrix
     */
    public static LongMatrix arange(int rows, int cols) {
        LongMatrix m = zeros(rows, cols);
        java.util.Arrays.setAll(m.data, k -> k);
        return m;
    }

    /**
     * Returns the number of rows.
     *
     * @return the rows
     */
    public int rows() {
        return grid.rows();
    }

    /**
     * Returns the number of columns.
     *
     * @return the columns
     */
    public int cols() {
        return grid.cols();
    }

    /**
     * Returns element {@code (i, j)}.
     *
     * @param i the row
     * @param j the column
     * @return the element
     */
    public long get(int i, int j) {
        return data[grid.index(i, j)];
    }

    /**
     * Sets element {@code (i, j)}.
     *
     * @param i the row
     * @param j the column
     * @param value the new value
     */
    public void set(int i, int j, long value) {
        data[grid.index(i, j)] = value;
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
    public LongMatrix slice(int r0, int r1, int rowStep, int c0, int c1, int colStep) {
        return new LongMatrix(data, grid.slice(r0, r1, rowStep, c0, c1, colStep));
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
    public LongMatrix slice(int r0, int r1, int c0, int c1) {
        return slice(r0, r1, 1, c0, c1, 1);
    }

    /**
     * Returns row {@code i}, a view.
     *
     * @param i the row
     * @return the row
     */
    public LongArray row(int i) {
        return LongArray.over(data, grid.rowStart(i), grid.colStride(), grid.cols());
    }

    /**
     * Returns column {@code j}, a view with the step between rows.
     *
     * @param j the column
     * @return the column
     */
    public LongArray col(int j) {
        return LongArray.over(data, grid.colStart(j), grid.rowStride(), grid.rows());
    }

    /**
     * Returns the main diagonal, a view.
     *
     * @return the diagonal
     */
    public LongArray diag() {
        return LongArray.over(data, grid.offset(), grid.diagStride(), grid.diagLength());
    }

    /**
     * Returns every element, row after row, as one array view; a slice whose rows are not one run
     * of the array has none: use {@link #expr()} or {@link #copy()}.
     *
     * @return the elements, as a one-dimensional view
     */
    public LongArray flat() {
        return LongArray.over(data, grid.offset(), 1, grid.flatLength());
    }

    /**
     * The matrix as a two-dimensional expression of its shape.
     *
     * @return the expression; reading it reads this matrix's elements (no copy)
     */
    public LongExpr expr() {
        return new LongExpr(view(), null);
    }

    /** The view as an expression node (a matrix without columns has no elements: a one-dimensional view of none). */
    LongNode.Array view() {
        return grid.cols() == 0 ? new LongNode.Array(data, grid.offset(), 1, 0)
                : new LongNode.Array(data, grid.offset(), grid.rowStride(), grid.colStride(), (long) grid.rows() * grid.cols(), grid.cols());
    }

    /**
     * Returns the elements in a new contiguous matrix.
     *
     * @return a copy
     */
    public LongMatrix copy() {
        return grid.cols() == 0 ? zeros(grid.rows(), 0) : expr().evalMatrix();
    }

    /**
     * Returns the elements as a new {@code long[rows][cols]}.
     *
     * @return the rows, each a new array
     */
    public long[][] toArray() {
        long[][] out = new long[grid.rows()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = row(i).toArray();
        }
        return out;
    }

    /**
     * Returns each row's sum ({@code a.sum(axis=1)}), wrapping around as int64 does; rows in parallel.
     *
     * @return the sums
     */
    public LongArray rowSums() {
        return Grid.sums(grid.rows(), this::row);
    }

    /**
     * Returns each column's sum ({@code a.sum(axis=0)}), wrapping around as int64 does; columns in parallel.
     *
     * @return the sums
     */
    public LongArray colSums() {
        return Grid.sums(grid.cols(), this::col);
    }

    @Override
    public String toString() {
        return "LongMatrix" + grid.shape();
    }
}
