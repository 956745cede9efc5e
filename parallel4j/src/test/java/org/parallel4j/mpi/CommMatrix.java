package org.parallel4j.mpi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The conformance matrix, after mpi4py's: every behaviour is written once against the
 * {@link Comm} API and run at 1, 2, 3, 4 and 7 ranks over the world, a dup and a split.
 * Only this class knows how a job starts ({@link #launch}): an inline job of that many ranks
 * on an engine with {@link Capability#INLINE_JOBS}, else the world this process was started
 * in (under {@code mpirun -n N}), where a cell of another size is skipped with the reason.
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
        launch(ranks, JOB_TIMEOUT, body);
    }

    /** Runs {@code body} on {@code ranks} ranks within {@code timeout}: the one place a test job starts. */
    static void launch(int ranks, Duration timeout, RankBody body) {
        if (Capability.ofEngine().contains(Capability.INLINE_JOBS)) {
            Mpi.run(ranks, timeout, body);
            return;
        }
        Comm world = Mpi.world();
        org.junit.jupiter.api.Assumptions.assumeTrue(world.size() == ranks, () -> "engine '" + Capability.engine()
                + "' runs in the world it was started in, of " + world.size() + " ranks; this cell needs " + ranks);
        // Every rank learns whether any failed, so that all go on to the next test together.
        Throwable failure = null;
        try {
            body.run(world);
        } catch (Exception | AssertionError e) {
            failure = e;
        }
        int failed = world.allreduce(failure == null ? 0 : 1, Op.MAX);
        if (failure != null) {
            throw new AssertionError("rank " + world.rank() + " failed", failure);
        }
        if (failed != 0) {
            throw new AssertionError("another rank failed (rank " + world.rank() + " passed): see that rank's report");
        }
    }
}
