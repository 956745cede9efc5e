package org.parallel4j.mpi.engine.mpi;

import java.util.Arrays;
import org.parallel4j.mpi.CartComm;
import org.parallel4j.mpi.internal.CartesianMap;

/**
 * A Cartesian communicator of the MPI engine: a communicator of the library (a split of the
 * first {@code product(dims)} ranks, in order) with the rank map kept in Java
 * ({@link CartesianMap}, the thread engine's), so both engines number a grid the same way.
 */
final class NativeCartComm extends NativeComm implements CartComm {
    private final CartesianMap map;

    NativeCartComm(MpiEngine engine, long handle, String name, CartesianMap map) {
        super(engine, handle, name, false);
        this.map = map;
    }

    @Override
    public int[] dims() {
        return map.dims();
    }

    @Override
    public boolean[] periods() {
        return map.periods();
    }

    @Override
    public int[] coords(int rank) {
        live();
        return map.coords(rank);
    }

    @Override
    public int rank(int[] coords) {
        live();
        return map.rank(coords);
    }

    @Override
    public Shift shift(int direction, int disp) {
        live();
        int me = rank();
        return new Shift(map.neighbour(me, direction, -disp), map.neighbour(me, direction, disp));
    }

    @Override
    public CartComm sub(boolean[] remainDims) {
        live();
        CartesianMap.SubGrid g = map.sub(rank(), remainDims);
        return cartOf(g.color(), g.key(), g.map(), name() + ".sub" + Arrays.toString(remainDims));
    }
}
