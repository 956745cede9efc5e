package org.parallel4j.pool.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.parallel4j.internal.Serialization;
import org.parallel4j.internal.SerializationException;
import org.parallel4j.pool.PoolException;
import org.parallel4j.pool.TaskFailedException;

/**
 * What a task becomes on its way to a worker JVM, and what its outcomes say when they come
 * back: the transport-independent half of the worker-JVM backend (a pool over MPI ranks
 * encodes its tasks the same way).
 *
 * <p>Implementation note: a map's function, and the shape of a submitted lambda (its class
 * and method, without the captured values), are serialized once and given an id; each
 * connection sends the bytes of an id the first time a task needs it ({@link #writeFunctions}),
 * and a task carries only the id and its inputs (a submitted lambda: its captured values).
 * Anything that cannot be serialized is refused when it is submitted, with the captured value
 * that is to blame.
 */
final class TaskCodec {
    /** Functions and lambda shapes already serialized (weakly held: a finished map's function is forgotten). */
    private final Map<Object, Integer> functionIds = new java.util.WeakHashMap<>();
    private final Map<Integer, byte[]> functionBytes = new ConcurrentHashMap<>();
    private int nextFunctionId = 1;

    /**
     * Readies a function or a single task for a worker JVM: a function is registered and
     * travels as its id; a submitted lambda as its shape's id and its captured values; any
     * other task as its serialized bytes. Throws a {@link PoolException} naming what cannot
     * be serialized.
     */
    Object prepare(Object task) {
        Object code = task instanceof Invoker.Applied a ? a.function() : task;
        if (!(code instanceof Invoker.Call)) {
            WorkerClassPath.check(code.getClass(), "the task");
        }
        if (task instanceof Invoker.Call || task instanceof Function<?, ?> || task instanceof BiFunction<?, ?, ?>) {
            functionId(task);
            return task;
        }
        // A single task travels as a value, encoded once, here, so that an error names it at submit time.
        SerializedLambda sl = Lambdas.serialized(task);
        if (sl != null) {
            int shape = shapeId(task.getClass(), sl);
            try {
                return new Lambdas.Call(shape, Lambdas.encodeCaptured(sl));
            } catch (IOException | RuntimeException e) {
                encode(task, "task"); // throws with the message naming the culprit
            }
        }
        return new Wire.Preencoded(encode(task, "task"));
    }

    /** The id of a lambda expression's shape, registered (and serialized) the first time it is seen. */
    private synchronized int shapeId(Class<?> lambdaClass, SerializedLambda sl) {
        Integer id = functionIds.get(lambdaClass);
        if (id == null) {
            id = nextFunctionId++;
            functionBytes.put(id, encode(Lambdas.shapeOf(sl), "lambda"));
            functionIds.put(lambdaClass, id);
        }
        return id;
    }

    /** The id of a batch's function, registered (and serialized) the first time it is seen. */
    synchronized int functionId(Object function) {
        Integer id = functionIds.get(function);
        if (id == null) {
            id = nextFunctionId++;
            functionBytes.put(id, encode(function, "task"));
            functionIds.put(function, id);
        }
        return id;
    }

    /**
     * Writes the inputs of {@code b} into {@code frame} (reset first). An input that cannot be
     * serialized throws a {@link PoolException} naming the batch's tasks, so that it fails its
     * batch and never half a frame on the connection.
     */
    static void encodeInputs(Batch b, ByteArrayOutputStream frame, DataOutputStream frameOut) {
        frame.reset();
        try {
            for (Object input : b.inputs) {
                Wire.writeValue(frameOut, input);
            }
        } catch (IOException | RuntimeException e) {
            throw new PoolException("an input of task " + b.firstIndex + (b.size() > 1 ? ".." + (b.firstIndex + b.size() - 1) : "")
                    + " cannot be sent to a worker JVM: " + e.getMessage(), e, b.firstIndex, null);
        }
    }

    /**
     * Writes a FUNC frame for each function or lambda shape {@code b} needs that the
     * connection has not been sent yet ({@code known}, updated), and returns the id of the
     * batch's function.
     */
    int writeFunctions(Batch b, Set<Integer> known, DataOutputStream out) throws IOException {
        for (Object input : b.inputs) {
            if (input instanceof Lambdas.Call c && known.add(c.shapeId())) {
                writeFunction(out, c.shapeId());
            }
        }
        int fid = functionId(b.function);
        if (known.add(fid)) {
            writeFunction(out, fid);
        }
        return fid;
    }

    private void writeFunction(DataOutputStream out, int id) throws IOException {
        out.writeInt(Wire.FUNC);
        out.writeInt(id);
        Wire.writeBytes(out, functionBytes.get(id));
    }

    /** JDK serialization, or an error naming the value that cannot be serialized. */
    static byte[] encode(Object task, String what) {
        try {
            return Serialization.encode(task);
        } catch (SerializationException e) {
            throw new PoolException(what + " " + describe(task) + " cannot be sent to a worker JVM: " + culprit(task, e)
                    + " (capture only serializable values, or use a thread pool)", e.getCause(), -1, null);
        }
    }

    private static String describe(Object task) {
        String name = task.getClass().getName();
        int lambda = name.indexOf("$$Lambda");
        return lambda > 0 ? "(a lambda in " + name.substring(0, lambda) + ")" : "(" + name + ")";
    }

    /** For a serializable lambda, the captured value that is not serializable. */
    private static String culprit(Object task, SerializationException e) {
        try {
            Method m = task.getClass().getDeclaredMethod("writeReplace");
            m.setAccessible(true);
            if (m.invoke(task) instanceof SerializedLambda sl) {
                for (int i = 0; i < sl.getCapturedArgCount(); i++) {
                    Object arg = sl.getCapturedArg(i);
                    if (arg != null && !(arg instanceof java.io.Serializable)) {
                        return "it captures a " + arg.getClass().getName() + " (captured value " + (i + 1) + " of "
                                + sl.getCapturedArgCount() + ": " + MapRun.abbreviate(arg) + "), which is not Serializable";
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException ignored) {
            // not a lambda: the serializer's own message names the class
        }
        return e.getMessage();
    }

    /**
     * An outcome the parent received but cannot read (a class it cannot load or its filter
     * refuses, a graph past the depth limit); {@link #named} turns it into the task's failure.
     */
    static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean wasResult;

        Unreadable(boolean wasResult, SerializationException cause) {
            super(cause.getMessage(), cause);
            this.wasResult = wasResult;
        }
    }

    /** Replaces each {@link Unreadable} outcome of {@code b} with a failure naming its task. */
    static void named(Batch b, Throwable[] errors) {
        for (int i = 0; i < errors.length && i < b.size(); i++) {
            if (errors[i] instanceof Unreadable u) {
                errors[i] = new TaskFailedException(taskName(b.firstIndex + i, b.inputs[i]) + " ran, but its "
                        + (u.wasResult ? "result" : "exception") + " cannot be read in this JVM: " + u.getMessage(),
                        u.getCause(), b.firstIndex + i, b.inputs[i]);
            }
        }
    }

    /** A task as error messages name it: "task 3 (input 7)", or "submitted task 3" (a submitted task is its own input). */
    static String taskName(long index, Object input) {
        return input instanceof Lambdas.Call || input instanceof Wire.Preencoded || input instanceof RankBackend.Submitted ? "submitted task " + index
                : "task " + index + " (input " + MapRun.abbreviate(input) + ")";
    }
}
