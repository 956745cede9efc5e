package org.parallel4j.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.ObjectCodec;

/**
 * JDK serialization behind an {@link ObjectInputFilter}. The filter bounds depth, references
 * and array sizes and refuses packages known for deserialization gadgets; set
 * {@code p4j.mpi.serialFilter} (JDK filter syntax) to replace it.
 */
public final class JdkSerializationCodec implements ObjectCodec {
    /** The shared instance. */
    public static final JdkSerializationCodec INSTANCE = new JdkSerializationCodec();

    /** The default filter, in JDK filter syntax (also what worker JVMs of a pool apply to their input). */
    public static final String DEFAULT_FILTER = "maxdepth=200;maxrefs=100000000;maxarray=2147483647;"
            + "!org.apache.commons.collections.functors.*;!org.apache.commons.collections4.functors.*;"
            + "!org.codehaus.groovy.runtime.*;!org.springframework.beans.factory.*;!com.sun.rowset.*;"
            + "!javax.management.*;!java.rmi.server.*";

    private final ObjectInputFilter filter = ObjectInputFilter.Config.createFilter(
            System.getProperty("p4j.mpi.serialFilter", DEFAULT_FILTER));

    private JdkSerializationCodec() {
    }

    @Override
    public byte[] encode(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new MpiException(ErrorClass.SERIALIZATION, "cannot send a " + (value == null ? "null" : value.getClass().getName())
                    + ": it holds a " + e.getMessage() + ", which is not Serializable (implement java.io.Serializable or mark the field transient)", e);
        } catch (IOException e) {
            throw new MpiException(ErrorClass.SERIALIZATION, "cannot serialize a " + value.getClass().getName() + ": " + e, e);
        }
        return bytes.toByteArray();
    }

    @Override
    public Object decode(byte[] data, int offset, int length, ClassLoader loader) {
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(data, offset, length), loader)) {
            in.setObjectInputFilter(filter);
            return in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new MpiException(ErrorClass.SERIALIZATION, "cannot deserialize a message of " + length + " bytes: " + e, e);
        }
    }

    /** Resolves classes through the receiving rank's loader. */
    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            if (loader == null) {
                return super.resolveClass(desc);
            }
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
