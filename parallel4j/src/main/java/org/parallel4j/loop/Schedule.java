package org.parallel4j.loop;

import java.util.Locale;

/**
 * How the iterations of a parallel loop are dealt to the threads, as OpenMP's
 * {@code schedule} clause.
 *
 * <ul>
 *   <li>{@link #staticBlocks()} ({@code schedule(static)}): one contiguous block per thread.
 *   With {@code n} iterations and {@code T} threads, thread {@code t} gets {@code n / T}
 *   iterations, and the first {@code n % T} threads one more, in thread order (GCC's map).
 *   Reproducible: the same iterations always go to the same thread.</li>
 *   <li>{@link #staticChunks(int) staticChunks(c)} ({@code static,c}): chunk {@code k} of
 *   {@code c} iterations goes to thread {@code k % T}.</li>
 *   <li>{@link #dynamic(int) dynamic(c)}: threads take chunks of {@code c} from a shared
 *   counter as they finish the previous one.</li>
 *   <li>{@link #guided(int) guided(c)}: like dynamic, each chunk {@code ceil(remaining / T)}
 *   iterations and never fewer than {@code c} (except the last).</li>
 *   <li>{@link #runtime()}: read from {@code P4J_SCHEDULE}, then {@code OMP_SCHEDULE}
 *   ({@code "dynamic,4"}, {@code "guided"}, {@code "static"}); static when neither is set.</li>
 * </ul>
 *
 * @param kind the kind of schedule
 * @param chunk the chunk size; 0 for plain static (one block per thread)
 */
public record Schedule(Kind kind, int chunk) {
    /** The kinds of schedule. */
    public enum Kind {
        /** Blocks or round-robin chunks, fixed in advance. */
        STATIC,
        /** Chunks taken from a shared counter. */
        DYNAMIC,
        /** Shrinking chunks taken from a shared counter. */
        GUIDED
    }

    /** Checks the chunk size. */
    public Schedule {
        if (kind == null) {
            throw new IllegalArgumentException("schedule kind is null");
        }
        if (chunk < 0 || (chunk == 0 && kind != Kind.STATIC)) {
            throw new IllegalArgumentException("chunk size " + chunk + " for a " + kind.name().toLowerCase(Locale.ROOT)
                    + " schedule: it must be at least 1");
        }
    }

    /**
     * {@code schedule(static)}: one near-equal block per thread.
     *
     * @return the schedule
     */
    public static Schedule staticBlocks() {
        return new Schedule(Kind.STATIC, 0);
    }

    /**
     * {@code schedule(static, chunk)}: chunk k to thread k mod T.
     *
     * @param chunk the chunk size (at least 1)
     * @return the schedule
     */
    public static Schedule staticChunks(int chunk) {
        return new Schedule(Kind.STATIC, chunk);
    }

    /**
     * {@code schedule(dynamic, chunk)}.
     *
     * @param chunk the chunk size (at least 1)
     * @return the schedule
     */
    public static Schedule dynamic(int chunk) {
        return new Schedule(Kind.DYNAMIC, chunk);
    }

    /**
     * {@code schedule(guided, chunk)}: chunks proportional to remaining / threads, never below {@code chunk}.
     *
     * @param chunk the chunk size (at least 1)
     * @return the schedule
     */
    public static Schedule guided(int chunk) {
        return new Schedule(Kind.GUIDED, chunk);
    }

    /**
     * {@code schedule(runtime)}: from {@code P4J_SCHEDULE}, then {@code OMP_SCHEDULE}, else static.
     *
     * @return the schedule the environment names
     */
    public static Schedule runtime() {
        String spec = System.getenv("P4J_SCHEDULE");
        if (spec == null || spec.isBlank()) {
            spec = System.getenv("OMP_SCHEDULE");
        }
        return spec == null || spec.isBlank() ? staticBlocks() : parse(spec);
    }

    /**
     * Parses OpenMP's syntax: {@code static}, {@code static,4}, {@code dynamic}, {@code dynamic,4},
     * {@code guided,2} (case-insensitive; OpenMP 4.5 modifiers such as {@code monotonic:} are accepted and ignored).
     *
     * @param spec the schedule as text, as {@code OMP_SCHEDULE} takes it
     * @return the schedule
     */
    public static Schedule parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        int colon = s.indexOf(':');
        if (colon >= 0) {
            s = s.substring(colon + 1).trim();
        }
        String[] parts = s.split(",", -1);
        int chunk;
        try {
            chunk = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : -1;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("schedule '" + spec + "': the chunk '" + parts[1].trim() + "' is not a number");
        }
        if (parts.length > 2 || chunk == 0 || chunk < -1) {
            throw new IllegalArgumentException("schedule '" + spec + "': expected kind[,chunk] with chunk >= 1, e.g. dynamic,4");
        }
        return switch (parts[0].trim()) {
            case "static" -> chunk < 0 ? staticBlocks() : staticChunks(chunk);
            case "dynamic" -> dynamic(chunk < 0 ? 1 : chunk);
            case "guided" -> guided(chunk < 0 ? 1 : chunk);
            case "auto" -> staticBlocks();
            default -> throw new IllegalArgumentException("schedule '" + spec + "': unknown kind '" + parts[0].trim()
                    + "' (use static, dynamic, guided or auto)");
        };
    }

    @Override
    public String toString() {
        String k = kind.name().toLowerCase(Locale.ROOT);
        return chunk == 0 ? k : k + "," + chunk;
    }
}
