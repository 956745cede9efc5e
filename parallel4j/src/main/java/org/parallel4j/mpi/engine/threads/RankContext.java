package org.parallel4j.mpi.engine.threads;

import java.util.concurrent.ConcurrentHashMap;
import org.parallel4j.mpi.ObjectCodec;

/**
 * One rank of a job: its thread, mailbox, class loader, reusable requests and blocked state.
 *
 * <p>Implementation note: a rank may call its communicators from several threads
 * ({@code THREAD_MULTIPLE}). The reusable blocking requests and barrier wait belong to the
 * rank's own thread; any other thread gets fresh ones. Every thread that has waited on a
 * communicator of this rank has a {@link BlockState}. The rank thread runs in a thread group
 * of its own, which the threads it starts join. The deadlock detector counts the rank as
 * blocked only when its thread, every live thread of its group and every live thread that
 * has waited for it are blocked here, so a helper that is still computing (or merely alive
 * in a pool) keeps a correct program from being declared deadlocked.
 */
final class RankContext {
    final Job job;
    final int worldRank;
    final Mailbox mailbox = new Mailbox();
    /** The buffer of this rank's buffered sends ({@code Mpi.attachBuffer}). */
    final BufferedSends bufferedSends = new BufferedSends();
    final ObjectCodec codec;
    volatile Thread thread;
    /** The rank thread's group: threads the rank starts land in it (the JDK's default). */
    final ThreadGroup group;
    volatile ClassLoader loader;
    /** Which classes this rank resolves to the sender's very class (see {@link ObjectCopier}). */
    final ConcurrentHashMap<Class<?>, Boolean> sharedClasses = new ConcurrentHashMap<>();

    /** The rank thread's blocked state, read by the deadlock detector. */
    final BlockState main = new BlockState();
    /** The blocked state of every other thread that has waited on behalf of this rank. */
    final ConcurrentHashMap<Thread, BlockState> helpers = new ConcurrentHashMap<>();
    volatile boolean finished;

    /** Reused by the rank thread's blocking calls: a thread is in at most one blocking call at a time. */
    private final RecvRequest blockingRecv;
    private final SendRequest blockingSend;
    private final Barrier.Wait barrierWait = new Barrier.Wait();

    RankContext(Job job, int worldRank, ObjectCodec codec) {
        this.job = job;
        this.worldRank = worldRank;
        this.codec = codec;
        this.group = new ThreadGroup("p4j-rank-" + worldRank);
        this.blockingRecv = new RecvRequest(this);
        this.blockingRecv.inlineAllowed = true;
        this.blockingSend = new SendRequest(this);
    }

    private boolean onRankThread() {
        return Thread.currentThread() == thread;
    }

    /** The live threads of the rank's group (the rank's own among them). */
    Thread[] threadsOfGroup() {
        Thread[] all = new Thread[group.activeCount() + 8];
        int n;
        while ((n = group.enumerate(all, true)) == all.length) {
            all = new Thread[all.length * 2];
        }
        return java.util.Arrays.copyOf(all, n);
    }

    /** A receive request for one blocking call of the calling thread. */
    RecvRequest blockingRecv() {
        return onRankThread() ? blockingRecv : new RecvRequest(this);
    }

    /** A send request for one blocking call of the calling thread. */
    SendRequest blockingSend() {
        return onRankThread() ? blockingSend : new SendRequest(this);
    }

    /** A barrier wait for one collective of the calling thread. */
    Barrier.Wait barrierWait() {
        return onRankThread() ? barrierWait : new Barrier.Wait();
    }

    /** The blocked state of the calling thread, registering it when it is not the rank's own. */
    BlockState blockStateOfCurrentThread() {
        Thread t = Thread.currentThread();
        return t == thread ? main : helpers.computeIfAbsent(t, k -> new BlockState());
    }

    /** What one thread of a rank is blocked on. */
    static final class BlockState {
        /** What the thread is blocked on, or null while it runs. */
        volatile Waitable blockedOn;
        /** Incremented each time the thread blocks: two equal snapshots mean it has not moved. */
        volatile int blockSequence;

        void enter(Waitable w) {
            blockedOn = w;
            blockSequence++;
        }

        void exit() {
            blockedOn = null;
        }
    }
}
