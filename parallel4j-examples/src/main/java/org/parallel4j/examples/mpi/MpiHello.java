package org.parallel4j.examples.mpi;

import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.Mpi;

/**
 * The workshop's hello world (mpi4py {@code hello.py}): every rank greets with the workshop's
 * words, then all meet at a barrier. {@code p4j example -n 4 mpi-hello}
 */
public final class MpiHello {
    private MpiHello() {
    }

    /**
     * The greeting of one rank.
     *
     * @param world the world communicator
     * @return the greeting
     */
    public static String greeting(Comm world) {
        return "Hello! I'm rank " + world.rank() + " from " + world.size() + " running in total...";
    }

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        Comm world = Mpi.world();
        System.out.println(greeting(world));
        world.barrier();
    }
}
