package org.parallel4j.array.internal;

import java.util.List;

/**
 * An expression tree run by the loop generated for its shape: one pass per block, whatever the
 * tree's size. Its inputs are arrays read in place (a matrix slice one row at a time), and
 * whatever the loop cannot read in place (a view with steps, a broadcast, a vector function, an
 * inner generated loop), computed into the thread's buffers before the generated loop reads them.
 */
public final class Compiled extends Node {
    private final Node tree;
    private final Kernel kernel;
    private final double[][] arrays;
    private final long[] offsets;
    /** The inputs that are computed per block (null where the input is an array). */
    private final Node[] computed;
    /** The inputs that are slices of a matrix read in place one row at a time (null elsewhere). */
    private final Leaf[] rowViews;
    private final int cols;
    /** Whether some input is computed into a buffer per pass (else, and without row views, a block is one call of the loop). */
    private final boolean anyBuffered;
    /** Whether some input is a matrix slice read in place: then a pass never crosses a row's end. */
    private final boolean byRow;
    /**
     * Elements per pass of the generated loop: the whole block, or with more than 8 computed
     * inputs a part of it, so that the parts of all their buffers stay in a core's L2 together
     * (256 KiB). Measured when a loop could read any number of inputs: a 2-D convolution of 225
     * buffered slices took 528 ms with 4096-element passes, 400 ms with these.
     */
    private final int pass;
    private final double[] consts;
    private final Object[] fns;
    /** The shape the loop was generated for, from which its reduction loops are generated. */
    private final String shape;

    Compiled(Node tree, Kernel kernel, String shape, List<Node> inputs, double[] consts, Object[] fns) {
        this.tree = tree;
        this.kernel = kernel;
        this.shape = shape;
        this.arrays = new double[inputs.size()][];
        this.offsets = new long[inputs.size()];
        this.computed = new Node[inputs.size()];
        this.rowViews = new Leaf[inputs.size()];
        this.cols = tree.cols();
        int computedInputs = 0;
        boolean rows = false;
        for (int k = 0; k < inputs.size(); k++) {
            if (inputs.get(k) instanceof Leaf leaf && leaf.contiguous()) {
                arrays[k] = leaf.data;
                offsets[k] = leaf.offset;
            } else if (inputs.get(k) instanceof Leaf leaf && leaf.rowContiguous() && leaf.cols() == cols) {
                arrays[k] = leaf.data;
                rowViews[k] = leaf;
                rows = true;
            } else {
                computed[k] = inputs.get(k);
                computedInputs++;
            }
        }
        this.anyBuffered = computedInputs > 0;
        this.byRow = rows;
        this.pass = computedInputs <= 8 ? Evaluator.BLOCK : Math.max(64, (1 << 15) / computedInputs / 8 * 8);
        this.consts = consts;
        this.fns = fns;
    }

    @Override
    public long length() {
        return tree.length();
    }

    @Override
    public int cols() {
        return tree.cols();
    }

    @Override
    void eval(long start, int len, double[] out, int oo, Scratch scratch) {
        if (!anyBuffered && !byRow) { // every input an array read in place at one offset
            int[] off = new int[offsets.length];
            for (int k = 0; k < off.length; k++) {
                off[k] = Math.toIntExact(offsets[k] + start);
            }
            kernel.run(arrays, off, consts, fns, out, oo, len);
            return;
        }
        passes(start, len, oo, null, scratch, (in, off, to, part) -> kernel.run(in, off, consts, fns, out, to, part));
    }

    /**
     * Whether a reduction of {@code kind} over a block can run the shape's reduction loop
     * ({@link KernelCompiler#reducer}): a sum, min, max or count, of a tree with a vector form,
     * whose block is one pass (no matrix slice read a row at a time, at most 8 computed inputs).
     */
    boolean reducesAsItComputes(Evaluator.Reduce kind) {
        return kind != Evaluator.Reduce.PROD && !byRow && pass == Evaluator.BLOCK && KernelCompiler.reducible(tree);
    }

    /**
     * Block {@code [start, start + len)} reduced as {@code kind} says by the shape's reduction
     * loop, which folds each value in as it computes it; only where {@link #reducesAsItComputes}.
     */
    double reduce(Evaluator.Reduce kind, long start, int len, Scratch scratch) {
        Reducer r = KernelCompiler.reducer(shape, tree, kind);
        double[] v = new double[1];
        passes(start, len, 0, null, scratch, (in, off, to, part) -> v[0] = r.reduce(in, off, consts, fns, part)); // one pass
        return v[0];
    }

    /** Whether some input is a matrix slice read in place, so that every pass is within one row. */
    boolean byRow() {
        return byRow;
    }

    /**
     * Writes elements {@code [start, start + len)} straight into {@code target}, a matrix slice
     * of this expression's shape whose rows are runs of adjacent elements: one pass per row (at
     * most), each written where its row lies, with no buffer to scatter after.
     */
    void evalInto(long start, int len, Leaf target, Scratch scratch) {
        passes(start, len, 0, target, scratch, (in, off, to, part) -> kernel.run(in, off, consts, fns, target.data, to, part));
    }

    /** One pass of the generated loop: {@code part} elements of {@code in} at {@code off}, the output's index {@code to}. */
    private interface Pass {
        void run(double[][] in, int[] off, int to, int part);
    }

    /**
     * The passes of the generated loop over {@code [start, start + len)}: computed inputs first
     * (block by block into buffers), arrays read in place, matrix slices at their row's offset;
     * {@code body} given the output's index, {@code oo + done} or its row's offset in
     * {@code target}. Rows and columns are counted as the passes advance, so no pass divides.
     */
    private void passes(long start, int len, int oo, Leaf target, Scratch scratch, Pass body) {
        int[] off = new int[offsets.length];
        double[][] in = arrays;
        if (anyBuffered) {
            in = arrays.clone();
            for (int k = 0; k < in.length; k++) {
                if (computed[k] != null) {
                    in[k] = scratch.take();
                }
            }
        }
        boolean rows = byRow || target != null;
        long row = rows ? start / cols : 0;
        long col = rows ? start % cols : 0;
        for (int done = 0; done < len;) {
            long k0 = start + done;
            int part = Math.min(pass, len - done);
            if (rows) {
                part = (int) Math.min(part, cols - col); // a pass stays in one row, where each row view is one run
            }
            for (int k = 0; k < in.length; k++) {
                if (computed[k] != null) {
                    computed[k].eval(k0, part, in[k], 0, scratch);
                    off[k] = 0;
                } else if (rowViews[k] != null) {
                    off[k] = Math.toIntExact(rowViews[k].offset + row * rowViews[k].rowStride + col);
                } else {
                    off[k] = Math.toIntExact(offsets[k] + k0);
                }
            }
            int to = target == null ? oo + done : Math.toIntExact(target.offset + row * target.rowStride + col);
            body.run(in, off, to, part);
            done += part;
            if (rows && (col += part) == cols) {
                col = 0;
                row++;
            }
        }
        if (anyBuffered) {
            for (Node c : computed) {
                if (c != null) {
                    scratch.release();
                }
            }
        }
    }

    @Override
    public void leaves(List<Leaf> into) {
        tree.leaves(into);
    }

    @Override
    public String describe() {
        return tree.describe();
    }
}
