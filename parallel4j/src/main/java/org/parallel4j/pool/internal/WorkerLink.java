package org.parallel4j.pool.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.parallel4j.internal.SerializationException;
import org.parallel4j.pool.RemoteException;

/**
 * The connection to one worker JVM: frames out through a writer thread, frames in on the
 * caller's thread, told to a {@link Listener}. The transport half of the worker-JVM backend;
 * what to send where, and what a death means, is the dispatcher's ({@link ProcessBackend}).
 *
 * <p>Implementation note: frames are appended to an in-memory buffer (never blocking on
 * the socket) and handed to the writer thread on {@link #flush()}; the writer swaps the
 * buffer for a spare one and writes it out. Reading and writing must never wait on each
 * other: a worker blocked on a full output while the parent is blocked on a full input
 * would deadlock both. The writer stops on {@link #stop()}, after an EXIT frame, or when the
 * worker is gone, and then ends the worker's input (a worker left without work exits on its
 * own).
 */
final class WorkerLink {
    /** What the worker says. Called on the reading thread, in the order the worker sent it. */
    interface Listener {
        /** The worker started and ran the initializer. */
        void ready();

        /**
         * The outcomes of the oldest batch in flight (a worker answers in order): an
         * outcome the parent cannot read is a {@link TaskCodec.Unreadable} in {@code errors}.
         */
        void result(long elapsedNanos, Object[] results, Throwable[] errors);

        /** The worker is about to exit in the middle of task {@code item} of the batch starting at {@code firstIndex}. */
        void dying(long firstIndex, int item);

        /** The initializer failed in the worker. */
        void initializerFailed(RemoteException e);
    }

    /** Writes frames into the link's buffer. */
    @FunctionalInterface
    interface Frames {
        void write(DataOutputStream out) throws IOException;
    }

    final WorkerJvm jvm;
    private final int id;
    private ByteArrayOutputStream pending = new ByteArrayOutputStream(1 << 16);
    private DataOutputStream pendingOut = new DataOutputStream(pending);
    private boolean dirty;
    private boolean exitSent;
    private boolean stopped;

    WorkerLink(WorkerJvm jvm, int id) {
        this.jvm = jvm;
        this.id = id;
    }

    /** Appends frames; they go out on the next {@link #flush()}. */
    synchronized void append(Frames frames) {
        try {
            frames.write(pendingOut);
        } catch (IOException e) {
            throw new IllegalStateException(e); // in memory: cannot happen
        }
        dirty = true;
    }

    /** Appends the EXIT frame and sends it: the worker exits once it has answered everything before it. */
    synchronized void sendExit() {
        if (!exitSent) {
            exitSent = true;
            append(out -> out.writeInt(Wire.EXIT));
            notifyAll();
        }
    }

    /** Hands what was appended to the writer thread. Never blocks on the socket. */
    synchronized void flush() {
        if (dirty) {
            notifyAll();
        }
    }

    /** Stops the writer (the worker died or is being killed); what was not written is dropped. */
    synchronized void stop() {
        stopped = true;
        notifyAll();
    }

    /** Starts the writer thread. */
    void startWriter() {
        Thread.ofPlatform().daemon().name("p4j-pool-writer-" + id).start(this::write);
    }

    private void write() {
        ByteArrayOutputStream spare = new ByteArrayOutputStream(1 << 16);
        try {
            while (true) {
                ByteArrayOutputStream batch;
                boolean last;
                synchronized (this) {
                    while (!dirty && !stopped && !exitSent) {
                        wait(100);
                    }
                    if (stopped) {
                        return;
                    }
                    batch = pending;
                    pending = spare;
                    pendingOut = new DataOutputStream(pending);
                    dirty = false;
                    last = exitSent;
                }
                batch.writeTo(jvm.out);
                jvm.out.flush();
                batch.reset();
                spare = batch;
                if (last) {
                    synchronized (this) {
                        if (!dirty) {
                            return;
                        }
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // the worker is gone: the reader hands back what was in flight
        } finally {
            jvm.endInput();
        }
    }

    /**
     * Reads the worker's frames until its connection ends or a frame is corrupt (then the
     * worker is killed), serving its queue calls and telling the rest to {@code listener};
     * returns once the worker is gone.
     */
    void read(Listener listener) {
        QueueService queues = new QueueService();
        ClassLoader loader = WorkerLink.class.getClassLoader();
        try {
            while (true) {
                int type = jvm.in.readInt();
                queues.frameArrived();
                switch (type) {
                    case Wire.QPUT, Wire.QGET -> queues.serve(type, jvm.in, this::reply, () -> !stopped() && jvm.process.isAlive());
                    case Wire.READY -> listener.ready();
                    case Wire.RESULT -> {
                        jvm.in.readLong();
                        long elapsed = jvm.in.readLong();
                        int n = jvm.in.readInt();
                        Object[] results = new Object[n];
                        Throwable[] errors = new Throwable[n];
                        for (int i = 0; i < n; i++) {
                            boolean ok = jvm.in.readBoolean();
                            try {
                                if (ok) {
                                    results[i] = Wire.readValue(jvm.in, loader);
                                } else {
                                    errors[i] = (Throwable) Wire.readValue(jvm.in, loader);
                                }
                            } catch (SerializationException e) {
                                errors[i] = new TaskCodec.Unreadable(ok, e);
                            }
                        }
                        listener.result(elapsed, results, errors);
                    }
                    case Wire.DYING -> listener.dying(jvm.in.readLong(), jvm.in.readInt());
                    case Wire.FAILED -> listener.initializerFailed((RemoteException) Wire.readValue(jvm.in, loader));
                    default -> throw new IOException("corrupt message from worker " + id + ": frame type " + type);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            // the worker is gone, or its stream is corrupt (then it is killed)
            jvm.kill();
            queues.workerGone();
            stop();
        }
    }

    private synchronized boolean stopped() {
        return stopped;
    }

    /** A queue reply, through the writer thread (the only one that writes to the worker). */
    private synchronized void reply(boolean present, Object value) throws IOException {
        pendingOut.writeInt(Wire.REPLY);
        pendingOut.writeBoolean(present);
        Wire.writeValue(pendingOut, value);
        dirty = true;
        notifyAll();
    }
}
