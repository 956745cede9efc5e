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
        into.inline0 = word(buf, t, offset, count, 0);
        into.inline1 = word(buf, t, offset, count, 1);
        into.inlineCount = count;
    }

    static void unpack(RecvRequest from, Object buf, Datatype t, int offset) {
        unpackWord(from.inline0, 0, buf, t, offset, from.inlineCount);
        unpackWord(from.inline1, 1, buf, t, offset, from.inlineCount);
    }

    /**
     * Long {@code w} of {@code count} elements of {@code t} packed end to end from
     * {@code buf[offset]}, lowest bits first (0 past the data). Elements are 1, 2, 4 or 8
     * bytes, so none straddles two longs.
     */
    static long word(Object buf, Datatype t, int offset, int count, int w) {
        int perWord = Long.BYTES / t.size;
        int bits = t.size * 8;
        int from = w * perWord;
        int to = Math.min(count, from + perWord);
        long v = 0;
        for (int i = from; i < to; i++) {
            v |= bitsOf(buf, t, offset + i) << ((i - from) * bits);
        }
        return v;
    }

    /** Stores the elements that long {@code w} of a packing of {@code count} elements holds (see {@link #word}). */
    static void unpackWord(long v, int w, Object buf, Datatype t, int offset, int count) {
        int perWord = Long.BYTES / t.size;
        int bits = t.size * 8;
        long mask = bits == 64 ? -1L : (1L << bits) - 1;
        int from = w * perWord;
        int to = Math.min(count, from + perWord);
        for (int i = from; i < to; i++) {
            put(buf, t, offset + i, (v >>> ((i - from) * bits)) & mask);
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
