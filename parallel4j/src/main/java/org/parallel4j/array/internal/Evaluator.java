package org.parallel4j.array.internal;

import java.util.ArrayList;
import java.util.List;
import org.parallel4j.loop.Team;

/**
 * Runs an expression tree: in blocks of {@link #BLOCK} elements (each node's block stays in the
 * core's cache; no full-size temporary exists), the blocks split across the team in contiguous
 * runs, serially below {@link #SERIAL_BELOW} elements. Reductions reduce each block on its own and
 * combine the blocks' partial results in block order, so a result does not depend on the number
 * of threads.
 */
public final class Evaluator {
    /** Elements per block: 32 KiB of doubles, one per node, fit in a core's L1/L2 together. */
    public static final int BLOCK = 4096;
    /**
     * Expressions over fewer elements run on the calling thread. Measured on 2 cores: a triad of
     * 4096 elements (one block) takes 7.4 us serially, 9.4 us split; from 8192 elements (two
     * blocks) two threads win, 11 us against 20 us.
     */
    public static final long SERIAL_BELOW = Long.getLong("p4j.array.serialBelow", 2 * 4096);

    private Evaluator() {
    }

    /** How the reductions and transcendental functions run on this JVM (see {@code DoubleExpr.simd()}). */
    public static String simd() {
        return BlockLoops.describe();
    }

    /** How an evaluation ran, for {@code explain()}: the path, the blocks, the threads. */
    public static String plan(Node expr, long n, Team team) {
        boolean confined = confined(leavesOf(expr));
        Node run = prepared(expr, n);
        return plan(expr.describe(), n, team, confined, run instanceof Compiled)
                + (run instanceof Compiled c && c.reducesAsItComputes(Reduce.SUM)
                        ? "\n  reductions: sum, min, max and count run a loop generated for the shape and the reduction, folding each value in as"
                        + " it computes it, in the blocks' order (blocks of fewer than " + KernelCompiler.VECTOR_FROM + " elements: the block loops)" : "")
                + "\n  SIMD: " + BlockLoops.describe() + " for reductions and generated loops (+ - * /, sqrt, abs, min, max, comparisons, where; passes of "
                + KernelCompiler.VECTOR_FROM + " elements or more)"
                + "; exp, log, sin, cos, tan, tanh: " + (fastAnywhere(expr) ? "the Vector API's (fast mode)" : "Math's (fast() for the Vector API's)");
    }

    /** How an integer expression's evaluation runs, for {@code LongExpr.explain()}. */
    public static String planLong(LongNode expr, long n, Team team) {
        boolean generated = preparedLong(expr, n) instanceof LongCompiled;
        return plan(expr.describe(), n, team, false, generated)
                + (generated ? "\n  reductions: a loop generated for the shape and the reduction, folding each value in as it computes it" : "")
                + "\n  SIMD: " + BlockLoops.describe() + " for reductions and generated loops (all but shifts; // and % stay scalar; passes of "
                + KernelCompiler.VECTOR_FROM + " elements or more)";
    }

    private static String plan(String what, long n, Team team, boolean confined, boolean generated) {
        long blocks = (n + BLOCK - 1) / BLOCK;
        boolean serial = n < SERIAL_BELOW || team.size() == 1 || confined;
        String why = n < SERIAL_BELOW ? "fewer than " + SERIAL_BELOW + " elements" : confined ? "a confined arena's memory, which only this thread may read"
                : "a team of 1";
        return what + "\n  fused into one pass: " + n + " elements in " + blocks + " block" + (blocks == 1 ? "" : "s")
                + " of " + BLOCK + "\n  " + (serial ? "serial (" + why + ")"
                : "parallel on " + Math.min(team.size(), blocks) + " threads, contiguous runs of blocks")
                + "\n  kernel: " + (generated ? "one loop generated for this expression's shape (one pass per block)"
                        : "a fixed loop per operation (" + (KernelCompiler.ENABLED ? "fewer than " + COMPILE_FROM + " elements, or a lone array or function" : "generation off")
                        + ")") + "; partial results combined in block order";
    }

