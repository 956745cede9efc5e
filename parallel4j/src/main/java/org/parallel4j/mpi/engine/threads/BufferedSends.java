package org.parallel4j.mpi.engine.threads;

import java.util.concurrent.locks.LockSupport;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.MpiException;

/**
 * A rank's attached buffer for buffered sends ({@code Mpi.attachBuffer}): its size and the
 * bytes its messages not yet received take (data plus {@link Mpi#BSEND_OVERHEAD} each). The
 * data itself waits in the receiver's mailbox, as any eager message; this keeps MPI's rule
 * that buffered messages must fit in what the program attached.
 */
final class BufferedSends implements Waitable {
    /** -1: no buffer attached. */
    private long size = -1;
    private long used;
    private volatile Thread parked;

    synchronized void attach(int bytes) {
        if (bytes < 0) {
            throw new MpiException(ErrorClass.ARG, "attachBuffer: the size is negative: " + bytes);
        }
        if (size >= 0) {
            throw new MpiException(ErrorClass.BUFFER, "attachBuffer: a buffer of " + size + " bytes is already attached: "
                    + "detachBuffer() it first (a rank has one at a time)");
        }
        size = bytes;
    }

    /** Charges one buffered message of {@code bytes}; a BUFFER error naming the sizes when it does not fit. */
    synchronized long reserve(long bytes, int source, int tag, String comm) {
        long need = bytes + Mpi.BSEND_OVERHEAD;
        if (size < 0) {
            throw new MpiException(ErrorClass.BUFFER, "bsend(tag=" + tag + ") on " + comm + " from rank " + source
                    + ": no buffer is attached: call Mpi.attachBuffer with room for the messages in flight (each takes its size + "
                    + Mpi.BSEND_OVERHEAD + " bytes)");
        }
        if (used + need > size) {
            throw new MpiException(ErrorClass.BUFFER, "bsend(tag=" + tag + ") on " + comm + " from rank " + source + ": the message needs "
                    + need + " bytes (" + bytes + " + " + Mpi.BSEND_OVERHEAD + ") but the attached buffer of " + size + " bytes has "
                    + (size - used) + " free (" + used + " held by messages not yet received): attach a larger buffer");
        }
        used += need;
        return need;
    }

    void release(long bytes) {
        synchronized (this) {
            used -= bytes;
        }
        Thread t = parked;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Waits (as any blocking call: job failure and deadlock detection apply) until every buffered message is received, then detaches. */
    int detach(RankContext me) {
        synchronized (this) {
            if (size < 0) {
                throw new MpiException(ErrorClass.BUFFER, "detachBuffer: no buffer is attached");
            }
        }
        Waiting.await(me, this, 0);
        synchronized (this) {
            int was = (int) size;
            size = -1;
            return was;
        }
    }

    @Override
    public synchronized boolean isDone() {
        return used == 0;
    }

    @Override
    public void setParkedWaiter(Thread thread) {
        parked = thread;
    }

    @Override
    public synchronized String describe() {
        return "detachBuffer, waiting for buffered messages of " + used + " bytes to be received";
    }
}
