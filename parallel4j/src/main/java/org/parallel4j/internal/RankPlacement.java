package org.parallel4j.internal;

/**
 * Where the calling thread's message-passing rank sits, for models that size themselves by
 * it (a rank's loop team gets its share of the cores) without depending on message passing:
 * the engine in use installs a {@link Source}; with none installed, no thread is in a rank.
 */
public final class RankPlacement {
    /** What an engine tells the other models about the calling thread's rank. */
    public interface Source {
        /** An object that identifies the calling thread's rank while its job lives (its world communicator), or null outside ranks. */
        Object currentRank();

        /** How many ranks share this machine's cores with the calling thread's rank: 1 outside a job. */
        int ranksOnThisNode();
    }

    private static volatile Source source;

    private RankPlacement() {
    }

    /** Installs the engine's view; called by the engine when it is first used. */
    public static void install(Source s) {
        source = s;
    }

    /** See {@link Source#currentRank()}. */
    public static Object currentRank() {
        Source s = source;
        return s == null ? null : s.currentRank();
    }

    /** See {@link Source#ranksOnThisNode()}. */
    public static int ranksOnThisNode() {
        Source s = source;
        return s == null ? 1 : Math.max(1, s.ranksOnThisNode());
    }
}
