package org.parallel4j.mpi.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.MpiException;

/**
 * Checks and copies of buffer regions. The one place that knows how a region of one buffer
 * type lands in another: same-type arrays by {@link System#arraycopy}, anything with a
 * {@link MemorySegment} on one side byte for byte.
 */
public final class Buffers {
    private Buffers() {
    }

    /** Checks {@code [offset, offset + count)} lies in the buffer, naming the values otherwise. */
    public static void checkRegion(Object buf, Datatype t, int offset, int count, String what) {
        if (count < 0) {
            throw new MpiException(ErrorClass.COUNT, what + ": count " + count + " is negative");
        }
        int length = Datatype.length(buf, t);
        if (offset < 0 || offset > length - count) {
            throw new MpiException(ErrorClass.COUNT, what + ": offset " + offset + " and count " + count
                    + " reach outside a " + t.javaType + " of length " + length);
        }
    }

    /**
     * True when two buffers may share memory: the same array, overlapping segments, or a
     * heap segment over the other array. Used to make aliased send and receive buffers safe.
     */
    public static boolean mayOverlap(Object a, Object b) {
        if (a == null || b == null) {
            return false;
        }
        if (a == b) {
            return true;
        }
        if (a instanceof MemorySegment sa && b instanceof MemorySegment sb) {
            return sa.asOverlappingSlice(sb).isPresent();
        }
        if (a instanceof MemorySegment sa) {
            return sa.heapBase().map(h -> h == b).orElse(false);
        }
        if (b instanceof MemorySegment sb) {
            return sb.heapBase().map(h -> h == a).orElse(false);
        }
        return false;
    }

    /** Whether a message of type {@code message} may be received into a buffer of type {@code buffer}. */
    public static boolean compatible(Datatype message, Datatype buffer) {
        if (message == Datatype.OBJECT || buffer == Datatype.OBJECT) {
            return message == buffer;
        }
        return message == buffer || message == Datatype.SEGMENT || buffer == Datatype.SEGMENT
                || (message == Datatype.BYTE && buffer == Datatype.SEGMENT);
    }

    /**
     * How many elements of the receive type a message occupies, or -1 when its bytes do not
     * divide into whole elements.
     */
    public static int elementsIn(Datatype message, int messageCount, Datatype buffer) {
        if (message == buffer) {
            return messageCount;
        }
        long bytes = (long) messageCount * message.size;
        return bytes % buffer.size == 0 ? (int) (bytes / buffer.size) : -1;
    }

    /**
     * Copies {@code count} elements of type {@code st} from {@code src[srcOffset]} to
     * {@code dst[dstOffset]} of type {@code dt}. Offsets are in each buffer's own elements.
     */
    public static void copy(Object src, Datatype st, int srcOffset, Object dst, Datatype dt, int dstOffset, int count) {
        if (count == 0) {
            return;
        }
        if (st == dt && st != Datatype.SEGMENT) {
            System.arraycopy(src, srcOffset, dst, dstOffset, count);
            return;
        }
        long bytes = (long) count * st.size;
        if (st == Datatype.SEGMENT && dt == Datatype.SEGMENT) {
            MemorySegment.copy((MemorySegment) src, srcOffset, (MemorySegment) dst, dstOffset, bytes);
        } else if (st == Datatype.SEGMENT) {
            int n = (int) (bytes / dt.size);
            if (dt == Datatype.BOOLEAN) {
                MemorySegment s = (MemorySegment) src;
                boolean[] d = (boolean[]) dst;
                for (int i = 0; i < n; i++) {
                    d[dstOffset + i] = s.get(ValueLayout.JAVA_BYTE, srcOffset + i) != 0;
                }
            } else {
                MemorySegment.copy((MemorySegment) src, layout(dt), srcOffset, dst, dstOffset, n);
            }
        } else if (dt == Datatype.SEGMENT) {
            if (st == Datatype.BOOLEAN) {
                MemorySegment d = (MemorySegment) dst;
                boolean[] s = (boolean[]) src;
                for (int i = 0; i < count; i++) {
                    d.set(ValueLayout.JAVA_BYTE, dstOffset + i, (byte) (s[srcOffset + i] ? 1 : 0));
                }
            } else {
                MemorySegment.copy(src, srcOffset, (MemorySegment) dst, layout(st), dstOffset, count);
            }
        } else if (st == Datatype.BYTE && dt == Datatype.BYTE) {
            System.arraycopy(src, srcOffset, dst, dstOffset, count);
        } else {
            throw new MpiException(ErrorClass.TYPE, "cannot copy " + st.plural + " into a " + dt.javaType);
        }
    }

    private static ValueLayout layout(Datatype t) {
        return switch (t) {
            case BYTE -> ValueLayout.JAVA_BYTE;
            case SHORT -> ValueLayout.JAVA_SHORT_UNALIGNED;
            case CHAR -> ValueLayout.JAVA_CHAR_UNALIGNED;
            case INT -> ValueLayout.JAVA_INT_UNALIGNED;
            case LONG -> ValueLayout.JAVA_LONG_UNALIGNED;
            case FLOAT -> ValueLayout.JAVA_FLOAT_UNALIGNED;
            case DOUBLE -> ValueLayout.JAVA_DOUBLE_UNALIGNED;
            default -> throw new MpiException(ErrorClass.INTERNAL, "no memory layout for " + t.plural);
        };
    }
}
