package org.parallel4j.pool.internal;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Applies what a batch carries to one input: a function, a two-argument function on a {@code Map.Entry}, a callable or a runnable. */
final class Invoker {
    private Invoker() {
    }

    /** The function of single-task batches: the input is the task itself (a callable, runnable or {@link Applied}). */
    enum Call implements java.io.Serializable {
        INSTANCE
    }

    /** The two arguments of a {@code starmap} task. */
    record Pair(Object first, Object second) implements java.io.Serializable {
    }

    /** A function and its argument, for {@code applyAsync}. */
    record Applied(Object function, Object argument) implements java.io.Serializable {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object invoke(Object function, Object input) throws Exception {
        if (function == Call.INSTANCE) {
            return input instanceof Applied a ? invoke(a.function(), a.argument()) : invoke(input, null);
        }
        return switch (function) {
            case Function f -> f.apply(input);
            case BiFunction f -> {
                if (input instanceof Pair p) {
                    yield f.apply(p.first(), p.second());
                }
                Map.Entry e = (Map.Entry) input;
                yield f.apply(e.getKey(), e.getValue());
            }
            case Callable c -> c.call();
            case Runnable r -> {
                r.run();
                yield null;
            }
            default -> throw new IllegalArgumentException("cannot run a " + function.getClass().getName());
        };
    }

    /** Runs every item of a batch, each failure caught on its own. */
    static void runAll(Object function, Object[] inputs, Object[] results, Throwable[] errors) {
        for (int i = 0; i < inputs.length; i++) {
            if (errors[i] != null) {
                continue; // failed before it could run (a task that could not be rebuilt)
            }
            try {
                results[i] = invoke(function, inputs[i]);
            } catch (Throwable t) {
                errors[i] = t;
            }
        }
    }
}
