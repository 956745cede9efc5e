package org.parallel4j.array;

import org.parallel4j.loop.Parallel;

/**
 * A two-dimensional row-major array of {@code double}s over a Java {@code double[]}: rows,
 * columns and the diagonal are {@link DoubleArray} views (a column or the diagonal a view with
 * a step), and element-wise expressions run over {@link #flat()}.
 *
 * <pre>{@code
 * DoubleMatrix a = DoubleMatrix.arange(1000, 1000);              // np.arange(10**6).reshape(1000, 1000)
 * double trace = a.diag().tanh().sum();                          // sum of tanh of the diagonal
 * DoubleMatrix b = a.map(a.flat().plus(trace));                  // a + trace, one fused pass
 * }</pre>
 */
public final class DoubleMatrix {
    private final double[] data;
    private final int rows;
    private final int cols;

    private DoubleMatrix(double[] data, int rows, int cols) {
        this.data = data;
        this.rows = rows;
        this.cols = cols;
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
        if (rows < 0 || cols < 0 || (long) rows * cols != values.length) {
            throw new IllegalArgumentException("cannot reshape an array of " + values.length + " elements into shape (" + rows + ", " + cols + ")");
        }
        return new DoubleMatrix(values, rows, cols);
    }

    /**
     * Returns a matrix of zeros.
     *
     * @param rows the rows
     * @param cols the columns
     * @return a matrix of zeros
     */
    public static DoubleMatrix zeros(int rows, int cols) {
        return of(rows, cols, new double[Math.toIntExact((long) rows * cols)]);
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
        return of(rows, cols, DoubleArray.arange(Math.toIntExact((long) rows * cols)).array());
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

    private int index(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("index (" + i + ", " + j + ") is out of bounds for shape (" + rows + ", " + cols + ")");
        }
        return i * cols + j;
    }

    /**
     * Returns element {@code (i, j)}.
     *
     * @param i the row
     * @param j the column
     * @return element {@code (i, j)}
     */
    public double get(int i, int j) {
        return data[index(i, j)];
    }

    /**
     * See the parameters.
     *
     * @param i the row
     * @param j the column
     * @param value the new value
     */
    public void set(int i, int j, double value) {
        data[index(i, j)] = value;
    }

    /**
     * Returns every element, row after row, as one array view (for element-wise expressions).
     *
     * @return every element, row after row, as one array view (for element-wise expressions)
     */
    public DoubleArray flat() {
        return new DoubleArray(data, 0, 1, data.length);
    }

    /**
     * Returns row {@code i}, a view.
     *
     * @param i the row
     * @return row {@code i}, a view
     */
    public DoubleArray row(int i) {
        index(i, 0);
        return new DoubleArray(data, (long) i * cols, 1, cols);
    }

    /**
     * Returns column {@code j}, a view with step {@code cols}.
     *
     * @param j the column
     * @return column {@code j}, a view with step {@code cols}
     */
    public DoubleArray col(int j) {
        index(0, j);
        return new DoubleArray(data, j, cols, rows);
    }

    /**
     * Returns the main diagonal, a view with step {@code cols + 1}.
     *
     * @return the main diagonal, a view with step {@code cols + 1}
     */
    public DoubleArray diag() {
        return new DoubleArray(data, 0, cols + 1L, Math.min(rows, cols));
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
        if (values.length() != data.length) {
            throw new IllegalArgumentException("shapes do not match: (" + rows + ", " + cols + ") and (" + values.length() + ",)");
        }
        return new DoubleMatrix(values.array(), rows, cols);
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
