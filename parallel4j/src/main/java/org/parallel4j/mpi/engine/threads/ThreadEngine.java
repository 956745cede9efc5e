package org.parallel4j.mpi.engine.threads;

import java.net.URL;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.ObjectCodec;
import org.parallel4j.mpi.RankBody;
import org.parallel4j.mpi.Request;
import org.parallel4j.mpi.internal.MainMethod;
import org.parallel4j.mpi.internal.TaggedOutput;

/** Launches jobs on the thread engine; the entry points behind {@link org.parallel4j.mpi.Mpi}. */
public final class ThreadEngine {
    /** How long the launcher waits for ranks still running after the job failed. */
    static final long FAILURE_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(900);

    private static final InheritableThreadLocal<ThreadComm> WORLD = new InheritableThreadLocal<>();
    private static final InheritableThreadLocal<ThreadComm> SELF = new InheritableThreadLocal<>();
    /** A spawned rank's intercommunicator to its parents. */
    private static final InheritableThreadLocal<ThreadIntercomm> PARENT = new InheritableThreadLocal<>();
    private static volatile ThreadComm[] singleton;
    /** The thread that made {@link #singleton}: the "main thread" of the world outside jobs. */
    private static volatile Thread singletonMain;
    /** The jobs now running in this JVM, for {@link ExitWatch}. */
    private static final java.util.Set<Job> RUNNING_JOBS = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Ranks of thread-engine jobs now running in this JVM, for {@link #world()} on foreign threads. */
    private static final java.util.concurrent.atomic.AtomicInteger RUNNING_RANKS = new java.util.concurrent.atomic.AtomicInteger();

    static {
        org.parallel4j.internal.RankPlacement.install(new org.parallel4j.internal.RankPlacement.Source() {
            @Override
            public Object currentRank() {
                return WORLD.get();
            }

            @Override
            public int ranksOnThisNode() {
                ThreadComm w = WORLD.get();
                return w == null ? 1 : w.size; // every rank of a thread-engine job is in this JVM
            }
        });
    }

    private ThreadEngine() {
    }

    /** The calling rank's world; outside a job, a world of one rank (as a singleton MPI start). */
    public static Comm world() {
        ThreadComm w = WORLD.get();
        return w != null ? w : outsideRanks("world")[0];
    }

    /** The calling rank's self communicator. */
    public static Comm self() {
        ThreadComm s = SELF.get();
        return s != null ? s : outsideRanks("self")[1];
    }

    /** The singleton world on a thread of no rank, unless a job is running: then the rank is unknown, and guessing would be wrong. */
    private static ThreadComm[] outsideRanks(String which) {
        int running = RUNNING_RANKS.get();
        if (running > 0) {
            throw new MpiException(ErrorClass.COMM, "Mpi." + which + "() was called on thread \"" + Thread.currentThread().getName()
                    + "\", which belongs to no rank, while a job of " + running + " rank(s) runs in this JVM: a pool thread "
                    + "(parallel stream, CompletableFuture.supplyAsync, a shared executor) cannot know which rank it works for. "
                    + "Call Mpi." + which + "() on the rank's own thread and pass the communicator to the task "
                    + "(Comm world = Mpi.world(); ... -> world.rank()); threads the rank starts itself belong to it");
        }
        return singleton();
    }

    /** Whether the calling thread is its rank's own thread; outside a job, the thread that first used the one-rank world. */
    static boolean isThreadMain() {
        ThreadComm w = WORLD.get();
        if (w != null) {
            return w.me.thread == Thread.currentThread();
        }
        singleton();
        return singletonMain == Thread.currentThread();
    }

    /** The calling rank's parent intercommunicator, or null when nobody spawned it. */
    static ThreadIntercomm parent() {
        return PARENT.get();
    }

    /** The calling rank (outside a job: the one-rank world's). */
    static RankContext currentRank(String what) {
        ThreadComm w = WORLD.get();
        return w != null ? w.me : outsideRanks(what)[0].me;
    }

    /** The size of the calling rank's world (all of it in this JVM), 1 outside a job. */
    static int worldSizeHere() {
        ThreadComm w = WORLD.get();
        return w == null ? 1 : w.size;
    }

    /** True inside a rank of a running job. */
    public static boolean inJob() {
        return WORLD.get() != null;
    }

    /** The jobs running now. */
    static java.util.Collection<Job> runningJobs() {
        return RUNNING_JOBS;
    }

    /** The world rank of the calling thread's job, or null outside ranks. */
    static String rankOfCurrentThread() {
        ThreadComm w = WORLD.get();
        return w == null ? null : String.valueOf(w.me.worldRank);
    }

    private static ThreadComm[] singleton() {
        ThreadComm[] s = singleton;
        if (s == null) {
            synchronized (ThreadEngine.class) {
                s = singleton;
                if (s == null) {
                    Job job = new Job(1, org.parallel4j.mpi.Mpi.objectCodec(), 0);
                    RankContext ctx = job.ranks[0];
                    ctx.loader = Thread.currentThread().getContextClassLoader();
                    s = new ThreadComm[] {new ThreadComm(job.worldShared, ctx, true), selfOf(job, ctx)};
                    singletonMain = Thread.currentThread();
                    singleton = s;
                }
            }
        }
        return s;
    }

    private static ThreadComm selfOf(Job job, RankContext ctx) {
        return new ThreadComm(new CommShared(job, job.nextContextId.getAndIncrement(), new int[] {ctx.worldRank}, "self", null), ctx, true);
    }

    /** Runs {@code body} on {@code ranks} threads; returns when all finish, throws when the job fails. */
    public static void run(int ranks, long timeoutNanos, ObjectCodec codec, RankBody body) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        launch(ranks, timeoutNanos, codec, r -> loader, (r, world) -> body.run(world));
    }

