package org.parallel4j.loop.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.parallel4j.internal.CacheLines;
import org.parallel4j.loop.WaitPolicy;

/**
 * A persistent team of threads; the calling thread of each region is thread 0.
 *
 * <p>Implementation note: a region is dispatched by writing its task and thread count between
 * two writes of {@code generation} (volatile), as a sequence lock: the negated generation while
 * they change, the generation when they are complete. Workers spin on it, then park, and the
 * starter unparks the ones that parked; a worker takes a region's task and count only when the
 * generation it read before them is still there after them. (Without that check a worker that
 * woke late could pair an old generation with the next region's task and count, run that
 * region, report the old generation, then run it again for the new one: a thread's share done
 * twice, found by a randomized test as a count too high.) Each worker reports the generation
 * it finished in its own padded {@code done} cell; the starter waits for all of them (the
 * region's closing barrier). One region runs at a time: a region started from inside a region, or while
 * another thread holds the team, runs serially on a fresh one-thread team, so nesting never
 * deadlocks. A failure is recorded once, sets {@code cancelled}, which every wait and every
 * chunk boundary checks, and is rethrown by the starter; the per-region counters (loops,
 * singles) are then re-based so the team is usable again.
 */
public final class ThreadTeam implements AutoCloseable {
    static final ThreadLocal<RegionContext> CURRENT = new ThreadLocal<>();
    /** The thread group of every team worker. */
    private static final ThreadGroup TEAM_THREADS = new ThreadGroup("p4j-teams");
    private static final AtomicInteger TEAM_IDS = new AtomicInteger();
    /**
     * Thread t's completion cell is {@code done[t * STRIDE]}, without {@link CacheLines#index}'s
     * leading pad: with it, a region's start and join measured about 25% slower
     * ({@code p4j bench omp}, {@code parallel}, 0.39 against 0.49 microseconds in five
     * alternating runs); thread 0's cell, next to the header, is never written by a worker.
     */
    private static final int STRIDE = CacheLines.LONGS;
    private static final VarHandle DONE = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle GENERATION;

