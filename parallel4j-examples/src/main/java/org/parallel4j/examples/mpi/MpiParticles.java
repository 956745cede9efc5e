package org.parallel4j.examples.mpi;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.Op;

/**
 * Particles on [0,1), each rank owning the slab [rank/size, (rank+1)/size). Every step the
 * particles drift randomly (a per-rank seed), the ranks exchange the particles that left
 * their slab, and the total count is checked. {@code p4j example -n 4 mpi-particles [steps] [perRank]}
 */
public final class MpiParticles {
    private MpiParticles() {
    }

    /** Runs the simulation; returns the total count after each step (rank 0 prints them). */
    public static long[] simulate(Comm world, int steps, int perRank, boolean print) {
        int rank = world.rank();
        int size = world.size();
        SplittableRandom random = new SplittableRandom(1234 + rank);
        List<Double> mine = new ArrayList<>();
        for (int i = 0; i < perRank; i++) {
            mine.add((rank + random.nextDouble()) / size);
        }
        long expected = world.allreduce((long) mine.size(), Op.SUM);
        long[] totals = new long[steps];
        for (int step = 0; step < steps; step++) {
            List<List<Double>> outgoing = new ArrayList<>();
            for (int r = 0; r < size; r++) {
                outgoing.add(new ArrayList<>());
            }
            for (double x : mine) {
                double moved = x + random.nextDouble(-0.05, 0.05);
                moved -= Math.floor(moved); // periodic domain
                int owner = Math.min(size - 1, (int) (moved * size));
                outgoing.get(owner).add(moved);
            }
            List<List<Double>> incoming = world.alltoallObject(outgoing);
            mine = new ArrayList<>();
            for (List<Double> part : incoming) {
                mine.addAll(part);
            }
            for (double x : mine) {
                if (x < (double) rank / size || x >= (double) (rank + 1) / size) {
                    throw new IllegalStateException("rank " + rank + " holds particle " + x + " outside its slab");
                }
            }
            totals[step] = world.allreduce((long) mine.size(), Op.SUM);
            if (totals[step] != expected) {
                throw new IllegalStateException("step " + step + ": " + totals[step] + " particles, expected " + expected);
            }
            if (print && rank == 0) {
                System.out.println("step " + step + ": " + totals[step] + " particles (rank 0 holds " + mine.size() + ")");
            }
        }
        return totals;
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int perRank = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Comm world = Mpi.world();
        simulate(world, steps, perRank, true);
        if (world.rank() == 0) {
            System.out.println("particle count conserved over " + steps + " steps");
        }
    }
}
