package org.parallel4j.mpi.internal;

import java.util.List;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.Request;
import org.parallel4j.mpi.engine.threads.ThreadEngine;

/** The static helpers of {@link Request}. */
public final class Requests {
    private Requests() {
    }

    /** Waits for every request; rethrows the first failure after all have ended. */
    public static void waitAll(List<? extends Request> requests) {
        MpiException first = null;
        for (Request r : requests) {
            try {
                r.await();
            } catch (MpiException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Waits for any request; -1 when the timeout (nanoseconds, negative for none) ran out. */
    public static int waitAny(List<? extends Request> requests, long timeoutNanos) {
        return ThreadEngine.waitAny(requests, timeoutNanos < 0 ? 0 : Math.max(1, timeoutNanos));
    }
}
