package org.parallel4j.testprograms;

import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.Mpi;

/** Rank 1 calls {@code System.exit(status)} while rank 0 still works (args: status). */
public final class EarlyExitProgram {
    private EarlyExitProgram() {
    }

    public static void main(String[] args) throws InterruptedException {
        Comm world = Mpi.world();
        if (world.rank() == 1) {
            System.exit(Integer.parseInt(args[0]));
        }
        Thread.sleep(20_000);
    }

    /** The launcher this test starts in a JVM of its own: {@code p4j run -n 2 EarlyExitProgram status}. */
    public static final class Launcher {
        private Launcher() {
        }

        public static void main(String[] args) throws Exception {
            java.net.URL here = EarlyExitProgram.class.getProtectionDomain().getCodeSource().getLocation();
            Mpi.runMain(2, EarlyExitProgram.class.getName(), new java.net.URL[] {here}, args, java.time.Duration.ofSeconds(30));
            System.out.println("job finished");
        }
    }
}
