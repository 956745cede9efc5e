package org.parallel4j.mpi.engine.mpi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.parallel4j.mpi.internal.Datatype;
import org.parallel4j.mpi.internal.InPlace;

/**
 * The buffers of one MPI call, made into memory the call may be given. The rule (see
 * {@code docs/mpi-engine.md}): MPI must never see memory the collector can move while MPI
 * still uses it.
 *
 * <ul>
 *   <li>{@link Mode#HEAP}: a blocking call made through the linker's critical form. The
 *       collector cannot run during it, so heap arrays are passed in place: zero copy.</li>
 *   <li>{@link Mode#SCRATCH}: a blocking call that must not be critical (it calls back into Java
 *       for a user operation, or it is polled to yield the core): heap arrays are copied into the
 *       thread's native scratch and back after the call.</li>
 *   <li>{@link Mode#OWNED}: a nonblocking call, whose buffers outlive it: heap arrays are copied
 *       into native memory the request owns, and back when it completes.</li>
 * </ul>
 *
 * Native segments are passed in place in every mode; {@code boolean[]} (which has no heap
 * segment) is always copied, as bytes 0 and 1.
 */
final class Staged {
    enum Mode { HEAP, SCRATCH, OWNED }

    private final Mode mode;
    private Arena arena;
    private int scratchSlot;
    /** Copy-backs after the call: up to two receive buffers. */
    private Object backBuf0;
    private Datatype backType0;
    private int backOffset0;
    private int backCount0;
    private MemorySegment backSeg0;
    private Object backBuf1;
    private Datatype backType1;
    private int backOffset1;
    private int backCount1;
    private MemorySegment backSeg1;

    Staged(Mode mode) {
        this.mode = mode;
    }

    Mode mode() {
        return mode;
    }

    /** True when the call must be the critical form (a heap segment may be among its arguments). */
    boolean critical() {
        return mode == Mode.HEAP;
    }

    /** The memory holding elements {@code offset..offset+count} of {@code buf} for MPI to read. */
    MemorySegment in(Object buf, Datatype t, int offset, int count) {
        if (buf == null) {
            return MemorySegment.NULL;
        }
        if (InPlace.is(buf)) {
            return Native.ABI.inPlace;
        }
        MemorySegment direct = direct(buf, t, offset, count);
        if (direct != null) {
            return direct;
        }
        MemorySegment s = area((long) count * t.size);
        toNative(buf, t, offset, count, s);
        return s;
    }

    /**
     * The memory MPI writes elements {@code offset..offset+count} of {@code buf} into, copied
     * back by {@link #finish()}. A staged copy starts with the buffer's contents, because MPI
     * writes only what arrives (a short message, the blocks of a v-collective between their
     * gaps) and the rest must come back unchanged.
     */
    MemorySegment out(Object buf, Datatype t, int offset, int count) {
        if (buf == null) {
            return MemorySegment.NULL;
        }
        if (InPlace.is(buf)) {
            return Native.ABI.inPlace;
        }
        MemorySegment direct = direct(buf, t, offset, count);
        if (direct != null) {
            return direct;
        }
        MemorySegment s = area((long) count * t.size);
        toNative(buf, t, offset, count, s);
        if (backBuf0 == null) {
            backBuf0 = buf;
            backType0 = t;
            backOffset0 = offset;
            backCount0 = count;
            backSeg0 = s;
        } else {
            backBuf1 = buf;
            backType1 = t;
            backOffset1 = offset;
            backCount1 = count;
            backSeg1 = s;
        }
        return s;
    }

    /** Copies what MPI wrote back into the heap buffers, once the call (or request) is complete. */
    void finish() {
        if (backBuf0 != null) {
            fromNative(backSeg0, backBuf0, backType0, backOffset0, backCount0);
            backBuf0 = null;
        }
        if (backBuf1 != null) {
            fromNative(backSeg1, backBuf1, backType1, backOffset1, backCount1);
            backBuf1 = null;
        }
    }

    /**
     * {@code values} (counts or displacements, {@code n} of them) as native ints: in memory the
     * request owns in OWNED mode, else in the thread's scratch ({@code slot} 0 to 3); NULL for null.
     */
    MemorySegment ints(int[] values, int slot, int n) {
        if (values == null || mode != Mode.OWNED) {
            return Scratch.get().ints(values, slot, n);
        }
        if (arena == null) {
            arena = Arena.ofAuto();
        }
        MemorySegment area = arena.allocate(4L * Math.max(n, 1), 16);
        MemorySegment.copy(values, 0, area, ValueLayout.JAVA_INT, 0, Math.min(n, values.length));
        return area;
    }

