package org.parallel4j.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BinaryOperator;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntToLongFunction;
import java.util.function.IntUnaryOperator;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.parallel4j.loop.internal.LoopSettings;
import org.parallel4j.loop.internal.ThreadPartials;

/**
 * A parallel loop over {@code [lo, hi)} on a {@link Team}: configure it (schedule, thread
 * count, serial threshold, deterministic reductions), then run it with one terminal
 * operation, as OpenMP's {@code parallel for} and Cython's {@code prange}.
 *
 * <pre>{@code
 * Parallel.range(0, n).forEach(i -> y[i] = a * x[i] + y[i]);
 * Parallel.range(0, rows).schedule(Schedule.dynamic(1)).forEachRange((lo, hi) -> ...);
 * double s = Parallel.range(0, n).sum(i -> x[i] * x[i]);
 * long primes = Parallel.range(lo, hi).schedule(Schedule.dynamic(64)).count(Primes::isPrime);
 * double d = Parallel.range(0, n).deterministic().sum(i -> x[i]);   // same bits for any thread count
 * }</pre>
 *
 * <p><b>Reductions</b> keep one partial per thread, each on its own cache line, with no
 * boxing, and combine the partials in thread order. With {@link #deterministic()}, a
 * {@code double} or user-defined reduction instead reduces fixed blocks of
 * {@value org.parallel4j.loop.internal.LoopSettings#DETERMINISTIC_BLOCK} iterations and
 * combines the blocks with a fixed pairwise tree: the result does not depend on the thread
 * count or the schedule, which neither OpenMP nor Numba offers.
 *
 * <p>A {@code ParallelFor} is a description: each terminal operation runs the loop once.
 */
public final class ParallelFor {
    private final Team team;
    private final long lo;
    private final long hi;
    private final boolean intRange;
    private Schedule schedule = Schedule.staticBlocks();
    private int threads;
    private long serialBelow;
    private boolean deterministic;

    ParallelFor(Team team, long lo, long hi, boolean intRange) {
        if (hi < lo) {
            throw new IllegalArgumentException("empty range must have hi >= lo, got [" + lo + ", " + hi + ")");
        }
        try {
            Math.subtractExact(hi, lo);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("range [" + lo + ", " + hi + ") has more than Long.MAX_VALUE iterations");
        }
        this.team = team;
        this.lo = lo;
        this.hi = hi;
        this.intRange = intRange;
        this.threads = team.size();
    }

    /**
     * The schedule (static blocks unless set).
     *
     * @param s the schedule
     * @return the schedule (static blocks unless set)
     */
    public ParallelFor schedule(Schedule s) {
        this.schedule = Objects.requireNonNull(s, "schedule");
        return this;
    }

