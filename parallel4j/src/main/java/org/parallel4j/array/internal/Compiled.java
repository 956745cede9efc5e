package org.parallel4j.array.internal;

import java.util.List;

/** An expression tree run by the loop generated for its shape: one pass per block, whatever the tree's size. */
public final class Compiled extends Node {
    private final Node tree;
    private final Kernel kernel;
    private final double[][] arrays;
    private final long[] offsets;
    private final double[] consts;
    private final Object[] fns;

    Compiled(Node tree, Kernel kernel, List<Leaf> leaves, double[] consts, Object[] fns) {
        this.tree = tree;
        this.kernel = kernel;
        this.arrays = new double[leaves.size()][];
        this.offsets = new long[leaves.size()];
        for (int k = 0; k < leaves.size(); k++) {
            arrays[k] = leaves.get(k).data;
            offsets[k] = leaves.get(k).offset;
        }
        this.consts = consts;
        this.fns = fns;
    }

    @Override
    public long length() {
        return tree.length();
    }

    @Override
    void eval(long start, int len, double[] out, int oo, Scratch scratch) {
        int[] off = new int[offsets.length];
        for (int k = 0; k < off.length; k++) {
            off[k] = Math.toIntExact(offsets[k] + start);
        }
        kernel.run(arrays, off, consts, fns, out, oo, len);
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
