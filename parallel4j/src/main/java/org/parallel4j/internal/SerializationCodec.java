package org.parallel4j.internal;

import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.ObjectCodec;

/**
 * The message-passing object codecs over {@link Serialization}, their failures reported as
 * {@link MpiException}s of class {@link ErrorClass#SERIALIZATION}: {@link #STANDARD} (standard
 * types in the compact form, the rest JDK serialization) and {@link #JDK} (JDK serialization
 * only). Both decode either form.
 */
public final class SerializationCodec implements ObjectCodec {
    /** Standard types compact, the rest JDK serialization: the default. */
    public static final SerializationCodec STANDARD = new SerializationCodec(true);
    /** JDK serialization for every value. */
    public static final SerializationCodec JDK = new SerializationCodec(false);

    private final boolean compact;

    private SerializationCodec(boolean compact) {
        this.compact = compact;
    }

    /** What it writes, for {@code p4j info}: whether the compact form is in use in this JVM and why not. */
    @Override
    public String toString() {
        if (!compact) {
            return "JDK serialization (filtered)";
        }
        return CompactForm.usable() ? "compact (Kryo) for standard types, JDK serialization (filtered) for the rest"
                : "JDK serialization (filtered)" + (CompactForm.ENABLED ? "; Kryo is not on the class path, so no compact form"
                        : "; the compact form is off (p4j.serialization.compact=false)");
    }

    @Override
    public byte[] encode(Object value) {
        try {
            return compact ? Serialization.encode(value) : Serialization.encodeJdk(value);
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