    /**
     * How many threads run this loop (OpenMP's {@code num_threads}); the team grows if needed.
     *
     * @param n the value (at least 1)
     * @return how many threads run this loop (OpenMP's {@code num_threads}); the team grows if needed
     */
    public ParallelFor threads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a loop needs at least 1 thread, got " + n);
        }
        this.threads = n;
        return this;
    }

    /**
     * Runs on the calling thread alone when the loop has fewer than {@code iterations} iterations (OpenMP's {@code if}).
     *
     * @param iterations the number of iterations
     * @return this loop
     */
    public ParallelFor serialBelow(long iterations) {
        this.serialBelow = iterations;
        return this;
    }

    /**
     * Makes {@code double} and user-defined reductions independent of the thread count and schedule.
     *
     * @return this loop
     */
    public ParallelFor deterministic() {
        this.deterministic = true;
        return this;
    }

    // ---------------------------------------------------------------- loops

    /**
     * Runs {@code body} for every index.
     *
     * @param body the loop body
     */
    public void forEach(IntConsumer body) {
        checkInt("forEach(IntConsumer)");
        execute((tid, a, b) -> {
            for (int i = (int) a, e = (int) b; i < e; i++) {
                body.accept(i);
            }
        }, true);
    }

    /**
     * Runs {@code body} for every index of a {@code long} range.
     *
     * @param body the loop body
     */
    public void forEachLong(LongConsumer body) {
        execute((tid, a, b) -> {
            for (long i = a; i < b; i++) {
                body.accept(i);
            }
        }, true);
    }

    /**
     * Runs {@code body} once per chunk {@code [lo, hi)}.
     *
     * @param body the loop body
     */
    public void forEachRange(RangeBody body) {
        checkInt("forEachRange(RangeBody)");
        execute((tid, a, b) -> body.run((int) a, (int) b), false);
    }

    /**
     * Runs {@code body} once per chunk, with the id of the thread running it.
     *
     * @param body the loop body
     */
    public void forEachRange(ThreadRangeBody body) {
        checkInt("forEachRange(ThreadRangeBody)");
        execute((tid, a, b) -> body.run((int) a, (int) b, tid), false);
    }

    /**
     * Runs {@code body} once per chunk of a {@code long} range.
     *
     * @param body the loop body
     */
    public void forEachLongRange(LongRangeBody body) {
        execute((tid, a, b) -> body.run(a, b), false);
    }

    // ---------------------------------------------------------------- reductions

    /**
     * The sum of {@code f(i)}.
     *
     * @param f the value of one iteration
     * @return the sum of {@code f(i)}
     */
    public double sum(IntToDoubleFunction f) {
        return reduceDouble(Reduction.SUM, f);
    }

    /**
     * {@code f(i)} combined with {@code op} (SUM, PROD, MIN or MAX).
     *
     * @param op the reduction operation
     * @param f the value of one iteration
     * @return the combined value
     */
    public double reduceDouble(Reduction op, IntToDoubleFunction f) {
        checkInt("reduceDouble");
        Objects.requireNonNull(f, "f");
        return reduceDoubleRange(op, (a, b) -> fold(op, f, a, b), true);
    }

    private static double fold(Reduction op, IntToDoubleFunction f, int a, int b) {
        double acc = op.identityDouble();
        switch (op) {
            case SUM -> {
                for (int i = a; i < b; i++) {
                    acc += f.applyAsDouble(i);
                }
            }
            case PROD -> {
                for (int i = a; i < b; i++) {
                    acc *= f.applyAsDouble(i);
                }
            }
            case MIN -> {
                for (int i = a; i < b; i++) {
                    acc = Math.min(acc, f.applyAsDouble(i));
                }
            }
            case MAX -> {
                for (int i = a; i < b; i++) {
                    acc = Math.max(acc, f.applyAsDouble(i));
                }
            }
            default -> throw new IllegalArgumentException(op + " does not apply to doubles: use SUM, PROD, MIN or MAX");
        }
        return acc;
    }

    /**
     * Chunks reduce themselves ({@code f(lo, hi)} returns a chunk's result), combined with {@code op}.
     *
     * @param op the reduction operation
     * @param f the value of one iteration
     * @return the chunks' results combined with {@code op}
     */
    public double reduceDoubleRange(Reduction op, RangeToDouble f) {
        return reduceDoubleRange(op, f, false);
    }

    /**
     * {@link #reduceDoubleRange(Reduction, RangeToDouble)}; with {@code sliced} (per-index
     * bodies), chunks are cut into slices with a check for another thread's failure between
     * them, so an iteration that throws stops the loop early with every schedule.
     */
    private double reduceDoubleRange(Reduction op, RangeToDouble f, boolean sliced) {
        checkInt("reduceDoubleRange");
        double identity = op.identityDouble();
        if (deterministic) {
            int block = LoopSettings.DETERMINISTIC_BLOCK;
            int blocks = (int) ((hi - lo + block - 1) / block);
            double[] partial = new double[blocks];
            long base = lo;
            long end = hi;
            blockLoop(blocks, sliced, (b0, b1) -> {
                for (int b = b0; b < b1; b++) {
                    int a = (int) (base + (long) b * block);
                    partial[b] = f.apply(a, (int) Math.min(end, a + (long) block));
                }
            });
            return tree(partial, op);
        }
        ThreadPartials.Doubles partials = new ThreadPartials.Doubles(threads, identity);
        int used = execute((tid, a, b) -> partials.set(tid, op.apply(partials.get(tid), f.apply((int) a, (int) b))), sliced);
        return partials.combine(used, op);
    }

    /**
     * {@code f(i)} combined with {@code op} over longs (any {@link Reduction}).
     *
     * @param op the reduction operation
     * @param f the value of one iteration
     * @return the combined value
     */
    public long reduceLong(Reduction op, IntToLongFunction f) {
        checkInt("reduceLong");
        long identity = op.identityLong();
        ThreadPartials.Longs partials = new ThreadPartials.Longs(threads, identity);
        int used = execute((tid, a, b) -> {
            long acc = partials.get(tid);
            for (int i = (int) a, e = (int) b; i < e; i++) {
                acc = op.apply(acc, f.applyAsLong(i));
            }
            partials.set(tid, acc);
        }, true);
        return partials.combine(used, op);
    }

    /**
     * {@code f(i)} combined with {@code op} over ints (any {@link Reduction}); wraps on overflow as int arithmetic does.
     *
     * @param op the reduction operation
     * @param f the value of one iteration
     * @return the combined value
     */
    public int reduceInt(Reduction op, IntUnaryOperator f) {
        if (hi == lo) {
            return switch (op) {
                case SUM, BOR, BXOR -> 0;
                case PROD -> 1;
                case MIN -> Integer.MAX_VALUE;
                case MAX -> Integer.MIN_VALUE;
                case BAND -> -1;
            };
        }
        // Over longs, then narrowed: exact for MIN, MAX and the bitwise operations, and the same
        // low 32 bits as int arithmetic for SUM and PROD.
        return (int) reduceLong(op, i -> f.applyAsInt(i));
    }

    /**
     * How many indices satisfy {@code p}.
     *
     * @param p the partial results of the threads
     * @return how many indices satisfy {@code p}
     */
    public long count(IntPredicate p) {
        return reduceLong(Reduction.SUM, i -> p.test(i) ? 1 : 0);
    }

    /**
     * True when every index satisfies {@code p}; stops early (logical and).
     *
     * @param p the partial results of the threads
     * @return true when every index satisfies {@code p}; stops early (logical and)
     */
    public boolean allMatch(IntPredicate p) {
        return !anyMatch(p.negate());
    }

    /**
     * True when some index satisfies {@code p}; stops early once one does (logical or).
     *
     * @param p the partial results of the threads
     * @return true when some index satisfies {@code p}; stops early once one does (logical or)
     */
    public boolean anyMatch(IntPredicate p) {
        checkInt("anyMatch");
        AtomicBoolean found = new AtomicBoolean();
        execute((tid, a, b) -> {
            if (found.get()) {
                return;
            }
            for (int i = (int) a, e = (int) b; i < e; i++) {
                if (p.test(i)) {
                    found.set(true);
                    return;
                }
            }
        }, false);
        return found.get();
    }

    /**
     * The index with the smallest {@code f(i)}, the lowest such index on ties; NaNs are skipped; -1 when none
     * (an empty range, or every value NaN). Indices below zero are indices like any other: in a
     * range that holds -1, a result of -1 is that index unless {@code f(-1)} is NaN.
     *
     * @param f the value of one iteration
     * @return the index with the smallest {@code f(i)}, the lowest such index on ties; NaNs are skipped; -1 when none
     */
    public int argMin(IntToDoubleFunction f) {
        return arg(f, true);
    }

    /**
     * The index with the largest {@code f(i)}, the lowest such index on ties; NaNs are skipped; -1 when none
     * (an empty range, or every value NaN). Indices below zero are indices like any other: in a
     * range that holds -1, a result of -1 is that index unless {@code f(-1)} is NaN.
     *
     * @param f the value of one iteration
     * @return the index with the largest {@code f(i)}, the lowest such index on ties; NaNs are skipped; -1 when none
     */
    public int argMax(IntToDoubleFunction f) {
        return arg(f, false);
    }

    private int arg(IntToDoubleFunction f, boolean min) {
        checkInt(min ? "argMin" : "argMax");
        ThreadPartials.Doubles best = new ThreadPartials.Doubles(threads, 0);
        // No index yet: below every int, since a range's indices may be negative (they were taken for "none").
        long none = Long.MIN_VALUE;
        ThreadPartials.Longs where = new ThreadPartials.Longs(threads, none);
        int used = execute((tid, a, b) -> {
            double v0 = best.get(tid);
            long w0 = where.get(tid);
            for (int i = (int) a, e = (int) b; i < e; i++) {
                double v = f.applyAsDouble(i);
                if (v == v && (w0 == none || (min ? v < v0 : v > v0) || (v == v0 && i < w0))) {
                    v0 = v;
                    w0 = i;
                }
            }
            best.set(tid, v0);
            where.set(tid, w0);
        }, false);
        double v0 = 0;
        long w0 = none;
        for (int t = 0; t < used; t++) {
            long w = where.get(t);
            if (w == none) {
                continue;
            }
            double v = best.get(t);
            if (w0 == none || (min ? v < v0 : v > v0) || (v == v0 && w < w0)) {
                v0 = v;
                w0 = w;
            }
        }
        return w0 == none ? -1 : (int) w0;
    }

    /**
     * A user-defined reduction: each thread starts from {@code identity.get()}, folds its
     * chunks with {@code accumulate}, and the threads' results are combined with
     * {@code combine} in thread order (or, with {@link #deterministic()}, fixed blocks in a
     * fixed tree).
     *
     * @param <A> the type of the first argument
     * @param identity the value each thread starts its partial result from
     * @param accumulate folds one iteration into a thread's partial result
     * @param combine combines two partial results
     * @return the threads' results combined
     */
    public <A> A reduce(Supplier<A> identity, RangeAccumulator<A> accumulate, BinaryOperator<A> combine) {
        checkInt("reduce");
        if (deterministic) {
            int block = LoopSettings.DETERMINISTIC_BLOCK;
            int blocks = (int) ((hi - lo + block - 1) / block);
            List<A> partial = new ArrayList<>(java.util.Collections.nCopies(blocks, (A) null));
            Object[] slots = new Object[blocks];
            long base = lo;
            long end = hi;
            blockLoop(blocks, false, (b0, b1) -> {
                for (int b = b0; b < b1; b++) {
                    int a = (int) (base + (long) b * block);
                    slots[b] = accumulate.accumulate(identity.get(), a, (int) Math.min(end, a + (long) block));
                }
            });
            if (blocks == 0) {
                return identity.get();
            }
            for (int b = 0; b < blocks; b++) {
                @SuppressWarnings("unchecked")
                A v = (A) slots[b];
                partial.set(b, v);
            }
            return treeObjects(partial, combine);
        }
        ThreadPartials.Objects<A> partials = new ThreadPartials.Objects<>(threads);
        int used = execute((tid, a, b) -> {
            A acc = partials.get(tid);
            partials.set(tid, accumulate.accumulate(acc == null ? identity.get() : acc, (int) a, (int) b));
        }, false);
        return partials.combine(used, identity, combine);
    }

    // ---------------------------------------------------------------- machinery

    @FunctionalInterface
    private interface ThreadChunk {
        void run(int tid, long lo, long hi);
    }

    /** Runs the loop; returns how many threads took part (1 when it ran serially). */
    private int execute(ThreadChunk body, boolean checkBetweenSlices) {
        return execute(body, checkBetweenSlices ? LoopSettings.CANCEL_CHECK_ITERATIONS : 0);
    }

    /** Runs the loop, its chunks cut into slices of {@code slice} iterations (0: uncut) with a cancellation check between them. */
    private int execute(ThreadChunk body, long slice) {
        boolean checkBetweenSlices = slice > 0;
        long n = hi - lo;
        if (n == 0) {
            return 0;
        }
        if (n < serialBelow || threads == 1) {
            // The caller alone, still in the schedule's chunks (one block for static and guided).
            long c = schedule.kind() == Schedule.Kind.DYNAMIC || schedule.chunk() > 0 && schedule.kind() == Schedule.Kind.STATIC
                    ? schedule.chunk() : n;
            for (long a = lo; a < hi; ) {
                long e = hi - a > c ? a + c : hi;
                body.run(0, a, e);
                a = e;
            }
            return 1;
        }
        int[] used = {threads};
        long from = lo;
        long to = hi;
        Schedule s = schedule;
        team.engine().run(threads, ctx -> {
            int tid = ctx.threadId();
            if (tid == 0) {
                used[0] = ctx.numThreads();
            }
            if (checkBetweenSlices) {
                ctx.runLoop(from, to, s, (a, b) -> {
                    while (a < b) {
                        long e = b - a > slice ? a + slice : b;
                        body.run(tid, a, e);
                        a = e;
                        if (a < b) {
                            ctx.checkCancelled();
                        }
                    }
                }, true);
            } else {
                ctx.runLoop(from, to, s, (a, b) -> body.run(tid, a, b), true);
            }
        });
        return used[0];
    }

    /** Runs {@code body} over block indices {@code [0, blocks)} with this loop's schedule and threads. */
    private void blockLoop(int blocks, boolean sliced, RangeBody body) {
        if (blocks == 0) {
            return;
        }
        ParallelFor over = new ParallelFor(team, 0, blocks, true);
        over.threads = threads;
        over.schedule = schedule.chunk() == 0 || schedule.kind() == Schedule.Kind.STATIC ? schedule : Schedule.dynamic(1);
        over.serialBelow = serialBelow / LoopSettings.DETERMINISTIC_BLOCK;
        if (sliced) {
            over.execute((tid, a, b) -> body.run((int) a, (int) b), Math.max(1, LoopSettings.CANCEL_CHECK_ITERATIONS / LoopSettings.DETERMINISTIC_BLOCK));
        } else {
            over.forEachRange(body);
        }
    }

    /** Combines {@code v[0..n)} pairwise: (v0 v1) (v2 v3) ..., then pairs of pairs: a fixed tree. */
    private static double tree(double[] v, Reduction op) {
        if (v.length == 0) {
            return op.identityDouble();
        }
        for (int stride = 1; stride < v.length; stride *= 2) {
            for (int i = 0; i + stride < v.length; i += 2 * stride) {
                v[i] = op.apply(v[i], v[i + stride]);
            }
        }
        return v[0];
    }

    private static <A> A treeObjects(List<A> v, BinaryOperator<A> combine) {
        for (int stride = 1; stride < v.size(); stride *= 2) {
            for (int i = 0; i + stride < v.size(); i += 2 * stride) {
                v.set(i, combine.apply(v.get(i), v.get(i + stride)));
            }
        }
        return v.get(0);
    }

    private void checkInt(String what) {
        if (!intRange && (lo < Integer.MIN_VALUE || hi > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException(what + " needs an int range, but [" + lo + ", " + hi
                    + ") does not fit in int: use the long forms (forEachLong, forEachLongRange)");
        }
    }

    @Override
    public String toString() {
        return "ParallelFor[" + lo + ", " + hi + ") schedule " + schedule + ", " + threads + " threads"
                + (deterministic ? ", deterministic" : "");
    }
}
