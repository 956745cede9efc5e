package org.parallel4j.mpi;

import java.util.Arrays;
import org.parallel4j.mpi.internal.Datatype;

/**
 * Which elements of a file a rank's view covers, as the MPI datatype a file view tiles
 * ({@link MpiFile#setView(long, Filetype)}): a contiguous run, a strided vector, or a subarray
 * of a row-major 2-D or 3-D (any dimension) array: the way each rank's block of a global array
 * is written into one file. A filetype is a tile of {@link #extent()} bytes holding
 * {@link #size()} bytes of data; a view repeats it from its displacement. Immutable.
 *
 * <pre>{@code
 * // rank r of p writes every p-th double, starting at its own
 * file.setView(8L * r, Filetype.vector(double.class, n, 1, p));
 * // rank (i, j) of a 2 x 2 grid writes its 50 x 50 block of a 100 x 100 array
 * file.setView(0, Filetype.subarray(double.class, new int[] {100, 100}, new int[] {50, 50}, new int[] {50 * i, 50 * j}));
 * }</pre>
 */
public final class Filetype {
    /** How the type was made, for the MPI engine to build the same MPI datatype. */
    public enum Kind {
        /** {@link #contiguous}. */ CONTIGUOUS,
        /** {@link #vector}. */ VECTOR,
        /** {@link #subarray}. */ SUBARRAY
    }

    private final Kind kind;
    private final Datatype element;
    private final int[] shape;
    private final long[] runOffsets;
    private final long[] runLengths;
    private final long size;
    private final long extent;
    private final long naturalExtent;

    private Filetype(Kind kind, Datatype element, int[] shape, long[] runOffsets, long[] runLengths, long extent, long naturalExtent) {
        this.kind = kind;
        this.element = element;
        this.shape = shape;
        this.runOffsets = runOffsets;
        this.runLengths = runLengths;
        long s = 0;
        for (long l : runLengths) {
            s += l;
        }
        this.size = s;
        this.extent = extent;
        this.naturalExtent = naturalExtent;
    }

    private static Datatype elementOf(Class<?> type) {
        return Datatype.ofElementClass(type, "file element type");
    }

    private static void nonNegative(String what, String name, long v) {
        if (v < 0) {
            throw new MpiException(ErrorClass.ARG, what + ": " + name + " " + v + " is negative");
        }
    }

    /**
     * {@code count} elements one after the other.
     *
     * @param element the element class ({@code double.class} ...)
     * @param count the number of elements
     * @return the filetype
     */
    public static Filetype contiguous(Class<?> element, int count) {
        Datatype t = elementOf(element);
        nonNegative("Filetype.contiguous", "count", count);
        long bytes = (long) count * t.size;
        return new Filetype(Kind.CONTIGUOUS, t, new int[] {count}, new long[] {0}, new long[] {bytes}, bytes, bytes);
    }

    /**
     * {@code count} blocks of {@code blocklength} elements, the starts of consecutive blocks
     * {@code stride} elements apart (MPI_Type_vector). Its extent ends with the last block; give
     * a larger one with {@link #withExtent} to tile it.
     *
     * @param element the element class
     * @param count the number of blocks
     * @param blocklength the elements per block
     * @param stride the elements from one block's start to the next's (at least blocklength)
     * @return the filetype
     */
    public static Filetype vector(Class<?> element, int count, int blocklength, int stride) {
        Datatype t = elementOf(element);
        String what = "Filetype.vector(count " + count + ", blocklength " + blocklength + ", stride " + stride + ")";
        nonNegative(what, "count", count);
        nonNegative(what, "blocklength", blocklength);
        if (stride < blocklength) {
            throw new MpiException(ErrorClass.ARG, what + ": stride must be at least blocklength (a file view's blocks may not overlap"
                    + " or go backwards)");
        }
        long[] off = new long[count];
        long[] len = new long[count];
        for (int i = 0; i < count; i++) {
            off[i] = (long) i * stride * t.size;
            len[i] = (long) blocklength * t.size;
        }
        long extent = count == 0 ? 0 : ((long) (count - 1) * stride + blocklength) * t.size;
        return merged(new Filetype(Kind.VECTOR, t, new int[] {count, blocklength, stride}, off, len, extent, extent));
    }

