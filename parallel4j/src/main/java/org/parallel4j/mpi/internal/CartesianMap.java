package org.parallel4j.mpi.internal;

import java.util.Arrays;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.MpiException;

/**
 * The Cartesian rank map, in one place: row-major (last dimension fastest), as MPI's default.
 */
public final class CartesianMap {
    private final int[] dims;
    private final boolean[] periods;

    /** A map over the given dimensions and periods; both checked. */
    public CartesianMap(int[] dims, boolean[] periods) {
        if (dims == null || periods == null || dims.length != periods.length) {
            throw new MpiException(ErrorClass.TOPOLOGY, "dims " + Arrays.toString(dims) + " and periods "
                    + Arrays.toString(periods) + " must be arrays of the same length");
        }
        for (int d : dims) {
            if (d <= 0) {
                throw new MpiException(ErrorClass.TOPOLOGY, "dims " + Arrays.toString(dims) + " must all be positive");
            }
        }
        this.dims = dims.clone();
        this.periods = periods.clone();
    }

    /** The number of grid points. */
    public int size() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    public int[] dims() {
        return dims.clone();
    }

    public boolean[] periods() {
        return periods.clone();
    }

    /** The coordinates of {@code rank}. */
    public int[] coords(int rank) {
        if (rank < 0 || rank >= size()) {
            throw new MpiException(ErrorClass.RANK, "rank " + rank + " is not in the grid " + Arrays.toString(dims)
                    + " (valid ranks: 0.." + (size() - 1) + ")");
        }
        int[] c = new int[dims.length];
        for (int i = dims.length - 1; i >= 0; i--) {
            c[i] = rank % dims[i];
            rank /= dims[i];
        }
        return c;
    }

    /** The rank at {@code coords}, wrapping periodic dimensions. */
    public int rank(int[] coords) {
        if (coords == null || coords.length != dims.length) {
            throw new MpiException(ErrorClass.TOPOLOGY, "coordinates " + Arrays.toString(coords) + " must have "
                    + dims.length + " entries for the grid " + Arrays.toString(dims));
        }
        int r = 0;
        for (int i = 0; i < dims.length; i++) {
            int c = coords[i];
            if (periods[i]) {
                c = Math.floorMod(c, dims[i]);
            } else if (c < 0 || c >= dims[i]) {
                throw new MpiException(ErrorClass.TOPOLOGY, "coordinate " + c + " of dimension " + i
                        + " is outside 0.." + (dims[i] - 1) + " and that dimension is not periodic");
            }
            r = r * dims[i] + c;
        }
        return r;
    }

    /** The rank {@code disp} steps from {@code rank} along {@code direction}, or PROC_NULL past a non-periodic edge. */
    public int neighbour(int rank, int direction, int disp) {
        if (direction < 0 || direction >= dims.length) {
            throw new MpiException(ErrorClass.TOPOLOGY, "direction " + direction + " is not a dimension of the grid "
                    + Arrays.toString(dims) + " (valid: 0.." + (dims.length - 1) + ")");
        }
        int[] c = coords(rank);
        int v = c[direction] + disp;
        if (!periods[direction] && (v < 0 || v >= dims[direction])) {
            return Mpi.PROC_NULL;
        }
        c[direction] = Math.floorMod(v, dims[direction]);
        return rank(c);
    }

    /** The split that makes a sub-grid: each rank's colour and key, and the sub-grid's map ({@code CartComm.sub}). */
    public record SubGrid(int color, int key, CartesianMap map) {
    }

    /** The sub-grid of {@code rank} that keeps the dimensions where {@code remainDims} is true (all dropped: a grid of one). */
    public SubGrid sub(int rank, boolean[] remainDims) {
        if (remainDims == null || remainDims.length != dims.length) {
            throw new MpiException(ErrorClass.TOPOLOGY, "sub: remainDims " + Arrays.toString(remainDims) + " must have "
                    + dims.length + " entries for the grid " + Arrays.toString(dims));
        }
        int[] c = coords(rank);
        int color = 0;
        int key = 0;
        int kept = 0;
        for (int i = 0; i < dims.length; i++) {
            if (remainDims[i]) {
                key = key * dims[i] + c[i];
                kept++;
            } else {
                color = color * dims[i] + c[i];
            }
        }
        int[] subDims = new int[Math.max(kept, 1)];
        boolean[] subPeriods = new boolean[subDims.length];
        subDims[0] = 1;
        int k = 0;
        for (int i = 0; i < dims.length; i++) {
            if (remainDims[i]) {
                subDims[k] = dims[i];
                subPeriods[k++] = periods[i];
            }
        }
        return new SubGrid(color, key, new CartesianMap(subDims, subPeriods));
    }

    /** MPI_Dims_create: fills zeros of {@code dims} with factors of {@code nnodes}, balanced, non-increasing. */
    public static int[] dimsCreate(int nnodes, int[] dims) {
        if (nnodes <= 0 || dims == null) {
            throw new MpiException(ErrorClass.TOPOLOGY, "dimsCreate needs a positive node count and an array (got "
                    + nnodes + ", " + Arrays.toString(dims) + ")");
        }
        int fixed = 1;
        int free = 0;
        for (int d : dims) {
            if (d < 0) {
                throw new MpiException(ErrorClass.TOPOLOGY, "dims " + Arrays.toString(dims) + " has a negative entry");
            }
            if (d > 0) {
                fixed *= d;
            } else {
                free++;
            }
        }
        if (nnodes % fixed != 0) {
            throw new MpiException(ErrorClass.TOPOLOGY, nnodes + " nodes cannot be laid out with the fixed dimensions "
                    + Arrays.toString(dims) + " (their product " + fixed + " does not divide it)");
        }
        if (free == 0) {
            if (fixed != nnodes) {
                throw new MpiException(ErrorClass.TOPOLOGY, "dims " + Arrays.toString(dims) + " hold " + fixed
                        + " nodes, not " + nnodes);
            }
            return dims;
        }
        int[] f = new int[free];
        Arrays.fill(f, 1);
        int rest = nnodes / fixed;
        // Largest prime factors first, each to the currently smallest dimension: balanced dims.
        java.util.List<Integer> primes = new java.util.ArrayList<>();
        for (int p = 2; (long) p * p <= rest; p++) {
            while (rest % p == 0) {
                primes.add(p);
                rest /= p;
            }
        }
        if (rest > 1) {
            primes.add(rest);
        }
        for (int i = primes.size() - 1; i >= 0; i--) {
            int smallest = 0;
            for (int j = 1; j < free; j++) {
                if (f[j] < f[smallest]) {
                    smallest = j;
                }
            }
            f[smallest] *= primes.get(i);
        }
        Arrays.sort(f);
        int k = free - 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == 0) {
                dims[i] = f[k--];
            }
        }
        return dims;
    }
}
