package org.parallel4j.mpi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The conformance matrix, after mpi4py's: every behaviour is written once against the
 * {@link Comm} API and run at 1, 2, 3, 4 and 7 ranks over the world, a dup and a split.
 * Only this class knows how a job starts, so another engine runs the suite by changing
 * {@link #launch}.
 */
final class CommMatrix {
    static final int[] RANKS = {1, 2, 3, 4, 7};
    static final Duration JOB_TIMEOUT = Duration.ofSeconds(40);

    private CommMatrix() {
    }

    /** (ranks, communicator kind) for every cell of the matrix. */
    static Stream<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        for (int n : RANKS) {
            for (String kind : List.of("world", "dup", "split")) {
                out.add(Arguments.of(n, kind));
            }
        }
        return out.stream();
    }

    /** Ranks only, for tests that need the world itself. */
    static Stream<Arguments> ranks() {
        return java.util.Arrays.stream(RANKS).mapToObj(Arguments::of);
    }

    interface CommBody {
        void run(Comm comm) throws Exception;
    }

    /** Runs {@code body} on every rank with the communicator of the given kind. */
    static void run(int ranks, String kind, CommBody body) {
        launch(ranks, world -> {
            Comm comm = switch (kind) {
                case "world" -> world;
                case "dup" -> world.dup();
                // Two interleaved halves, ordered backwards: ranks differ from world ranks.
                case "split" -> world.split(world.rank() % 2, -world.rank());
                default -> throw new IllegalArgumentException(kind);
            };
            body.run(comm);
            if (comm != world) {
                comm.free();
            }
        });
    }

    static void launch(int ranks, RankBody body) {
        Mpi.run(ranks, JOB_TIMEOUT, body);
    }
}