    static {
        try {
            GENERATION = MethodHandles.lookup().findVarHandle(ThreadTeam.class, "generation", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * How long a wait spins before it parks: starts at the policy's budget and adapts (except
     * for ACTIVE). A wait that spun its whole budget in vain halves it, one that succeeded
     * while spinning grows it back: a team larger than the free cores (16 threads on 2 cores,
     * or other JVMs on the same cores) stops burning the time slices its peers need, and
     * spinning returns when cores are free. Racy updates are harmless.
     */
    volatile int spinIterations;
    private final int maxSpins;
    private final WaitPolicy policy;
    private final int id = TEAM_IDS.incrementAndGet();
    private final ReentrantLock busy = new ReentrantLock();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    final ChunkRing ring = new ChunkRing();
    final AtomicLong singleTicket = new AtomicLong();
    final Object[] singleResults = new Object[2];
    final ConcurrentHashMap<String, ReentrantLock> criticals = new ConcurrentHashMap<>();
    volatile boolean cancelled;
    private volatile boolean closed;

    // Written between the negated and the new value of generation; read under its check.
    private RegionTask task;
    private int active;
    /** The last region's number; its negation while the next region's task and count are written. */
    private volatile long generation;
    private volatile Thread starterWaiting;

    private int capacity;
    private Worker[] workers;
    RegionContext[] contexts;
    private long[] done;
    ThreadPartials.Doubles reduceDoubles;
    ThreadPartials.Longs reduceLongs;
    private TeamBarrier[] barriers;
    private long nextLoop;
    private long nextSingle;
    private boolean needsReset;

    /** A team of {@code threads} threads (the caller and {@code threads - 1} workers). */
    public ThreadTeam(int threads, WaitPolicy policy) {
        if (threads < 1) {
            throw new IllegalArgumentException("a team needs at least 1 thread, got " + threads);
        }
        this.policy = policy;
        this.maxSpins = LoopSettings.spinIterations(policy);
        this.spinIterations = maxSpins;
        this.workers = new Worker[0];
        this.contexts = new RegionContext[0];
        this.barriers = new TeamBarrier[0];
        grow(threads);
    }

    /** The number of threads the team has now (it grows when a region asks for more). */
    public int size() {
        return capacity;
    }

    /** The wait policy of the team's idle threads. */
    public WaitPolicy waitPolicy() {
        return policy;
    }

    /** The region context of the calling thread, or null outside a region. */
    public static RegionContext current() {
        return CURRENT.get();
    }

    /** A task that every thread of a region runs with its context. */
    @FunctionalInterface
    public interface RegionTask {
        /** Runs on one thread of the region. */
        void run(RegionContext ctx);
    }

    /**
     * Runs {@code task} on {@code threads} threads, the caller being thread 0, and returns when
     * all are done; rethrows the first failure with its original stack trace.
     */
    public void run(int threads, RegionTask task) {
        if (threads < 1) {
            throw new IllegalArgumentException("a region needs at least 1 thread, got " + threads);
        }
        if (CURRENT.get() != null || closed || busy.isHeldByCurrentThread() || !busy.tryLock()) {
            // Nested, closed, or in use by another thread: run serially, never wait for this team.
            ThreadTeam serial = new ThreadTeam(1, WaitPolicy.PASSIVE);
            serial.busy.lock();
            serial.runLocked(1, task);
            return;
        }
        runLocked(threads, task);
    }

    /** Runs a region; the caller holds {@link #busy}, which this releases. */
    private void runLocked(int threads, RegionTask task) {
        try {
            if (threads > capacity) {
                grow(threads);
            }
            if (needsReset) {
                ring.reset(nextLoop);
                singleTicket.set(nextSingle);
                barriers = new TeamBarrier[barriers.length];
                needsReset = false;
            }
            TeamBarrier barrier = barrierFor(threads);
            failure.set(null);
            cancelled = false;
            for (int t = 0; t < threads; t++) {
                contexts[t].begin(threads, barrier, nextLoop, nextSingle);
            }
            long g = generation + 1;
            GENERATION.setOpaque(this, -g); // no fence of its own: the next line orders it
            VarHandle.storeStoreFence(); // the task and count are not written before the negation
            this.task = task;
            this.active = threads;
            generation = g;
            for (int t = 1; t < threads; t++) {
                workers[t].wakeIfParked();
            }
            RegionContext mine = contexts[0];
            RegionContext outer = CURRENT.get();
            CURRENT.set(mine);
            try {
                task.run(mine);
            } catch (Cancelled c) {
                // another thread failed; its failure is rethrown below
            } catch (Throwable e) {
                fail(e);
            } finally {
                // A serial team nested in a region hands the thread back to the outer region.
                if (outer == null) {
                    CURRENT.remove();
                } else {
                    CURRENT.set(outer);
                }
            }
            awaitWorkers(threads, g);
            long loops = mine.loopSeq;
            long singles = mine.singleSeq;
            for (int t = 1; t < threads; t++) {
                loops = Math.max(loops, contexts[t].loopSeq);
                singles = Math.max(singles, contexts[t].singleSeq);
            }
            nextLoop = loops;
            nextSingle = singles;
            Throwable f = failure.get();
            if (f != null) {
                needsReset = true;
                throw rethrow(f);
            }
        } finally {
            this.task = null; // every worker of the region is done with it; a late one checks generation first
            busy.unlock();
        }
    }

    /** A wait ended while spinning. */
    void spinWorked() {
        int s = spinIterations;
        if (s < maxSpins) {
            spinIterations = Math.min(maxSpins, s + (s >> 3) + 1);
        }
    }

    /** A wait spun its whole budget and had to park. */
    void spinFailed() {
        int s = spinIterations;
        if (policy != WaitPolicy.ACTIVE && s > LoopSettings.MIN_SPINS) {
            spinIterations = Math.max(LoopSettings.MIN_SPINS, s >> 1);
        }
    }

    private void awaitWorkers(int threads, long g) {
        for (int t = 1; t < threads; t++) {
            int index = t * STRIDE;
            if ((long) DONE.getAcquire(done, index) >= g) {
                continue;
            }
            int spins = spinIterations;
            for (int i = 0; i < spins && (long) DONE.getAcquire(done, index) < g; i++) {
                Thread.onSpinWait();
            }
            if ((long) DONE.getAcquire(done, index) >= g) {
                spinWorked();
                continue;
            }
            spinFailed();
            while ((long) DONE.getAcquire(done, index) < g) {
                starterWaiting = Thread.currentThread();
                if ((long) DONE.getAcquire(done, index) < g) {
                    LockSupport.parkNanos(this, 1_000_000L);
                }
                starterWaiting = null;
            }
        }
    }

    /**
     * Publishes thread {@code tid}'s result of the current region in the cache line of its
     * completion flag, which the starter reads anyway: a region reduction then costs no
     * cache-line transfer beyond the join itself. Read with {@link #result(int)} after the region.
     */
    void publishResult(int tid, double value) {
        done[tid * STRIDE + 1] = Double.doubleToRawLongBits(value);
    }

    /** Thread {@code tid}'s published result of the last region. */
    public double result(int tid) {
        return Double.longBitsToDouble(done[tid * STRIDE + 1]);
    }

    /** Records the first failure and cancels the region. */
    void fail(Throwable e) {
        if (failure.compareAndSet(null, e)) {
            cancelled = true;
            for (TeamBarrier b : barriers) {
                if (b != null) {
                    b.wakeAll();
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException rethrow(Throwable e) throws E {
        throw (E) e;
    }

    private TeamBarrier barrierFor(int threads) {
        if (barriers.length <= threads) {
            barriers = java.util.Arrays.copyOf(barriers, threads + 1);
        }
        TeamBarrier b = barriers[threads];
        if (b == null) {
            b = new TeamBarrier(threads);
            barriers[threads] = b;
        }
        return b;
    }

    private void grow(int threads) {
        int old = capacity;
        contexts = java.util.Arrays.copyOf(contexts, threads);
        workers = java.util.Arrays.copyOf(workers, threads);
        long[] newDone = new long[threads * STRIDE];
        if (done != null) {
            System.arraycopy(done, 0, newDone, 0, done.length);
        }
        done = newDone;
        reduceDoubles = new ThreadPartials.Doubles(threads * 2, 0);
        reduceLongs = new ThreadPartials.Longs(threads * 2, 0);
        for (int t = old; t < threads; t++) {
            contexts[t] = new RegionContext(this, t);
        }
        capacity = threads;
        for (int t = Math.max(old, 1); t < threads; t++) {
            workers[t] = new Worker(t);
            workers[t].thread.start();
        }
    }

    /** Stops the workers. Regions started afterwards run serially. */
    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            if (w != null) {
                LockSupport.unpark(w.thread);
            }
        }
    }

    /** One worker thread. */
    private final class Worker {
        final int tid;
        final Thread thread;
        /** The generation when the worker was made: it runs every region dispatched after it. */
        private final long born;
        volatile boolean parked;

        Worker(int tid) {
            this.tid = tid;
            this.born = generation;
            // In a group of their own, not their creator's: a message-passing rank's threads are
            // those of its group, and an idle team worker must not count as one of them.
            this.thread = Thread.ofPlatform().group(TEAM_THREADS).daemon(true).name("p4j-team" + id + "-" + tid).unstarted(this::loop);
        }

        void wakeIfParked() {
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        private void loop() {
            long seen = born;
            while (true) {
                long g = awaitGeneration(seen);
                if (g < 0) {
                    return;
                }
                int a = active;
                RegionTask t = task;
                VarHandle.acquireFence(); // the reads above are done before generation is read again
                if (generation != g) {
                    continue; // the next region was being dispatched meanwhile: read it again
                }
                seen = g;
                if (tid >= a) {
                    continue;
                }
                RegionContext ctx = contexts[tid];
                CURRENT.set(ctx);
                try {
                    t.run(ctx);
                } catch (Cancelled c) {
                    // the failure is another thread's
                } catch (Throwable e) {
                    fail(e);
                } finally {
                    CURRENT.remove();
                }
                DONE.setRelease(done, tid * STRIDE, g);
                Thread s = starterWaiting;
                if (s != null) {
                    LockSupport.unpark(s);
                }
            }
        }

        /** The first complete generation after {@code seen} (a region's task and count written), or -1 once the team is closed. */
        private long awaitGeneration(long seen) {
            int spins = spinIterations;
            for (int i = 0; i < spins; i++) {
                long g = generation;
                if (g != seen && g > 0) {
                    if (i > 0) {
                        spinWorked();
                    }
                    return g;
                }
                Thread.onSpinWait();
            }
            spinFailed();
            while (true) {
                if (closed) {
                    return -1;
                }
                parked = true;
                long g = generation;
                if (g != seen && g > 0) {
                    parked = false;
                    return g;
                }
                LockSupport.parkNanos(this, 100_000_000L);
                parked = false;
                g = generation;
                if (g != seen && g > 0) {
                    return g;
                }
            }
        }
    }
}
