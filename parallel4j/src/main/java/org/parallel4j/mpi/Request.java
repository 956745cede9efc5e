package org.parallel4j.mpi;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.parallel4j.mpi.internal.Requests;

/**
 * A nonblocking operation in progress: a send, a receive or a collective.
 *
 * <p><b>Waiting.</b> {@link #await()} blocks until the operation completes;
 * {@link #await(long, TimeUnit)} gives up after a timeout; {@link #test()} never blocks.
 * Waits end with an {@link MpiException} when the job fails, deadlocks or the thread is
 * interrupted, so nothing waits forever.
 *
 * <p><b>Memory consistency.</b> Everything the sending rank did before starting a send
 * happens-before the receiving rank returns from the wait that completes the receive.
 *
 * <p><b>Errors.</b> A receive that cannot hold its message (truncation, type mismatch)
 * completes with an exception thrown from {@code await}; the message stays queued.
 *
 * <pre>{@code
 * Request r = world.irecv(buf, 0, 7);
 * doOtherWork();
 * Status s = r.await();
 * }</pre>
 */
public interface Request {
    /** Waits for completion and returns the status (for a send: the destination and tag). */
    Status await();

    /** Waits at most the timeout; true when the operation completed, false when time ran out. */
    boolean await(long timeout, TimeUnit unit);

    /** True when complete; throws the operation's error, if it failed. Never blocks. */
    boolean test();

    /**
     * Cancels the operation if it has not been matched yet. Returns true when it was cancelled;
     * a cancelled request is complete and its status says {@link Status#isCancelled()}.
     */
    boolean cancel();

    /** The status, once complete; null before. */
    Status status();

    /** A future completed with this request (exceptionally, if it fails). */
    CompletableFuture<Status> toCompletableFuture();

    /** Waits for all the requests; the first failure is thrown after all have ended. */
    static void waitAll(Request... requests) {
        Requests.waitAll(List.of(requests));
    }

    /** Waits for all the requests in the list. */
    static void waitAll(List<? extends Request> requests) {
        Requests.waitAll(requests);
    }

    /** Waits for any one request to complete and returns its index. */
    static int waitAny(Request... requests) {
        return Requests.waitAny(List.of(requests), -1);
    }

    /** Like {@link #waitAny(Request...)}, giving up after the timeout: -1 when none completed. */
    static int waitAny(long timeout, TimeUnit unit, Request... requests) {
        return Requests.waitAny(List.of(requests), unit.toNanos(timeout));
    }

    /** True when every request is complete. Never blocks. */
    static boolean testAll(Request... requests) {
        boolean all = true;
        for (Request r : requests) {
            all &= r.test();
        }
        return all;
    }

    /** The index of a complete request, or -1. Never blocks. */
    static int testAny(Request... requests) {
        for (int i = 0; i < requests.length; i++) {
            if (requests[i].test()) {
                return i;
            }
        }
        return -1;
    }
}
