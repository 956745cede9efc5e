package org.parallel4j.loop.internal;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.parallel4j.loop.OrderedBody;
import org.parallel4j.loop.RangeBody;
import org.parallel4j.loop.Reduction;
import org.parallel4j.loop.Region;
import org.parallel4j.loop.Schedule;

/**
 * One thread's view of a region, and the worksharing machinery: the static maps, the chunk
 * counters of dynamic and guided loops, singles, reductions and ordered sections.
 */
public final class RegionContext implements Region {

    final ThreadTeam team;
    final int tid;
    int threads;
    private TeamBarrier barrier;
    long loopSeq;
    long singleSeq;
    private long reduceSeq;
    private String lastCriticalName;
    private ReentrantLock lastCritical;

    RegionContext(ThreadTeam team, int tid) {
        this.team = team;
        this.tid = tid;
    }

    void begin(int threads, TeamBarrier barrier, long loopBase, long singleBase) {
        this.threads = threads;
        this.barrier = barrier;
        this.loopSeq = loopBase;
        this.singleSeq = singleBase;
        this.reduceSeq = 0;
    }

    /** A chunk of a loop: iterations {@code [lo, hi)} as offsets already added to the loop's start. */
    @FunctionalInterface
    public interface Chunk {
        /** Runs one chunk. */
        void run(long lo, long hi);
    }

    @Override
    public int threadId() {
        return tid;
    }

    @Override
    public int numThreads() {
        return threads;
    }

    /** Publishes this thread's result of the region (see {@link ThreadTeam#result(int)}). */
    public void publishResult(double value) {
        team.publishResult(tid, value);
    }

    /** The team this region runs on (a one-thread team when the region was nested and ran serially). */
    public ThreadTeam team() {
        return team;
    }

    /** True once another thread of the region has failed: long bodies may poll it. */
    public boolean cancelled() {
        return team.cancelled;
    }

    /** Leaves the region (with the team's own control-flow exception) when another thread failed. */
    public void checkCancelled() {
        if (team.cancelled) {
            throw Cancelled.INSTANCE;
        }
    }

