package org.parallel4j.mpi.internal;

import java.lang.foreign.MemorySegment;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.MpiException;

/**
 * The element type of a buffer: one per primitive array type, {@link #SEGMENT} for a
 * {@link MemorySegment} (counted in bytes) and {@link #OBJECT} for object-tier messages.
 */
public enum Datatype {
    BYTE(1, "bytes", "byte[]"),
    SHORT(2, "shorts", "short[]"),
    CHAR(2, "chars", "char[]"),
    INT(4, "ints", "int[]"),
    LONG(8, "longs", "long[]"),
    FLOAT(4, "floats", "float[]"),
    DOUBLE(8, "doubles", "double[]"),
    BOOLEAN(1, "booleans", "boolean[]"),
    SEGMENT(1, "bytes", "MemorySegment"),
    OBJECT(1, "object", "object");

    /** Bytes per element. */
    public final int size;
    /** Plural noun for messages: "doubles". */
    public final String plural;
    /** The Java type for messages: "double[]". */
    public final String javaType;

    Datatype(int size, String plural, String javaType) {
        this.size = size;
        this.plural = plural;
        this.javaType = javaType;
    }

    /** The type of a buffer, or a {@link ErrorClass#BUFFER} error naming what was passed. */
    public static Datatype of(Object buf) {
        return switch (buf) {
            case double[] a -> DOUBLE;
            case int[] a -> INT;
            case long[] a -> LONG;
            case byte[] a -> BYTE;
            case float[] a -> FLOAT;
            case short[] a -> SHORT;
            case char[] a -> CHAR;
            case boolean[] a -> BOOLEAN;
            case MemorySegment s -> SEGMENT;
            case InPlace p -> throw new MpiException(ErrorClass.BUFFER, "Mpi.IN_PLACE is not allowed here: it stands for "
                    + "sendBuf of allreduce, allgather(v), alltoall(v), scan, exscan, reduceScatter and iallreduce, for the root's "
                    + "sendBuf of reduce and gather(v), and for the root's recvBuf of scatter(v); pass a buffer");
            case null -> throw new MpiException(ErrorClass.BUFFER,
                    "buffer is null: pass a primitive array or a MemorySegment");
            default -> throw new MpiException(ErrorClass.BUFFER, "unsupported buffer type "
                    + buf.getClass().getTypeName() + ": pass a primitive array or a MemorySegment "
                    + "(use sendObject/recvObject for objects)");
        };
    }

    /** The element type of a primitive class ({@code double.class} ...), an ARG error naming {@code what} otherwise. */
    public static Datatype ofElementClass(Class<?> type, String what) {
        if (type == double.class) {
            return DOUBLE;
        } else if (type == long.class) {
            return LONG;
        } else if (type == int.class) {
            return INT;
        } else if (type == float.class) {
            return FLOAT;
        } else if (type == short.class) {
            return SHORT;
        } else if (type == char.class) {
            return CHAR;
        } else if (type == byte.class) {
            return BYTE;
        }
        throw new MpiException(ErrorClass.ARG, what + " " + (type == null ? "null" : type.getName())
                + " is not one of double, long, int, float, short, char, byte (pass e.g. double.class)");
    }

    /** The number of elements in the buffer (bytes for a segment). */
    public static int length(Object buf, Datatype t) {
        return switch (t) {
            case DOUBLE -> ((double[]) buf).length;
            case INT -> ((int[]) buf).length;
            case LONG -> ((long[]) buf).length;
            case BYTE -> ((byte[]) buf).length;
            case FLOAT -> ((float[]) buf).length;
            case SHORT -> ((short[]) buf).length;
            case CHAR -> ((char[]) buf).length;
            case BOOLEAN -> ((boolean[]) buf).length;
            case SEGMENT -> {
                long n = ((MemorySegment) buf).byteSize();
                if (n > Integer.MAX_VALUE) {
                    throw new MpiException(ErrorClass.COUNT, "segment of " + n
                            + " bytes is larger than a message can be (2^31-1 bytes): pass a slice with offset and count");
                }
                yield (int) n;
            }
            case OBJECT -> 1;
        };
    }

    /** A new array of this type with {@code n} elements (bytes for a segment). */
    public Object newArray(int n) {
        return switch (this) {
            case DOUBLE -> new double[n];
            case INT -> new int[n];
            case LONG -> new long[n];
            case BYTE, SEGMENT, OBJECT -> new byte[n];
            case FLOAT -> new float[n];
            case SHORT -> new short[n];
            case CHAR -> new char[n];
            case BOOLEAN -> new boolean[n];
        };
    }

    /**
     * An array that holds {@code n} elements of this type: {@code current} when it is the right
     * storage type and large enough, else a new one (of at least {@code minimum} elements).
     * Lets pooled storage be reused across messages.
     */
    public Object reuseOrAllocate(Object current, int n, int minimum) {
        Datatype st = storageType();
        if (current != null && of(current) == st && length(current, st) >= n) {
            return current;
        }
        return st.newArray(Math.max(n, minimum));
    }

    /** The array type used to hold a copy of data of this type: a segment's bytes are kept in a byte[]. */
    public Datatype storageType() {
        return this == SEGMENT ? BYTE : this;
    }
}