    /** Runs {@code body} for every block, on the team or serially; each thread uses its own scratch buffers. */
    private static void blocks(long n, Team team, BlockBody body) {
        int blocks = Math.toIntExact((n + BLOCK - 1) / BLOCK);
        if (team == null || n < SERIAL_BELOW || team.size() == 1 || blocks == 1) {
            run(body, 0, blocks, n);
            return;
        }
        team.range(0, blocks).forEachRange((lo, hi) -> run(body, lo, hi, n));
    }

    private static void run(BlockBody body, int lo, int hi, long n) {
        Scratch s = Scratch.local();
        long mark = s.mark();
        try {
            for (int b = lo; b < hi; b++) {
                body.block(b, (long) b * BLOCK, (int) Math.min(BLOCK, n - (long) b * BLOCK), s);
            }
        } finally {
            s.reset(mark);
        }
    }

    private interface BlockBody {
        void block(int index, long start, int len, Scratch scratch);
    }

    /** What a reduction does with one block of values: {@code v[o, o + len)} are elements {@code start...}. */
    private interface BlockValues {
        void block(int index, long start, double[] v, int o, int len);
    }

    /**
     * Runs {@code body} over every block of {@code expr}'s values (its generated loop when it has
     * one), each block read in place or computed into the thread's scratch and released after.
     */
    private static void values(Node expr, long n, Team team, BlockValues body) {
        Node run = prepared(expr, n);
        boolean buffered = Node.takesBuffer(run);
        blocks(n, confined(leavesOf(expr)) ? null : team, (b, start, len, s) -> {
            double[] v = Node.source(run, start, len, s);
            body.block(b, start, v, s.offset, len);
            if (buffered) {
                s.release();
            }
        });
    }

    /**
     * Expressions of at least this many elements run their generated loop. Measured (a + b into an
     * array, 1 thread, in cache): finding the shape's loop costs about 0.12 us an evaluation, and
     * the vector loop saves about 0.5 ns an element over the per-node loops: 64 elements 4.8
     * against 3.0 ns an element, 1024 elements 0.92 against 1.10, 4096 elements 0.42 against 0.84.
     */
    static final long COMPILE_FROM = Long.getLong("p4j.array.compileFrom", 1024);

    /**
     * {@code expr} with its generated loop when it is long enough to repay finding one (a shape
     * is generated once and cached), else the per-node loops.
     */
    private static Node prepared(Node expr, long n) {
        return n >= COMPILE_FROM ? KernelCompiler.compile(expr) : expr;
    }

    /** {@link #prepared} for integer expressions. */
    private static LongNode preparedLong(LongNode expr, long n) {
        return n >= COMPILE_FROM ? LongKernelCompiler.compile(expr) : expr;
    }

    private static boolean fastAnywhere(Node n) {
        return switch (n) {
            case Unary u -> u.fast || fastAnywhere(u.x);
            case Binary b -> fastAnywhere(b.x) || fastAnywhere(b.y);
            case Select s -> fastAnywhere(s.cond) || fastAnywhere(s.a) || fastAnywhere(s.b);
            case Mapped m -> fastAnywhere(m.x);
            case Reshape r -> fastAnywhere(r.x);
            case Broadcast b -> fastAnywhere(b.x);
            case Leaf l -> false;
            case Constant c -> false;
            case Compiled c -> false;
            case FromLong f -> false;
        };
    }

    /** A thread that is never started: a confined segment is not accessible by it, a shared one is. */
    private static final Thread ANOTHER_THREAD = Thread.ofPlatform().unstarted(() -> { });

    /** The arrays {@code expr} reads. */
    private static List<Leaf> leavesOf(Node expr) {
        List<Leaf> leaves = new ArrayList<>();
        expr.leaves(leaves);
        return leaves;
    }

    /**
     * Whether one of {@code leaves} is memory only this thread may touch (a segment of a confined
     * arena): then the evaluation runs on this thread alone.
     */
    private static boolean confined(List<Leaf> leaves) {
        for (Leaf l : leaves) {
            if (l.segment != null && !l.segment.isAccessibleBy(ANOTHER_THREAD)) {
                return true;
            }
        }
        return false;
    }

    /** The length of {@code expr}, which must be an array expression (not a lone scalar). */
    private static long lengthOf(Node expr) {
        long n = expr.length();
        if (n < 0) {
            throw new IllegalArgumentException("a scalar expression has no length: combine it with an array");
        }
        return n;
    }

