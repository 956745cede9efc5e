package org.parallel4j.loop.internal;

import org.parallel4j.loop.WaitPolicy;
import org.parallel4j.internal.RankPlacement;

/**
 * Every tunable of the loop engine, each environment variable or system property next to its
 * default.
 */
public final class LoopSettings {
    /** Diagnostics of the loop engine, through {@code System.Logger} so an application can route them. */
    private static final System.Logger LOG = System.getLogger("org.parallel4j.loop");

    /** Iterations per block in deterministic reductions: the result depends on this, never on the thread count. */
    public static final int DETERMINISTIC_BLOCK = 1024;

    /** Per-index bodies of static loops check for a failure elsewhere every this many iterations. */
    public static final int CANCEL_CHECK_ITERATIONS = 4096;

    private LoopSettings() {
    }

    /**
     * The default team size: the system property {@code p4j.numThreads} (what {@code p4j -n}
     * sets), then {@code P4J_NUM_THREADS}, then {@code OMP_NUM_THREADS} (its first
     * value), then the cores; inside a job of the thread engine, the cores divided among its
     * ranks, so hybrid programs do not oversubscribe the machine.
     */
    public static int defaultThreads() {
        for (String name : new String[] {"p4j.numThreads", "P4J_NUM_THREADS", "OMP_NUM_THREADS"}) {
            String v = name.startsWith("p4j.") ? System.getProperty(name) : System.getenv(name);
            if (v != null && !v.isBlank()) {
                String first = v.split(",")[0].trim();
                try {
                    int n = Integer.parseInt(first);
                    if (n >= 1) {
                        return n;
                    }
                } catch (NumberFormatException ignored) {
                    // fall through to the next source, as OpenMP ignores a malformed value
                }
                LOG.log(System.Logger.Level.WARNING, "p4j: ignoring " + name + "=" + v + " (expected a positive thread count)");
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return Math.max(1, cores / RankPlacement.ranksOnThisNode());
    }

    /** {@code P4J_WAIT_POLICY}, then {@code OMP_WAIT_POLICY} ({@code active} or {@code passive}); balanced otherwise. */
    public static WaitPolicy defaultWaitPolicy() {
        for (String name : new String[] {"P4J_WAIT_POLICY", "OMP_WAIT_POLICY"}) {
            String v = System.getenv(name);
            if (v != null) {
                switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
                    case "active" -> {
                        return WaitPolicy.ACTIVE;
                    }
                    case "passive" -> {
                        return WaitPolicy.PASSIVE;
                    }
                    default -> { }
                }
            }
        }
        return WaitPolicy.BALANCED;
    }

    /** The least a wait spins before it parks (see {@code ThreadTeam.spinIterations}). */
    public static final int MIN_SPINS = 1 << 6;

    /** Spins before a waiting team thread parks, at most, under {@code policy}. */
    public static int spinIterations(WaitPolicy policy) {
        int cores = Runtime.getRuntime().availableProcessors();
        return switch (policy) {
            case ACTIVE -> 1 << 24;
            case BALANCED -> cores > 1 ? 1 << 16 : 1 << 6;
            case PASSIVE -> 1 << 6;
        };
    }
}
