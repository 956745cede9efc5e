package org.parallel4j.loop;

/** A loop body over a chunk {@code [lo, hi)} that also gets the id of the team thread running it. */
@FunctionalInterface
public interface ThreadRangeBody {
    /** Runs iterations {@code lo} to {@code hi} (exclusive) on team thread {@code threadId}. */
    void run(int lo, int hi, int threadId);
}
