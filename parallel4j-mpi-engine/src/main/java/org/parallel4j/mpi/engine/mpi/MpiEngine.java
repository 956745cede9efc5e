package org.parallel4j.mpi.engine.mpi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.ObjectCodec;
import org.parallel4j.mpi.RankBody;
import org.parallel4j.mpi.Request;
import org.parallel4j.mpi.ThreadLevel;
import org.parallel4j.mpi.engine.Engine;
import org.parallel4j.mpi.internal.MainMethod;
import org.parallel4j.mpi.internal.TaggedOutput;

/**
 * The MPI engine: this process is one rank of a job the library's launcher started, and
 * every call goes to the library through {@link Native}.
 *
 * <p>Implementation notes. MPI is initialized on first use with {@code MPI_THREAD_MULTIPLE}
 * requested, and finalized by a shutdown hook; every communicator gets
 * {@code MPI_ERRORS_RETURN}, so the library's errors come back as {@link MpiException}s with
 * its error string. Waiting has two modes, chosen once: <em>direct</em>, when this node has
 * no more ranks than cores, calls the blocking MPI functions (heap arrays in place, through
 * the critical linker option); <em>polled</em>, when it has more (or
 * {@code -Dp4j.mpi.wait=poll}), starts the nonblocking form and tests it, yielding the core
 * between tests: MPICH's blocking collectives otherwise spin against each other for
 * milliseconds per call on an oversubscribed node. Every thread's pending operation is
 * recorded in its {@link Activity}, which a timeout prints before the job is aborted.
 */
final class MpiEngine implements Engine {
    /** {@code -Dp4j.mpi.wait=direct|poll}: how blocking calls wait (default: poll only when the node is oversubscribed). */
    static final String WAIT_PROPERTY = "p4j.mpi.wait";
    /** {@code -Dp4j.mpi.heapAccess=critical|copy}: pass heap arrays to blocking calls in place (default) or staged. */
    static final String HEAP_PROPERTY = "p4j.mpi.heapAccess";
    /** {@code -Dp4j.mpi.threadLevel=SERIALIZED}: the thread level to ask for (default MULTIPLE). */
    static final String THREAD_LEVEL_PROPERTY = "p4j.mpi.threadLevel";
    /** {@code -Dp4j.mpi.check=true}: verify before each collective that every rank called the same one. */
    static final String CHECK_PROPERTY = "p4j.mpi.check";
    /** How long a rank waits between its last report and MPI_Abort (see {@link #abortJob}). */
    private static final long ABORT_GRACE_MILLIS = 250;
    /** Spins of a wait before it starts yielding (direct mode). */
    private static final int SPINS = 20_000;
    /** Yields of a wait before it starts parking. */
    private static final int YIELDS = 2_000;
    private static final long PARK_NANOS = 20_000;

    /** "No peer" or "no tag" in an {@link Activity}. */
    static final int NONE = Integer.MIN_VALUE;

    private static volatile MpiEngine instance;
    /** The one-sided components this engine chose for Open MPI before MPI_Init, or null (see {@link Library#chooseOneSidedComponents}). */
    static volatile String oneSidedComponents;

    final ThreadLevel threadLevel;
    final boolean polled;
    final boolean heapCritical;
    final boolean checkCollectives;
    final long tagUpperBound;
    final int cores = Launcher.nodeCores();
    private final NativeComm world;
    private final NativeComm self;
    private final NativeIntercomm parent;
    private final Map<Thread, Activity> activities = new ConcurrentHashMap<>();
    private final ThreadLocal<Activity> activity = ThreadLocal.withInitial(() -> {
        Activity a = new Activity();
        activities.put(Thread.currentThread(), a);
        return a;
    });
    private volatile boolean finalized;
    private volatile boolean aborting;
    /** Communicators dropped without free(), freed for the program (see {@link CommLifetimes}). */
    final CommLifetimes lifetimes = new CommLifetimes();

