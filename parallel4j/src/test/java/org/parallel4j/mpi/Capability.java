package org.parallel4j.mpi;

import java.util.EnumSet;
import java.util.Set;
import org.parallel4j.mpi.engine.Engines;

/**
 * What an engine under test can do beyond the {@link Comm} API. A test that needs one says so
 * with {@link Requires}; on an engine without it, the test is disabled with a reason that
 * names the engine and the capability, never passed silently.
 */
enum Capability {
    /** Jobs start inside the test ({@code Mpi.run}) at any rank count, and a job that fails ends with an exception there. */
    INLINE_JOBS,
    /**
     * A message carries its element type: a receive into another type, or a buffer receive
     * of an object message (and the reverse), is a {@link ErrorClass#TYPE} error. MPI messages
     * carry bytes only (the MPI engine checks the byte count; objects travel apart).
     */
    TYPED_MESSAGES,
    /** A deadlock ends the job with {@link ErrorClass#DEADLOCK} and every rank's pending operation. */
    DEADLOCK_DETECTION,
    /**
     * Ranks entering different collectives fail with {@link ErrorClass#COLLECTIVE_MISMATCH}, and
     * a collective's argument error found on some ranks only is reported on every rank.
     */
    MISMATCH_DETECTION,
    /**
     * As {@link #MISMATCH_DETECTION} for nonblocking collectives: every rank's request fails.
     * The MPI engine cannot compare calls there without making the start wait for the others.
     */
    NONBLOCKING_MISMATCH_DETECTION,
    /** Each rank loads the user's classes through its own loader (static fields per rank). */
    RANK_CLASS_ISOLATION,
    /** A job's time limit ends it with {@link ErrorClass#TIMEOUT} and a report. */
    JOB_TIMEOUT,
    /** A rank's {@code System.exit} while others run is reported. */
    EXIT_WATCH,
    /** A window may be created over a heap array (the MPI engine needs memory that does not move). */
    HEAP_WINDOWS,
    /**
     * {@code spawn} starts ranks. MPICH 4.0 as packaged here fails {@code MPI_Comm_spawn} even
     * for a C program ("Error in spawn call"); there the tests check that the error is clear.
     */
    SPAWN;

    /** The node's cores (a rank its launcher bound to one core sees only that one in availableProcessors). */
    static int nodeCores() {
        try {
            return (int) Math.max(1, java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("processor")).count());
        } catch (java.io.IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /** The engine these tests run on (the one {@link Engines} chooses) and its capabilities. */
    static String engine() {
        return Engines.current().name();
    }

    static Set<Capability> ofEngine() {
        return switch (engine()) {
            case "threads" -> EnumSet.allOf(Capability.class);
            // The MPI engine's checking mode compares every collective call across ranks first.
            case "mpi" -> {
                EnumSet<Capability> has = Boolean.getBoolean("p4j.mpi.check") ? EnumSet.of(MISMATCH_DETECTION) : EnumSet.noneOf(Capability.class);
                if (!Mpi.libraryVersion().contains("MPICH")) {
                    has.add(SPAWN);
                }
                yield has;
            }
            default -> EnumSet.noneOf(Capability.class);
        };
    }
}
