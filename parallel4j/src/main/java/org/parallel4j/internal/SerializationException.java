package org.parallel4j.internal;

import java.io.Serial;

/**
 * A value could not be serialized or deserialized; the message says which value, why and what
 * to do. Each model turns it into its own error (an {@code MpiException} for message passing,
 * a task failure for pools).
 */
public final class SerializationException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}, caused by {@code cause} (may be null). */
    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
