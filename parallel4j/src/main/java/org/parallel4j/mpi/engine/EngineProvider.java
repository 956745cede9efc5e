package org.parallel4j.mpi.engine;

/**
 * One way to run message passing, known before anything starts: its name, whether it can run
 * here (and why not), and whether its launcher started this process.
 */
public interface EngineProvider {
    /** Whether an engine can run on this machine, and what was found. */
    record Probe(boolean available, String detail) {
    }

    /** The name users choose it by ({@code --engine threads}). */
    String name();

    /** One line for {@code p4j info}. */
    String describe();

    /** Looks, without starting anything, whether the engine can run here. */
    Probe probe();

    /** True when this process was started by the engine's launcher (so its world is waiting). */
    boolean launchedThisProcess();

    /** The engine, started on first use. */
    Engine engine();
}
