package org.parallel4j.pool.internal;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.parallel4j.internal.Serialization;
import org.parallel4j.internal.SerializationException;
import org.parallel4j.pool.RemoteException;

/**
 * The main class of a worker JVM: reads and writes frames on a Unix-domain socket to its parent
 * (stdout and stderr are the user's, copied to the parent's), exits when the socket closes or
 * its parent dies, so a worker never outlives its parent.
 *
 * <p>Results are written as tasks finish and flushed before the worker would block for more
 * input or at most {@link #FLUSH_NANOS} after they were written (a flusher thread), so a long
 * task never holds back the results of the tasks before it. The frame loop runs on a thread
 * with a large stack, so deep object graphs serialize.
 */
public final class WorkerMain {
    /** The longest a written result waits for a flush. */
    static final long FLUSH_NANOS = 1_000_000L;
    /** Stack of the thread that runs tasks and (de)serializes their values. */
    static final long STACK_BYTES = 512L << 20;
    private static DataInputStream in;
    private static DataOutputStream out;
    /** Guards {@link #out}; the shutdown hook waits for it a bounded time only. */
    private static final ReentrantLock IO = new ReentrantLock();
    private static final Condition WRITTEN = IO.newCondition();
    /** Output written but not flushed, since {@link #unflushedSince}; guarded by {@link #IO}. */
    private static boolean unflushed;
    private static long unflushedSince;
    private static volatile boolean inWorker;
    private static final ClassLoader LOADER = WorkerMain.class.getClassLoader();
    /** Functions and lambda shapes by id (frame thread only). */
    private static final Map<Integer, Object> FUNCTIONS = new HashMap<>();
    /** Tasks read while a task waited for a queue reply, and an EXIT read then (frame thread only). */
    private static final ArrayDeque<Task> DEFERRED = new ArrayDeque<>();
    private static boolean exitRequested;
    private static volatile Thread frameThread;
    /** The batch (first task index) and item running now, or -1: told to the parent if this JVM exits mid-task. */
    private static volatile long runningBatch = -1;
    private static volatile int runningItem = -1;

    private WorkerMain() {
    }

    /** True inside a worker JVM. */
    static boolean inWorker() {
        return inWorker;
    }

