package org.parallel4j.mpi.engine.mpi;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The handles of communicators a program created and dropped without {@code free()}: MPI
 * gives each process a limited number of communicators (MPICH 2048 context ids, two per
 * communicator here), so a program that forgets to free them would run out. A phantom
 * reference notices a dropped communicator; the next thread that creates or frees a
 * communicator polls the reference queue and frees what it finds ({@link #freeForgotten}).
 * Nothing runs on a thread of its own: with a thread level below {@code MULTIPLE} only a
 * program's threads may call MPI, after {@code MPI_Finalize} nobody may, and a cleaner
 * thread starved by ranks that busy-poll on every core would free too late (measured: with
 * a {@link java.lang.ref.Cleaner}, a loop of 40,000 dropped dups, collecting every 200, ran
 * out of MPICH's context ids in one run of two). A communicator with a pending request is still reachable
 * from that request, so it is never freed under a running operation.
 */
final class CommLifetimes {
    private final ReferenceQueue<Object> dropped = new ReferenceQueue<>();
    /** The watches themselves must stay reachable until their communicator is dropped or freed. */
    private final Set<Watch> watched = ConcurrentHashMap.newKeySet();
    private final AtomicLong freedForgotten = new AtomicLong();

    /** A communicator's MPI handles (its own and its object tier's), and whether they are freed. */
    static final class Handles {
        final long handle;
        final long objects;
        private boolean released;
        private Watch watch;

        Handles(long handle, long objects) {
            this.handle = handle;
            this.objects = objects;
        }

        /** Marks the handles freed; false when they already were. */
        synchronized boolean release() {
            if (released) {
                return false;
            }
            released = true;
            return true;
        }
    }

    /** Becomes enqueued when its communicator is no longer reachable. */
    private static final class Watch extends PhantomReference<Object> {
        final Handles handles;

        Watch(Object comm, ReferenceQueue<Object> queue, Handles handles) {
            super(comm, queue);
            this.handles = handles;
        }
    }

    /** Watches {@code comm}: once it is unreachable, its handles are freed at the next creation or free, unless freed already. */
    Handles track(Object comm, long handle, long objects) {
        Handles h = new Handles(handle, objects);
        Watch w = new Watch(comm, dropped, h);
        h.watch = w;
        watched.add(w);
        return h;
    }

    /** Stops watching a communicator the program freed itself. */
    void untrack(Handles h) {
        Watch w = h.watch;
        if (w != null && watched.remove(w)) {
            w.clear();
        }
    }

    /** Frees what dropped communicators left, on the calling thread; a failure is ignored (nobody holds those handles). */
    void freeForgotten(MpiEngine engine) {
        Reference<?> r;
        while (!engine.isFinalized() && (r = dropped.poll()) != null) {
            Watch w = (Watch) r;
            watched.remove(w);
            if (w.handles.release()) {
                NativeComm.freeHandles(w.handles.handle, w.handles.objects);
                freedForgotten.incrementAndGet();
            }
        }
    }

    /** Communicators freed because they were dropped without {@code free()}, for reports and tests. */
    long freedForgotten() {
        return freedForgotten.get();
    }
}
