package org.parallel4j.pool.internal;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.parallel4j.internal.JdkSerializationCodec;
import org.parallel4j.pool.RemoteException;

/**
 * The main class of a worker JVM: reads frames from stdin, writes frames to stdout (user code's
 * {@code System.out} goes to stderr), exits when stdin closes, so a worker never outlives
 * its parent.
 */
public final class WorkerMain {
    private static DataInputStream in;
    private static DataOutputStream out;
    private static final ArrayDeque<Integer> PENDING_TYPES = new ArrayDeque<>();
    private static final Object IO = new Object();
    private static volatile boolean inWorker;
    /** The batch (first task index) and item running now, or -1: told to the parent if this JVM exits mid-task. */
    private static volatile long runningBatch = -1;
    private static volatile int runningItem = -1;

    private WorkerMain() {
    }

    /** True inside a worker JVM. */
    static boolean inWorker() {
        return inWorker;
    }

    public static void main(String[] args) {
        inWorker = true;
        PipeInput pipe = new PipeInput(new FileInputStream(FileDescriptor.in));
        in = new DataInputStream(pipe);
        out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        // Results go out when there is no task left to read: batched, one write per burst.
        pipe.beforeBlock(() -> {
            synchronized (IO) {
                try {
                    out.flush();
                } catch (IOException e) {
                    System.exit(2); // the parent is gone
                }
            }
        });
        System.setOut(System.err);
        // A task that calls System.exit still delivers the results of the tasks before it.
        // and names the task that called it, so the parent fails exactly that task.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (IO) {
                try {
                    if (runningBatch >= 0) {
                        out.writeInt(Wire.DYING);
                        out.writeLong(runningBatch);
                        out.writeInt(runningItem);
                    }
                    out.flush();
                } catch (IOException ignored) {
                    // the parent is gone
                }
            }
        }));
        ClassLoader loader = WorkerMain.class.getClassLoader();
        Map<Integer, Object> functions = new HashMap<>();
        try {
            while (true) {
                int type;
                try {
                    type = in.readInt();
                } catch (EOFException parentGone) {
                    System.exit(0);
                    return;
                }
                switch (type) {
                    case Wire.INIT -> {
                        byte[] init = Wire.readBytes(in);
                        try {
                            if (init.length > 0) {
                                ((Runnable) JdkSerializationCodec.INSTANCE.decode(init, 0, init.length, loader)).run();
                            }
                        } catch (Throwable t) {
                            failed(t);
                            System.exit(3);
                        }
                        synchronized (IO) {
                            out.writeInt(Wire.READY);
                            out.flush();
                        }
                    }
                    case Wire.FUNC -> {
                        int id = in.readInt();
                        byte[] b = Wire.readBytes(in);
                        functions.put(id, JdkSerializationCodec.INSTANCE.decode(b, 0, b.length, loader));
                    }
                    case Wire.TASK -> runTask(functions, loader);
                    case Wire.RUN -> {
                        byte[] b = Wire.readBytes(in);
                        try {
                            ((Runnable) JdkSerializationCodec.INSTANCE.decode(b, 0, b.length, loader)).run();
                        } catch (Throwable t) {
                            failed(t);
                            System.exit(1);
                        }
                        synchronized (IO) {
                            out.writeInt(Wire.READY);
                            out.flush();
                        }
                        System.exit(0);
                    }
                    case Wire.EXIT -> {
                        out.flush();
                        System.exit(0);
                    }
                    default -> throw new IOException("corrupt pool message: frame type " + type);
                }
            }
        } catch (IOException e) {
            System.err.println("p4j worker: " + e);
            System.exit(2);
        }
    }

    private static void runTask(Map<Integer, Object> functions, ClassLoader loader) throws IOException {
        long batch = in.readLong();
        int fid = in.readInt();
        int n = in.readInt();
        Object[] inputs = new Object[n];
        for (int i = 0; i < n; i++) {
            inputs[i] = Wire.readValue(in, loader);
        }
        Object function = functions.get(fid);
        for (int i = 0; i < n; i++) {
            if (inputs[i] instanceof Lambdas.Ref ref) {
                try {
                    inputs[i] = Lambdas.rebuild((Lambdas.Shape) functions.get(ref.shapeId()), ref.capturedValues(), loader);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IOException("cannot rebuild a lambda task: " + e, e);
                }
            }
        }
        Object[] results = new Object[n];
        Throwable[] errors = new Throwable[n];
        long t0 = System.nanoTime();
        runningBatch = batch;
        for (int i = 0; i < n; i++) {
            runningItem = i;
            try {
                results[i] = Invoker.invoke(function, inputs[i]);
            } catch (Throwable t) {
                errors[i] = t;
            }
        }
        runningBatch = -1;
        long elapsed = System.nanoTime() - t0;
        synchronized (IO) {
            out.writeInt(Wire.RESULT);
            out.writeLong(batch);
            out.writeLong(elapsed);
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                if (errors[i] == null) {
                    out.writeBoolean(true);
                    try {
                        Wire.writeValue(out, results[i]);
                    } catch (RuntimeException notSerializable) {
                        // Sent as this item's error instead; the frame stays whole because encode failed before writing.
                        out.writeBoolean(false);
                        Wire.writeValue(out, RemoteException.of(notSerializable));
                    }
                } else {
                    out.writeBoolean(false);
                    Wire.writeValue(out, RemoteException.of(errors[i]));
                }
            }
        }
    }

    private static void failed(Throwable t) throws IOException {
        synchronized (IO) {
            out.writeInt(Wire.FAILED);
            Wire.writeValue(out, RemoteException.of(t));
            out.flush();
        }
    }

    /** A queue request from user code in this worker: send, then read frames until the reply. */
    static Object request(int type, long queue, Object value, long timeoutNanos) {
        try {
            synchronized (IO) {
                out.writeInt(type);
                out.writeLong(queue);
                if (type == Wire.QPUT) {
                    Wire.writeValue(out, value);
                } else {
                    out.writeLong(timeoutNanos);
                }
                out.flush();
            }
            int t = in.readInt();
            if (t != Wire.REPLY) {
                throw new IOException("expected a queue reply, got frame type " + t
                        + " (queues are for WorkerProcess bodies, used from the worker's main thread)");
            }
            boolean present = in.readBoolean();
            return new Object[] {present, Wire.readValue(in, WorkerMain.class.getClassLoader())};
        } catch (IOException e) {
            throw new org.parallel4j.pool.PoolException("lost the pipe to the parent: " + e, e, -1, null);
        }
    }
}
