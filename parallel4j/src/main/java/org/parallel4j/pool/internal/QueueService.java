package org.parallel4j.pool.internal;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * The parent's side of one worker's {@code ProcessQueue} calls (QPUT, QGET frames). A value
 * handed to a worker counts as received only once the worker sends another frame; if the
 * worker dies first, the value goes back to the front of its queue ({@link #workerGone()}).
 * A get waits in slices, so a worker that dies (or a pool that is terminated) while the parent
 * waits for a value never strands the serving thread.
 */
final class QueueService {
    /** How a reply reaches the worker. */
    @FunctionalInterface
    interface Replier {
        void reply(boolean present, Object value) throws IOException;
    }

    private static final long SLICE_NANOS = 100_000_000L;
    private long takenFrom;
    private Object taken;

    /** Any frame from the worker: it has read the last reply. */
    void frameArrived() {
        taken = null;
    }

    /** Serves a QPUT or QGET frame whose type has been read. */
    void serve(int type, DataInputStream in, Replier replier, BooleanSupplier workerAlive) throws IOException {
        long id = in.readLong();
        if (type == Wire.QPUT) {
            Object v = Wire.readValue(in, QueueService.class.getClassLoader());
            QueueStore.put(id, v);
            replier.reply(true, null);
            return;
        }
        long nanos = in.readLong();
        long deadline = nanos < 0 ? Long.MAX_VALUE : System.nanoTime() + nanos;
        while (true) {
            long left = deadline == Long.MAX_VALUE ? SLICE_NANOS : Math.min(SLICE_NANOS, deadline - System.nanoTime());
            Object v = left > 0 ? QueueStore.take(id, left) : null;
            if (v != null) {
                takenFrom = id;
                taken = v;
                replier.reply(true, Wire.prepare(QueueStore.unwrap(v)));
                return;
            }
            if (!workerAlive.getAsBoolean()) {
                return; // nobody to reply to
            }
            if (deadline != Long.MAX_VALUE && System.nanoTime() >= deadline) {
                replier.reply(false, null);
                return;
            }
        }
    }

    /** The worker died: a value it may not have received goes back. */
    void workerGone() {
        if (taken != null) {
            QueueStore.putBack(takenFrom, taken);
            taken = null;
        }
    }
}
