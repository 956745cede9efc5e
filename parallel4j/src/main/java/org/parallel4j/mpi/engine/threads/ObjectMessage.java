package org.parallel4j.mpi.engine.threads;

/**
 * The payload of an object-tier message: a graph copied for the receiver
 * ({@link ObjectCopier}), or the codec's bytes when the graph holds types the copier
 * does not handle or the copy is switched off ({@link Settings#OBJECT_COPY}).
 */
final class ObjectMessage {
    /** A graph already copied for its receiver. */
    record Copied(Object value) {
    }

    private ObjectMessage() {
    }

    /** The payload for sending {@code value} from {@code from} to {@code to}. */
    static Object of(Object value, RankContext from, RankContext to) {
        if (Settings.OBJECT_COPY) {
            Object copy = ObjectCopier.copy(value, to.loader, to.sharedClasses);
            if (copy != ObjectCopier.UNSUPPORTED) {
                return new Copied(copy);
            }
        }
        return from.codec.encode(value);
    }

    /** The object a receiver gets from a payload. */
    static Object open(Object payload, RankContext receiver) {
        if (payload instanceof Copied c) {
            return c.value();
        }
        byte[] bytes = (byte[]) payload;
        return receiver.codec.decode(bytes, 0, bytes.length, receiver.loader);
    }

    /** The serialized size, or 0 for a copied graph (it was never serialized): cheap, for every message. */
    static long bytes(Object payload) {
        return payload instanceof byte[] b ? b.length : 0;
    }

    /**
     * The serialized size, serializing a copied graph to measure it: for a status the user
     * asked for (probe, a receive with a status), so that {@code Status.bytes()} is the same
     * whether or not the graph travelled as bytes.
     */
    static long serializedBytes(Object payload, RankContext receiver) {
        if (payload instanceof Copied c) {
            return receiver.codec.encode(c.value()).length;
        }
        return bytes(payload);
    }
}
