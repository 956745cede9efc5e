package org.parallel4j.mpi.engine;

import java.util.List;
import java.util.stream.Collectors;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.engine.threads.ThreadEngineProvider;

/**
 * The one place that chooses the message-passing engine: an explicit choice (system property
 * {@value #PROPERTY}, else environment variable {@value #ENV}), else the engine whose launcher
 * started this process, else threads. The choice is made once, on first use.
 */
public final class Engines {
    /** The system property naming the engine. */
    public static final String PROPERTY = "p4j.engine";
    /** The environment variable naming the engine. */
    public static final String ENV = "P4J_ENGINE";

    private static final List<EngineProvider> PROVIDERS = load();
    private static volatile Engine current;
    private static volatile String why;

    private Engines() {
    }

    /** The thread engine, then every engine found as a service (the MPI engine, where its module is present). */
    private static List<EngineProvider> load() {
        List<EngineProvider> all = new java.util.ArrayList<>();
        all.add(ThreadEngineProvider.INSTANCE);
        for (EngineProvider p : java.util.ServiceLoader.load(EngineProvider.class, Engines.class.getClassLoader())) {
            if (all.stream().noneMatch(q -> q.name().equals(p.name()))) {
                all.add(p);
            }
        }
        return List.copyOf(all);
    }

    /** Every engine this build knows, the default first. */
    public static List<EngineProvider> all() {
        return PROVIDERS;
    }

    /** The engine called {@code name}, or an {@link ErrorClass#ARG} error listing the known ones. */
    public static EngineProvider byName(String name) {
        for (EngineProvider p : PROVIDERS) {
            if (p.name().equalsIgnoreCase(name.trim())) {
                return p;
            }
        }
        throw new MpiException(ErrorClass.ARG, "unknown engine '" + name + "' (known: "
                + PROVIDERS.stream().map(EngineProvider::name).collect(Collectors.joining(", ")) + ")");
    }

    /** The engine in use: chosen on first call. */
    public static Engine current() {
        Engine e = current;
        if (e == null) {
            synchronized (Engines.class) {
                if (current == null) {
                    EngineProvider p = choose();
                    EngineProvider.Probe probe = p.probe();
                    if (!probe.available()) {
                        throw new MpiException(ErrorClass.ARG, "engine '" + p.name() + "' (" + why + ") cannot run here: " + probe.detail());
                    }
                    current = p.engine();
                }
                e = current;
            }
        }
        return e;
    }

    /** Why the current (or next) engine is the one: "chosen by -Dp4j.engine=threads", "started by mpirun", "the default". */
    public static String reason() {
        if (why == null) {
            choose();
        }
        return why;
    }

    private static EngineProvider choose() {
        Choice c = choose(System.getProperty(PROPERTY), System.getenv(ENV), PROVIDERS);
        why = c.reason();
        return c.provider();
    }

    /** An engine and why it was chosen. */
    record Choice(EngineProvider provider, String reason) {
    }

    /** The rule, given the property's and the variable's values (null when unset) and the known engines. */
    static Choice choose(String property, String env, List<EngineProvider> providers) {
        if (property != null && !property.isBlank()) {
            return new Choice(byName(property), "chosen by -D" + PROPERTY + "=" + property);
        }
        if (env != null && !env.isBlank()) {
            return new Choice(byName(env), "chosen by " + ENV + "=" + env);
        }
        for (EngineProvider p : providers) {
            if (p.launchedThisProcess()) {
                return new Choice(p, "this process was started by its launcher");
            }
        }
        return new Choice(providers.getFirst(), "the default");
    }
}
