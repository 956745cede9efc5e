package org.parallel4j.loop;

import java.util.Map;
import java.util.WeakHashMap;
import org.parallel4j.loop.internal.LoopSettings;
import org.parallel4j.loop.internal.ThreadTeam;
import org.parallel4j.internal.RankPlacement;

/**
 * A persistent team of threads for parallel loops and regions, as an OpenMP runtime's thread
 * pool: created once, reused by every loop, the calling thread taking part as thread 0.
 *
 * <pre>{@code
 * Team team = Team.common();                       // P4J_NUM_THREADS, OMP_NUM_THREADS or the cores
 * team.range(0, n).schedule(Schedule.dynamic(4)).forEach(i -> work(i));
 * double s = team.range(0, n).sum(i -> 1.0 / (1 + i));
 * team.region(r -> {
 *     r.forLoop(0, n, Schedule.staticBlocks(), i -> a[i] = f(i));
 *     r.single(() -> System.out.println("phase 1 done"));
 * });
 * }</pre>
 *
 * <p><b>Threading.</b> One region runs at a time. A loop started inside a loop or region
 * body (nesting), or from another thread while the team is busy, runs serially on the
 * calling thread: it never waits for this team, so nesting cannot deadlock.
 *
 * <p><b>Errors.</b> An exception in any iteration stops the loop (other threads stop at
 * their next chunk), is rethrown to the caller with its original stack trace, and leaves the
 * team usable.
 *
 * <p><b>With message passing.</b> Inside a job of the thread engine, {@link #common()} is one
 * team per rank and its default size divides the cores among the ranks.
 */
public final class Team implements AutoCloseable {
    /** Keyed by the engine's identity of a rank (see {@link RankPlacement#currentRank()}). */
    private static final Map<Object, Team> PER_RANK = new WeakHashMap<>();
    /** Closes a rank's team once its job is over and the rank's communicator is unreachable. */
    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();
    private static volatile Team common;

    private final ThreadTeam threads;

    private Team(ThreadTeam threads) {
        this.threads = threads;
    }

    /**
     * The default team: {@code P4J_NUM_THREADS}, then {@code OMP_NUM_THREADS}, then the cores
     * (inside a thread-engine job: one team per rank, the cores divided among the ranks).
     *
     * @return the common team
     */
    public static Team common() {
        Object rank = RankPlacement.currentRank();
        if (rank != null) {
            synchronized (PER_RANK) {
                return PER_RANK.computeIfAbsent(rank, w -> {
                    Team team = create(LoopSettings.defaultThreads());
                    ThreadTeam threads = team.threads;
                    CLEANER.register(w, threads::close);
                    return team;
                });
            }
        }
        Team t = common;
        if (t == null) {
            synchronized (Team.class) {
                t = common;
                if (t == null) {
                    t = create(LoopSettings.defaultThreads());
                    common = t;
                }
            }
        }
        return t;
    }

    /**
     * A new team of {@code threads} threads with the default wait policy ({@code P4J_WAIT_POLICY}/{@code OMP_WAIT_POLICY}).
     *
     * @param threads the number of threads (at least 1)
     * @return a new team of {@code threads} threads with the default wait policy ({@code P4J_WAIT_POLICY}/{@code OMP_WAIT_POLICY})
     */
    public static Team create(int threads) {
        return create(threads, LoopSettings.defaultWaitPolicy());
    }

    /**
     * A new team of {@code threads} threads whose idle threads wait as {@code policy} says.
     *
     * @param threads the number of threads (at least 1)
     * @param policy what idle team threads do: spin or park
     * @return a new team of {@code threads} threads whose idle threads wait as {@code policy} says
     */
    public static Team create(int threads, WaitPolicy policy) {
        if (threads < 1) {
            throw new IllegalArgumentException("a team needs at least 1 thread, got " + threads);
        }
        return new Team(new ThreadTeam(threads, policy));
    }

    /**
     * The number of threads.
     *
     * @return the number of threads
     */
    public int size() {
        return threads.size();
    }

    /**
     * The wait policy of idle threads.
     *
     * @return the wait policy of idle threads
     */
    public WaitPolicy waitPolicy() {
        return threads.waitPolicy();
    }

    /**
     * A parallel loop over {@code [lo, hi)}; configure it, then run it with a terminal operation.
     *
     * @param lo the first index of the range (inclusive)
     * @param hi the end of the range (exclusive)
     * @return a parallel loop over {@code [lo, hi)}; configure it, then run it with a terminal operation
     */
    public ParallelFor range(int lo, int hi) {
        return new ParallelFor(this, lo, hi, true);
    }

    /**
     * A parallel loop over a {@code long} range {@code [lo, hi)}.
     *
     * @param lo the first index of the range (inclusive)
     * @param hi the end of the range (exclusive)
     * @return a parallel loop over a {@code long} range {@code [lo, hi)}
     */
    public ParallelFor range(long lo, long hi) {
        return new ParallelFor(this, lo, hi, false);
    }

    /**
     * Runs {@code body} on every thread of the team (OpenMP's {@code parallel} region).
     *
     * @param body the body
     */
    public void region(RegionBody body) {
        region(size(), body);
    }

    /**
     * Runs {@code body} on {@code numThreads} threads (OpenMP's {@code num_threads}); the team grows if needed.
     *
     * @param numThreads the number of threads
     * @param body the body
     */
    public void region(int numThreads, RegionBody body) {
        if (numThreads < 1) {
            throw new IllegalArgumentException("a region needs at least 1 thread, got " + numThreads);
        }
        threads.run(numThreads, body::run);
    }

    /**
     * Runs {@code body} on every thread and combines the values they return in thread order
     * (OpenMP's {@code parallel reduction(op: x)}).
     *
     * @param op the reduction operation
     * @param body the body
     * @return the threads' values combined with {@code op}
     */
    public double regionReduce(Reduction op, RegionToDouble body) {
        double identity = op.identityDouble();
        ThreadTeam[] ranOn = new ThreadTeam[1];
        int[] used = new int[1];
        threads.run(size(), ctx -> {
            ctx.publishResult(body.run(ctx));
            if (ctx.threadId() == 0) {
                ranOn[0] = ctx.team();
                used[0] = ctx.numThreads();
            }
        });
        double acc = identity;
        for (int t = 0; t < used[0]; t++) {
            acc = op.apply(acc, ranOn[0].result(t));
        }
        return acc;
    }

    /** Stops the team's threads; later loops run serially on the caller. */
    @Override
    public void close() {
        threads.close();
    }

    ThreadTeam engine() {
        return threads;
    }

    @Override
    public String toString() {
        return "Team[" + size() + " threads, " + waitPolicy() + "]";
    }
}
