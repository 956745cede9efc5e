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
    /** The inputs that are slices of a matrix read in place one row at a time (null elsewhere). */
    private final LongNode[] rowViews;
    private final int cols;
    private final boolean anyComputed;
    /** Whether some input is a matrix slice read in place: then a pass never crosses a row's end. */
    private final boolean byRow;
    /** Elements per pass: the block, or less with many computed inputs (as {@link Compiled}'s, for the same reason). */
    private final int pass;
    private final long[] consts;

    LongCompiled(LongNode tree, LongKernel kernel, List<LongNode> inputs, long[] consts) {
        this.tree = tree;
        this.kernel = kernel;
        int n = inputs.size();
        this.arrays = new Object[n];
        this.offsets = new long[n];
        this.computed = new LongNode[n];
        this.rowViews = new LongNode[n];
        this.cols = tree.cols();
        boolean any = false;
        boolean rows = false;
        int computedInputs = 0;
        for (int k = 0; k < n; k++) {
            LongNode in = inputs.get(k);
            switch (in) {
                case LongNode.Array a when a.contiguous() -> {
                    arrays[k] = a.data();
                    offsets[k] = a.offset();
                }
                case LongNode.Ints a when a.contiguous() -> {
                    arrays[k] = a.data();
                    offsets[k] = a.offset();
                }
                case LongNode.Array a when rowView(a, cols) -> {
                    arrays[k] = a.data();
                    rowViews[k] = a;
                    rows = true;
                }
                case LongNode.Ints a when rowView(a, cols) -> {
                    arrays[k] = a.data();
                    rowViews[k] = a;
                    rows = true;
                }
                default -> {
                    computed[k] = in;
                    computedInputs++;
                }
            }
            any |= arrays[k] == null || rowViews[k] != null;
        }
        this.anyComputed = any;
        this.byRow = rows;
        this.pass = computedInputs <= 8 ? Evaluator.BLOCK : Math.max(64, (1 << 15) / computedInputs / 8 * 8);
        this.consts = consts;
    }

    /** Whether {@code n} (an array view) can be read in place: contiguous, or a matrix slice with rows of {@code cols} adjacent elements. */
    static boolean inPlace(LongNode n, int cols) {
        return switch (n) {
            case LongNode.Array a -> a.contiguous() || rowView(a, cols);
            case LongNode.Ints a -> a.contiguous() || rowView(a, cols);
            default -> false;
        };
    }

    private static boolean rowView(LongNode n, int cols) {
        return switch (n) {
            case LongNode.Array a -> cols > 0 && a.cols() == cols && a.stride() == 1;
            case LongNode.Ints a -> cols > 0 && a.cols() == cols && a.stride() == 1;
            default -> false;
        };
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
        int[] off = new int[offsets.length];
        if (!anyComputed) {
            for (int k = 0; k < off.length; k++) {
                off[k] = Math.toIntExact(offsets[k] + start);
            }
            kernel.run(arrays, off, consts, out, oo, len);
            return;
        }
        Object[] in = arrays.clone();
        for (int k = 0; k < in.length; k++) {
            if (computed[k] != null) {
                in[k] = scratch.takeLong();
            }
        }
        for (int done = 0; done < len;) {
            long k0 = start + done;
            int part = Math.min(pass, len - done);
            if (byRow) {
                part = (int) Math.min(part, cols - k0 % cols); // a pass stays in one row, where each row view is one run
            }
            for (int k = 0; k < in.length; k++) {
                if (computed[k] != null) {
                    computed[k].eval(k0, part, (long[]) in[k], 0, scratch);
                    off[k] = 0;
                } else if (rowViews[k] instanceof LongNode.Array a) {
                    off[k] = Math.toIntExact(a.at(k0));
                } else if (rowViews[k] instanceof LongNode.Ints a) {
                    off[k] = Math.toIntExact(a.at(k0));
                } else {
                    off[k] = Math.toIntExact(offsets[k] + k0);
                }
            }
            kernel.run(in, off, consts, out, oo + done, part);
            done += part;
        }
        for (LongNode c : computed) {
            if (c != null) {
                scratch.releaseLong();
            }
        }
    }

    @Override
    public String describe() {
        return tree.describe();
    }
}
