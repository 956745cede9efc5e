package org.parallel4j.array;

import org.parallel4j.array.internal.LongNode;

/**
 * A two-dimensional row-major array of {@code int}s (NumPy's int32) over a Java {@code int[]},
 * or a view of one, laid out as a {@link DoubleMatrix} is: slices with steps share the elements;
 * rows, columns and the diagonal are {@link IntArray} views. {@link #expr()} is the matrix as a
 * two-dimensional {@link LongExpr} of NumPy's int32 type (the rules of {@link IntArray}: int32
 * results wrap to 32 bits after every operation), broadcast with rows and columns as a
 * {@link LongMatrix}'s is; {@link LongExpr#evalIntMatrix()} and {@link LongExpr#into(IntMatrix)}
 * store results wrapped to 32 bits, {@link LongExpr#evalMatrix()} as int64.
 *
 * <pre>{@code
 * IntMatrix img = IntMatrix.of(480, 640, pixels);                  // wraps, no copy
 * long total = img.expr().sum();                                   // exact, in int64
 * IntMatrix clipped = img.expr().max(0).min(255).evalIntMatrix();  // np.clip(img, 0, 255)
 * LongArray perCol = img.colSums();                                // img.sum(axis=0), in int64
 * }</pre>
 */
public final class IntMatrix {
    private final int[] data;
    private final Grid grid;

    private IntMatrix(int[] data, Grid grid) {
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
    public static IntMatrix of(int rows, int cols, int[] values) {
        return new IntMatrix(values, Grid.of(rows, cols, values.length));
    }

    /**
     * Returns a matrix of zeros.
     *
     * @param rows the rows, at least 0
     * @param cols the columns, at least 0
     * @return the zeros
     */
    public static IntMatrix zeros(int rows, int cols) {
        return of(rows, cols, new int[Grid.size(rows, cols)]);
    }

    /**
     * Returns a matrix with every element {@code value}.
     *
     * @param rows the rows
     * @param cols the columns
     * @param value every element's value
     * @return the matrix
     */
    public static IntMatrix full(int rows, int cols, int value) {
        IntMatrix m = zeros(rows, cols);
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
    public static IntMatrix arange(int rows, int cols) {
        IntMatrix m = zeros(rows, cols);
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
    public int get(int i, int j) {
        return data[grid.index(i, j)];
    }

    /**
     * Sets element {@code (i, j)}.
     *
     * @param i the row
     * @param j the column
     * @param value the new value
     */
    public void set(int i, int j, int value) {
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
    public IntMatrix slice(int r0, int r1, int rowStep, int c0, int c1, int colStep) {
        return new IntMatrix(data, grid.slice(r0, r1, rowStep, c0, c1, colStep));
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
    public IntMatrix slice(int r0, int r1, int c0, int c1) {
        return slice(r0, r1, 1, c0, c1, 1);
    }

    /**
     * Returns row {@code i}, a view.
     *
     * @param i the row
     * @return the row
     */
    public IntArray row(int i) {
        return IntArray.over(data, grid.rowStart(i), grid.colStride(), grid.cols());
    }

    /**
     * Returns column {@code j}, a view with the step between rows.
     *
     * @param j the column
     * @return the column
     */
    public IntArray col(int j) {
        return IntArray.over(data, grid.colStart(j), grid.rowStride(), grid.rows());
    }

    /**
     * Returns the main diagonal, a view.
     *
     * @return the diagonal
     */
    public IntArray diag() {
        return IntArray.over(data, grid.offset(), grid.diagStride(), grid.diagLength());
    }

    /**
     * Returns every element, row after row, as one array view; a slice whose rows are not one run
     * of the array has none: use {@link #expr()} or {@link #copy()}.
     *
     * @return the elements, as a one-dimensional view
     */
    public IntArray flat() {
        return IntArray.over(data, grid.offset(), 1, grid.flatLength());
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
    LongNode.Ints view() {
        return grid.cols() == 0 ? new LongNode.Ints(data, grid.offset(), 1, 0)
                : new LongNode.Ints(data, grid.offset(), grid.rowStride(), grid.colStride(), (long) grid.rows() * grid.cols(), grid.cols());
    }

    /**
     * Returns the elements in a new contiguous matrix.
     *
     * @return a copy
     */
    public IntMatrix copy() {
        return grid.cols() == 0 ? zeros(grid.rows(), 0) : expr().evalIntMatrix();
    }

    /**
     * Returns the elements as a new {@code int[rows][cols]}.
     *
     * @return the rows, each a new array
     */
    public int[][] toArray() {
        int[][] out = new int[grid.rows()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = row(i).toArray();
        }
        return out;
    }

    /**
     * Returns each row's sum ({@code a.sum(axis=1)}), in int64 as NumPy's sum of int32 is; rows in parallel.
     *
     * @return the sums
     */
    public LongArray rowSums() {
        return Grid.sums(grid.rows(), this::row);
    }

    /**
     * Returns each column's sum ({@code a.sum(axis=0)}), in int64 as NumPy's sum of int32 is; columns in parallel.
     *
     * @return the sums
     */
    public LongArray colSums() {
        return Grid.sums(grid.cols(), this::col);
    }

    @Override
    public String toString() {
        return "IntMatrix" + grid.shape();
    }
}
