package org.parallel4j.mpi.engine.mpi;

import java.time.Duration;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.Mpi;

/** Small MPI programs that fail on purpose, started by {@link MpiFailureTest} under a real launcher. */
final class FailurePrograms {
    private FailurePrograms() {
    }

    /** Rank 1 throws while rank 0 waits for a message that never comes. */
    static final class Throws {
        public static void main(String[] args) {
            Comm w = Mpi.world();
            w.barrier();
            if (w.rank() == 1) {
                System.out.println("rank 1 throws at " + System.currentTimeMillis());
                throw new IllegalStateException("boom on rank 1");
            }
            w.recv(new int[1], 1, 9);
        }
    }

    /** Every rank waits for a message from its neighbour: a deadlock the job's time limit ends. */
    static final class Stuck {
        public static void main(String[] args) {
            int size = Mpi.world().size();
            Mpi.run(size, Duration.ofSeconds(2), w -> w.recv(new int[1], (w.rank() + 1) % w.size(), 5));
        }
    }

    /** Rank 1 calls System.exit(3) while rank 0 waits for it. */
    static final class Exits {
        public static void main(String[] args) {
            Comm w = Mpi.world();
            w.barrier();
            if (w.rank() == 1) {
                System.exit(3);
            }
            w.recv(new int[1], 1, 2);
        }
    }

    /** Rank 0 aborts the job with code 7. */
    static final class Aborts {
        public static void main(String[] args) {
            Comm w = Mpi.world();
            w.barrier();
            if (w.rank() == 0) {
                w.abort(7);
            }
            w.recv(new int[1], 0, 1);
        }
    }

    /**
     * Creates {@code args[0]} communicators and drops each without {@code free()}, collecting
     * now and then as a program that makes garbage would: more than MPICH's two thousand
     * context ids, so without the engine freeing dropped ones the job runs out.
     */
    static final class ForgetsComms {
        public static void main(String[] args) {
            Comm w = Mpi.world();
            int n = Integer.parseInt(args[0]);
            int members = 0;
            for (int i = 0; i < n; i++) {
                Comm d = w.dup();
                d.barrier();
                members += d.size();
                if (i % 200 == 199) {
                    System.gc();
                }
            }
            System.out.println("rank " + w.rank() + ": " + n + " communicators used (" + members + " members), "
                    + MpiEngine.get().lifetimes.freedForgotten() + " freed after they were dropped");
        }
    }
}
