package org.parallel4j.mpi.engine.mpi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import org.parallel4j.mpi.internal.Datatype;

/**
 * The native copies of a window's heap origin buffers, which MPI may read (a put, an
 * accumulate) or write (a get, the result of an atomic) until the operation completes at a
 * flush, an unlock, a fence or a complete. Copies are cut from one block (a bump pointer) so
 * that an 8-byte put costs a copy and no allocation; each is recorded with its target, and a
 * completion towards a target copies that target's results into their arrays and drops its
 * entries; once none is left the block is reused from its start. A block too small for an
 * operation is replaced by a larger one (the old stays alive while entries still point into it).
 * Native segments are given to MPI as they are, and never recorded.
 */
final class RmaStaging {
    private static final long FIRST_BLOCK = 64 * 1024;

    /** One staged buffer: its target, and where its data goes back to (null for an origin MPI only reads). */
    private record Entry(int target, MemorySegment copy, Object array, Datatype type, int offset, int count) {
    }

    private MemorySegment block = Arena.ofAuto().allocate(FIRST_BLOCK, 64);
    private long used;
    private final ArrayList<Entry> entries = new ArrayList<>();

    /** The memory MPI reads {@code count} elements of {@code buf} from, at {@code offset}. */
    synchronized MemorySegment in(Object buf, Datatype t, int offset, int count, int target) {
        MemorySegment direct = direct(buf, t, offset, count);
        if (direct != null) {
            return direct;
        }
        MemorySegment copy = cut((long) count * t.size);
        Staged.toNative(buf, t, offset, count, copy);
        entries.add(new Entry(target, copy, null, null, 0, 0));
        return copy;
    }

    /** The memory MPI writes {@code count} elements into, copied into {@code buf} at {@code offset} on completion. */
    synchronized MemorySegment out(Object buf, Datatype t, int offset, int count, int target) {
        MemorySegment direct = direct(buf, t, offset, count);
        if (direct != null) {
            return direct;
        }
        MemorySegment copy = cut((long) count * t.size);
        entries.add(new Entry(target, copy, buf, t, offset, count));
        return copy;
    }

    /** Operations to {@code target} (every target for a negative one) are complete: their results go into their arrays. */
    synchronized void completed(int target) {
        if (entries.isEmpty()) {
            return;
        }
        entries.removeIf(e -> {
            if (target >= 0 && e.target != target) {
                return false;
            }
            if (e.array != null) {
                Staged.fromNative(e.copy, e.array, e.type, e.offset, e.count);
            }
            return true;
        });
        if (entries.isEmpty()) {
            used = 0;
        }
    }

    private static MemorySegment direct(Object buf, Datatype t, int offset, int count) {
        if (buf instanceof MemorySegment seg && seg.isNative()) {
            return seg.asSlice((long) offset * t.size, (long) count * t.size);
        }
        return null;
    }

    private MemorySegment cut(long bytes) {
        long aligned = (Math.max(bytes, 1) + 15) & ~15L;
        if (used + aligned > block.byteSize()) {
            if (entries.isEmpty() && aligned <= block.byteSize()) {
                used = 0;
            } else {
                block = Arena.ofAuto().allocate(Math.max(2 * block.byteSize(), aligned), 64);
                used = 0;
            }
        }
        MemorySegment s = block.asSlice(used, bytes);
        used += aligned;
        return s;
    }
}