    /**
     * Writes {@code expr} into the view {@code target}: a contiguous target block by block in
     * place, any other (a view with steps, a slice of a matrix) through the thread's buffer. The
     * expression broadcasts to the target's shape (a scalar fills it, a row fills every row),
     * or it is an error naming both shapes. When the target is read by the expression at other
     * positions than it is written (a shifted view of the same array), the result goes through a
     * temporary first, so no element is read after it was overwritten.
     */
    public static void assign(Node expr, Leaf target, Team team) {
        Node e = Broadcast.to(expr, Shaped.assignable(expr, target));
        long n = target.length();
        List<Leaf> leaves = leavesOf(e);
        if (leaves.stream().anyMatch(target::overlapsShifted)) {
            double[] tmp = new double[Math.toIntExact(n)];
            int cols = target.cols();
            assign(e, cols == 0 ? new Leaf(tmp, 0, 1, n, "tmp") : new Leaf(tmp, 0, cols, 1, (int) (n / cols), cols, "tmp"), team);
            target.scatter(0, (int) n, tmp, 0);
            return;
        }
        Node run = prepared(e, n);
        Team on = confined(leaves) || confined(List.of(target)) ? null : team;
        if (target.contiguous()) {
            blocks(n, on, (b, start, len, s) -> run.eval(start, len, target.data, Math.toIntExact(target.offset + start), s));
            return;
        }
        if (target.rowContiguous() && run instanceof Compiled c && (c.byRow() || target.cols() >= DIRECT_ROWS_FROM)) {
            // each pass written where its row lies (passes that are rows anyway, or rows long enough to repay a pass each)
            blocks(n, on, (b, start, len, s) -> c.evalInto(start, len, target, s));
            return;
        }
        if (target.rowContiguous() && run instanceof Leaf src && src.rowContiguous() && src.cols() == target.cols()) {
            blocks(n, on, (b, start, len, s) -> src.copyRowsInto(start, len, target)); // a copy between matrix slices: row by row
            return;
        }
        if (target.rowContiguous() && target.cols() >= DIRECT_ROWS_FROM) {
            int cols = target.cols();
            blocks(n, on, (b, start, len, s) -> {
                for (int done = 0; done < len;) { // straight into each row's run of the target
                    long k = start + done;
                    int part = (int) Math.min(len - done, cols - k % cols);
                    run.eval(k, part, target.data, Math.toIntExact(target.at(k)), s);
                    done += part;
                }
            });
            return;
        }
        blocks(n, on, (b, start, len, s) -> {
            double[] buf = s.take();
            run.eval(start, len, buf, 0, s);
            target.scatter(start, len, buf, 0);
            s.release();
        });
    }

    /**
     * The narrowest rows of a matrix slice (without a column step) that an assignment writes in
     * place, one evaluation per row, when the expression's own passes are not rows already (a
     * generated loop reading matrix slices writes each row's pass in place whatever the width,
     * and a slice copied into a slice is copied row by row); narrower ones go through a buffer, scattered after.
     * Measured ({@code a[:, 1:-1] + 2 * b[:, 1:-1]} into a slice of 65536 elements, 1 thread, best
     * of 15): 64 columns 0.77-0.81 ns an element in place against 0.82-0.87 through the buffer (but
     * slower in place at 16384 elements), 128 columns 0.66 against 0.69-0.72, 256 columns 0.45-0.49
     * against 0.60, 2048 columns 0.35 against 0.55; 8 columns 4.3 against 3.0.
     */
    static final int DIRECT_ROWS_FROM = Integer.getInteger("p4j.array.directRowsFrom", 128);

    /** The kinds of fused reductions. */
    public enum Reduce { SUM, PROD, MIN, MAX, COUNT }

