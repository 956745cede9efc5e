package org.parallel4j.mpi.engine.threads;

/**
 * Every tunable of the thread engine, each system property next to its default, units in
 * the names. Read once, when the engine is first used.
 */
final class Settings {
    /** {@code p4j.threads.eagerLimitBytes}: messages up to this size are buffered, so a standard send returns at once. */
    static final int EAGER_LIMIT_BYTES = Integer.getInteger("p4j.threads.eagerLimitBytes", 16 * 1024);

    /** {@code p4j.threads.stageLimitBytes}: collectives up to this many bytes per rank are staged on the board (one barrier). */
    static final int STAGE_LIMIT_BYTES = Integer.getInteger("p4j.threads.stageLimitBytes", 2048);

    /** {@code p4j.threads.spinIterations}: spins before a wait parks, when every rank has a core. */
    static final int SPIN_ITERATIONS = Integer.getInteger("p4j.threads.spinIterations", 20_000);

    /** {@code p4j.threads.oversubscribedSpinIterations}: spins before parking when ranks outnumber cores. */
    static final int OVERSUBSCRIBED_SPIN_ITERATIONS = Integer.getInteger("p4j.threads.oversubscribedSpinIterations", 64);

    /** {@code p4j.threads.parkSliceMillis}: the longest a parked wait sleeps before it rechecks failure and deadlines. */
    static final long PARK_SLICE_NANOS = Long.getLong("p4j.threads.parkSliceMillis", 20) * 1_000_000L;

    /** {@code p4j.threads.watchdogPeriodMillis}: how often the watchdog looks for deadlock and timeouts. */
    static final long WATCHDOG_PERIOD_NANOS = Long.getLong("p4j.threads.watchdogPeriodMillis", 30) * 1_000_000L;

    /** {@code p4j.threads.objectCopy}: copy object graphs directly instead of through the codec, where possible. */
    static final boolean OBJECT_COPY = Boolean.parseBoolean(System.getProperty("p4j.threads.objectCopy", "true"));

    private Settings() {
    }
}
