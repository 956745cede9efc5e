package org.parallel4j.mpi.engine.threads;

import org.parallel4j.mpi.ObjectCodec;

/** One rank of a job: its thread, mailbox, class loader, reusable requests and blocked state. */
final class RankContext {
    final Job job;
    final int worldRank;
    final Mailbox mailbox = new Mailbox();
    final ObjectCodec codec;
    volatile Thread thread;
    volatile ClassLoader loader;
    /** Which classes this rank resolves to the sender's very class (see {@link ObjectCopier}). */
    final java.util.concurrent.ConcurrentHashMap<Class<?>, Boolean> sharedClasses = new java.util.concurrent.ConcurrentHashMap<>();

    /** What the rank is blocked on, or null while it runs. Read by the deadlock detector. */
    volatile Waitable blockedOn;
    /** Incremented each time the rank blocks: two equal snapshots mean it has not moved. */
    volatile int blockSequence;
    volatile boolean finished;

    /** Reused by blocking calls: a rank is in at most one blocking call at a time. */
    final RecvRequest blockingRecv;
    final SendRequest blockingSend;
    final Barrier.Wait barrierWait = new Barrier.Wait();

    RankContext(Job job, int worldRank, ObjectCodec codec) {
        this.job = job;
        this.worldRank = worldRank;
        this.codec = codec;
        this.blockingRecv = new RecvRequest(this);
        this.blockingRecv.inlineAllowed = true;
        this.blockingSend = new SendRequest(this);
    }

    void enterBlocked(Waitable w) {
        blockedOn = w;
        blockSequence++;
    }

    void exitBlocked() {
        blockedOn = null;
    }
}
