package org.parallel4j.mpi;

/**
 * A communicator with a Cartesian topology ({@link Comm#createCart}), for halo exchanges on
 * a grid of ranks. Ranks are laid out in row-major order: the last dimension varies fastest.
 *
 * <pre>{@code
 * int[] dims = CartComm.dimsCreate(world.size(), new int[2]);
 * CartComm grid = world.createCart(dims, new boolean[] {true, false}, false);
 * CartComm.Shift up = grid.shift(0, 1);
 * grid.sendrecv(top, up.dest(), 0, halo, up.source(), 0, null);
 * }</pre>
 */
public interface CartComm extends Comm {

    /**
     * The source and destination of a shift; either may be {@link Mpi#PROC_NULL} at a non-periodic edge.
     *
     * @param source the rank that sends to this one
     * @param dest the rank this one sends to
     */
    record Shift(int source, int dest) {
    }

    /**
     * Fills the zero entries of {@code dims} so that the product of all entries is {@code nnodes},
     * the dimensions as close to each other as possible, in non-increasing order (MPI_Dims_create).
     * Returns {@code dims}.
     *
     * @param nnodes the number of processes to place
     * @param dims the number of processes along each dimension
     * @return the number of dimensions
     */
    static int[] dimsCreate(int nnodes, int[] dims) {
        return org.parallel4j.mpi.internal.CartesianMap.dimsCreate(nnodes, dims);
    }

    /**
     * The extent of each dimension.
     *
     * @return the extent of each dimension
     */
    int[] dims();

    /**
     * Whether each dimension wraps around.
     *
     * @return whether each dimension wraps around
     */
    boolean[] periods();

    /**
     * The coordinates of {@code rank}.
     *
     * @param rank a rank of this communicator
     * @return the coordinates of {@code rank}
     */
    int[] coords(int rank);

    /**
     * The rank at {@code coords}; coordinates of periodic dimensions wrap, others must be in range.
     *
     * @param coords Cartesian coordinates, one per dimension
     * @return the rank at {@code coords}; coordinates of periodic dimensions wrap, others must be in range
     */
    int rank(int[] coords);

    /**
     * The neighbours {@code disp} steps away along {@code direction}: who sends to me, and to whom I send.
     *
     * @param direction the dimension to shift along
     * @param disp the displacement: positive towards higher coordinates
     * @return the neighbours {@code disp} steps away along {@code direction}: who sends to me, and to whom I send
     */
    Shift shift(int direction, int disp);

    /**
     * The sub-grids that keep the dimensions marked true: one communicator per slice. Collective.
     *
     * @param remainDims for each dimension, whether it is kept in the sub-grid
     * @return the sub-grids that keep the dimensions marked true: one communicator per slice
     */
    CartComm sub(boolean[] remainDims);
}