    /** {@code expr} reduced; min and max propagate NaN and refuse an empty array. */
    public static double reduce(Node expr, Reduce kind, Team team) {
        long n = lengthOf(expr);
        if (n == 0 && (kind == Reduce.MIN || kind == Reduce.MAX)) {
            throw new IllegalArgumentException("zero-size array to reduction operation " + kind.name().toLowerCase(java.util.Locale.ROOT)
                    + " which has no identity");
        }
        double[] partial = new double[Math.toIntExact((n + BLOCK - 1) / BLOCK)];
        if (kind == Reduce.SUM && expr instanceof Binary m && m.op == Binary.Op.MUL
                && m.x instanceof Leaf p && p.contiguous() && m.y instanceof Leaf q && q.contiguous()) {
            // sum(a * b), a dot product: one kernel multiplies and adds as it reads, no block of products.
            blocks(n, team, (b, start, len, s) -> partial[b] = BlockLoops.dot(p.data, Math.toIntExact(p.offset + start), q.data,
                    Math.toIntExact(q.offset + start), len));
            return BlockLoops.sum(partial, 0, partial.length);
        }
        Node run = prepared(expr, n);
        if (run instanceof Compiled c && c.reducesAsItComputes(kind)) {
            // The shape's reduction loop folds each value in as it computes it: no block written and read back.
            // A short block (the last) keeps the block loops, whose scalar code the JIT makes fast sooner.
            blocks(n, confined(leavesOf(expr)) ? null : team, (b, start, len, s) -> {
                if (len >= KernelCompiler.VECTOR_FROM) {
                    partial[b] = c.reduce(kind, start, len, s);
                } else {
                    double[] v = Node.source(c, start, len, s);
                    partial[b] = reduceBlock(kind, v, s.offset, len);
                    s.release();
                }
            });
        } else {
            values(run, n, team, (b, start, v, o, len) -> partial[b] = reduceBlock(kind, v, o, len));
        }
        return switch (kind) {
            case SUM, COUNT -> BlockLoops.sum(partial, 0, partial.length);
            case PROD -> BlockLoops.prod(partial, 0, partial.length);
            case MIN -> BlockLoops.extreme(partial, 0, partial.length, false);
            case MAX -> BlockLoops.extreme(partial, 0, partial.length, true);
        };
    }

    /** {@code v[o, o + len)} reduced as {@code kind} says. */
    private static double reduceBlock(Reduce kind, double[] v, int o, int len) {
        return switch (kind) {
            case SUM -> BlockLoops.sum(v, o, len);
            case PROD -> BlockLoops.prod(v, o, len);
            case MIN -> BlockLoops.extreme(v, o, len, false);
            case MAX -> BlockLoops.extreme(v, o, len, true);
            case COUNT -> BlockLoops.countNonZero(v, o, len);
        };
    }

    /**
     * The mean and the variance (divided by {@code n - ddof}) in one pass: each block's count, mean
     * and sum of squared deviations (two passes over the block while it is in cache), combined in
     * block order with Chan, Golub and LeVeque's formula. NaN for an empty array, as NumPy's.
     */
    public static double[] meanVar(Node expr, int ddof, Team team) {
        long n = lengthOf(expr);
        int blocks = Math.toIntExact((n + BLOCK - 1) / BLOCK);
        double[] means = new double[blocks];
        double[] m2 = new double[blocks];
        values(expr, n, team, (b, start, v, o, len) -> {
            double mean = BlockLoops.sum(v, o, len) / len;
            means[b] = mean;
            m2[b] = BlockLoops.squaredDeviations(v, o, len, mean);
        });
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double count = 0;
        double mean = 0;
        double sq = 0;
        for (int b = 0; b < blocks; b++) {
            double nb = Math.min(BLOCK, n - (long) b * BLOCK);
            double total = count + nb;
            double delta = means[b] - mean;
            mean += delta * nb / total;
            sq += m2[b] + delta * delta * count * nb / total;
            count = total;
        }
        return new double[] {mean, n - ddof > 0 ? sq / (n - ddof) : Double.NaN};
    }

    /**
     * The index of the largest ({@code max}) or smallest element, the first on ties; the first NaN
     * if there is one, as NumPy's argmax and argmin; an error for an empty array.
     */
    public static long argExtreme(Node expr, boolean max, Team team) {
        long n = lengthOf(expr);
        if (n == 0) {
            throw new IllegalArgumentException("attempt to get arg" + (max ? "max" : "min") + " of an empty sequence");
        }
        int blocks = Math.toIntExact((n + BLOCK - 1) / BLOCK);
        double[] best = new double[blocks];
        long[] at = new long[blocks];
        values(expr, n, team, (b, start, v, o, len) -> {
            int k = BlockLoops.argExtreme(v, o, len, max);
            best[b] = v[o + k];
            at[b] = start + k;
        });
        double m = best[0];
        long k = at[0];
        for (int b = 1; b < blocks && !Double.isNaN(m); b++) {
            if (Double.isNaN(best[b]) || (max ? best[b] > m : best[b] < m)) {
                m = best[b];
                k = at[b];
            }
        }
        return k;
    }

