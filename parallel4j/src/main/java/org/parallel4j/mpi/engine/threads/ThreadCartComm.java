package org.parallel4j.mpi.engine.threads;

import java.util.Arrays;
import org.parallel4j.mpi.CartComm;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.internal.CartesianMap;

/** A Cartesian communicator on the thread engine; the map is {@link CartesianMap}. */
final class ThreadCartComm extends ThreadComm implements CartComm {
    ThreadCartComm(CommShared shared, RankContext me) {
        super(shared, me, false);
    }

    @Override
    public int[] dims() {
        return shared.cart.dims();
    }

    @Override
    public boolean[] periods() {
        return shared.cart.periods();
    }

    @Override
    public int[] coords(int rank) {
        live();
        return shared.cart.coords(rank);
    }

    @Override
    public int rank(int[] coords) {
        live();
        return shared.cart.rank(coords);
    }

    @Override
    public Shift shift(int direction, int disp) {
        live();
        return new Shift(shared.cart.neighbour(rank, direction, -disp), shared.cart.neighbour(rank, direction, disp));
    }

    @Override
    public CartComm sub(boolean[] remainDims) {
        live();
        int[] dims = shared.cart.dims();
        boolean[] periods = shared.cart.periods();
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
        return (CartComm) split(color, key, new CartesianMap(subDims, subPeriods), ".sub" + Arrays.toString(remainDims));
    }
}