    /**
     * The block {@code starts .. starts + subsizes} of a row-major array of {@code sizes}
     * (MPI_Type_create_subarray, MPI_ORDER_C); its extent is the whole array's.
     *
     * @param element the element class
     * @param sizes the global array's size in each dimension
     * @param subsizes the block's size in each dimension
     * @param starts where the block starts in each dimension
     * @return the filetype
     */
    public static Filetype subarray(Class<?> element, int[] sizes, int[] subsizes, int[] starts) {
        Datatype t = elementOf(element);
        if (sizes == null || subsizes == null || starts == null || sizes.length == 0 || sizes.length != subsizes.length
                || sizes.length != starts.length) {
            throw new MpiException(ErrorClass.ARG, "Filetype.subarray: sizes, subsizes and starts must be non-empty arrays of one"
                    + " length, got " + Arrays.toString(sizes) + ", " + Arrays.toString(subsizes) + ", " + Arrays.toString(starts));
        }
        int d = sizes.length;
        long total = t.size;
        for (int i = 0; i < d; i++) {
            if (sizes[i] < 1 || subsizes[i] < 1 || starts[i] < 0 || starts[i] > sizes[i] - subsizes[i]) {
                throw new MpiException(ErrorClass.ARG, "Filetype.subarray: dimension " + i + " has size " + sizes[i] + ", subsize "
                        + subsizes[i] + ", start " + starts[i] + ": need size >= 1, subsize >= 1 and 0 <= start <= size - subsize"
                        + " (sizes " + Arrays.toString(sizes) + ", subsizes " + Arrays.toString(subsizes) + ", starts "
                        + Arrays.toString(starts) + ")");
            }
            total *= sizes[i];
        }
        long rows = 1;
        for (int i = 0; i < d - 1; i++) {
            rows *= subsizes[i];
        }
        if (rows > Integer.MAX_VALUE) {
            throw new MpiException(ErrorClass.ARG, "Filetype.subarray: " + rows + " rows is too many");
        }
        long[] off = new long[(int) rows];
        long[] len = new long[(int) rows];
        int[] index = new int[Math.max(0, d - 1)];
        for (int r = 0; r < rows; r++) {
            long at = 0;
            for (int i = 0; i < d - 1; i++) {
                at = at * sizes[i] + starts[i] + index[i];
            }
            at = at * sizes[d - 1] + starts[d - 1];
            off[r] = at * t.size;
            len[r] = (long) subsizes[d - 1] * t.size;
            for (int i = d - 2; i >= 0; i--) {
                if (++index[i] < subsizes[i]) {
                    break;
                }
                index[i] = 0;
            }
        }
        int[] shape = new int[3 * d];
        System.arraycopy(sizes, 0, shape, 0, d);
        System.arraycopy(subsizes, 0, shape, d, d);
        System.arraycopy(starts, 0, shape, 2 * d, d);
        return merged(new Filetype(Kind.SUBARRAY, t, shape, off, len, total, total));
    }

    /** The same type with adjacent runs joined. */
    private static Filetype merged(Filetype f) {
        int n = f.runOffsets.length;
        if (n <= 1) {
            return f;
        }
        long[] off = new long[n];
        long[] len = new long[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (f.runLengths[i] == 0) {
                continue;
            }
            if (k > 0 && off[k - 1] + len[k - 1] == f.runOffsets[i]) {
                len[k - 1] += f.runLengths[i];
            } else {
                off[k] = f.runOffsets[i];
                len[k] = f.runLengths[i];
                k++;
            }
        }
        return new Filetype(f.kind, f.element, f.shape, Arrays.copyOf(off, k), Arrays.copyOf(len, k), f.extent, f.naturalExtent);
    }

    /**
     * This type with an extent of {@code elements} elements (MPI_Type_create_resized with lower
     * bound 0): how far the view moves from one tile to the next. At least the natural extent.
     *
     * @param elements the new extent in elements
     * @return the resized filetype
     */
    public Filetype withExtent(long elements) {
        long bytes = elements * element.size;
        if (elements < 0 || bytes < naturalExtent) {
            throw new MpiException(ErrorClass.ARG, "Filetype.withExtent(" + elements + "): the extent must cover the type's data, at"
                    + " least " + naturalExtent / element.size + " elements");
        }
        return new Filetype(kind, element, shape, runOffsets, runLengths, bytes, naturalExtent);
    }

    /**
     * The element class.
     *
     * @return the element class ({@code double.class} ...)
     */
    public Class<?> elementType() {
        return switch (element) {
            case DOUBLE -> double.class;
            case LONG -> long.class;
            case INT -> int.class;
            case FLOAT -> float.class;
            case SHORT -> short.class;
            case CHAR -> char.class;
            default -> byte.class;
        };
    }

    /**
     * The bytes of data in one tile.
     *
     * @return the data bytes per tile
     */
    public long size() {
        return size;
    }

    /**
     * The bytes from one tile's start to the next's.
     *
     * @return the extent in bytes
     */
    public long extent() {
        return extent;
    }

    /**
     * How the type was made.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The arguments it was made with: {count} for contiguous, {count, blocklength, stride} for a
     * vector, sizes then subsizes then starts for a subarray (a copy).
     *
     * @return the arguments
     */
    public int[] arguments() {
        return shape.clone();
    }

    /**
     * Whether the extent was changed by {@link #withExtent}.
     *
     * @return true when resized
     */
    public boolean isResized() {
        return extent != naturalExtent;
    }

    /**
     * The number of runs of data in a tile (adjacent blocks joined).
     *
     * @return the number of runs
     */
    public int runCount() {
        return runOffsets.length;
    }

    /**
     * Where run {@code i} starts in the tile, in bytes; runs are in file order and do not overlap.
     *
     * @param i the run, {@code 0 <= i < runCount()}
     * @return its start in bytes
     */
    public long runOffset(int i) {
        return runOffsets[i];
    }

    /**
     * The length of run {@code i} in bytes.
     *
     * @param i the run, {@code 0 <= i < runCount()}
     * @return its length in bytes
     */
    public long runLength(int i) {
        return runLengths[i];
    }

    @Override
    public String toString() {
        return "Filetype." + kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + elementType().getName() + ", "
                + Arrays.toString(shape) + (isResized() ? ", extent " + extent + " bytes" : "") + ")";
    }
}
