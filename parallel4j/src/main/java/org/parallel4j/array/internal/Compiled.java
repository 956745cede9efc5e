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
    private final boolean anyComputed;
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

    Compiled(Node tree, Kernel kernel, List<Node> inputs, double[] consts, Object[] fns) {
        this.tree = tree;
        this.kernel = kernel;
        this.arrays = new double[inputs.size()][];
        this.offsets = new long[inputs.size()];
        this.computed = new Node[inputs.size()];
        this.rowViews = new Leaf[inputs.size()];
        this.cols = tree.cols();
        boolean any = false;
        for (int k = 0; k < inputs.size(); k++) {
            if (inputs.get(k) instanceof Leaf leaf && leaf.contiguous()) {
                arrays[k] = leaf.data;
                offsets[k] = leaf.offset;
            } else if (inputs.get(k) instanceof Leaf leaf && leaf.rowContiguous() && leaf.cols() == cols) {
                arrays[k] = leaf.data;
                rowViews[k] = leaf;
                any = true;
            } else {
                computed[k] = inputs.get(k);
                any = true;
            }
        }
        this.anyComputed = any;
        boolean rows = false;
        for (Leaf v : rowViews) {
            rows |= v != null;
        }
        this.byRow = rows;
        int computedInputs = 0;
        for (Node c : computed) {
            computedInputs += c != null ? 1 : 0;
        }
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
        int[] off = new int[offsets.length];
        if (!anyComputed) {
            for (int k = 0; k < off.length; k++) {
                off[k] = Math.toIntExact(offsets[k] + start);
            }
            kernel.run(arrays, off, consts, fns, out, oo, len);
            return;
        }
        double[][] in = arrays.clone();
        for (int k = 0; k < in.length; k++) {
            if (computed[k] != null) {
                in[k] = scratch.take();
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
                    computed[k].eval(k0, part, in[k], 0, scratch);
                    off[k] = 0;
                } else if (rowViews[k] != null) {
                    off[k] = Math.toIntExact(rowViews[k].at(k0));
                } else {
                    off[k] = Math.toIntExact(offsets[k] + k0);
                }
            }
            kernel.run(in, off, consts, fns, out, oo + done, part);
            done += part;
        }
        for (Node c : computed) {
            if (c != null) {
                scratch.release();
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
