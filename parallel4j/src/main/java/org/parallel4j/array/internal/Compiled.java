package org.parallel4j.array.internal;

import java.util.List;

/**
 * An expression tree run by the loop generated for its shape: one pass per block, whatever the
 * tree's size. Its inputs are arrays, read in place, and nodes with vector loops of their own,
 * computed into the thread's buffers block by block before the generated loop reads them.
 */
public final class Compiled extends Node {
    private final Node tree;
    private final Kernel kernel;
    private final double[][] arrays;
    private final long[] offsets;
    /** The inputs that are computed per block (null where the input is an array). */
    private final Node[] computed;
    private final boolean anyComputed;
    private final double[] consts;
    private final Object[] fns;

    Compiled(Node tree, Kernel kernel, List<Node> inputs, double[] consts, Object[] fns) {
        this.tree = tree;
        this.kernel = kernel;
        this.arrays = new double[inputs.size()][];
        this.offsets = new long[inputs.size()];
        this.computed = new Node[inputs.size()];
        boolean any = false;
        for (int k = 0; k < inputs.size(); k++) {
            if (inputs.get(k) instanceof Leaf leaf && leaf.contiguous()) {
                arrays[k] = leaf.data;
                offsets[k] = leaf.offset;
            } else {
                computed[k] = inputs.get(k);
                any = true;
            }
        }
        this.anyComputed = any;
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
        double[][] in = arrays;
        if (anyComputed) {
            in = arrays.clone();
            for (int k = 0; k < in.length; k++) {
                if (computed[k] != null) {
                    in[k] = scratch.take();
                    computed[k].eval(start, len, in[k], 0, scratch);
                }
            }
        }
        for (int k = 0; k < off.length; k++) {
            off[k] = computed[k] != null ? 0 : Math.toIntExact(offsets[k] + start);
        }
        kernel.run(in, off, consts, fns, out, oo, len);
        if (anyComputed) {
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
