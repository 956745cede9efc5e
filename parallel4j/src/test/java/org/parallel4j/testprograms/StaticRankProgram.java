package org.parallel4j.testprograms;

import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.Mpi;

import java.util.Map;

/** A program (outside parallel4j's packages, as a user's is) that keeps its rank in a static field, as many MPI codes do. */
public final class StaticRankProgram {
    static int myRank = -1;

    private StaticRankProgram() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        Comm world = Mpi.world();
        myRank = world.rank();
        world.barrier(); // every rank has written its static field
        Thread.sleep(20);
        world.barrier();
        ((Map<Integer, Integer>) System.getProperties().get("p4j.test.isolation")).put(world.rank(), myRank);
    }
}
