package org.parallel4j.mpi.engine.threads;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.PersistentRequest;
import org.parallel4j.mpi.Status;
import org.parallel4j.mpi.internal.StatusAccess;

/**
 * The base of the engine's requests: a volatile state word, the status, the error, and the
 * thread to unpark. {@code PENDING -> DONE | FAILED | CANCELLED}; a persistent request also
 * rests in {@code INACTIVE} between operations.
 */
abstract class ThreadRequest implements PersistentRequest, Waitable {
    static final int PENDING = 0;
    static final int DONE = 1;
    static final int FAILED = 2;
    static final int CANCELLED = 3;
    static final int INACTIVE = 4;

    final RankContext owner;
    volatile int state;
    // The status lives in plain fields next to the state word (one cache line for the
    // completer to write), and becomes a Status object only when asked for.
    int statusSource;
    int statusTag;
    int statusCount;
    long statusBytes;
    boolean statusObject;
    private Status status;
    private volatile Thread parkedWaiter;
    private volatile CompletableFuture<Status> future;
    MpiException error;
    /**
     * True once the completion was reported to the user (await, test, waitAny...): the
     * request is then inactive, as MPI's freed or restartable request, and the waitAny family
     * skips it. A persistent request becomes active again at start().
     */
    volatile boolean reported;

    private static final java.lang.invoke.VarHandle STATE;

    static {
        try {
            STATE = java.lang.invoke.MethodHandles.lookup().findVarHandle(ThreadRequest.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    ThreadRequest(RankContext owner) {
        this.owner = owner;
    }

    /**
     * Makes the request pending again before it is published. A plain store: the request
     * reaches other threads only through a mailbox lock or a barrier, which order it.
     */
    final void resetPending() {
        error = null;
        reported = false;
        STATE.set(this, PENDING);
    }

    final void complete() {
        state = DONE;
        signal();
    }

    final void fail(MpiException e) {
        error = e;
        state = FAILED;
        signal();
    }

    final void setStatus(int source, int tag, int count, long bytes, boolean object) {
        statusSource = source;
        statusTag = tag;
        statusCount = count;
        statusBytes = bytes;
        statusObject = object;
    }

    final void markCancelled() {
        state = CANCELLED;
        signal();
    }

    private void signal() {
        Thread t = parkedWaiter;
        if (t != null) {
            LockSupport.unpark(t);
        }
        CompletableFuture<Status> f = future;
        if (f != null) {
            settle(f);
        }
    }

    private void settle(CompletableFuture<Status> f) {
        if (state == FAILED) {
            f.completeExceptionally(error);
        } else {
            f.complete(status());
        }
    }

    @Override
    public boolean isDone() {
        return state != PENDING;
    }

    @Override
    public void setParkedWaiter(Thread thread) {
        parkedWaiter = thread;
    }

    @Override
    public Status await() {
        Waiting.await(owner, this, 0);
        return finish();
    }

    @Override
    public boolean await(long timeout, TimeUnit unit) {
        if (!Waiting.await(owner, this, Math.max(1, unit.toNanos(timeout)))) {
            return false;
        }
        finish();
        return true;
    }

    @Override
    public boolean test() {
        if (state == PENDING) {
            if (owner.job.failure != null) {
                throw owner.job.failureSeenBy(owner);
            }
            return false;
        }
        finish();
        return true;
    }

    /** The status of a finished request, or its error rethrown from the caller's stack; the request becomes inactive. */
    final Status finish() {
        reported = true;
        throwIfFailed();
        return status();
    }

    /** Rethrows the error of a failed request from the caller's stack; allocates nothing otherwise. */
    final void throwIfFailed() {
        if (state == FAILED) {
            throw new MpiException(error.errorClass(), error.getMessage(), error.getCause(), error.failedRank(), error.exitCode());
        }
    }

    @Override
    public boolean isActive() {
        return !reported && state != INACTIVE;
    }

    @Override
    public boolean isComplete() {
        return state != PENDING;
    }

    @Override
    public Status status() {
        int s = state;
        if (s == PENDING) {
            return null;
        }
        Status st = status;
        if (st == null) {
            st = StatusAccess.create();
            status = st;
        }
        StatusAccess.set(st, statusSource, statusTag, statusCount, statusBytes, statusObject);
        if (s == CANCELLED) {
            StatusAccess.setCancelled(st);
        }
        return st;
    }

    @Override
    public boolean cancel() {
        return false;
    }

    @Override
    public CompletableFuture<Status> toCompletableFuture() {
        CompletableFuture<Status> f = future;
        if (f == null) {
            f = new CompletableFuture<>();
            future = f;
        }
        if (state != PENDING) {
            settle(f);
        }
        return f;
    }

    @Override
    public void start() {
        throw new MpiException(ErrorClass.REQUEST, "start() applies to persistent requests (sendInit, recvInit), not to " + describe());
    }

    /** Makes a persistent request pending again; refuses while an operation is active. */
    final void restart() {
        if (state == PENDING) {
            throw new MpiException(ErrorClass.REQUEST, "persistent request is still active: wait for it before start() (" + describe() + ")");
        }
        error = null;
        reported = false;
        state = PENDING;
    }
}
