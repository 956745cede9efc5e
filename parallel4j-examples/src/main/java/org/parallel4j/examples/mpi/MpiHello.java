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

    /** The greeting of one rank. */
    public static String greeting(Comm world) {
        return "Hello! I'm rank " + world.rank() + " from " + world.size() + " running in total...";
    }

    public static void main(String[] args) {
        Comm world = Mpi.world();
        System.out.println(greeting(world));
        world.barrier();
    }
}