    /** Native memory the request owns (OWNED mode), for the request handle itself. */
    MemorySegment requestSlot() {
        if (arena == null) {
            arena = Arena.ofAuto();
        }
        return arena.allocate(8, 8);
    }

    private MemorySegment direct(Object buf, Datatype t, int offset, int count) {
        long from = (long) offset * t.size;
        long bytes = (long) count * t.size;
        if (buf instanceof MemorySegment seg) {
            if (seg.isNative() || mode == Mode.HEAP) {
                return seg.asSlice(from, bytes);
            }
            return null;
        }
        if (mode != Mode.HEAP) {
            return null;
        }
        return switch (t) {
            case DOUBLE -> MemorySegment.ofArray((double[]) buf).asSlice(from, bytes);
            case INT -> MemorySegment.ofArray((int[]) buf).asSlice(from, bytes);
            case LONG -> MemorySegment.ofArray((long[]) buf).asSlice(from, bytes);
            case BYTE -> MemorySegment.ofArray((byte[]) buf).asSlice(from, bytes);
            case FLOAT -> MemorySegment.ofArray((float[]) buf).asSlice(from, bytes);
            case SHORT -> MemorySegment.ofArray((short[]) buf).asSlice(from, bytes);
            case CHAR -> MemorySegment.ofArray((char[]) buf).asSlice(from, bytes);
            default -> null; // booleans: staged
        };
    }

    private MemorySegment area(long bytes) {
        if (mode == Mode.OWNED) {
            if (arena == null) {
                arena = Arena.ofAuto();
            }
            return arena.allocate(Math.max(bytes, 1), 16);
        }
        return Scratch.get().staging(scratchSlot++ % 3, Math.max(bytes, 1));
    }

    static void toNative(Object buf, Datatype t, int offset, int count, MemorySegment to) {
        switch (t) {
            case DOUBLE -> MemorySegment.copy((double[]) buf, offset, to, ValueLayout.JAVA_DOUBLE, 0, count);
            case INT -> MemorySegment.copy((int[]) buf, offset, to, ValueLayout.JAVA_INT, 0, count);
            case LONG -> MemorySegment.copy((long[]) buf, offset, to, ValueLayout.JAVA_LONG, 0, count);
            case BYTE -> MemorySegment.copy((byte[]) buf, offset, to, ValueLayout.JAVA_BYTE, 0, count);
            case FLOAT -> MemorySegment.copy((float[]) buf, offset, to, ValueLayout.JAVA_FLOAT, 0, count);
            case SHORT -> MemorySegment.copy((short[]) buf, offset, to, ValueLayout.JAVA_SHORT, 0, count);
            case CHAR -> MemorySegment.copy((char[]) buf, offset, to, ValueLayout.JAVA_CHAR, 0, count);
            case BOOLEAN -> {
                boolean[] b = (boolean[]) buf;
                for (int i = 0; i < count; i++) {
                    to.set(ValueLayout.JAVA_BYTE, i, b[offset + i] ? (byte) 1 : (byte) 0);
                }
            }
            case SEGMENT -> MemorySegment.copy((MemorySegment) buf, offset, to, 0, count);
            case OBJECT -> throw new IllegalArgumentException("objects are not buffers");
        }
    }

    static void fromNative(MemorySegment from, Object buf, Datatype t, int offset, int count) {
        switch (t) {
            case DOUBLE -> MemorySegment.copy(from, ValueLayout.JAVA_DOUBLE, 0, (double[]) buf, offset, count);
            case INT -> MemorySegment.copy(from, ValueLayout.JAVA_INT, 0, (int[]) buf, offset, count);
            case LONG -> MemorySegment.copy(from, ValueLayout.JAVA_LONG, 0, (long[]) buf, offset, count);
            case BYTE -> MemorySegment.copy(from, ValueLayout.JAVA_BYTE, 0, (byte[]) buf, offset, count);
            case FLOAT -> MemorySegment.copy(from, ValueLayout.JAVA_FLOAT, 0, (float[]) buf, offset, count);
            case SHORT -> MemorySegment.copy(from, ValueLayout.JAVA_SHORT, 0, (short[]) buf, offset, count);
            case CHAR -> MemorySegment.copy(from, ValueLayout.JAVA_CHAR, 0, (char[]) buf, offset, count);
            case BOOLEAN -> {
                boolean[] b = (boolean[]) buf;
                for (int i = 0; i < count; i++) {
                    b[offset + i] = from.get(ValueLayout.JAVA_BYTE, i) != 0;
                }
            }
            case SEGMENT -> MemorySegment.copy(from, 0, (MemorySegment) buf, offset, count);
            case OBJECT -> throw new IllegalArgumentException("objects are not buffers");
        }
    }
}
