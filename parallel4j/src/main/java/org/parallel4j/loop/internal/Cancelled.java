package org.parallel4j.loop.internal;

/**
 * Unwinds a team thread after another thread's failure; never seen by users (the team
 * rethrows the original failure). Preallocated and without a stack trace: it is control flow.
 */
final class Cancelled extends RuntimeException {
    static final Cancelled INSTANCE = new Cancelled();

    private Cancelled() {
        super("team region cancelled", null, false, false);
    }
}
