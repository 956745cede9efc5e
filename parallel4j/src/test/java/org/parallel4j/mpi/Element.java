package org.parallel4j.mpi;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;

/**
 * The element types of the randomized message-passing tests, with what each test needs of
 * them: arrays, values drawn from a long, bits for exact comparison, and the same in a byte
 * buffer (files) and a segment (windows).
 */
enum Element {
    BYTE(byte.class, 1), INT(int.class, 4), LONG(long.class, 8), DOUBLE(double.class, 8);

    final Class<?> type;
    final int size;

    Element(Class<?> type, int size) {
        this.type = type;
        this.size = size;
    }

    Object array(int n) {
        return switch (this) {
            case BYTE -> new byte[n];
            case INT -> new int[n];
            case LONG -> new long[n];
            case DOUBLE -> new double[n];
        };
    }

    /** Element {@code i} of {@code a} set to (the narrowing of) {@code v}. */
    void set(Object a, int i, long v) {
        switch (this) {
            case BYTE -> ((byte[]) a)[i] = (byte) v;
            case INT -> ((int[]) a)[i] = (int) v;
            case LONG -> ((long[]) a)[i] = v;
            case DOUBLE -> ((double[]) a)[i] = v;
        }
    }

    /** Element {@code i} of {@code a}, as bits. */
    long bits(Object a, int i) {
        return switch (this) {
            case BYTE -> ((byte[]) a)[i];
            case INT -> ((int[]) a)[i];
            case LONG -> ((long[]) a)[i];
            case DOUBLE -> Double.doubleToRawLongBits(((double[]) a)[i]);
        };
    }

    void put(ByteBuffer b, int at, Object a, int i) {
        switch (this) {
            case BYTE -> b.put(at, ((byte[]) a)[i]);
            case INT -> b.putInt(at, ((int[]) a)[i]);
            case LONG -> b.putLong(at, ((long[]) a)[i]);
            case DOUBLE -> b.putDouble(at, ((double[]) a)[i]);
        }
    }

    /** Element {@code i} of {@code a} as a number; the randomized tests use whole numbers every type holds exactly. */
    long value(Object a, int i) {
        return this == DOUBLE ? (long) ((double[]) a)[i] : bits(a, i);
    }

    /** Element {@code i} of a segment of this type, as a number. */
    long load(MemorySegment m, long i) {
        return switch (this) {
            case BYTE -> m.get(ValueLayout.JAVA_BYTE, i);
            case INT -> m.getAtIndex(ValueLayout.JAVA_INT, i);
            case LONG -> m.getAtIndex(ValueLayout.JAVA_LONG, i);
            case DOUBLE -> (long) m.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
        };
    }

    /** Sets element {@code i} of a segment of this type to (the narrowing of) {@code v}. */
    void store(MemorySegment m, long i, long v) {
        switch (this) {
            case BYTE -> m.set(ValueLayout.JAVA_BYTE, i, (byte) v);
            case INT -> m.setAtIndex(ValueLayout.JAVA_INT, i, (int) v);
            case LONG -> m.setAtIndex(ValueLayout.JAVA_LONG, i, v);
            case DOUBLE -> m.setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
        }
    }
}
