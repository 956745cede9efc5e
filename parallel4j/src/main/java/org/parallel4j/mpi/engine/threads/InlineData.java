package org.parallel4j.mpi.engine.threads;

import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.MpiException;

import org.parallel4j.mpi.internal.Datatype;

/**
 * Messages of up to {@value #MAX_BYTES} bytes for a blocking receive travel inside the
 * receive request, in two long fields next to its state word: the sender writes one cache
 * line the receiver is about to read anyway, instead of also writing into the receiver's
 * buffer, and the receiver unpacks into its buffer from a line it already holds. On a
 * ping-pong that is two cache-line transfers fewer per message.
 */
final class InlineData {
    static final int MAX_BYTES = 16;

    private InlineData() {
    }

    /** Whether a message of this type and size can travel inline. */
    static boolean fits(Datatype t, int count) {
        return t != Datatype.SEGMENT && t != Datatype.OBJECT && (long) count * t.size <= MAX_BYTES;
    }

    static void pack(Object buf, Datatype t, int offset, int count, RecvRequest into) {
        long lo = 0;
        long hi = 0;
        int bits = t.size * 8;
        for (int i = 0; i < count; i++) {
            long v = bitsOf(buf, t, offset + i);
            int at = i * bits;
            if (at < 64) {
                lo |= v << at;
            } else {
                hi |= v << (at - 64);
            }
        }
        into.inline0 = lo;
        into.inline1 = hi;
        into.inlineCount = count;
    }

    static void unpack(RecvRequest from, Object buf, Datatype t, int offset) {
        int bits = t.size * 8;
        long mask = bits == 64 ? -1L : (1L << bits) - 1;
        for (int i = 0; i < from.inlineCount; i++) {
            int at = i * bits;
            long v = (at < 64 ? from.inline0 >>> at : from.inline1 >>> (at - 64)) & mask;
            put(buf, t, offset + i, v);
        }
    }

    private static long bitsOf(Object buf, Datatype t, int i) {
        return switch (t) {
            case BYTE -> ((byte[]) buf)[i] & 0xFFL;
            case SHORT -> ((short[]) buf)[i] & 0xFFFFL;
            case CHAR -> ((char[]) buf)[i];
            case INT -> ((int[]) buf)[i] & 0xFFFF_FFFFL;
            case LONG -> ((long[]) buf)[i];
            case FLOAT -> Float.floatToRawIntBits(((float[]) buf)[i]) & 0xFFFF_FFFFL;
            case DOUBLE -> Double.doubleToRawLongBits(((double[]) buf)[i]);
            case BOOLEAN -> ((boolean[]) buf)[i] ? 1 : 0;
            default -> throw new MpiException(ErrorClass.INTERNAL, "no inline form for " + t.plural);
        };
    }

    private static void put(Object buf, Datatype t, int i, long v) {
        switch (t) {
            case BYTE -> ((byte[]) buf)[i] = (byte) v;
            case SHORT -> ((short[]) buf)[i] = (short) v;
            case CHAR -> ((char[]) buf)[i] = (char) v;
            case INT -> ((int[]) buf)[i] = (int) v;
            case LONG -> ((long[]) buf)[i] = v;
            case FLOAT -> ((float[]) buf)[i] = Float.intBitsToFloat((int) v);
            case DOUBLE -> ((double[]) buf)[i] = Double.longBitsToDouble(v);
            case BOOLEAN -> ((boolean[]) buf)[i] = v != 0;
            default -> throw new MpiException(ErrorClass.INTERNAL, "no inline form for " + t.plural);
        }
    }
}
