package org.parallel4j.loop;

/** A loop body over a chunk {@code [lo, hi)} that also gets the id of the team thread running it. */
@FunctionalInterface
public interface ThreadRangeBody {
    /**
     * Runs iterations {@code lo} to {@code hi} (exclusive) on team thread {@code threadId}.
     *
     * @param lo the first index of the range (inclusive)
     * @param hi the end of the range (exclusive)
     * @param threadId the id of the thread running the range
     */
    void run(int lo, int hi, int threadId);
}
