package org.parallel4j.pool.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.parallel4j.internal.Serialization;
import org.parallel4j.internal.SerializationException;

/**
 * The protocol between a pool and its worker JVMs, in one place: frame types and value
 * encoding. Every frame starts with an {@code int} type. Values of the common small types
 * (null, Integer, Long, Double, Boolean, String) have tags of their own, so tiny tasks cost no
 * object stream; anything else is JDK-serialized and read back through the filtered
 * deserialization of {@link Serialization}. A value's bytes are read whole before they are
 * decoded, so a value that cannot be decoded fails alone ({@link SerializationException}) and
 * the stream stays in step; a length is checked against {@link #MAX_FRAME_BYTES} and the bytes
 * are allocated as they arrive, so a forged length cannot claim the heap.
 *
 * <pre>
 * parent -> worker   INIT   bytes(initializer or empty)
 *                    FUNC   int id, bytes(function)
 *                    TASK   long batch, int function id, int n, n values
 *                    RUN    bytes(runnable)                      (WorkerProcess)
 *                    REPLY  value                                (answer to a queue request)
 *                    EXIT
 * worker -> parent   READY
 *                    RESULT long batch, long elapsed ns, int n, n x (boolean ok, value or error)
 *                    FAILED bytes(error)                         (initializer or RUN body threw)
 *                    QPUT   long queue, value
 *                    QGET   long queue, long timeout ns
 *                    DYING  long batch, int item                 (System.exit called by that task)
 * </pre>
 */
final class Wire {
    static final int INIT = 1;
    static final int FUNC = 2;
    static final int TASK = 3;
    static final int RUN = 4;
    static final int REPLY = 5;
    static final int EXIT = 6;
    static final int READY = 10;
    static final int RESULT = 11;
    static final int FAILED = 12;
    static final int QPUT = 13;
    static final int QGET = 14;
    static final int DYING = 15;

    private static final int T_NULL = 0;
    private static final int T_INT = 1;
    private static final int T_LONG = 2;
    private static final int T_DOUBLE = 3;
    private static final int T_STRING = 4;
    private static final int T_BOOLEAN = 5;
    private static final int T_LAMBDA = 8;
    private static final int T_OBJECT = 9;

    /** The largest value a connection carries, {@code p4j.pool.maxMessageBytes} (default 1 GiB). */
    static final int MAX_FRAME_BYTES = Integer.getInteger("p4j.pool.maxMessageBytes", 1 << 30);

    private Wire() {
    }

    /**
     * {@code v} in a form {@link #writeValue} writes without failing: a value that needs JDK
     * serialization is serialized now ({@link SerializationException} if it cannot be), so a
     * frame is never left half written.
     */
    static Object prepare(Object v) {
        return switch (v) {
            case null -> null;
            case Integer i -> i;
            case Long l -> l;
            case Double d -> d;
            case Boolean b -> b;
            case String s -> s;
            case Preencoded p -> p;
            case Lambdas.Call c -> c;
            default -> new Preencoded(Serialization.encode(v));
        };
    }

    /** A value serialized ahead of time (a single task, checked at submit): written as its bytes. */
    record Preencoded(byte[] bytes) {
    }

    static void writeValue(DataOutputStream out, Object v) throws IOException {
        switch (v) {
            case null -> out.writeByte(T_NULL);
            case Integer i -> {
                out.writeByte(T_INT);
                out.writeInt(i);
            }
            case Long l -> {
                out.writeByte(T_LONG);
                out.writeLong(l);
            }
            case Double d -> {
                out.writeByte(T_DOUBLE);
                out.writeDouble(d);
            }
            case Boolean b -> {
                out.writeByte(T_BOOLEAN);
                out.writeBoolean(b);
            }
            case String s -> {
                out.writeByte(T_STRING);
                writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
            }
            case Preencoded p -> {
                out.writeByte(T_OBJECT);
                writeBytes(out, p.bytes());
            }
            case Lambdas.Call c -> {
                out.writeByte(T_LAMBDA);
                out.writeInt(c.shapeId());
                writeBytes(out, c.capturedValues());
            }
            default -> {
                byte[] bytes = Serialization.encode(v); // before any byte is written
                out.writeByte(T_OBJECT);
                writeBytes(out, bytes);
            }
        }
    }

    /**
     * Reads one value. An {@link IOException} means the connection is broken; a
     * {@link SerializationException} means this value could not be decoded (or was too large
     * to hold) and was skipped whole: the next value can be read.
     */
    static Object readValue(DataInputStream in, ClassLoader loader) throws IOException {
        int tag = in.readByte();
        return switch (tag) {
            case T_NULL -> null;
            case T_INT -> in.readInt();
            case T_LONG -> in.readLong();
            case T_DOUBLE -> in.readDouble();
            case T_BOOLEAN -> in.readBoolean();
            case T_STRING -> new String(readBytes(in), StandardCharsets.UTF_8);
            case T_OBJECT -> {
                byte[] b = readBytes(in);
                yield Serialization.decode(b, 0, b.length, loader);
            }
            case T_LAMBDA -> {
                int shape = in.readInt();
                yield new Lambdas.Ref(shape, Lambdas.decodeCaptured(readBytes(in), loader));
            }
            default -> throw new IOException("corrupt pool message: unknown value tag " + tag);
        };
    }

    static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    /**
     * A length-prefixed byte string. The array grows as bytes arrive (a length claim alone
     * allocates at most 1 MiB); one that does not fit in the heap is skipped and reported as a
     * {@link SerializationException}.
     */
    static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_FRAME_BYTES) {
            throw new IOException("corrupt pool message: a value of " + n + " bytes (the limit, p4j.pool.maxMessageBytes, is "
                    + MAX_FRAME_BYTES + ")");
        }
        byte[] b = null;
        int got = 0;
        try {
            b = new byte[Math.min(n, 1 << 20)];
            while (got < n) {
                if (got == b.length) {
                    b = java.util.Arrays.copyOf(b, (int) Math.min(n, 2L * b.length));
                }
                int r = in.read(b, got, b.length - got);
                if (r < 0) {
                    throw new java.io.EOFException("the connection ended after " + got + " of a value's " + n + " bytes");
                }
                got += r;
            }
        } catch (OutOfMemoryError e) {
            b = null;
            in.skipNBytes(n - got);
            throw new SerializationException("a value of " + (n >> 20) + " MiB does not fit in this JVM's heap ("
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB at most; raise it with -Xmx)", null);
        }
        return b;
    }
}