    @Override
    public void barrier() {
        if (threads > 1) {
            barrier.await(tid, team);
        } else {
            checkCancelled();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T single(Supplier<T> body) {
        long s = singleSeq++;
        int parity = (int) (s & 1);
        if (team.singleTicket.compareAndSet(s, s + 1)) {
            team.singleResults[parity] = body.get();
        }
        barrier();
        return (T) team.singleResults[parity];
    }

    @Override
    public void single(Runnable body) {
        singleNowait(body);
        barrier();
    }

    @Override
    public void singleNowait(Runnable body) {
        long s = singleSeq++;
        if (team.singleTicket.compareAndSet(s, s + 1)) {
            body.run();
        }
    }

    @Override
    public void master(Runnable body) {
        if (tid == 0) {
            body.run();
        }
    }

    @Override
    public void critical(Runnable body) {
        critical("", body);
    }

    @Override
    public void critical(String name, Runnable body) {
        ReentrantLock lock;
        if (name.equals(lastCriticalName)) {
            lock = lastCritical;
        } else {
            lock = team.criticals.computeIfAbsent(name, n -> new ReentrantLock());
            lastCriticalName = name;
            lastCritical = lock;
        }
        lock.lock();
        try {
            body.run();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void forLoop(int lo, int hi, Schedule schedule, IntConsumer body) {
        runLoop(lo, hi, schedule, indexChunk(body), false);
    }

    @Override
    public void forLoopNowait(int lo, int hi, Schedule schedule, IntConsumer body) {
        runLoop(lo, hi, schedule, indexChunk(body), true);
    }

    @Override
    public void forRange(int lo, int hi, Schedule schedule, RangeBody body) {
        runLoop(lo, hi, schedule, (a, b) -> body.run((int) a, (int) b), false);
    }

    @Override
    public void forRangeNowait(int lo, int hi, Schedule schedule, RangeBody body) {
        runLoop(lo, hi, schedule, (a, b) -> body.run((int) a, (int) b), true);
    }

    /** Per-index bodies run in slices, checking for a failure elsewhere between slices. */
    private Chunk indexChunk(IntConsumer body) {
        return (a, b) -> {
            int lo = (int) a;
            int hi = (int) b;
            while (lo < hi) {
                int end = hi - lo > LoopSettings.CANCEL_CHECK_ITERATIONS ? lo + LoopSettings.CANCEL_CHECK_ITERATIONS : hi;
                for (int i = lo; i < end; i++) {
                    body.accept(i);
                }
                lo = end;
                if (lo < hi) {
                    checkCancelled();
                }
            }
        };
    }

    @Override
    public void forOrdered(int lo, int hi, Schedule schedule, OrderedBody body) {
        long k = loopSeq++;
        ChunkRing.Slot slot = team.ring.enter(k, team);
        long base = lo;
        Chunk chunk = (a, b) -> {
            for (long i = a; i < b; i++) {
                long position = i - base;
                boolean[] used = {false};
                body.run((int) i, section -> {
                    if (used[0]) {
                        throw new IllegalStateException("iteration " + position + " entered its ordered section twice");
                    }
                    used[0] = true;
                    awaitTurn(slot, position);
                    try {
                        section.run();
                    } finally {
                        slot.setOrdered(position + 1);
                    }
                });
                if (!used[0]) {
                    // An iteration without an ordered section still takes its turn.
                    awaitTurn(slot, position);
                    slot.setOrdered(position + 1);
                }
            }
        };
        if (schedule.kind() == Schedule.Kind.STATIC) {
            schedule(lo, hi, schedule, chunk);
        } else {
            takeChunks(slot, lo, hi, schedule, chunk);
        }
        team.ring.leave(slot, k, threads);
        barrier();
    }

    private void awaitTurn(ChunkRing.Slot slot, long position) {
        int spins = 0;
        while (slot.ordered() != position) {
            checkCancelled();
            if (++spins > 256) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** Runs this thread's share of a loop over {@code [lo, hi)}, then a barrier unless {@code nowait}. */
    public void runLoop(long lo, long hi, Schedule schedule, Chunk chunk, boolean nowait) {
        if (schedule.kind() == Schedule.Kind.STATIC) {
            schedule(lo, hi, schedule, chunk);
        } else {
            long k = loopSeq++;
            ChunkRing.Slot slot = team.ring.enter(k, team);
            takeChunks(slot, lo, hi, schedule, chunk);
            team.ring.leave(slot, k, threads);
        }
        if (!nowait) {
            barrier();
        }
    }

    private void schedule(long lo, long hi, Schedule schedule, Chunk chunk) {
        long n = hi - lo;
        if (n <= 0) {
            return;
        }
        if (schedule.chunk() == 0) {
            long start = StaticMap.blockStart(n, threads, tid);
            long end = StaticMap.blockEnd(n, threads, tid);
            if (start < end) {
                chunk.run(lo + start, lo + end);
            }
            return;
        }
        long c = schedule.chunk();
        long chunks = n / c + (n % c == 0 ? 0 : 1);
        for (long k = tid; k < chunks; k += threads) {
            long start = k * c;
            chunk.run(lo + start, lo + (n - start > c ? start + c : n));
            checkCancelled();
        }
    }

    private void takeChunks(ChunkRing.Slot slot, long lo, long hi, Schedule schedule, Chunk chunk) {
        long n = hi - lo;
        if (n <= 0) {
            return;
        }
        long c = schedule.chunk();
        if (schedule.kind() == Schedule.Kind.DYNAMIC && n < Long.MAX_VALUE - c * (threads + 1L)) {
            while (true) {
                long start = slot.getAndAddNext(c);
                if (start >= n) {
                    return;
                }
                chunk.run(lo + start, lo + (n - start > c ? start + c : n));
                checkCancelled();
            }
        }
        boolean guided = schedule.kind() == Schedule.Kind.GUIDED;
        while (true) {
            long start = slot.next();
            if (start >= n) {
                return;
            }
            long remaining = n - start;
            long size = guided ? Math.max(c, (remaining + threads - 1) / threads) : c;
            size = Math.min(size, remaining);
            if (slot.casNext(start, start + size)) {
                chunk.run(lo + start, lo + start + size);
                checkCancelled();
            }
        }
    }

    @Override
    public double reduce(Reduction op, double value) {
        double identity = op.identityDouble();
        long r = reduceSeq++;
        int parity = (int) (r & 1);
        // Two slots per thread, used in turn: a fast thread's next reduce cannot overwrite a slot another still reads.
        ThreadPartials.Doubles slots = team.reduceDoubles;
        slots.set(tid * 2 + parity, value);
        barrier();
        double acc = identity;
        for (int t = 0; t < threads; t++) {
            acc = op.apply(acc, slots.get(t * 2 + parity));
        }
        return acc;
    }

    @Override
    public long reduce(Reduction op, long value) {
        long identity = op.identityLong();
        long r = reduceSeq++;
        int parity = (int) (r & 1);
        ThreadPartials.Longs slots = team.reduceLongs;
        slots.set(tid * 2 + parity, value);
        barrier();
        long acc = identity;
        for (int t = 0; t < threads; t++) {
            acc = op.apply(acc, slots.get(t * 2 + parity));
        }
        return acc;
    }

}
