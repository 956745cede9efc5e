package org.parallel4j.array;

/**
 * Where the elements of a two-dimensional row-major view lie in its backing array, and the
 * index, slice and shape checks that {@link DoubleMatrix}, {@link LongMatrix} and
 * {@link IntMatrix} share: row {@code i}, column {@code j} is at
 * {@code offset + i * rowStride + j * colStride}.
 *
 * @param offset the index of element (0, 0)
 * @param rowStride the distance between rows
 * @param colStride the distance between columns
 * @param rows the number of rows
 * @param cols the number of columns
 */
record Grid(long offset, long rowStride, long colStride, int rows, int cols) {
    /** The whole of an array of {@code length} elements as {@code rows x cols}, row after row, or an error naming both. */
    static Grid of(int rows, int cols, int length) {
        if (rows < 0 || cols < 0 || (long) rows * cols != length) {
            throw new IllegalArgumentException("cannot reshape an array of " + length + " elements into shape (" + rows + ", " + cols + ")");
        }
        return new Grid(0, cols, 1, rows, cols);
    }

    /** The number of elements of a new {@code rows x cols} matrix, or an error naming the shape. */
    static int size(int rows, int cols) {
        long n = (long) rows * cols;
        if (rows < 0 || cols < 0 || n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a matrix of shape (" + rows + ", " + cols + ") cannot be made: "
                    + (rows < 0 || cols < 0 ? "dimensions must be at least 0" : n + " elements are more than an array holds"));
        }
        return (int) n;
    }

    /** The shape, as NumPy writes it. */
    String shape() {
        return "(" + rows + ", " + cols + ")";
    }

    /** The position of element {@code (i, j)}, or an error naming the index and the shape. */
    int index(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("index (" + i + ", " + j + ") is out of bounds for shape " + shape());
        }
        return (int) (offset + i * rowStride + j * colStride);
    }

    /** Whether the elements are {@code [offset, offset + rows * cols)} of the array, row after row. */
    boolean contiguous() {
        return colStride == 1 && (rowStride == cols || rows <= 1);
    }

    /** The number of elements, which must be one run of the array (for a one-dimensional view of them all). */
    int flatLength() {
        if (!contiguous()) {
            throw new IllegalArgumentException("a slice of shape " + shape() + " with row step " + rowStride
                    + " and column step " + colStride + " is not one run of its array: use expr() or copy().flat()");
        }
        return rows * cols;
    }

    /** The view {@code [r0:r1:rowStep, c0:c1:colStep]} of this one, or an error naming the slice and the shape. */
    Grid slice(int r0, int r1, int rowStep, int c0, int c1, int colStep) {
        if (rowStep < 1 || colStep < 1) {
            throw new IllegalArgumentException("slice steps must be at least 1, got " + rowStep + " and " + colStep);
        }
        if (r0 < 0 || r1 > rows || r0 > r1 || c0 < 0 || c1 > cols || c0 > c1) {
            throw new IndexOutOfBoundsException("slice [" + r0 + ":" + r1 + ":" + rowStep + ", " + c0 + ":" + c1 + ":" + colStep
                    + "] is out of range for shape " + shape());
        }
        return new Grid(offset + r0 * rowStride + c0 * colStride, rowStride * rowStep, colStride * colStep,
                (r1 - r0 + rowStep - 1) / rowStep, (c1 - c0 + colStep - 1) / colStep);
    }

    /** The position of row {@code i}'s first element, or an error naming the row and the shape. */
    long rowStart(int i) {
        if (i < 0 || i >= rows) {
            throw new IndexOutOfBoundsException("row " + i + " is out of bounds for shape " + shape());
        }
        return offset + i * rowStride;
    }

    /** The position of column {@code j}'s first element, or an error naming the column and the shape. */
    long colStart(int j) {
        if (j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("column " + j + " is out of bounds for shape " + shape());
        }
        return offset + j * colStride;
    }

    /** The distance between elements of the main diagonal. */
    long diagStride() {
        return rowStride + colStride;
    }

    /** The length of the main diagonal. */
    int diagLength() {
        return Math.min(rows, cols);
    }

    /** Each of {@code n} lines' sum in int64 ({@code a.sum(axis=...)} of an integer matrix), the lines in parallel. */
    static LongArray sums(int n, java.util.function.IntFunction<LongExpr> line) {
        long[] out = new long[n];
        org.parallel4j.loop.Parallel.range(0, n).forEach(i -> out[i] = line.apply(i).sum());
        return LongArray.of(out);
    }
}
