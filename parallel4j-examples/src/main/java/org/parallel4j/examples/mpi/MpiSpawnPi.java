package org.parallel4j.examples.mpi;

import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.Intercomm;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.Op;

/**
 * The workshop's parent and children π (mpi4py's {@code Spawn} chapter): one parent rank
 * spawns 5 children, broadcasts N = 100 to them over the intercommunicator with the root
 * convention ({@code Mpi.ROOT} on the parent's side, rank 0 of the parent's group on the
 * children's), each child sums the midpoint rule over the intervals {@code i = rank, rank + 5,
 * ...} in increasing order, and a SUM reduction brings the parts back to the parent, which
 * prints π ≈ 3.1416009869231245. The parts are added in the children's rank order (child 0's,
 * then child 1's, ...); MPI libraries may add them in another order, which can change the last
 * digit (3.141600986923125). {@code p4j example mpi-spawn-pi [children] [N]}
 */
public final class MpiSpawnPi {
    private MpiSpawnPi() {
    }

    /**
     * The parent's side: spawns {@code children} ranks running {@link Child}, sends them
     * {@code n}, and returns the π they reduce to it.
     *
     * @param self the communicator the parent spawns from (its own, of one rank)
     * @param children how many children to spawn
     * @param n the number of intervals
     * @return the estimate of π
     */
    public static double parent(Comm self, int children, int n) {
        Intercomm kids = self.spawn(Child.class.getName(), new String[0], children, 0);
        kids.bcast(new int[] {n}, Mpi.ROOT);
        double[] pi = new double[1];
        kids.reduce(null, pi, Op.SUM, Mpi.ROOT);
        kids.disconnect();
        return pi[0];
    }

    /**
     * One child's part of the sum times h: the intervals {@code rank, rank + size, ...} in increasing order.
     *
     * @param rank the child's rank among the children
     * @param size the number of children
     * @param n the number of intervals
     * @return the child's part
     */
    public static double part(int rank, int size, int n) {
        double h = 1.0 / n;
        double s = 0.0;
        for (int i = rank; i < n; i += size) {
            double x = h * (i + 0.5);
            s += 4.0 / (1.0 + x * x);
        }
        return s * h;
    }

    /** The children: receive N from the parent, send back their parts. */
    public static final class Child {
        private Child() {
        }

        /**
         * A child's program: {@code Mpi.parent()} is its way to the parent.
         *
         * @param args unused
         */
        public static void main(String[] args) {
            Intercomm parent = Mpi.parent();
            if (parent == null) {
                throw new IllegalStateException("MpiSpawnPi.Child is started by MpiSpawnPi, not directly");
            }
            int[] n = new int[1];
            parent.bcast(n, 0);
            double[] part = {part(parent.rank(), parent.size(), n[0])};
            parent.reduce(part, null, Op.SUM, 0);
            parent.disconnect();
        }
    }

    /**
     * Runs the example: {@code p4j example mpi-spawn-pi [children] [N]}.
     *
     * @param args the number of children (5) and of intervals (100)
     */
    public static void main(String[] args) {
        int children = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Comm world = Mpi.world();
        if (world.rank() == 0) {
            double pi = parent(Mpi.self(), children, n);
            System.out.println(pi);
        }
        world.barrier();
    }
}
