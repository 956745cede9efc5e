package org.parallel4j.mpi;

import org.parallel4j.internal.SerializationCodec;

/**
 * Turns objects into bytes and back for the object tier ({@code sendObject},
 * {@code bcastObject}, ...). The default ({@link #standard()}) writes a graph of standard types
 * in a compact form with Kryo (when Kryo is on the class path) and anything else with JDK
 * serialization behind an {@link java.io.ObjectInputFilter} ({@link #jdk()}); set another with
 * {@link Mpi#setObjectCodec(ObjectCodec)} or the system property {@code p4j.mpi.codec}
 * (a class name with a public no-argument constructor).
 *
 * <p><b>Threading.</b> A codec is called from every rank at once and must be thread-safe.
 */
public interface ObjectCodec {
    /**
     * The bytes of {@code value}; throw {@link MpiException} with {@link ErrorClass#SERIALIZATION} when it cannot be encoded.
     *
     * @param value the object to encode
     * @return the bytes of {@code value}
     */
    byte[] encode(Object value);

    /**
     * The object encoded in {@code data[offset, offset + length)}, with its classes resolved
     * through {@code loader} (each rank of the thread engine has its own).
     *
     * @param data the encoded bytes
     * @param offset the index of the first byte
     * @param length the number of bytes
     * @param loader the class loader to resolve classes with
     * @return the object decoded
     */
    Object decode(byte[] data, int offset, int length, ClassLoader loader);

    /**
     * The default: a graph made only of standard types (strings, boxed numbers, arrays, the
     * JDK's lists, sets, maps and deques, {@code List.of} and friends, enums, big numbers,
     * serializable records of those) in a compact form with Kryo, several times faster than
     * JDK serialization; any other graph whole with {@link #jdk()}, so user classes keep JDK
     * serialization's semantics. The receiver gets the same graph either way. Without Kryo on
     * the class path (or module path) it is {@link #jdk()}.
     *
     * @return the codec parallel4j uses unless told otherwise
     */
    static ObjectCodec standard() {
        return SerializationCodec.STANDARD;
    }

    /**
     * JDK serialization for every value, filtered: depth, references and size are bounded, and known gadget packages are refused.
     *
     * @return a codec that writes JDK serialization only (and reads both forms)
     */
    static ObjectCodec jdk() {
        return SerializationCodec.JDK;
    }
}
