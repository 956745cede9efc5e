package org.parallel4j.mpi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parallel4j.RandomTries;

/**
 * One-sided communication against a serial model of every rank's window: random window sizes
 * (one region up to 20,000 elements, so that origins cross the MPI engine's 64 KiB staging
 * block), windows the library allocates and windows over a segment, and random epochs
 * synchronized by fence, by lock/unlock (per target or lockAll) and by post/start/complete/wait.
 * An epoch either puts (each origin in its own slice of each target: puts to one place from two
 * origins conflict), accumulates with one operation to overlapping places (atomic per element),
 * or gets (after local stores into the window between epochs). Buffer offsets, counts and
 * displacements are random; what a get brings and what every window holds are checked after
 * each epoch, and a get must not touch its buffer outside the range asked for. Every rank draws
 * every rank's operations from the same seed, so the model is the same everywhere.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RandomOneSidedTest {
    private static final int TRIES = 8;

    enum Sync { FENCE, LOCK, LOCK_ALL, PSCW }

    enum Kind { PUT, ACCUMULATE, GET }

    /** One operation of an epoch: origin, target, where, and the origin buffer's shape. */
    record Access(int origin, int target, long disp, int count, int bufOffset, int slack, boolean whole, Object buffer) {
        int length() {
            return bufOffset + count + slack;
        }
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4})
    void everyEpochLeavesTheWindowsAsASerialModelDoes(int ranks) {
        // the MPI engine's known faults with more ranks than cores (see OneSidedTest, docs/mpi-engine.md)
        int cores = Capability.nodeCores();
        org.junit.jupiter.api.Assumptions.assumeTrue(!Capability.engine().equals("mpi") || ranks <= cores
                || Boolean.getBoolean("p4j.test.oversubscribedWindows"),
                "MPI engine windows with " + ranks + " ranks on " + cores + " cores: known library faults, see docs/mpi-engine.md");
        CommMatrix.launch(ranks, Duration.ofSeconds(150), c -> RandomTries.run(TRIES, r -> oneTry(c, r)));
    }

    private static void oneTry(Comm c, SplittableRandom r) {
        int n = c.size(), me = c.rank();
        Element e = new Element[] {Element.INT, Element.LONG, Element.DOUBLE}[r.nextInt(3)];
        int[] size = new int[n];
        for (int q = 0; q < n; q++) {
            size[q] = r.nextInt(5) == 0 ? 1 + r.nextInt(20_000) : 1 + r.nextInt(300);
        }
        boolean allocated = r.nextBoolean();
        long[][] model = new long[n][];
        for (int q = 0; q < n; q++) {
            model[q] = new long[size[q]];
        }
        Fault fault = new Fault();
        try (Arena arena = Arena.ofShared()) {
            Win w = allocated ? c.winAllocate((long) size[me] * e.size, e.size)
                    : c.winCreate(arena.allocate((long) size[me] * e.size, 8), e.size);
            try {
                int epochs = 1 + r.nextInt(6);
                for (int k = 0; k < epochs; k++) {
                    Sync sync = Sync.values()[r.nextInt(4)];
                    Kind kind = Kind.values()[r.nextInt(3)];
                    Op op = new Op[] {Op.SUM, Op.MAX, Op.MIN, Op.SUM}[r.nextInt(4)];
                    String where = "epoch " + k + " of " + kind + (kind == Kind.ACCUMULATE ? " " + op : "") + " by " + sync + ", " + e
                            + " windows of " + Arrays.toString(size) + (allocated ? " allocated" : " over segments");
                    // between epochs, a rank may store into its own window (outside any epoch)
                    boolean stores = kind == Kind.GET && r.nextBoolean();
                    if (stores) {
                        for (int q = 0; q < n; q++) {
                            int from = r.nextInt(size[q]), to = from + r.nextInt(size[q] - from + 1);
                            for (int i = from; i < to; i++) {
                                model[q][i] = -(k * 100_000L + i);
                            }
                            if (q == me) {
                                if (sync != Sync.FENCE) {
                                    w.lock(LockType.EXCLUSIVE, me);
                                }
                                for (int i = from; i < to; i++) {
                                    e.store(w.memory(), i, model[q][i]);
                                }
                                if (sync != Sync.FENCE) {
                                    w.unlock(me);
                                }
                            }
                        }
                        c.barrier();
                    }
                    List<Access> all = draw(r, n, size, e, kind, k);
                    long[][] before = new long[n][];
                    for (int q = 0; q < n; q++) {
                        before[q] = model[q].clone();
                    }
                    List<Access> mine = all.stream().filter(a -> a.origin() == me).toList();
                    epoch(r, c, w, sync, kind, op, all, mine);
                    // the model: puts land, accumulates combine (in any order: the result is the same), gets read the start
                    for (Access a : all) {
                        for (int i = 0; i < a.count(); i++) {
                            int at = (int) a.disp() + i;
                            long v = e.value(a.buffer(), a.bufOffset() + i);
                            switch (kind) {
                                case PUT -> model[a.target()][at] = v;
                                case ACCUMULATE -> model[a.target()][at] = op == Op.SUM ? model[a.target()][at] + v
                                        : op == Op.MAX ? Math.max(model[a.target()][at], v) : Math.min(model[a.target()][at], v);
                                case GET -> { }
                            }
                        }
                    }
                    for (Access a : mine) {
                        if (kind != Kind.GET) {
                            continue;
                        }
                        for (int i = 0; i < a.length(); i++) {
                            boolean asked = i >= a.bufOffset() && i < a.bufOffset() + a.count();
                            long expected = asked ? before[a.target()][(int) a.disp() + i - a.bufOffset()] : SENTINEL;
                            if (e.value(a.buffer(), i) != expected) {
                                fault.add("element " + i + " of a get of " + a.count() + " from rank " + a.target() + " at " + a.disp()
                                        + " into " + a.bufOffset() + ": " + e.value(a.buffer(), i) + ", expected " + expected + ", " + where);
                                break;
                            }
                        }
                    }
                    // every rank's own window, read in place (under a lock of its own window where fences do not apply)
                    if (sync != Sync.FENCE) {
                        w.lock(LockType.SHARED, me);
                    }
                    for (int i = 0; i < size[me]; i++) {
                        if (e.load(w.memory(), i) != model[me][i]) {
                            fault.add("element " + i + " of rank " + me + "'s window: " + e.load(w.memory(), i) + ", expected " + model[me][i]
                                    + ", after " + where);
                            break;
                        }
                    }
                    if (sync != Sync.FENCE) {
                        w.unlock(me);
                    }
                    c.barrier();
                }
            } finally {
                w.free();
            }
        }
        fault.agree(c);
    }

    private static final long SENTINEL = -77;

    /** The epoch's operations, every origin's, with their buffers (data filled in for puts and accumulates). */
    private static List<Access> draw(SplittableRandom r, int n, int[] size, Element e, Kind kind, int k) {
        List<Access> all = new ArrayList<>();
        for (int q = 0; q < n; q++) {
            for (int t = 0; t < n; t++) {
                // puts: one per target, in this origin's slice of it; others: up to two, anywhere
                int ops = kind == Kind.PUT ? r.nextInt(3) == 0 ? 0 : 1 : r.nextInt(3);
                for (int j = 0; j < ops; j++) {
                    int lo = kind == Kind.PUT ? (int) ((long) size[t] * q / n) : 0;
                    int hi = kind == Kind.PUT ? (int) ((long) size[t] * (q + 1) / n) : size[t];
                    if (hi == lo) {
                        continue;
                    }
                    int disp = lo + r.nextInt(hi - lo);
                    int count = r.nextInt(4) == 0 ? hi - disp : r.nextInt(hi - disp + 1);
                    boolean whole = r.nextBoolean();
                    int bufOffset = whole ? 0 : r.nextInt(4), slack = whole ? 0 : r.nextInt(4);
                    Object buf = e.array(bufOffset + count + slack);
                    for (int i = 0; i < bufOffset + count + slack; i++) {
                        boolean data = i >= bufOffset && i < bufOffset + count;
                        long v = kind == Kind.GET || !data ? SENTINEL
                                : kind == Kind.PUT ? k * 1_000_000L + q * 30_000L + i : r.nextInt(101) - 50;
                        e.set(buf, i, v);
                    }
                    all.add(new Access(q, t, disp, count, bufOffset, slack, whole, buf));
                }
            }
        }
        return all;
    }

    /** This rank's part of one epoch: its operations between the synchronization calls. */
    private static void epoch(SplittableRandom r, Comm c, Win w, Sync sync, Kind kind, Op op, List<Access> all, List<Access> mine) {
        int me = c.rank();
        switch (sync) {
            case FENCE -> {
                w.fence(r.nextBoolean() ? Win.MODE_NOPRECEDE : 0);
                issue(w, kind, op, mine);
                w.fence(Win.MODE_NOSUCCEED); // the next epoch may be of another kind
            }
            case LOCK -> {
                for (Access a : mine) {
                    w.lock(kind == Kind.PUT ? LockType.EXCLUSIVE : LockType.SHARED, a.target());
                    issue(w, kind, op, List.of(a));
                    w.unlock(a.target());
                }
                c.barrier();
            }
            case LOCK_ALL -> {
                w.lockAll();
                issue(w, kind, op, mine);
                if (!mine.isEmpty()) {
                    w.flush(mine.get(0).target());
                }
                w.unlockAll();
                c.barrier();
            }
            case PSCW -> {
                TreeSet<Integer> origins = new TreeSet<>(), targets = new TreeSet<>();
                for (Access a : all) {
                    if (a.target() == me) {
                        origins.add(a.origin());
                    }
                    if (a.origin() == me) {
                        targets.add(a.target());
                    }
                }
                if (!origins.isEmpty()) {
                    w.post(c.group().incl(origins.stream().mapToInt(Integer::intValue).toArray()));
                }
                if (!targets.isEmpty()) {
                    w.start(c.group().incl(targets.stream().mapToInt(Integer::intValue).toArray()));
                    issue(w, kind, op, mine);
                    w.complete();
                }
                if (!origins.isEmpty()) {
                    w.waitExposure();
                }
                c.barrier();
            }
        }
    }

    private static void issue(Win w, Kind kind, Op op, List<Access> ops) {
        for (Access a : ops) {
            switch (kind) {
                case PUT -> {
                    if (a.whole()) {
                        w.put(a.buffer(), a.target(), a.disp());
                    } else {
                        w.put(a.buffer(), a.bufOffset(), a.count(), a.target(), a.disp());
                    }
                }
                case ACCUMULATE -> {
                    if (a.whole()) {
                        w.accumulate(a.buffer(), a.target(), a.disp(), op);
                    } else {
                        w.accumulate(a.buffer(), a.bufOffset(), a.count(), a.target(), a.disp(), op);
                    }
                }
                case GET -> {
                    if (a.whole()) {
                        w.get(a.buffer(), a.target(), a.disp());
                    } else {
                        w.get(a.buffer(), a.bufOffset(), a.count(), a.target(), a.disp());
                    }
                }
            }
        }
    }
}
