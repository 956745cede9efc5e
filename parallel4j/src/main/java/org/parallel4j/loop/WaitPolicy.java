package org.parallel4j.loop;

/**
 * How idle team threads wait, as OpenMP's {@code OMP_WAIT_POLICY}: {@link #ACTIVE} spins
 * long (lowest latency, burns a core while idle), {@link #PASSIVE} parks almost at once
 * (frees the core, costs a wake-up of several microseconds). The default spins for about a
 * tenth of a millisecond, then parks. Set with {@code P4J_WAIT_POLICY} or {@code OMP_WAIT_POLICY}.
 */
public enum WaitPolicy {
    /** Spin for a long time before parking. */
    ACTIVE,
    /** Spin briefly, then park: the default. */
    BALANCED,
    /** Park almost at once. */
    PASSIVE
}
