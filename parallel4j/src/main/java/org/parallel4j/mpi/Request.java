package org.parallel4j.mpi;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.parallel4j.mpi.engine.Engine;
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
    /**
     * What {@link #waitAny(long, TimeUnit, Request...)} returns when its time ran out and
     * {@link #testAny(Request...)} when no active request is complete (-1, as mpi4py); "none is
     * active" is {@link Mpi#UNDEFINED} everywhere.
     */
    int NONE_COMPLETE = -1;

    /**
     * The null request, as {@code MPI.REQUEST_NULL}: never active, so the {@code waitAny} family
     * skips it (as it skips {@code null} entries); waiting on it returns an empty status at once.
     */
    Request NULL = Requests.NULL;

    /**
     * Waits for completion and returns the status (for a send: the destination and tag). The request becomes inactive.
     *
     * @return the status (for a send: the destination and tag)
     */
    Status await();

    /**
     * Waits at most the timeout; true when the operation completed (the request becomes inactive), false when time ran out.
     *
     * @param timeout how long to wait at most
     * @param unit the unit of {@code timeout}
     * @return true when the operation completed, false when time ran out
     */
    boolean await(long timeout, TimeUnit unit);

    /**
     * True when complete, and the request becomes inactive; throws the operation's error, if it failed. Never blocks.
     *
     * @return true when complete, and the request becomes inactive; throws the operation's error, if it failed
     */
    boolean test();

    /**
     * Cancels the operation if it has not been matched yet. Returns true when it was cancelled;
     * a cancelled request is complete and its status says {@link Status#isCancelled()}.
     *
     * @return true when it was cancelled
     */
    boolean cancel();

    /**
     * The status, once complete; null before.
     *
     * @return the status, once complete; null before
     */
    Status status();

    /**
     * True while the request has an operation whose completion has not been reported yet:
     * from its start until an {@code await}, a successful {@code test} or a {@code waitAny}
     * family call returns it. A persistent request is inactive before each {@code start()}.
     *
     * @return this request
     */
    boolean isActive();

    /**
     * True once the operation has completed, without making the request inactive or throwing (MPI_Request_get_status).
     *
     * @return true once the operation has completed, without making the request inactive or throwing (MPI_Request_get_status)
     */
    boolean isComplete();

    /**
     * A future completed with this request (exceptionally, if it fails).
     *
     * @return a future completed with this request (exceptionally, if it fails)
     */
    CompletableFuture<Status> toCompletableFuture();

    /*
     * The helpers below follow MPI's rules for arrays of requests: null entries, Request.NULL
     * and inactive requests are skipped; a request whose completion they report becomes
     * inactive, so calling waitAny again returns the next one; with no active request left,
     * waitAny and testAny return Mpi.UNDEFINED, waitSome and testSome null.
     */

    /**
     * Waits for every active request; the first failure is thrown after all have ended.
     *
     * @param requests the requests
     */
    static void waitAll(Request... requests) {
        Requests.waitAll(Requests.list(requests));
    }

    /**
     * Waits for every active request in the list.
     *
     * @param requests the requests
     */
    static void waitAll(List<? extends Request> requests) {
        Requests.waitAll(requests);
    }

    /**
     * Waits for any one active request to complete and returns its index; {@link Mpi#UNDEFINED} when none is active.
     *
     * @param requests the requests
     * @return the index of the request that completed
     */
    static int waitAny(Request... requests) {
        return Requests.waitAny(Requests.list(requests), Engine.NO_TIMEOUT);
    }

    /**
     * Like {@link #waitAny(Request...)} over a list.
     *
     * @param requests the requests
     * @return the index of the request that completed
     */
    static int waitAny(List<? extends Request> requests) {
        return Requests.waitAny(requests, Engine.NO_TIMEOUT);
    }

    /**
     * Like {@link #waitAny(Request...)}, giving up after the timeout: {@link #NONE_COMPLETE} when none completed in time.
     *
     * @param timeout how long to wait at most
     * @param unit the unit of {@code timeout}
     * @param requests the requests
     * @return the index of the request that completed, or {@link #NONE_COMPLETE} when none did in time
     */
    static int waitAny(long timeout, TimeUnit unit, Request... requests) {
        return Requests.waitAny(Requests.list(requests), Math.max(1, unit.toNanos(timeout)));
    }

    /**
     * Waits until at least one active request completes and returns the indices of every one
     * complete by then, in increasing order; null when none is active. A failure is thrown
     * after every complete request has been made inactive.
     *
     * @param requests the requests
     * @return the indices of every one complete by then, in increasing order
     */
    static int[] waitSome(Request... requests) {
        return Requests.waitSome(Requests.list(requests));
    }

    /**
     * Like {@link #waitSome(Request...)} over a list.
     *
     * @param requests the requests
     * @return the indices of the requests complete now, in increasing order
     */
    static int[] waitSome(List<? extends Request> requests) {
        return Requests.waitSome(requests);
    }

    /**
     * True when every active request is complete (and then all become inactive); otherwise none changes. Never blocks.
     *
     * @param requests the requests
     * @return true when every active request is complete (and then all become inactive); otherwise none changes
     */
    static boolean testAll(Request... requests) {
        return Requests.testAll(Requests.list(requests));
    }

    /**
     * The index of a complete active request (which becomes inactive), {@link #NONE_COMPLETE} when none is complete, {@link Mpi#UNDEFINED} when none is active. Never blocks.
     *
     * @param requests the requests
     * @return the index of a complete active request (which becomes inactive), {@link #NONE_COMPLETE} when none is complete, {@link Mpi#UNDEFINED} when none is active
     */
    static int testAny(Request... requests) {
        return Requests.testAny(Requests.list(requests));
    }

    /**
     * The indices of the active requests complete now (possibly none), or null when none is active. Never blocks.
     *
     * @param requests the requests
     * @return the indices of the active requests complete now (possibly none), or null when none is active
     */
    static int[] testSome(Request... requests) {
        return Requests.testSome(Requests.list(requests));
    }
}
