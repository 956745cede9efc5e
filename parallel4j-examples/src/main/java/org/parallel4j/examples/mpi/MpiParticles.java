package org.parallel4j.examples.mpi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.Op;

/**
 * Mirrors the mpi4py workshop's particles program: each rank owns the slab
 * [rank/size, (rank+1)/size) of [0, 1) and starts with 3 particles, ids 3·rank + k, at uniform
 * positions in its slab. Each of 5 steps moves every particle by a normal step of standard
 * deviation 0.02, clamped to [0, 1); then every rank in turn broadcasts its list, and each
 * rank keeps the particles now in its slab. The total is checked after every step, and each
 * rank prints its particles sorted by id, as {@code Particle(idx, x)} with x to 3 decimals.
 *
 * <p>The workshop means to seed each rank with 1235 + rank but never passes the seed on, so its
 * runs differ every time; here the seed is used, and a run is reproducible.
 *
 * <p>{@code p4j example -n 4 mpi-particles}; {@code mpi-particles exchange [steps] [perRank]}
 * runs a larger variant: many walkers on a periodic domain, moved between slabs with one
 * all-to-all per step.
 */
public final class MpiParticles {
    /** Particles each rank starts with. */
    public static final int PER_RANK = 3;
    /** Steps of the workshop's program. */
    public static final int STEPS = 5;
    /** The standard deviation of a step. */
    public static final double SIGMA = 0.02;

    private MpiParticles() {
    }

    /**
     * A particle: its id and position. It crosses ranks as an object, as the workshop's does.
     *
     * @param idx the particle's id, 3·rank + k on the rank it starts on
     * @param x its position in [0, 1)
     */
    public record Particle(int idx, double x) implements java.io.Serializable {
        /** As the workshop prints it: {@code Particle(4, 0.317)}. */
        @Override
        public String toString() {
            return String.format("Particle(%d, %.3f)", idx, x);
        }
    }

    /**
     * The rank's random stream: seeded with 1235 + rank, as the workshop intends.
     *
     * @param rank a rank
     * @return the rank's random stream
     */
    public static Random randomFor(int rank) {
        return new Random(1235 + rank);
    }

    /**
     * The particles {@code rank} starts with, drawn from its stream.
     *
     * @param rank a rank
     * @param size the number of ranks
     * @param random the rank's random stream
     * @return the rank's 3 particles
     */
    public static List<Particle> initial(int rank, int size, Random random) {
        List<Particle> mine = new ArrayList<>();
        for (int k = 0; k < PER_RANK; k++) {
            mine.add(new Particle(PER_RANK * rank + k, (rank + random.nextDouble()) / size));
        }
        return mine;
    }

    /**
     * A particle after one step drawn from {@code random}, clamped to [0, 1).
     *
     * @param p the particle
     * @param random the rank's random stream
     * @return the particle moved
     */
    public static Particle move(Particle p, Random random) {
        double x = p.x() + random.nextGaussian() * SIGMA;
        return new Particle(p.idx(), Math.min(Math.max(x, 0.0), Math.nextDown(1.0)));
    }

    /**
     * Whether {@code x} lies in the slab of {@code rank}.
     *
     * @param x a position in [0, 1)
     * @param rank a rank
     * @param size the number of ranks
     * @return whether the position lies in the slab
     */
    public static boolean inSlab(double x, int rank, int size) {
        return Math.min(size - 1, (int) (x * size)) == rank;
    }

    /**
     * Runs the workshop's program; returns this rank's particles at the end, sorted by id.
     *
     * @param world the world communicator
     * @param steps the number of steps
     * @return this rank's particles at the end, sorted by id
     */
    public static List<Particle> simulate(Comm world, int steps) {
        int rank = world.rank();
        int size = world.size();
        Random random = randomFor(rank);
        List<Particle> mine = initial(rank, size, random);
        long expected = (long) PER_RANK * size;
        for (int step = 1; step <= steps; step++) {
            List<Particle> moved = new ArrayList<>();
            for (Particle p : mine) {
                moved.add(move(p, random));
            }
            List<Particle> kept = new ArrayList<>();
            for (int root = 0; root < size; root++) {
                List<Particle> theirs = world.bcastObject(root == rank ? moved : null, root);
                for (Particle p : theirs) {
                    if (inSlab(p.x(), rank, size)) {
                        kept.add(p);
                    }
                }
            }
            mine = kept;
            long total = world.allreduce((long) mine.size(), Op.SUM);
            if (total != expected) {
                throw new IllegalStateException("step " + step + ": " + total + " particles in all, expected " + expected);
            }
        }
        mine.sort(Comparator.comparingInt(Particle::idx));
        return mine;
    }

    /**
     * Runs the larger variant; returns the total count after each step (rank 0 prints them).
     *
     * @param world the world communicator
     * @param steps the number of steps
     * @param perRank walkers each rank starts with
     * @param print whether rank 0 prints the count after each step
     * @return the total count after each step
     */
    public static long[] exchange(Comm world, int steps, int perRank, boolean print) {
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
                outgoing.get(Math.min(size - 1, (int) (moved * size))).add(moved);
            }
            List<List<Double>> incoming = world.alltoallObject(outgoing);
            mine = new ArrayList<>();
            for (List<Double> part : incoming) {
                mine.addAll(part);
            }
            for (double x : mine) {
                if (!inSlab(x, rank, size)) {
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

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        Comm world = Mpi.world();
        if (args.length > 0 && args[0].equals("exchange")) {
            int steps = args.length > 1 ? count(args[1], "steps") : 10;
            int perRank = args.length > 2 ? count(args[2], "perRank") : 1000;
            exchange(world, steps, perRank, true);
            if (world.rank() == 0) {
                System.out.println("particle count conserved over " + steps + " steps");
            }
            return;
        }
        if (args.length > 0) {
            throw new IllegalArgumentException("mpi-particles takes no argument or 'exchange [steps] [perRank]', got "
                    + List.of(args));
        }
        List<Particle> mine = simulate(world, STEPS);
        System.out.println("rank " + world.rank() + ": " + mine);
    }

    private static int count(String arg, String name) {
        try {
            int v = Integer.parseInt(arg);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be an integer of at least 1, got '" + arg
                + "' (usage: mpi-particles exchange [steps] [perRank])");
    }
}
