package org.parallel4j.mpi;

import org.parallel4j.internal.JdkSerializationCodec;

/**
 * Turns objects into bytes and back for the object tier ({@code sendObject},
 * {@code bcastObject}, ...). The default is JDK serialization behind an
 * {@link java.io.ObjectInputFilter} ({@link #jdk()}); set another with
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
     * JDK serialization, filtered: depth, references and size are bounded, and known gadget packages are refused.
     *
     * @return the codec parallel4j uses unless told otherwise
     */
    static ObjectCodec jdk() {
        return JdkSerializationCodec.INSTANCE;
    }
}