    // ---------------------------------------------------------------- long expressions

    /** The arrays {@code n} reads. */
    private static void arrays(LongNode n, List<LongNode.Array> into) {
        switch (n) {
            case LongNode.Array a -> into.add(a);
            case LongNode.Ints a -> { }
            case LongNode.Scalar c -> { }
            case LongNode.Binary b -> {
                arrays(b.x(), into);
                arrays(b.y(), into);
            }
            case LongNode.Unary u -> arrays(u.x(), into);
            case LongNode.Stretch t -> arrays(t.x(), into);
            case LongCompiled c -> arrays(c.tree(), into);
            case LongNode.Where w -> {
                arrays(w.cond(), into);
                arrays(w.a(), into);
                arrays(w.b(), into);
            }
        }
    }

    /**
     * Writes {@code expr} into {@code target}, block by block on the team, by NumPy's
     * broadcasting: a scalar fills it, a row every row, a column every column; any other shape
     * than the target's is an error naming both. A target that the expression reads at other
     * positions (or with other steps) goes through a temporary first, as {@link #assign} does.
     */
    public static void assignLong(LongNode expr, LongNode.Array target, Team team) {
        LongNode e = LongNode.Stretch.to(expr, Shaped.assignable(expr, target));
        long n = target.length();
        List<LongNode.Array> read = new ArrayList<>();
        arrays(e, read);
        if (read.stream().anyMatch(a -> a.data() == target.data() && !a.sameView(target))) {
            long[] tmp = new long[Math.toIntExact(n)];
            assignLong(e, temporary(tmp, target), team);
            target.scatter(0, (int) n, tmp, 0);
            return;
        }
        LongNode run = preparedLong(e, n);
        if (!target.contiguous() && target.stride() == 1 && target.cols() > 0 && run instanceof LongCompiled c
                && (c.byRow() || target.cols() >= DIRECT_ROWS_FROM)) {
            blocks(n, team, (b, start, len, s) -> c.evalInto(start, len, target, s)); // each pass written where its row lies
            return;
        }
        blocks(n, team, (b, start, len, s) -> {
            if (target.contiguous()) {
                run.eval(start, len, target.data(), Math.toIntExact(target.offset() + start), s);
            } else {
                long[] buf = s.takeLong();
                run.eval(start, len, buf, 0, s);
                target.scatter(start, len, buf, 0);
                s.releaseLong();
            }
        });
    }

    /** A contiguous view of {@code tmp} of {@code like}'s shape. */
    private static LongNode.Array temporary(long[] tmp, Shaped like) {
        return new LongNode.Array(tmp, 0, like.cols(), 1, like.length(), like.cols());
    }

    /**
     * Writes {@code expr} into the {@code int} view {@code target}, each value wrapped to 32 bits
     * ({@code astype(np.int32)}), broadcast as {@link #assignLong} does; a target the expression
     * reads itself goes through a temporary.
     */
    public static void assignInts(LongNode expr, LongNode.Ints target, Team team) {
        LongNode e = LongNode.Stretch.to(expr, Shaped.assignable(expr, target));
        long n = target.length();
        if (readsInts(e, target.data())) {
            long[] tmp = new long[Math.toIntExact(n)];
            assignLong(e, temporary(tmp, target), team);
            target.scatter(0, (int) n, tmp, 0);
            return;
        }
        LongNode run = preparedLong(e, n);
        blocks(n, team, (b, start, len, s) -> {
            long[] buf = s.takeLong();
            run.eval(start, len, buf, 0, s);
            target.scatter(start, len, buf, 0);
            s.releaseLong();
        });
    }

