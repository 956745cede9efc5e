package org.parallel4j.mpi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hints for the calls that take them ({@code MPI_Info}): {@link Comm#spawn} (for instance
 * {@code "wdir"}, {@code "host"} on the MPI engine), {@link Comm#fileOpen} (for instance
 * {@code "cb_nodes"}, {@code "striping_factor"}), window creation ({@code "no_locks"}) and
 * {@link Comm#setInfo} / {@link Comm#dup(Info)}. Immutable, keys in the order given. As in MPI,
 * a hint the library does not know is ignored; the thread engine acts on a window's
 * {@code "no_locks"} only (both engines then refuse locks on it) and reports the others as given.
 *
 * <pre>{@code
 * Info hints = Info.of("wdir", "/scratch/run1");
 * Intercomm kids = world.spawn(Worker.class.getName(), args, 4, hints, 0);
 * }</pre>
 */
public final class Info {
    /** No hints ({@code MPI_INFO_NULL}). */
    public static final Info NULL = new Info(Map.of());
    /** The longest key the libraries accept ({@code MPI_MAX_INFO_KEY}, 255 in Open MPI and MPICH). */
    public static final int MAX_KEY = 255;
    /** The longest value both libraries accept (Open MPI's {@code MPI_MAX_INFO_VAL}, 256; MPICH's is 1024). */
    public static final int MAX_VALUE = 256;

    private final Map<String, String> entries;

    private Info(Map<String, String> entries) {
        this.entries = entries;
    }

    /**
     * Hints from key, value pairs.
     *
     * @param keysAndValues key, value, key, value, ...
     * @return the hints
     */
    public static Info of(String... keysAndValues) {
        if (keysAndValues == null || keysAndValues.length % 2 != 0) {
            throw new MpiException(ErrorClass.ARG, "Info.of needs key, value pairs, got " + (keysAndValues == null ? "null"
                    : keysAndValues.length + " strings"));
        }
        Info info = NULL;
        for (int i = 0; i < keysAndValues.length; i += 2) {
            info = info.with(keysAndValues[i], keysAndValues[i + 1]);
        }
        return info;
    }

    /**
     * These hints with {@code key} set to {@code value}.
     *
     * @param key the hint's name: not blank, at most {@link #MAX_KEY} characters
     * @param value its value: not null, at most {@link #MAX_VALUE} characters
     * @return the new hints
     */
    public Info with(String key, String value) {
        if (key == null || key.isBlank() || key.length() > MAX_KEY) {
            throw new MpiException(ErrorClass.ARG, "an Info key must be 1.." + MAX_KEY + " characters, got "
                    + (key == null ? "null" : "\"" + key + "\" (" + key.length() + ")"));
        }
        if (value == null || value.length() > MAX_VALUE) {
            throw new MpiException(ErrorClass.ARG, "the value of Info key \"" + key + "\" must be 0.." + MAX_VALUE + " characters, got "
                    + (value == null ? "null" : value.length() + " characters"));
        }
        Map<String, String> m = new LinkedHashMap<>(entries);
        m.put(key, value);
        return new Info(Collections.unmodifiableMap(m));
    }

    /**
     * The value of {@code key}, or null.
     *
     * @param key the hint's name
     * @return its value, or null
     */
    public String get(String key) {
        return entries.get(key);
    }

    /**
     * Every hint, in the order set.
     *
     * @return the hints as an unmodifiable map
     */
    public Map<String, String> asMap() {
        return entries;
    }

    @Override
    public String toString() {
        return "Info" + entries;
    }
}
