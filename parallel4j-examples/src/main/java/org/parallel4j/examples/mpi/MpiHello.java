package org.parallel4j.examples.mpi;

import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.Mpi;

/** Every rank greets, then all meet at a barrier. {@code p4j example -n 4 mpi-hello} */
public final class MpiHello {
    private MpiHello() {
    }

    /** The greeting of one rank. */
    public static String greeting(Comm world) {
        return "Hello from rank " + world.rank() + " of " + world.size();
    }

    public static void main(String[] args) {
        Comm world = Mpi.world();
        System.out.println(greeting(world));
        world.barrier();
        if (world.rank() == 0) {
            System.out.println("All " + world.size() + " ranks passed the barrier.");
        }
    }
}
