package org.parallel4j.mpi.engine.threads;

import java.util.Arrays;
import org.parallel4j.mpi.CartComm;
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
        CartesianMap.SubGrid g = shared.cart.sub(rank, remainDims);
        return (CartComm) split(g.color(), g.key(), g.map(), ".sub" + Arrays.toString(remainDims));
    }
}
