package org.parallel4j.mpi.engine.mpi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One thread's native scratch memory for the arguments MPI writes through pointers (a status,
 * flags, counts, handles) and for staging heap buffers a call may not see in place. Layout of
 * the fixed block, in bytes:
 *
 * <pre>
 *   0   status   (up to 32: Open MPI's is 24, MPICH's 20)
 *   32  int a    (flag, count, rank)
 *   36  int b
 *   40  handle a (8: a new communicator, group, message or request)
 *   48  handle b
 * </pre>
 *
 * <p>and, apart, four int arrays for the counts and displacements of v-collectives.
 *
 * <p>A thread's scratch is used by one call at a time; nothing is kept across calls. Staging
 * areas grow to the largest buffer staged and stay until the thread ends (an auto arena).
 */
final class Scratch {
    private static final ThreadLocal<Scratch> MINE = ThreadLocal.withInitial(Scratch::new);
    private static final int FIXED = 56;

    final MemorySegment status;
    final MemorySegment intA;
    final MemorySegment intB;
    final MemorySegment handleA;
    final MemorySegment handleB;
    private MemorySegment ints;
    private final MemorySegment[] staging = new MemorySegment[3];

    private Scratch() {
        MemorySegment block = Arena.ofAuto().allocate(FIXED, 16);
        ints = Arena.ofAuto().allocate(16 * 64, 16);
        status = block.asSlice(0, 32);
        intA = block.asSlice(32, 4);
        intB = block.asSlice(36, 4);
        handleA = block.asSlice(40, 8);
        handleB = block.asSlice(48, 8);
    }

    /** The calling thread's scratch. */
    static Scratch get() {
        return MINE.get();
    }

    /** {@code values} copied into native ints (slot 0 to 3: four arrays of up to {@code n} entries at once); NULL for null. */
    MemorySegment ints(int[] values, int slot, int n) {
        if (values == null) {
            return MemorySegment.NULL;
        }
        if (ints.byteSize() < 16L * n) {
            ints = Arena.ofAuto().allocate(32L * n, 16);
        }
        MemorySegment area = ints.asSlice(4L * n * slot, 4L * n);
        MemorySegment.copy(values, 0, area, ValueLayout.JAVA_INT, 0, Math.min(n, values.length));
        return area;
    }

    /** A native area of at least {@code bytes} for staging (slot 0, 1 or 2), its contents undefined. */
    MemorySegment staging(int slot, long bytes) {
        MemorySegment s = staging[slot];
        if (s == null || s.byteSize() < bytes) {
            s = Arena.ofAuto().allocate(Math.max(bytes, 256), 64);
            staging[slot] = s;
        }
        return s.asSlice(0, bytes);
    }

    /** The handle MPI wrote at {@code slot} (its width is the ABI's). */
    static long readHandle(MemorySegment slot) {
        return Native.ABI.handle == ValueLayout.JAVA_LONG ? slot.get(ValueLayout.JAVA_LONG, 0) : slot.get(ValueLayout.JAVA_INT, 0);
    }

    /** Stores {@code handle} at {@code slot} in the ABI's width. */
    static void writeHandle(MemorySegment slot, long handle) {
        if (Native.ABI.handle == ValueLayout.JAVA_LONG) {
            slot.set(ValueLayout.JAVA_LONG, 0, handle);
        } else {
            slot.set(ValueLayout.JAVA_INT, 0, (int) handle);
        }
    }
}
