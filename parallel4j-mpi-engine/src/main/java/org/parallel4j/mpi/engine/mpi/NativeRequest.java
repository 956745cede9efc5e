package org.parallel4j.mpi.engine.mpi;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.Request;
import org.parallel4j.mpi.Status;
import org.parallel4j.mpi.internal.Datatype;
import org.parallel4j.mpi.internal.StatusAccess;

/**
 * A nonblocking operation in the MPI library: its {@code MPI_Request} lives in native memory
 * the request owns, with the staged copies of its heap buffers ({@link Staged.Mode#OWNED}),
 * so the collector never moves what MPI still reads or writes. Completion is found by
 * {@code MPI_Test}; receive buffers are copied back then. Safe to test from several threads.
 */
class NativeRequest implements Request {
    final NativePointToPoint comm;
    final String kind;
    private final Staged staged;
    private final MemorySegment slot;
    private final Datatype recvType;
    /** The user's buffers, kept reachable until completion. */
    @SuppressWarnings("unused")
    private final Object keepAlive;
    /** Work after the library completes the operation and the copy-back (a user operation's fold); null if none. */
    private Runnable afterwards;
    private boolean done;
    private boolean reported;
    private boolean cancelRequested;
    private MpiException failure;
    private Status status;

    NativeRequest(NativePointToPoint comm, String kind, Staged staged, MemorySegment slot, Datatype recvType, Object keepAlive) {
        this.comm = comm;
        this.kind = kind;
        this.staged = staged;
        this.slot = slot;
        this.recvType = recvType;
        this.keepAlive = keepAlive;
    }

    /** An already complete request (to or from PROC_NULL). */
    static NativeRequest completed(NativePointToPoint comm, String kind, Status status) {
        NativeRequest r = new NativeRequest(comm, kind, null, null, null, null);
        r.done = true;
        r.status = status;
        return r;
    }

    /** The native memory holding this request's {@code MPI_Request}. */
    final MemorySegment slot() {
        return slot;
    }

    /** Progress: true once the operation is complete (without reporting it). */
    synchronized boolean poll() {
        if (done) {
            return true;
        }
        pollNative();
        return done;
    }

    /** One MPI_Test; subclasses that complete otherwise (a matched object receive) override. */
    void pollNative() {
        Scratch s = Scratch.get();
        int rc;
        try {
            rc = (int) Native.TEST.invokeExact(slot, s.intA, s.status);
        } catch (Throwable t) {
            throw NativeComm.unexpected(t);
        }
        if (rc != 0) {
            complete(comm.engine.error(rc, kind + " on " + comm.name()), null);
            return;
        }
        if (s.intA.get(ValueLayout.JAVA_INT, 0) == 0) {
            return;
        }
        Status st = recvType == null ? null : comm.statusOf(s.status, recvType);
        if (cancelRequested && cancelled(s.status)) {
            st = st == null ? StatusAccess.create() : st;
            StatusAccess.setCancelled(st);
        }
        if (staged != null) {
            staged.finish();
        }
        MpiException failed = null;
        if (afterwards != null) {
            try {
                afterwards.run();
            } catch (MpiException e) {
                failed = e;
            } catch (RuntimeException e) {
                failed = new MpiException(ErrorClass.OP, kind + " on " + comm.name() + ": " + e, e);
            }
        }
        complete(failed, st);
    }

    /**
     * Runs {@code work} once the library has completed the operation and its data is copied
     * back, before the request reports completion; what it throws fails the request.
     */
    NativeRequest then(Runnable work) {
        this.afterwards = work;
        return this;
    }

    private static boolean cancelled(MemorySegment status) {
        Scratch s = Scratch.get();
        try {
            return (int) Native.TEST_CANCELLED.invokeExact(status, s.intB) == 0 && s.intB.get(ValueLayout.JAVA_INT, 0) != 0;
        } catch (Throwable t) {
            throw NativeComm.unexpected(t);
        }
    }

    /** Records completion (called with the lock held). */
    final void complete(MpiException failure, Status status) {
        this.failure = failure;
        this.status = status;
        this.done = true;
    }

    private synchronized void report() {
        reported = true;
        if (failure != null) {
            throw new MpiException(failure.errorClass(), failure.getMessage(), failure);
        }
    }

    @Override
    public Status await() {
        comm.engine.waitFor(this, Long.MAX_VALUE);
        report();
        return status;
    }

    @Override
    public boolean await(long timeout, TimeUnit unit) {
        if (!comm.engine.waitFor(this, System.nanoTime() + Math.max(0, unit.toNanos(timeout)))) {
            return false;
        }
        report();
        return true;
    }

    @Override
    public boolean test() {
        if (!poll()) {
            return false;
        }
        report();
        return true;
    }

    @Override
    public boolean cancel() {
        synchronized (this) {
            if (done) {
                return false;
            }
            cancelRequested = true;
            try {
                int rc = (int) Native.CANCEL.invokeExact(slot);
                if (rc != 0) {
                    throw comm.engine.error(rc, "cancel of " + kind);
                }
            } catch (MpiException e) {
                throw e;
            } catch (Throwable t) {
                throw NativeComm.unexpected(t);
            }
        }
        comm.engine.waitFor(this, Long.MAX_VALUE);
        synchronized (this) {
            reported = true;
            return status != null && status.isCancelled();
        }
    }

    @Override
    public synchronized Status status() {
        return done ? status : null;
    }

    @Override
    public synchronized boolean isActive() {
        return !reported;
    }

    @Override
    public boolean isComplete() {
        return poll();
    }

    @Override
    public CompletableFuture<Status> toCompletableFuture() {
        CompletableFuture<Status> f = new CompletableFuture<>();
        Thread.ofVirtual().name("p4j-mpi-future").start(() -> {
            try {
                f.complete(await());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /** What the request waits for, for timeout reports. */
    String describe() {
        return kind + " on " + comm.name();
    }

    @Override
    public String toString() {
        return "Request[" + describe() + (done ? ", complete" : "") + "]";
    }

    /** Marks the request cancelled in its status (for subclasses completing without MPI_Test). */
    static Status cancelledStatus() {
        Status s = StatusAccess.create();
        StatusAccess.setCancelled(s);
        return s;
    }

    /** A refusal for a request of another engine in a list. */
    static NativeRequest of(Request r, int index) {
        if (r instanceof NativeRequest n) {
            return n;
        }
        if (r instanceof NativeComm.Persistent p && p.current() instanceof NativeRequest n) {
            return n;
        }
        throw new MpiException(ErrorClass.REQUEST, "request " + index + " (" + r + ") is not from the MPI engine");
    }
}
