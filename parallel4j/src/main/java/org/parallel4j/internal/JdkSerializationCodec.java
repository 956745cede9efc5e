package org.parallel4j.internal;

import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.ObjectCodec;

/**
 * The message-passing object codec: {@link Serialization} (filtered JDK serialization), its
 * failures reported as {@link MpiException}s of class {@link ErrorClass#SERIALIZATION}.
 */
public final class JdkSerializationCodec implements ObjectCodec {
    /** The shared instance. */
    public static final JdkSerializationCodec INSTANCE = new JdkSerializationCodec();

    private JdkSerializationCodec() {
    }

    @Override
    public byte[] encode(Object value) {
        try {
            return Serialization.encode(value);
        } catch (SerializationException e) {
            throw new MpiException(ErrorClass.SERIALIZATION, "cannot send: " + e.getMessage(), e);
        }
    }

    @Override
    public Object decode(byte[] data, int offset, int length, ClassLoader loader) {
        try {
            return Serialization.decode(data, offset, length, loader);
        } catch (SerializationException e) {
            throw new MpiException(ErrorClass.SERIALIZATION, "cannot receive: " + e.getMessage(), e);
        }
    }
}