    private static boolean readsInts(LongNode n, int[] data) {
        return switch (n) {
            case LongNode.Ints a -> a.data() == data;
            case LongNode.Array a -> false;
            case LongNode.Scalar c -> false;
            case LongNode.Binary b -> readsInts(b.x(), data) || readsInts(b.y(), data);
            case LongNode.Unary u -> readsInts(u.x(), data);
            case LongNode.Stretch t -> readsInts(t.x(), data);
            case LongCompiled c -> readsInts(c.tree(), data);
            case LongNode.Where w -> readsInts(w.cond(), data) || readsInts(w.a(), data) || readsInts(w.b(), data);
        };
    }

    /** Runs {@code body} over every block of {@code expr}'s values: a contiguous array's read in place, any other's computed into the thread's buffer. */
    private static void longValues(LongNode expr, long n, Team team, LongBlockValues body) {
        LongNode run = preparedLong(expr, n);
        if (run instanceof LongNode.Array a && a.contiguous()) {
            blocks(n, team, (b, start, len, s) -> body.block(b, start, a.data(), Math.toIntExact(a.offset() + start), len));
            return;
        }
        blocks(n, team, (b, start, len, s) -> {
            long[] v = s.takeLong();
            run.eval(start, len, v, 0, s);
            body.block(b, start, v, 0, len);
            s.releaseLong();
        });
    }

    private interface LongBlockValues {
        /** Elements {@code start...} of block {@code index} are {@code v[o, o + len)}. */
        void block(int index, long start, long[] v, int o, int len);
    }

    /**
     * {@code expr} reduced: the sum and product wrap around as NumPy's int64 do (so the order
     * does not matter), min and max refuse an empty array, count counts the non-zero elements.
     */
    public static long reduceLong(LongNode expr, Reduce kind, Team team) {
        long n = expr.length();
        if (n < 0) {
            throw new IllegalArgumentException("a scalar expression has no length: combine it with an array");
        }
        if (n == 0 && (kind == Reduce.MIN || kind == Reduce.MAX)) {
            throw new IllegalArgumentException("zero-size array to reduction operation " + kind.name().toLowerCase(java.util.Locale.ROOT)
                    + " which has no identity");
        }
        long[] partial = new long[Math.toIntExact((n + BLOCK - 1) / BLOCK)];
        if (preparedLong(expr, n) instanceof LongCompiled c) {
            // The shape's reduction loop folds each value in as it computes it: no block written and read back.
            blocks(n, team, (b, start, len, s) -> partial[b] = c.reduce(kind, start, len, s));
        } else {
            longValues(expr, n, team, (b, start, v, o, len) -> partial[b] = LongLoops.reduce(kind, v, o, len));
        }
        long r = kind == Reduce.PROD ? 1 : kind == Reduce.MIN ? Long.MAX_VALUE : kind == Reduce.MAX ? Long.MIN_VALUE : 0;
        for (long p : partial) {
            r = fold(kind == Reduce.COUNT ? Reduce.SUM : kind, r, p);
        }
        return r;
    }

    static long fold(Reduce kind, long r, long x) {
        return switch (kind) {
            case SUM -> r + x;
            case PROD -> r * x;
            case MIN -> Math.min(r, x);
            case MAX -> Math.max(r, x);
            case COUNT -> r + (x != 0 ? 1 : 0);
        };
    }

    /** The index of the largest ({@code max}) or smallest element, the first on ties; an error for an empty array. */
    public static long argExtremeLong(LongNode expr, boolean max, Team team) {
        long n = expr.length();
        if (n <= 0) {
            throw new IllegalArgumentException(n == 0 ? "attempt to get arg" + (max ? "max" : "min") + " of an empty sequence"
                    : "a scalar expression has no length: combine it with an array");
        }
        int blocks = Math.toIntExact((n + BLOCK - 1) / BLOCK);
        long[] best = new long[blocks];
        long[] at = new long[blocks];
        longValues(expr, n, team, (b, start, v, o, len) -> {
            int k = 0;
            for (int i = 1; i < len; i++) {
                if (max ? v[o + i] > v[o + k] : v[o + i] < v[o + k]) {
                    k = i;
                }
            }
            best[b] = v[o + k];
            at[b] = start + k;
        });
        int k = 0;
        for (int b = 1; b < blocks; b++) {
            if (max ? best[b] > best[k] : best[b] < best[k]) {
                k = b;
            }
        }
        return at[k];
    }
}