    private MpiEngine() {
        ThreadLevel granted = init();
        this.threadLevel = granted;
        if (granted != ThreadLevel.MULTIPLE) {
            Native.serializeCalls(); // one call at a time, and no call that blocks while holding the turn (polled waits)
        }
        String wait = System.getProperty(WAIT_PROPERTY, "auto");
        this.polled = granted != ThreadLevel.MULTIPLE || switch (wait) {
            case "poll" -> true;
            case "direct" -> false;
            default -> Launcher.ranksOnThisNode() > cores;
        };
        this.heapCritical = !"copy".equals(System.getProperty(HEAP_PROPERTY, "critical"));
        this.checkCollectives = Boolean.getBoolean(CHECK_PROPERTY);
        this.world = NativeComm.predefined(this, Native.ABI.commWorld, "world", !Launcher.sharedWorld());
        this.self = NativeComm.predefined(this, Native.ABI.commSelf, "self", true);
        // Made now, not when first asked for: the parents' side joins its dups as soon as spawn returns.
        this.parent = NativeIntercomm.parentOf(this);
        this.tagUpperBound = world.tagUpperBound();
        watchExit();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("p4j-mpi-finalize").unstarted(this::atExit));
        if (Thread.getDefaultUncaughtExceptionHandler() == null) {
            Thread.setDefaultUncaughtExceptionHandler((t, e) -> failed("an uncaught exception in thread \"" + t.getName() + "\"", e));
        }
    }

    /** Whether MPI_Finalize has run (or is running): no MPI call may follow. */
    boolean isFinalized() {
        return finalized;
    }

    /** The engine, MPI initialized on first call. */
    static MpiEngine get() {
        MpiEngine e = instance;
        if (e == null) {
            synchronized (MpiEngine.class) {
                if (instance == null) {
                    instance = new MpiEngine();
                }
                e = instance;
            }
        }
        return e;
    }

    /** True once MPI was initialized by this engine. */
    static boolean started() {
        return instance != null;
    }

    /** The level -Dp4j.mpi.threadLevel asks for (MULTIPLE when unset); an ARG error naming the choices otherwise. */
    static ThreadLevel requestedThreadLevel() {
        String v = System.getProperty(THREAD_LEVEL_PROPERTY, "MULTIPLE");
        try {
            return ThreadLevel.valueOf(v.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MpiException(ErrorClass.ARG, "-D" + THREAD_LEVEL_PROPERTY + "=" + v
                    + " is not a thread level: give SINGLE, FUNNELED, SERIALIZED or MULTIPLE");
        }
    }

    private static ThreadLevel init() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment flag = a.allocate(4);
            int rc = (int) Native.INITIALIZED.invokeExact(flag);
            if (rc == 0 && flag.get(ValueLayout.JAVA_INT, 0) != 0) {
                return ThreadLevel.MULTIPLE; // initialized by someone else in this process (an MPMD host); assume its level
            }
            oneSidedComponents = Native.LIB.chooseOneSidedComponents();
            MemorySegment provided = a.allocate(4);
            int required = requestedThreadLevel().ordinal();
            rc = (int) Native.INIT_THREAD.invokeExact(MemorySegment.NULL, MemorySegment.NULL, required, provided);
            if (rc != 0) {
                throw new MpiException(ErrorClass.INTERNAL, "MPI_Init_thread failed with error " + rc + " in " + Native.LIB.path());
            }
            return ThreadLevel.values()[Math.clamp(provided.get(ValueLayout.JAVA_INT, 0), 0, 3)];
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw NativeComm.unexpected(t);
        }
    }

    // ---------------------------------------------------------------- errors

    /** The exception for MPI error code {@code rc}: its class mapped, the library's error string in the message. */
    MpiException error(int rc, String what) {
        Scratch s = Scratch.get();
        String text;
        int mpiClass = rc;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(1024);
            MemorySegment len = a.allocate(4);
            int r = (int) Native.ERROR_STRING.invokeExact(rc, buf, len);
            text = r == 0 ? buf.getString(0) : "MPI error " + rc;
            if ((int) Native.ERROR_CLASS.invokeExact(rc, s.intB) == 0) {
                mpiClass = s.intB.get(ValueLayout.JAVA_INT, 0);
            }
        } catch (Throwable t) {
            text = "MPI error " + rc;
        }
        return new MpiException(Native.ABI.errorClass(mpiClass), what + ": " + text + " (" + Native.ABI.family.label + " error " + rc + ")");
    }

    // ---------------------------------------------------------------- waiting

    /** Waits until {@code r} is complete or {@code deadlineNanos} (System.nanoTime) passes; false then. */
    boolean waitFor(NativeRequest r, long deadlineNanos) {
        Activity a = activity();
        a.begin(r.kind, r.comm.name(), NONE, NONE);
        try {
            for (int n = 0; !r.poll(); n++) {
                if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos >= 0) {
                    return false;
                }
                pause(n);
            }
            return true;
        } finally {
            a.end();
        }
    }

    /** One step of a wait's backoff: spin, then yield the core, then park briefly; polled mode yields at once. */
    void pause(int n) {
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new MpiException(ErrorClass.INTERRUPTED, "interrupted while waiting in " + activity().describe());
        }
        int spins = polled ? 0 : SPINS;
        if (n < spins) {
            Thread.onSpinWait();
        } else if (n < spins + YIELDS || polled) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(PARK_NANOS);
        }
    }

    /** The calling thread's activity record. */
    Activity activity() {
        return activity.get();
    }

    /** What each thread of this rank is blocked in, one line each. */
    String pendingReport() {
        StringBuilder b = new StringBuilder();
        activities.forEach((t, a) -> {
            String d = a.describeIfBusy();
            if (d != null && t.isAlive()) {
                b.append("  rank ").append(world.rank()).append(", thread \"").append(t.getName()).append("\": blocked in ").append(d).append('\n');
            }
        });
        return b.isEmpty() ? "  rank " + world.rank() + ": not in an MPI call\n" : b.toString();
    }

    // ---------------------------------------------------------------- failure and exit

    /** Reports a rank's failure with its stack trace and aborts the job (the launcher kills the other ranks). */
    void failed(String what, Throwable e) {
        System.out.flush();
        System.err.println("p4j: rank " + world.rank() + " failed with " + what + "; aborting the job:");
        e.printStackTrace();
        System.err.flush();
        abortJob(e instanceof MpiException m ? m.exitCode() : 1);
    }

    /**
     * MPI_Abort on the world: every rank of the job ends with {@code code}. A launcher tears the
     * job down at once and may drop what the rank wrote last (MPICH's proxies lost the end of a
     * stack trace now and then), so the rank first gives it a moment to forward its output.
     */
    void abortJob(int code) {
        aborting = true;
        System.out.flush();
        System.err.flush();
        try {
            Thread.sleep(ABORT_GRACE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            int rc = (int) Native.ABORT.invokeExact(Native.ABI.commWorld, code == 0 ? 1 : code);
        } catch (Throwable t) {
            Runtime.getRuntime().halt(code == 0 ? 1 : code);
        }
        Runtime.getRuntime().halt(code == 0 ? 1 : code);
    }

    /** The status of a {@code System.exit} on this process (Integer.MIN_VALUE: none seen). */
    private static volatile int exitStatus = Integer.MIN_VALUE;

    /**
     * Hears of {@code System.exit} ({@link org.parallel4j.mpi.internal.RuntimeExits}, as the thread
     * engine does). A non-zero exit ends the whole job, like an uncaught exception, instead of
     * leaving the other ranks waiting for this one.
     */
    private static void watchExit() {
        org.parallel4j.mpi.internal.RuntimeExits.listen(status -> exitStatus = status);
    }

    private void atExit() {
        if (aborting || finalized) {
            return;
        }
        int status = exitStatus;
        if (status != Integer.MIN_VALUE && status != 0) {
            System.out.flush();
            System.err.println("p4j: rank " + world.rank() + " called System.exit(" + status + "); ending the job (the other ranks"
                    + " would wait for it): exit with an uncaught exception or Comm.abort to say why");
            System.err.flush();
            try {
                Thread.sleep(100); // let the launcher forward the line before it tears the job down
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            abortJob(status);
            return;
        }
        finalized = true;
        System.out.flush();
        Ops.freeAll();
        try {
            int rc = (int) Native.FINALIZE.invokeExact();
        } catch (Throwable ignored) {
            // the process is ending either way
        }
    }

    // ---------------------------------------------------------------- Engine

    @Override
    public String name() {
        return MpiEngineProvider.NAME;
    }

    @Override
    public String implementation() {
        return Native.ABI.family == Abi.Family.OPEN_MPI ? "parallel4j-mpi-openmpi" : "parallel4j-mpi-mpich";
    }

    @Override
    public Comm world() {
        return world;
    }

    @Override
    public Comm self() {
        return self;
    }

    @Override
    public org.parallel4j.mpi.Intercomm parent() {
        return parent;
    }

    @Override
    public boolean inJob() {
        return true;
    }

    @Override
    public ThreadLevel threadLevel() {
        return threadLevel;
    }

    @Override
    public void run(int ranks, long timeoutNanos, ObjectCodec codec, RankBody body) {
        requireWorldOf(ranks);
        runAsRank(timeoutNanos, () -> body.run(world));
    }

    @Override
    public void runMain(int ranks, long timeoutNanos, ObjectCodec codec, String mainClass, URL[] classPath, String[] args, boolean tagOutput) {
        requireWorldOf(ranks);
        if (tagOutput) {
            String tag = String.valueOf(world.rank());
            System.setOut(TaggedOutput.over(System.out, () -> tag));
            System.setErr(TaggedOutput.over(System.err, () -> tag));
        }
        URLClassLoader loader = new URLClassLoader(classPath, MpiEngine.class.getClassLoader());
        Method main = MainMethod.find(loader, mainClass);
        Thread.currentThread().setContextClassLoader(loader);
        runAsRank(timeoutNanos, () -> MainMethod.invoke(main, args));
        System.out.flush();
        System.err.flush();
    }

    @FunctionalInterface
    private interface RankWork {
        void run() throws Exception;
    }

    /** Runs this rank's work; a failure aborts the whole job, a timeout prints what every thread waits for first. */
    private void runAsRank(long timeoutNanos, RankWork work) {
        Thread watchdog = null;
        if (timeoutNanos > 0) {
            watchdog = Thread.ofPlatform().daemon(true).name("p4j-mpi-timeout").start(() -> {
                try {
                    Thread.sleep(java.time.Duration.ofNanos(timeoutNanos));
                } catch (InterruptedException e) {
                    return;
                }
                System.out.flush();
                System.err.print("p4j: rank " + world.rank() + ": the job's time limit of " + timeoutNanos / 1e9
                        + " s ran out; pending operations:\n" + pendingReport());
                System.err.flush();
                abortJob(124);
            });
        }
        try {
            work.run();
        } catch (Throwable e) {
            failed(e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } finally {
            if (watchdog != null) {
                watchdog.interrupt();
            }
        }
    }

    private void requireWorldOf(int ranks) {
        if (ranks != world.size()) {
            throw new MpiException(ErrorClass.ARG, "the MPI engine runs in the world its launcher started, of " + world.size()
                    + " process" + (world.size() == 1 ? "" : "es") + ", and cannot start " + ranks + " ranks here: start "
                    + ranks + " processes (p4j run -n " + ranks + " --engine mpi, or mpirun -n " + ranks + ")");
        }
    }

    @Override
    public int waitAny(List<? extends Request> requests, long timeoutNanos) {
        if (requests.isEmpty()) {
            throw new MpiException(ErrorClass.REQUEST, "waitAny needs at least one request");
        }
        NativeRequest[] rs = new NativeRequest[requests.size()];
        for (int i = 0; i < rs.length; i++) {
            rs[i] = NativeRequest.of(requests.get(i), i);
        }
        long deadline = timeoutNanos == NO_TIMEOUT ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        Activity a = activity();
        a.begin("waitAny over " + rs.length + " requests, the first: " + rs[0].describe(), rs[0].comm.name(), NONE, NONE);
        try {
            for (int n = 0; ; n++) {
                for (int i = 0; i < rs.length; i++) {
                    if (rs[i].poll()) {
                        rs[i].test();
                        return i;
                    }
                }
                if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0) {
                    return -1;
                }
                pause(n);
            }
        } finally {
            a.end();
        }
    }

    @Override
    public double wtime() {
        try {
            return (double) Native.WTIME.invokeExact();
        } catch (Throwable t) {
            throw NativeComm.unexpected(t);
        }
    }

    @Override
    public double wtick() {
        try {
            return (double) Native.WTICK.invokeExact();
        } catch (Throwable t) {
            throw NativeComm.unexpected(t);
        }
    }

    @Override
    public int ranksInThisJvm() {
        return 1;
    }

    @Override
    public String processorName() {
        return nameCall(Native.GET_PROCESSOR_NAME, 256, "MPI_Get_processor_name");
    }

    @Override
    public String libraryVersion() {
        return nameCall(Native.GET_LIBRARY_VERSION, 8192, "MPI_Get_library_version").strip();
    }

    /** A call that writes a string and its length: (char *out, int *length). */
    private String nameCall(java.lang.invoke.MethodHandle call, int room, String what) {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment text = arena.allocate(room + 1);
            MemorySegment length = arena.allocate(java.lang.foreign.ValueLayout.JAVA_INT);
            int rc = (int) call.invokeExact(text, length);
            if (rc != 0) {
                throw error(rc, what);
            }
            return text.getString(0);
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw NativeComm.unexpected(t);
        }
    }

    @Override
    public boolean isThreadMain() {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment flag = arena.allocate(java.lang.foreign.ValueLayout.JAVA_INT);
            int rc = (int) Native.IS_THREAD_MAIN.invokeExact(flag);
            if (rc != 0) {
                throw error(rc, "MPI_Is_thread_main");
            }
            return flag.get(java.lang.foreign.ValueLayout.JAVA_INT, 0) != 0;
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw NativeComm.unexpected(t);
        }
    }

    /** The attached buffer of buffered sends (MPI_Buffer_attach), kept until detached. */
    private java.lang.foreign.Arena attachedArena;

    @Override
    public synchronized void attachBuffer(int bytes) {
        if (bytes < 0) {
            throw new MpiException(ErrorClass.ARG, "attachBuffer: the size is negative: " + bytes);
        }
        if (attachedArena != null) {
            throw new MpiException(ErrorClass.BUFFER, "attachBuffer: a buffer is already attached: detachBuffer() it first "
                    + "(a process has one at a time)");
        }
        java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofShared();
        try {
            int rc = (int) Native.BUFFER_ATTACH.invokeExact(arena.allocate(Math.max(bytes, 1), 16), bytes);
            if (rc != 0) {
                throw error(rc, "MPI_Buffer_attach(" + bytes + " bytes)");
            }
        } catch (MpiException e) {
            arena.close();
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw NativeComm.unexpected(t);
        }
        attachedArena = arena;
    }

    /** Before a buffered send: a BUFFER error when no buffer is attached (Open MPI would send small ones anyway). */
    synchronized void requireAttachedBuffer(String kind, int dest, int tag, String comm) {
        if (attachedArena == null) {
            throw new MpiException(ErrorClass.BUFFER, kind + "(dest=" + dest + ", tag=" + tag + ") on " + comm + ": no buffer is attached: "
                    + "call Mpi.attachBuffer with room for the messages in flight (each takes its size + " + org.parallel4j.mpi.Mpi.BSEND_OVERHEAD
                    + " bytes)");
        }
    }

    @Override
    public synchronized int detachBuffer() {
        if (attachedArena == null) {
            throw new MpiException(ErrorClass.BUFFER, "detachBuffer: no buffer is attached");
        }
        Activity a = activity();
        a.begin("detachBuffer", "the attached buffer", NONE, NONE);
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment address = arena.allocate(java.lang.foreign.ValueLayout.ADDRESS);
            MemorySegment size = arena.allocate(java.lang.foreign.ValueLayout.JAVA_INT);
            int rc = (int) Native.BUFFER_DETACH.invokeExact(address, size);
            if (rc != 0) {
                throw error(rc, "MPI_Buffer_detach");
            }
            attachedArena.close();
            attachedArena = null;
            return size.get(java.lang.foreign.ValueLayout.JAVA_INT, 0);
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw NativeComm.unexpected(t);
        } finally {
            a.end();
        }
    }

    @Override
    public int ranksOnThisNode() {
        return Launcher.ranksOnThisNode();
    }

    /**
     * What one thread is blocked in: written by that thread around each blocking call (plain
     * fields, published by the volatile {@code kind}), read by the timeout report.
     */
    static final class Activity {
        private volatile String kind;
        private String comm;
        private int peer;
        private int tag;

        void begin(String kind, String comm, int peer, int tag) {
            this.comm = comm;
            this.peer = peer;
            this.tag = tag;
            this.kind = kind;
        }

        void end() {
            kind = null;
        }

        String describeIfBusy() {
            return kind == null ? null : describe();
        }

        String describe() {
            String k = kind;
            if (k == null) {
                return "nothing";
            }
            return k + "(" + (peer == NONE ? "" : "peer=" + (peer == Mpi.ANY_SOURCE ? "ANY_SOURCE" : peer) + ", ")
                    + (tag == NONE ? "" : "tag=" + (tag == Mpi.ANY_TAG ? "ANY_TAG" : tag) + ", ") + "comm=" + comm + ")";
        }
    }
}
