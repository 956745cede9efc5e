package org.parallel4j.testprograms;

import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.Mpi;

import java.util.Map;

/** A program (outside parallel4j's packages, as a user's is) that keeps its rank in a static field, as many MPI codes do. */
public final class StaticRankProgram {
    static int myRank = -1;

    /** A user record: each rank loads its own copy of this class. */
    record Point(double x, java.util.List<String> tags) implements java.io.Serializable {
    }

    private StaticRankProgram() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        Comm world = Mpi.world();
        myRank = world.rank();
        world.barrier(); // every rank has written its static field
        Thread.sleep(20);
        world.barrier();
        int next = (world.rank() + 1) % world.size();
        int prev = (world.rank() + world.size() - 1) % world.size();
        world.isendObject(new Point(world.rank(), new java.util.ArrayList<>(java.util.List.of("r" + world.rank()))), next, 1);
        Object got = world.recvObject(prev, 1);
        // The record must arrive as this rank's own class, with the sender's values.
        boolean recordOk = got instanceof Point p && p.x() == prev && p.tags().equals(java.util.List.of("r" + prev));
        ((Map<Integer, Integer>) System.getProperties().get("p4j.test.isolation")).put(world.rank(), recordOk ? myRank : -100);
    }
}