    public static void main(String[] args) throws InterruptedException {
        inWorker = true;
        watchParent();
        // The protocol travels on a socket of its own (args: its path, this worker's token): fd 1 and 2 are the user's.
        SocketChannel channel;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(args[0]));
            ByteBuffer token = ByteBuffer.allocate(8).putLong(Long.parseLong(args[1])).flip();
            while (token.hasRemaining()) {
                channel.write(token);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("p4j worker: cannot connect to the pool at " + (args.length > 0 ? args[0] : "(no socket given)") + ": " + e);
            System.exit(2);
            return;
        }
        PipeInput pipe = new PipeInput(Channels.newInputStream(channel));
        in = new DataInputStream(pipe);
        out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
        // Before blocking for more input, everything written goes out: one write per burst.
        pipe.beforeBlock(() -> {
            boolean gone = false;
            IO.lock();
            try {
                flushLocked();
            } catch (IOException e) {
                gone = true;
            } finally {
                IO.unlock();
            }
            if (gone) {
                System.exit(2); // the parent is gone; never exit holding the lock the shutdown hook takes
            }
        });
        // A task that calls System.exit still delivers the results of the tasks before it
        // and names the task that called it, so the parent fails exactly that task.
        Runtime.getRuntime().addShutdownHook(new Thread(WorkerMain::lastWords));
        Thread flusher = new Thread(null, WorkerMain::flushLoop, "p4j-worker-flusher");
        flusher.setDaemon(true);
        flusher.start();
        Thread loop = new Thread(null, WorkerMain::serve, "p4j-worker", STACK_BYTES);
        loop.start();
        loop.join();
    }

    /** Exits within about a second of the parent's death, however the tasks are blocked. */
    private static void watchParent() {
        ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        if (parent == null) {
            return;
        }
        Thread t = new Thread(() -> {
            while (parent.isAlive() && ProcessHandle.current().parent().map(p -> p.pid() == parent.pid()).orElse(false)) {
                LockSupport.parkNanos(200_000_000L);
            }
            SharedFiles.deleteLeftBy(parent.pid()); // it cannot any more
            Runtime.getRuntime().halt(2); // no hook: nobody is left to read what it would say
        }, "p4j-worker-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    private static void lastWords() {
        try {
            if (!IO.tryLock(500, TimeUnit.MILLISECONDS)) {
                return; // a writer is stuck: the parent learns of the exit from the socket's end
            }
        } catch (InterruptedException e) {
            return;
        }
        try {
            if (runningBatch >= 0) {
                out.writeInt(Wire.DYING);
                out.writeLong(runningBatch);
                out.writeInt(runningItem);
            }
            out.flush();
        } catch (IOException ignored) {
            // the parent is gone
        } finally {
            IO.unlock();
        }
    }

    /** Flushes output that has waited {@link #FLUSH_NANOS}. */
    private static void flushLoop() {
        IO.lock();
        try {
            while (true) {
                if (!unflushed) {
                    WRITTEN.await();
                    continue;
                }
                long wait = unflushedSince + FLUSH_NANOS - System.nanoTime();
                if (wait > 0) {
                    WRITTEN.awaitNanos(wait);
                    continue;
                }
                flushLocked();
            }
        } catch (IOException | InterruptedException e) {
            // the parent is gone: the frame loop finds out on its next read or write
        } finally {
            IO.unlock();
        }
    }

    /** Holding {@link #IO}: writes what is buffered. */
    private static void flushLocked() throws IOException {
        unflushed = false;
        out.flush();
    }

    /** Holding {@link #IO}: output was written; the flusher sends it if nothing else does soon. */
    private static void writtenLocked() {
        if (!unflushed) {
            unflushed = true;
            unflushedSince = System.nanoTime();
            WRITTEN.signal();
        }
    }

    private static void serve() {
        frameThread = Thread.currentThread();
        ClassLoader loader = LOADER;
        Map<Integer, Object> functions = FUNCTIONS;
        try {
            while (true) {
                if (!DEFERRED.isEmpty()) {
                    runTask(DEFERRED.poll()); // read while a task waited for a queue reply
                    continue;
                }
                if (exitRequested) {
                    send(-1);
                    System.exit(0);
                }
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
                                ((Runnable) Serialization.decode(init, 0, init.length, loader)).run();
                            }
                        } catch (Throwable t) {
                            failed(t);
                            System.exit(3);
                        }
                        send(Wire.READY);
                    }
                    case Wire.FUNC -> readFunction();
                    case Wire.TASK -> runTask(readTask());
                    case Wire.RUN -> {
                        byte[] b = Wire.readBytes(in);
                        try {
                            ((Runnable) Serialization.decode(b, 0, b.length, loader)).run();
                        } catch (Throwable t) {
                            failed(t);
                            System.exit(1);
                        }
                        send(Wire.READY);
                        System.exit(0);
                    }
                    case Wire.EXIT -> {
                        send(-1);
                        System.exit(0);
                    }
                    default -> throw new IOException("corrupt pool message: frame type " + type);
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("p4j worker: " + e);
            System.exit(2);
        }
    }

    /** Writes frame {@code type} (none when negative) and flushes. */
    private static void send(int type) throws IOException {
        IO.lock();
        try {
            if (type >= 0) {
                out.writeInt(type);
            }
            flushLocked();
        } finally {
            IO.unlock();
        }
    }

    /** A FUNC frame's function, kept by id; one that cannot be read is kept as its error. */
    private static void readFunction() throws IOException {
        int id = in.readInt();
        byte[] b = Wire.readBytes(in);
        try {
            FUNCTIONS.put(id, Serialization.decode(b, 0, b.length, LOADER));
        } catch (SerializationException e) {
            FUNCTIONS.put(id, e); // every task of this function fails with it
        }
    }

    /** A TASK frame, read and made ready to run. */
    private record Task(long batch, Object function, Object[] inputs, Throwable[] errors) {
    }

    private static Task readTask() throws IOException {
        Map<Integer, Object> functions = FUNCTIONS;
        ClassLoader loader = LOADER;
        long batch = in.readLong();
        int fid = in.readInt();
        int n = in.readInt();
        Object[] inputs = new Object[n];
        Throwable[] errors = new Throwable[n];
        for (int i = 0; i < n; i++) {
            try {
                inputs[i] = Wire.readValue(in, loader);
            } catch (SerializationException e) {
                errors[i] = new SerializationException("its input cannot be read in the worker JVM: " + e.getMessage(), null);
            }
        }
        Object function = functions.get(fid);
        for (int i = 0; i < n; i++) {
            if (function instanceof SerializationException e) {
                errors[i] = new SerializationException("the function cannot be read in the worker JVM: " + e.getMessage(), null);
            } else if (inputs[i] instanceof Lambdas.Ref ref && functions.get(ref.shapeId()) instanceof SerializationException e) {
                errors[i] = new SerializationException("the task cannot be read in the worker JVM: " + e.getMessage(), null);
            } else if (inputs[i] instanceof Lambdas.Ref ref) {
                try {
                    inputs[i] = Lambdas.rebuild((Lambdas.Shape) functions.get(ref.shapeId()), ref.capturedValues(), loader);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    errors[i] = new SerializationException("the task cannot be rebuilt in the worker JVM: " + e, e);
                }
            }
        }
        return new Task(batch, function, inputs, errors);
    }

    private static void runTask(Task task) throws IOException {
        long batch = task.batch();
        Object function = task.function();
        Object[] inputs = task.inputs();
        Throwable[] errors = task.errors();
        int n = inputs.length;
        Object[] results = new Object[n];
        long t0 = System.nanoTime();
        runningBatch = batch;
        for (int i = 0; i < n; i++) {
            if (errors[i] != null) {
                continue;
            }
            runningItem = i;
            try {
                results[i] = Invoker.invoke(function, inputs[i]);
            } catch (Throwable t) {
                errors[i] = t;
            }
        }
        runningBatch = -1;
        long elapsed = System.nanoTime() - t0;
        // Encoded before the frame starts: a result that cannot be sent becomes that task's error.
        Object[] encoded = new Object[n];
        for (int i = 0; i < n; i++) {
            if (errors[i] == null) {
                try {
                    encoded[i] = Wire.prepare(results[i]);
                } catch (SerializationException e) {
                    errors[i] = new SerializationException("its result cannot be sent back to the parent: " + e.getMessage(), null);
                }
            }
            if (errors[i] != null) {
                encoded[i] = Wire.prepare(RemoteException.of(errors[i]));
            }
        }
        IO.lock();
        try {
            out.writeInt(Wire.RESULT);
            out.writeLong(batch);
            out.writeLong(elapsed);
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.writeBoolean(errors[i] == null);
                Wire.writeValue(out, encoded[i]);
            }
            writtenLocked();
        } finally {
            IO.unlock();
        }
    }

    private static void failed(Throwable t) throws IOException {
        IO.lock();
        try {
            out.writeInt(Wire.FAILED);
            Wire.writeValue(out, RemoteException.of(t));
            flushLocked();
        } finally {
            IO.unlock();
        }
    }

    /** A queue request from user code in this worker: send, then read frames until the reply. */
    static Object request(int type, long queue, Object value, long timeoutNanos) {
        if (Thread.currentThread() != frameThread) {
            throw new org.parallel4j.pool.PoolException("a ProcessQueue in a worker JVM is used from the task's own thread"
                    + " (or the WorkerProcess body's), not from " + Thread.currentThread().getName(), null, -1, null);
        }
        try {
            Object v = type == Wire.QPUT ? Wire.prepare(value) : null;
            IO.lock();
            try {
                out.writeInt(type);
                out.writeLong(queue);
                if (type == Wire.QPUT) {
                    Wire.writeValue(out, v);
                } else {
                    out.writeLong(timeoutNanos);
                }
                flushLocked();
            } finally {
                IO.unlock();
            }
            // Frames the parent sent before its reply (more tasks for this worker) are kept for later.
            while (true) {
                int t = in.readInt();
                switch (t) {
                    case Wire.REPLY -> {
                        boolean present = in.readBoolean();
                        return new Object[] {present, Wire.readValue(in, LOADER)};
                    }
                    case Wire.FUNC -> readFunction();
                    case Wire.TASK -> DEFERRED.add(readTask());
                    case Wire.EXIT -> exitRequested = true;
                    default -> throw new IOException("corrupt pool message: frame type " + t + " while waiting for a queue reply");
                }
            }
        } catch (IOException e) {
            throw new org.parallel4j.pool.PoolException("lost the connection to the parent: " + e, e, -1, null);
        }
    }
}
