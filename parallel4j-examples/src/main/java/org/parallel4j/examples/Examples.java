package org.parallel4j.examples;

import java.util.List;
import java.util.Optional;

/** The workshop examples that {@code p4j example NAME} runs, in the order of the workshops. */
public final class Examples {
    /**
     * One example.
     *
     * @param name the name on the command line
     * @param mainClass the class whose {@code main} runs on every rank
     * @param ranks the default rank count
     * @param summary one line for {@code p4j examples}
     */
    public record Example(String name, Class<?> mainClass, int ranks, String summary) {
    }

    private static final List<Example> ALL = List.of(
            new Example("mpi-hello", org.parallel4j.examples.mpi.MpiHello.class, 4, "every rank greets, then a barrier"),
            new Example("mpi-p2p", org.parallel4j.examples.mpi.MpiP2p.class, 2, "rank 0 sends a small map to rank 1"),
            new Example("mpi-bcast", org.parallel4j.examples.mpi.MpiBcast.class, 4, "rank 0's 0..4 as doubles broadcast to every rank"),
            new Example("mpi-pi", org.parallel4j.examples.mpi.MpiPi.class, 4, "pi by the midpoint rule, reduced to rank 0"),
            new Example("mpi-particles", org.parallel4j.examples.mpi.MpiParticles.class, 4, "random walkers exchanged between slabs, count checked every step"));

    private Examples() {
    }

    /** Every example. */
    public static List<Example> all() {
        return ALL;
    }

    /** The example called {@code name}. */
    public static Optional<Example> find(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
