package org.parallel4j.array.internal;

import java.util.List;

/**
 * An integer expression tree run by the loop generated for its shape ({@link LongKernelCompiler}):
 * one pass per block, whatever the tree's size. Its inputs are arrays read in place (int64 as
 * {@code long[]}, int32 as {@code int[]}; a matrix slice one row at a time), and whatever the loop
 * cannot read in place (a view with steps, a broadcast, a floor division or modulo, an inner
 * generated loop), computed into the thread's buffers before the generated loop reads them.
 */
public final class LongCompiled implements LongNode {
    private final LongNode tree;
    private final LongKernel kernel;
    /** The {@code long[]} or {@code int[]} of each input read in place (null where it is computed). */
    private final Object[] arrays;
    private final long[] offsets;
    /** The inputs computed per block (null where the input is read in place). */
    private final LongNode[] computed;
    /** Which inputs are slices of a matrix read in place one row at a time. */
    private final boolean[] rowView;
    private final int cols;
    /** Whether some input is computed into a buffer per pass (else, and without row views, a block is one call of the loop). */
    private final boolean anyBuffered;
    /** The offset and row step of each matrix slice read in place. */
    private final long[] rowOffsets;
    private final long[] rowStrides;
    /** Whether some input is a matrix slice read in place: then a pass never crosses a row's end. */
    private final boolean byRow;
    /** Elements per pass: the block, or less with many computed inputs (as {@link Compiled}'s, for the same reason). */
    private final int pass;
    private final long[] consts;
    /** The shape and inputs the loop was generated for, from which its reduction loops are generated. */
    private final String shape;
    private final List<LongNode> inputs;

    LongCompiled(LongNode tree, LongKernel kernel, String shape, List<LongNode> inputs, long[] consts) {
        this.tree = tree;
        this.kernel = kernel;
        this.shape = shape;
        this.inputs = List.copyOf(inputs);
        int n = inputs.size();
        this.arrays = new Object[n];
        this.offsets = new long[n];
        this.computed = new LongNode[n];
        this.rowView = new boolean[n];
        this.rowOffsets = new long[n];
        this.rowStrides = new long[n];
        this.cols = tree.cols();
        boolean rows = false;
        int computedInputs = 0;
        for (int k = 0; k < n; k++) {
            LongNode in = inputs.get(k);
            if (in instanceof LongNode.View v && v.contiguous()) {
                arrays[k] = v.data();
                offsets[k] = v.offset();
            } else if (in instanceof LongNode.View v && rowView(v, cols)) {
                arrays[k] = v.data();
                rowView[k] = true;
                rowOffsets[k] = v.offset();
                rowStrides[k] = v.rowStride();
                rows = true;
            } else {
                computed[k] = in;
                computedInputs++;
            }
        }
        this.anyBuffered = computedInputs > 0;
        this.byRow = rows;
        this.pass = computedInputs <= 8 ? Evaluator.BLOCK : Math.max(64, (1 << 15) / computedInputs / 8 * 8);
        this.consts = consts;
    }

    /** Whether {@code n} (an array view) can be read in place: contiguous, or a matrix slice with rows of {@code cols} adjacent elements. */
    static boolean inPlace(LongNode n, int cols) {
        return n instanceof LongNode.View v && (v.contiguous() || rowView(v, cols));
    }

    private static boolean rowView(LongNode.View v, int cols) {
        return cols > 0 && v.cols() == cols && v.stride() == 1;
    }

    /** The tree the loop computes. */
    LongNode tree() {
        return tree;
    }

