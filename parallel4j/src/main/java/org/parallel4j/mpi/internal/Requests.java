package org.parallel4j.mpi.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.Request;
import org.parallel4j.mpi.Status;
import org.parallel4j.mpi.engine.Engine;
import org.parallel4j.mpi.engine.Engines;

/**
 * The static helpers of {@link Request}, written once over any engine's requests: they pick
 * out the active requests (skipping null entries, {@link Request#NULL} and inactive ones)
 * and leave only the blocking wait for any of them to the engine.
 */
public final class Requests {
    /** The null request. */
    public static final Request NULL = new NullRequest();

    private Requests() {
    }

    /** The array as a list that may hold nulls ({@code List.of} refuses them). */
    public static List<Request> list(Request... requests) {
        if (requests == null) {
            throw new MpiException(ErrorClass.REQUEST, "the array of requests is null");
        }
        return Collections.unmodifiableList(Arrays.asList(requests));
    }

    private static boolean active(Request r) {
        return r != null && r.isActive();
    }

    /** Waits for every active request; rethrows the first failure after all have ended. */
    public static void waitAll(List<? extends Request> requests) {
        MpiException first = null;
        for (Request r : requests) {
            if (!active(r)) {
                continue;
            }
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

    /** Waits for any active request; NONE_COMPLETE when the timeout (nanoseconds, {@link Engine#NO_TIMEOUT} for none) ran out, UNDEFINED when none is active. */
    public static int waitAny(List<? extends Request> requests, long timeoutNanos) {
        List<Request> live = new ArrayList<>(requests.size());
        int[] index = new int[requests.size()];
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            if (active(r)) {
                index[live.size()] = i;
                live.add(r);
            }
        }
        if (live.isEmpty()) {
            return Mpi.UNDEFINED;
        }
        int k = Engines.current().waitAny(live, timeoutNanos);
        return k < 0 ? Request.NONE_COMPLETE : index[k];
    }

    /** Waits for at least one active request, then reports every complete one; null when none is active. */
    public static int[] waitSome(List<? extends Request> requests) {
        int first = waitAny(requests, Engine.NO_TIMEOUT);
        if (first == Mpi.UNDEFINED) {
            return null;
        }
        return collectComplete(requests, first);
    }

    /** The complete active requests (made inactive), {@code first} included; failures thrown after all are reported. */
    private static int[] collectComplete(List<? extends Request> requests, int first) {
        int[] out = new int[requests.size()];
        int n = 0;
        MpiException failure = null;
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            if (i == first) {
                out[n++] = i;
            } else if (active(r) && r.isComplete()) {
                out[n++] = i;
                try {
                    r.test();
                } catch (MpiException e) {
                    if (failure == null) {
                        failure = e;
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return Arrays.copyOf(out, n);
    }

    /** True when every active request is complete, and then reports them all. */
    public static boolean testAll(List<? extends Request> requests) {
        for (Request r : requests) {
            if (active(r) && !r.isComplete()) {
                if (r.test()) { // the engine also checks here whether the job has failed
                    continue;
                }
                return false;
            }
        }
        waitAll(requests);
        return true;
    }

    /** The index of a complete active request, -1 when none is, UNDEFINED when none is active. */
    public static int testAny(List<? extends Request> requests) {
        boolean anyActive = false;
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            if (active(r)) {
                anyActive = true;
                if (r.test()) {
                    return i;
                }
            }
        }
        return anyActive ? Request.NONE_COMPLETE : Mpi.UNDEFINED;
    }

    /** The complete active requests now, or null when none is active. */
    public static int[] testSome(List<? extends Request> requests) {
        int first = testAny(requests);
        if (first == Mpi.UNDEFINED) {
            return null;
        }
        return first < 0 ? new int[0] : collectComplete(requests, first);
    }

    /** {@link Request#NULL}. */
    private static final class NullRequest implements Request {
        private static final Status EMPTY = StatusAccess.create();

        @Override public Status await() { return EMPTY; }
        @Override public boolean await(long timeout, TimeUnit unit) { return true; }
        @Override public boolean test() { return true; }
        @Override public boolean cancel() { return false; }
        @Override public Status status() { return EMPTY; }
        @Override public boolean isActive() { return false; }
        @Override public boolean isComplete() { return true; }
        @Override public CompletableFuture<Status> toCompletableFuture() { return CompletableFuture.completedFuture(EMPTY); }
        @Override public String toString() { return "Request.NULL"; }
    }
}
