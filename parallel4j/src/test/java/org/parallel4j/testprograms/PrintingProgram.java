package org.parallel4j.testprograms;

import org.parallel4j.mpi.Mpi;

/** Prints two lines per rank, the second in pieces, for the tagged-output test. */
public final class PrintingProgram {
    private PrintingProgram() {
    }

    public static void main(String[] args) {
        int rank = Mpi.world().rank();
        System.out.println("hello from " + rank);
        System.out.print("in ");
        System.out.print("pieces ");
        System.out.println(rank);
        System.err.println("err " + rank);
    }
}
