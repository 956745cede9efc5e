package org.parallel4j.pool.internal;

import java.io.IOException;
import java.util.List;
import org.parallel4j.pool.RemoteException;
import org.parallel4j.pool.SerializableRunnable;

/** The parent side of a {@code WorkerProcess}: starts it, serves its queue calls, records how it ended. */
public final class ProcessRunner {
    private final WorkerJvm jvm;
    private volatile RemoteException failure;
    private volatile int exitStatus = -1;
    private final java.util.concurrent.CountDownLatch served = new java.util.concurrent.CountDownLatch(1);

    private ProcessRunner(WorkerJvm jvm) {
        this.jvm = jvm;
    }

    /** Starts {@code body} in a new worker JVM. */
    public static ProcessRunner start(SerializableRunnable body, List<String> jvmOptions) {
        byte[] bytes = TaskCodec.encode(body, "process body");
        ProcessRunner r = new ProcessRunner(WorkerJvm.start(jvmOptions, 0));
        try {
            r.jvm.out.writeInt(Wire.RUN);
            Wire.writeBytes(r.jvm.out, bytes);
            r.jvm.out.flush();
        } catch (IOException e) {
            // it died at once: the serving thread records its exit
        }
        Thread.ofPlatform().daemon().name("p4j-process-" + r.jvm.pid()).start(r::serve);
        return r;
    }

    private void serve() {
        QueueService queues = new QueueService();
        try {
            while (true) {
                int type = jvm.in.readInt();
                queues.frameArrived();
                switch (type) {
                    case Wire.READY -> { }
                    case Wire.FAILED -> failure = (RemoteException) Wire.readValue(jvm.in, getClass().getClassLoader());
                    case Wire.QPUT, Wire.QGET -> queues.serve(type, jvm.in, this::reply, jvm.process::isAlive);
                    default -> throw new IOException("corrupt message from worker process: frame type " + type);
                }
            }
        } catch (IOException | RuntimeException e) {
            queues.workerGone();
            exitStatus = jvm.exitStatus();
        } finally {
            served.countDown();
        }
    }

    /** After the worker exited: waits (briefly) until everything it sent has been read, its failure included. */
    private void awaitServed() {
        try {
            served.await(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reply(boolean present, Object value) throws IOException {
        jvm.out.writeInt(Wire.REPLY);
        jvm.out.writeBoolean(present);
        Wire.writeValue(jvm.out, value);
        jvm.out.flush();
    }

    /** Waits up to {@code nanos}; the exit status, or Integer.MIN_VALUE if still running. */
    public int join(long nanos) {
        try {
            if (nanos == Long.MAX_VALUE) {
                jvm.process.waitFor();
            } else if (!jvm.process.waitFor(nanos, java.util.concurrent.TimeUnit.NANOSECONDS)) {
                return Integer.MIN_VALUE;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Integer.MIN_VALUE;
        }
        int status = jvm.exitStatus();
        exitStatus = status;
        awaitServed();
        return status;
    }

    public boolean isAlive() {
        return jvm.process.isAlive();
    }

    public int exitStatus() {
        return jvm.process.isAlive() ? -1 : jvm.exitStatus();
    }

    public RemoteException failure() {
        join(0);
        return failure;
    }

    public long pid() {
        return jvm.pid();
    }

    public void kill() {
        jvm.kill();
    }
}
