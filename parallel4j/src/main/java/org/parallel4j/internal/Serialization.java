package org.parallel4j.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * Serialization as every model uses it: graphs of standard types in a compact form
 * ({@link CompactForm}: the same graph back, several times faster), anything else with JDK
 * serialization, with errors that name the value, the path to what is
 * not serializable, and the reason a message is refused ({@link SerialFilter}); a graph nested
 * deeper than the thread's stack allows fails with a message instead of a
 * {@link StackOverflowError}, and one too large for the heap with one instead of an
 * {@link OutOfMemoryError}.
 */
public final class Serialization {
    /** The system property with the user's deserialization filter (JDK filter syntax). */
    public static final String FILTER_PROPERTY = SerialFilter.PROPERTY;

    private Serialization() {
    }

    /** The bytes of {@code value}: the compact form for a graph of standard types ({@link CompactForm}), else JDK serialization. */
    public static byte[] encode(Object value) {
        byte[] compact = CompactForm.encode(value);
        return compact != null ? compact : encodeJdk(value);
    }

    /** The JDK serialization bytes of {@code value}. */
    public static byte[] encodeJdk(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            String path = SerialPath.find(value);
            throw new SerializationException("a " + value.getClass().getName() + " cannot be serialized: "
                    + (path != null ? path : e.getMessage() + " is not Serializable")
                    + " (implement java.io.Serializable, mark the field transient, or use a serializable value)", e);
        } catch (IOException e) {
            throw new SerializationException("a " + value.getClass().getName() + " cannot be serialized: " + e, e);
        } catch (StackOverflowError e) {
            throw new SerializationException("a " + value.getClass().getName() + " is nested too deeply to serialize on this thread's stack"
                    + " (a linked structure of many thousands of nodes: send it as an array or list, or give the thread a larger stack)", null);
        } catch (OutOfMemoryError e) {
            throw new SerializationException("a " + value.getClass().getName() + " is too large to serialize in this JVM's heap ("
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB at most): " + e.getMessage(), null);
        }
        return bytes.toByteArray();
    }

    /** The value encoded in {@code data[offset, offset + length)}, its classes resolved through {@code loader} (or the default). */
    public static Object decode(byte[] data, int offset, int length, ClassLoader loader) {
        if (length > 0 && data[offset] == CompactForm.MAGIC) {
            return CompactForm.decode(data, offset, length, loader);
        }
        SerialFilter filter = new SerialFilter(length);
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(data, offset, length), loader)) {
            in.setObjectInputFilter(filter);
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new SerializationException("a message of " + length + " bytes holds a class that cannot be loaded here: "
                    + e.getMessage() + " (put it on this JVM's class path)", e);
        } catch (InvalidClassException e) {
            if (filter.refusal() != null) {
                throw new SerializationException("a message of " + length + " bytes was refused: " + filter.refusal(), e);
            }
            throw new SerializationException("a message of " + length + " bytes cannot be read here: " + e.getMessage()
                    + " (are both sides running the same version of that class?)", e);
        } catch (IOException | RuntimeException e) {
            if (filter.refusal() != null) {
                throw new SerializationException("a message of " + length + " bytes was refused: " + filter.refusal(), e);
            }
            throw new SerializationException("a message of " + length + " bytes cannot be deserialized: " + e, e);
        } catch (StackOverflowError e) {
            throw new SerializationException("a message of " + length + " bytes is nested too deeply to deserialize on this thread's stack"
                    + " (a linked structure of many thousands of nodes: send it as an array or list)", null);
        } catch (OutOfMemoryError e) {
            throw new SerializationException("a message of " + length + " bytes does not fit in this JVM's heap ("
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB at most) once deserialized", null);
        }
    }

    /** The user's filter pattern ({@value #FILTER_PROPERTY}), or empty. */
    public static String userFilter() {
        return SerialFilter.userPattern();
    }

    /** Resolves classes through a given loader first. */
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
