package org.parallel4j.array.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * One thread's block buffers, taken and released as a stack, kept from one evaluation to the
 * next: a new buffer per block and node would cost the JVM's zeroing of 32 KiB each time (a
 * sweep of a small grid spent more time zeroing buffers than computing). An evaluation marks
 * the stack when it starts and returns to the mark when it ends, so an evaluation nested in
 * another (a user's function that evaluates an expression) takes buffers above its caller's.
 */
final class Scratch {
    /** Buffers a thread keeps between evaluations; more are dropped when the outermost evaluation ends. */
    private static final int KEPT = 16;
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(() -> new Scratch(Evaluator.BLOCK));

    private final int block;
    private final List<double[]> buffers = new ArrayList<>();
    private int next;
    private final List<long[]> longBuffers = new ArrayList<>();
    private int nextLong;
    /** Set by {@link Node#source}: the offset of the block's first element in the array it returned. */
    int offset;

    Scratch(int block) {
        this.block = block;
    }

    /** This thread's buffers. */
    static Scratch local() {
        return LOCAL.get();
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

    long[] takeLong() {
        if (nextLong == longBuffers.size()) {
            longBuffers.add(new long[block]);
        }
        return longBuffers.get(nextLong++);
    }

    void releaseLong() {
        nextLong--;
    }

    /** Where the two stacks are, for {@link #reset}. */
    long mark() {
        return (long) next << 32 | nextLong;
    }

    /** Back to {@code mark} (after an evaluation, even a failed one); the outermost one also trims what is kept. */
    void reset(long mark) {
        next = (int) (mark >>> 32);
        nextLong = (int) mark;
        if (mark == 0) {
            while (buffers.size() > KEPT) {
                buffers.removeLast();
            }
            while (longBuffers.size() > KEPT) {
                longBuffers.removeLast();
            }
        }
    }
}
