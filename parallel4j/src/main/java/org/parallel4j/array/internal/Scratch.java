package org.parallel4j.array.internal;

import java.util.ArrayList;
import java.util.List;

/** One thread's block buffers for one evaluation, taken and released as a stack. */
final class Scratch {
    private final int block;
    private final List<double[]> buffers = new ArrayList<>();
    private int next;
    /** Set by {@link Node#source}: the offset of the block's first element in the array it returned. */
    int offset;

    Scratch(int block) {
        this.block = block;
    }

    double[] take() {
        if (next == buffers.size()) {
            buffers.add(new double[block]);
        }
        return buffers.get(next++);
    }

    void release() {
        next--;
    }
}