    @Override
    public long length() {
        return tree.length();
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public Kind kind() {
        return tree.kind();
    }

    @Override
    public void eval(long start, int len, long[] out, int oo, Scratch scratch) {
        if (!anyBuffered && !byRow) { // every input an array read in place at one offset
            kernel.run(arrays, offsets(start), consts, out, oo, len);
            return;
        }
        passes(start, len, false, scratch, (in, off, done, row, col, part) -> {
            kernel.run(in, off, consts, out, oo + done, part);
            return 0;
        }, null);
    }

    private int[] offsets(long start) {
        int[] off = new int[offsets.length];
        for (int k = 0; k < off.length; k++) {
            off[k] = Math.toIntExact(offsets[k] + start);
        }
        return off;
    }

    /**
     * Elements {@code [start, start + len)} reduced as {@code kind} says (a count: the number of
     * non-zero values), each folded in by the shape's reduction loop as it is computed.
     */
    long reduce(Evaluator.Reduce kind, long start, int len, Scratch scratch) {
        LongReducer r = LongKernelCompiler.reducer(shape, tree, inputs, consts.length, kind);
        if (!anyBuffered && !byRow) {
            return r.reduce(arrays, offsets(start), consts, len);
        }
        return passes(start, len, false, scratch, (in, off, done, row, col, part) -> r.reduce(in, off, consts, part), kind);
    }

    /** Whether some input is a matrix slice read in place, so that every pass is within one row. */
    boolean byRow() {
        return byRow;
    }

    /**
     * Writes elements {@code [start, start + len)} straight into {@code target}, a matrix slice
     * of this expression's shape whose rows are runs of adjacent elements, as {@link Compiled#evalInto} does.
     */
    void evalInto(long start, int len, LongNode.Array target, Scratch scratch) {
        passes(start, len, true, scratch, (in, off, done, row, col, part) -> {
            kernel.run(in, off, consts, target.data(), Math.toIntExact(target.offset() + row * target.rowStride() + col), part);
            return 0;
        }, null);
    }

    /** One pass of the generated loop over {@code in} at {@code off}: {@code part} elements, {@code done} into the run, at {@code row}, {@code col}. */
    private interface Pass {
        long run(Object[] in, int[] off, int done, long row, long col, int part);
    }

    /**
     * The passes of the generated loop, as {@link Compiled}'s: rows and columns counted as they
     * advance (also with {@code intoRows}, for a target written where its rows lie); the passes'
     * results folded as {@code fold} says (null: none).
     */
    private long passes(long start, int len, boolean intoRows, Scratch scratch, Pass body, Evaluator.Reduce fold) {
        int[] off = new int[offsets.length];
        Object[] in = arrays;
        if (anyBuffered) {
            in = arrays.clone();
            for (int k = 0; k < in.length; k++) {
                if (computed[k] != null) {
                    in[k] = scratch.takeLong();
                }
            }
        }
        boolean rows = byRow || intoRows;
        long row = rows ? start / cols : 0;
        long col = rows ? start % cols : 0;
        long result = fold == null ? 0 : LongKernelCompiler.identity(fold);
        for (int done = 0; done < len;) {
            long k0 = start + done;
            int part = Math.min(pass, len - done);
            if (rows) {
                part = (int) Math.min(part, cols - col); // a pass stays in one row, where each row view is one run
            }
            for (int k = 0; k < in.length; k++) {
                if (computed[k] != null) {
                    computed[k].eval(k0, part, (long[]) in[k], 0, scratch);
                    off[k] = 0;
                } else if (rowView[k]) {
                    off[k] = Math.toIntExact(rowOffsets[k] + row * rowStrides[k] + col);
                } else {
                    off[k] = Math.toIntExact(offsets[k] + k0);
                }
            }
            long r = body.run(in, off, done, row, col, part);
            if (fold != null) {
                result = Evaluator.fold(fold == Evaluator.Reduce.COUNT ? Evaluator.Reduce.SUM : fold, result, r);
            }
            done += part;
            if (rows && (col += part) == cols) {
                col = 0;
                row++;
            }
        }
        if (anyBuffered) {
            for (LongNode c : computed) {
                if (c != null) {
                    scratch.releaseLong();
                }
            }
        }
        return result;
    }

    @Override
    public String describe() {
        return tree.describe();
    }
}