    /**
     * Runs {@code mainClass.main(args)} once per rank, each rank loading the class path
     * {@code classPath} through its own class loader.
     */
    public static void runMain(int ranks, long timeoutNanos, ObjectCodec codec, String mainClass, URL[] classPath, String[] args) {
        runMain(ranks, timeoutNanos, codec, mainClass, classPath, args, false);
    }

    /** {@link #runMain(int, long, ObjectCodec, String, URL[], String[])}, optionally tagging each printed line with its rank. */
    public static void runMain(int ranks, long timeoutNanos, ObjectCodec codec, String mainClass, URL[] classPath, String[] args,
                               boolean tagOutput) {
        if (!tagOutput) {
            runMainUntagged(ranks, timeoutNanos, codec, mainClass, classPath, args);
            return;
        }
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        System.setOut(TaggedOutput.over(out, ThreadEngine::rankOfCurrentThread));
        System.setErr(TaggedOutput.over(err, ThreadEngine::rankOfCurrentThread));
        try {
            runMainUntagged(ranks, timeoutNanos, codec, mainClass, classPath, args);
        } finally {
            System.out.flush();
            System.err.flush();
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static void runMainUntagged(int ranks, long timeoutNanos, ObjectCodec codec, String mainClass, URL[] classPath, String[] args) {
        ClassLoader parent = ThreadEngine.class.getClassLoader();
        ClassLoader[] loaders = new ClassLoader[ranks];
        for (int r = 0; r < ranks; r++) {
            loaders[r] = new RankClassLoader(r, classPath, parent);
        }
        // Find main before starting, so a wrong name is one clear error, not one per rank.
        MainMethod.find(loaders[0], mainClass);
        ExitWatch.install();
        launch(ranks, timeoutNanos, codec, r -> loaders[r], (r, world) -> {
            MainMethod.invoke(MainMethod.find(loaders[r], mainClass), args);
        });
        for (ClassLoader l : loaders) {
            try {
                ((RankClassLoader) l).close();
            } catch (java.io.IOException ignored) {
                // Closing only releases jar handles.
            }
        }
    }

    @FunctionalInterface
    private interface RankTask {
        void run(int rank, Comm world) throws Exception;
    }

    private static void launch(int ranks, long timeoutNanos, ObjectCodec codec, java.util.function.IntFunction<ClassLoader> loaderFor,
                               RankTask task) {
        if (ranks < 1) {
            throw new MpiException(ErrorClass.ARG, "a job needs at least one rank, got " + ranks);
        }
        Job job = new Job(ranks, codec, timeoutNanos);
        Thread[] threads = new Thread[ranks];
        for (int r = 0; r < ranks; r++) {
            RankContext ctx = job.ranks[r];
            ctx.loader = loaderFor.apply(r);
            threads[r] = rankThread(job, ctx, new ThreadComm(job.worldShared, ctx, true), null, r, task);
        }
        RUNNING_RANKS.addAndGet(ranks);
        RUNNING_JOBS.add(job);
        for (Thread t : threads) {
            t.start();
        }
        job.startWatchdog();
        long failedAt = 0;
        try {
            java.util.List<Thread> all = new java.util.ArrayList<>(List.of(threads));
            for (int i = 0; i < all.size(); i++) {
                Thread t = all.get(i);
                while (t.isAlive()) {
                    t.join(20);
                    if (job.failure != null) {
                        if (failedAt == 0) {
                            failedAt = System.nanoTime();
                        } else if (System.nanoTime() - failedAt > FAILURE_GRACE_NANOS) {
                            break;
                        }
                    }
                }
                // Ranks spawned while the job runs end with it too.
                for (Thread spawned; (spawned = job.spawnedThreads.poll()) != null; ) {
                    all.add(spawned);
                }
            }
        } catch (InterruptedException e) {
            job.fail(new MpiException(ErrorClass.INTERRUPTED, "the launching thread was interrupted", e));
            Thread.currentThread().interrupt();
        } finally {
            job.finish();
            RUNNING_RANKS.addAndGet(-job.ranks.length);
            RUNNING_JOBS.remove(job);
        }
        if (job.failure != null) {
            for (RankContext c : job.ranks) {
                if (c.thread != null) {
                    c.thread.interrupt();
                }
            }
            throw withEveryFailedRank(job);
        }
    }

    /**
     * The thread of rank {@code ctx} (not started): its world, self and parent set, running
     * {@code task}; what it throws fails the job.
     */
    private static Thread rankThread(Job job, RankContext ctx, ThreadComm world, ThreadIntercomm parent, int rank, RankTask task) {
        ThreadComm self = selfOf(job, ctx);
        Thread t = Thread.ofPlatform().group(ctx.group).name("p4j-rank-" + ctx.worldRank).daemon(true).unstarted(() -> {
            WORLD.set(world);
            SELF.set(self);
            PARENT.set(parent);
            try {
                task.run(rank, world);
            } catch (Throwable e) {
                MpiException f = rankFailure(job, ctx.worldRank, e);
                if (f.errorClass() == ErrorClass.PROC_FAILED || f.errorClass() == ErrorClass.ABORTED && f.failedRank() == ctx.worldRank) {
                    job.rankFailures.add(f);
                }
                job.fail(f);
            } finally {
                ctx.finished = true;
            }
        });
        t.setContextClassLoader(ctx.loader);
        ctx.thread = t;
        return t;
    }

    /**
     * Spawns {@code maxprocs} ranks running {@code mainClass.main(args)} into the calling rank's
     * job (each with its own loader over the class path the caller's classes came from), their
     * own world and their parent intercommunicator to {@code parents}; returns the plan the
     * parents build their side from: the two contexts, then the new ranks' world ranks.
     */
    static int[] spawn(RankContext me, String mainClass, String[] args, int maxprocs, int[] parents, String parentName) {
        if (mainClass == null || mainClass.isBlank()) {
            throw new MpiException(ErrorClass.ARG, "spawn: the main class is " + (mainClass == null ? "null" : "blank"));
        }
        if (maxprocs < 1) {
            throw new MpiException(ErrorClass.ARG, "spawn(" + mainClass + "): maxprocs must be at least 1, got " + maxprocs);
        }
        if (me.job == singletonJob()) {
            throw new MpiException(ErrorClass.ARG, "spawn(" + mainClass + ") outside a job: start the parent as a job first "
                    + "(Mpi.run, ./p4j run), so the new ranks have one to join");
        }
        URL[] classPath = classPathOf(me.loader);
        ClassLoader parentLoader = ThreadEngine.class.getClassLoader();
        // Find main before starting anything, so a wrong name is one clear error at the root.
        try (RankClassLoader probe = new RankClassLoader(-1, classPath, parentLoader)) {
            MainMethod.find(probe, mainClass);
        } catch (java.io.IOException ignored) {
            // closing only releases jar handles
        }
        Job job = me.job;
        RankContext[] kids = job.grow(maxprocs);
        int[] kidWorld = new int[maxprocs];
        for (int i = 0; i < maxprocs; i++) {
            kidWorld[i] = kids[i].worldRank;
        }
        CommShared world = new CommShared(job, job.nextContextId.getAndIncrement(), kidWorld, "world", null);
        int p2p = job.nextContextId.getAndIncrement();
        int collective = job.nextContextId.getAndIncrement();
        Thread[] threads = new Thread[maxprocs];
        for (int i = 0; i < maxprocs; i++) {
            RankContext ctx = kids[i];
            RankClassLoader loader = new RankClassLoader(ctx.worldRank, classPath, parentLoader);
            ctx.loader = loader;
            ThreadIntercomm parent = ThreadIntercomm.between(ctx, p2p, collective, kidWorld, parents, "parent");
            threads[i] = rankThread(job, ctx, new ThreadComm(world, ctx, true), parent, i,
                    (r, w) -> MainMethod.invoke(MainMethod.find(loader, mainClass), args));
        }
        RUNNING_RANKS.addAndGet(maxprocs);
        for (Thread t : threads) {
            job.spawnedThreads.add(t);
            t.start();
        }
        int[] plan = new int[2 + maxprocs];
        plan[0] = p2p;
        plan[1] = collective;
        System.arraycopy(kidWorld, 0, plan, 2, maxprocs);
        return plan;
    }

    private static Job singletonJob() {
        ThreadComm[] s = singleton;
        return s == null ? null : s[0].me.job;
    }

    /** The class path a rank's classes came from: its loader's URLs, else the JVM's class path. */
    private static URL[] classPathOf(ClassLoader loader) {
        if (loader instanceof java.net.URLClassLoader u) {
            return u.getURLs();
        }
        String[] entries = System.getProperty("java.class.path", "").split(java.io.File.pathSeparator);
        List<URL> urls = new java.util.ArrayList<>();
        for (String e : entries) {
            if (!e.isBlank()) {
                try {
                    urls.add(java.nio.file.Path.of(e).toUri().toURL());
                } catch (java.net.MalformedURLException ignored) {
                    // not a path: skip it
                }
            }
        }
        return urls.toArray(new URL[0]);
    }

    /** The job's failure, naming every other rank that failed on its own (their exceptions suppressed in it). */
    private static MpiException withEveryFailedRank(Job job) {
        MpiException first = job.failure;
        List<MpiException> others = new java.util.ArrayList<>();
        for (MpiException f : job.rankFailures) {
            if (f != first) {
                others.add(f);
            }
        }
        if (others.isEmpty()) {
            return first;
        }
        others.sort(java.util.Comparator.comparingInt(MpiException::failedRank));
        StringBuilder b = new StringBuilder(first.getMessage());
        b.append("\n").append(others.size()).append(" more rank").append(others.size() == 1 ? "" : "s").append(" failed:");
        for (MpiException f : others) {
            b.append("\n  ").append(f.getMessage());
        }
        MpiException all = new MpiException(first.errorClass(), b.toString(), first.getCause(), first.failedRank(), first.exitCode());
        for (MpiException f : others) {
            all.addSuppressed(f.getCause() != null ? f.getCause() : f);
        }
        return all;
    }

    private static MpiException rankFailure(Job job, int rank, Throwable e) {
        if (e instanceof MpiException m && (m.errorClass() == ErrorClass.ABORTED && m.failedRank() == rank)) {
            return m;
        }
        if (e instanceof MpiException m && job.failure != null
                && (m.errorClass() == ErrorClass.ABORTED || m.errorClass() == ErrorClass.DEADLOCK || m.errorClass() == ErrorClass.TIMEOUT)) {
            return job.failure;
        }
        return new MpiException(ErrorClass.PROC_FAILED, "rank " + rank + " of " + job.size + " failed: " + e, e, rank, 1);
    }

    /** waitAny over the engine's requests. */
    public static int waitAny(List<? extends Request> requests, long timeoutNanos) {
        if (requests.isEmpty()) {
            throw new MpiException(ErrorClass.REQUEST, "waitAny needs at least one request");
        }
        ThreadRequest[] rs = new ThreadRequest[requests.size()];
        for (int i = 0; i < rs.length; i++) {
            if (!(requests.get(i) instanceof ThreadRequest t)) {
                throw new MpiException(ErrorClass.REQUEST, "request " + i + " (" + requests.get(i) + ") is not from this engine");
            }
            rs[i] = t;
        }
        Waitable any = new Waitable() {
            @Override
            public boolean isDone() {
                for (ThreadRequest r : rs) {
                    if (r.isDone()) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public void setParkedWaiter(Thread thread) {
                for (ThreadRequest r : rs) {
                    r.setParkedWaiter(thread);
                }
            }

            @Override
            public String describe() {
                return "waitAny over " + rs.length + " requests, the first: " + rs[0].describe();
            }
        };
        if (!Waiting.await(rs[0].owner, any, timeoutNanos)) {
            return -1;
        }
        for (int i = 0; i < rs.length; i++) {
            if (rs[i].isDone()) {
                rs[i].finish();
                return i;
            }
        }
        throw new MpiException(ErrorClass.INTERNAL, "waitAny woke with no request done");
    }
}
