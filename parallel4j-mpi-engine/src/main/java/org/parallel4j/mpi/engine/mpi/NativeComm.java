package org.parallel4j.mpi.engine.mpi;

import static org.parallel4j.mpi.engine.mpi.Native.ABI;
import static org.parallel4j.mpi.internal.CollectiveChecks.countsAndDispls;
import static org.parallel4j.mpi.internal.CollectiveChecks.reduceScatterCounts;
import static org.parallel4j.mpi.internal.CollectiveChecks.requireCapacity;
import static org.parallel4j.mpi.internal.CollectiveChecks.requireDistinct;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import org.parallel4j.mpi.CartComm;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.CommRequest;
import org.parallel4j.mpi.Comparison;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.Group;
import org.parallel4j.mpi.Intercomm;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.Op;
import org.parallel4j.mpi.Request;
import org.parallel4j.mpi.Win;
import org.parallel4j.mpi.internal.Buffers;
import org.parallel4j.mpi.internal.CartesianMap;
import org.parallel4j.mpi.internal.CollectiveChecks;
import org.parallel4j.mpi.internal.CommBase;
import org.parallel4j.mpi.internal.Datatype;
import org.parallel4j.mpi.internal.InPlace;
import org.parallel4j.mpi.internal.Reductions;
import org.parallel4j.mpi.internal.WinBase;

/**
 * A communicator of the MPI engine: its point-to-point operations ({@link NativePointToPoint}),
 * and here communicator management (dup, split, create, Cartesian topologies, free, and the
 * freeing of communicators a program dropped, {@link CommLifetimes}) and the collectives.
 * Collectives check their arguments in Java first ({@link #agree}); with
 * {@code -Dp4j.mpi.check=true} every rank also compares a fingerprint of its call with the
 * others' before the collective runs.
 */
class NativeComm extends NativePointToPoint {
    NativeComm(MpiEngine engine, long handle, String name, boolean permanent) {
        super(engine, handle, name, permanent);
    }

    /** A communicator over {@code handle}; {@code shadow}: see {@link NativePointToPoint}. */
    NativeComm(MpiEngine engine, long handle, String name, boolean permanent, boolean shadow) {
        super(engine, handle, name, permanent, shadow);
    }

    /** A communicator over {@code handle} whose object tier is {@code objects} (made by idup). */
    NativeComm(MpiEngine engine, long handle, String name, boolean permanent, boolean shadow, long objects) {
        super(engine, handle, name, permanent, shadow, objects);
    }

    static NativeComm predefined(MpiEngine engine, long handle, String name, boolean shadow) {
        return new NativeComm(engine, handle, name, true, shadow);
    }

    // ---------------------------------------------------------------- communicators

    /**
     * Before a communicator is created: frees those the program dropped without freeing (see
     * {@link CommLifetimes}), so that a program that forgets {@code free()} does not run out.
     */
    private void beforeCreate() {
        live();
        engine.lifetimes.freeForgotten(engine);
    }

    /** A failed creation's error, with the likely cause when it is the library's limit on communicators. */
    private MpiException creationFailed(MpiException e) {
        return new MpiException(e.errorClass(), e.getMessage() + " (if the library ran out of communicators: free() the ones no"
                + " longer used; " + engine.lifetimes.freedForgotten() + " dropped without free() were freed for you so far)", e);
    }

    @Override
    public Comm dup() {
        beforeCreate();
        Scratch s = Scratch.get();
        try {
            check((int) Native.COMM_DUP.invokeExact(handle, s.handleA), "MPI_Comm_dup");
        } catch (MpiException e) {
            throw creationFailed(e);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        return new NativeComm(engine, Scratch.readHandle(s.handleA), name + ".dup", false);
    }

    @Override
    public Comm dup(org.parallel4j.mpi.Info hints) {
        beforeCreate();
        Scratch s = Scratch.get();
        long info = InfoHandles.create(hints);
        try {
            check((int) Native.COMM_DUP_WITH_INFO.invokeExact(handle, info, s.handleA), "MPI_Comm_dup_with_info");
        } catch (MpiException e) {
            throw creationFailed(e);
        } catch (Throwable t) {
            throw unexpected(t);
        } finally {
            InfoHandles.free(info);
        }
        return new NativeComm(engine, Scratch.readHandle(s.handleA), name + ".dup", false);
    }

    @Override
    public org.parallel4j.mpi.Info info() {
        live();
        try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment slot = a.allocate(8, 8);
            check((int) Native.COMM_GET_INFO.invokeExact(handle, slot), "MPI_Comm_get_info");
            return InfoHandles.read(Scratch.readHandle(slot));
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public void setInfo(org.parallel4j.mpi.Info hints) {
        live();
        CommBase.merged(org.parallel4j.mpi.Info.NULL, hints, "setInfo on " + name); // the null check
        long info = InfoHandles.create(hints);
        try {
            check((int) Native.COMM_SET_INFO.invokeExact(handle, info), "MPI_Comm_set_info");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        } finally {
            InfoHandles.free(info);
        }
    }

    @Override
    public CommRequest idup() {
        beforeCreate();
        return new DupRequest();
    }

    /**
     * idup: {@code MPI_Comm_idup} of the communicator and, unless they are one, of its object
     * tier's, so that the new communicator needs no collective call of its own once ready.
     */
    final class DupRequest extends NativeRequest implements CommRequest {
        private final Staged owned = new Staged(Staged.Mode.OWNED);
        private final java.lang.foreign.MemorySegment made;
        private final java.lang.foreign.MemorySegment madeObjects;
        private final NativeRequest objectsDup;
        private Comm comm;

        DupRequest() {
            this(new Staged(Staged.Mode.OWNED));
        }

        private DupRequest(Staged st) {
            super(NativeComm.this, "idup", st, st.requestSlot(), null, null);
            made = owned.requestSlot();
            madeObjects = owned.requestSlot();
            try {
                check((int) Native.COMM_IDUP.invokeExact(handle, made, slot()), "MPI_Comm_idup");
                if (objects != handle) {
                    MemorySegment second = owned.requestSlot();
                    check((int) Native.COMM_IDUP.invokeExact(objects, madeObjects, second), "MPI_Comm_idup");
                    objectsDup = new NativeRequest(NativeComm.this, "idup (object tier)", null, second, null, null);
                } else {
                    objectsDup = null;
                }
            } catch (MpiException e) {
                throw creationFailed(e);
            } catch (Throwable t) {
                throw unexpected(t);
            }
        }

        @Override
        void pollNative() {
            if (objectsDup != null && !objectsDup.poll()) {
                return;
            }
            super.pollNative();
        }

        @Override
        public synchronized Comm comm() {
            await();
            if (objectsDup != null) {
                objectsDup.await();
            }
            if (comm == null) {
                long h = Scratch.readHandle(made);
                comm = new NativeComm(engine, h, name + ".idup", false, false, objectsDup == null ? h : Scratch.readHandle(madeObjects));
            }
            return comm;
        }
    }

    @Override
    public Comm splitType(org.parallel4j.mpi.SplitType type, int key) {
        beforeCreate();
        checkSplitType(type);
        Scratch s = Scratch.get();
        try {
            check((int) Native.COMM_SPLIT_TYPE.invokeExact(handle, ABI.commTypeShared(), key, ABI.infoNull, s.handleA), "MPI_Comm_split_type");
        } catch (MpiException e) {
            throw creationFailed(e);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        long h = Scratch.readHandle(s.handleA);
        return h == ABI.commNull ? null : new NativeComm(engine, h, name + ".splitType(" + type + ")", false);
    }

    // ---------------------------------------------------------------- dynamic processes

    @Override
    public Intercomm spawn(String mainClass, String[] args, int maxprocs, org.parallel4j.mpi.Info info, int root) {
        live();
        checkRoot(root);
        List<String> argv = new java.util.ArrayList<>();
        if (rank == root) {
            argv.addAll(childJvmOptions(engine.polled));
            argv.add(mainClass == null ? "" : mainClass);
            argv.addAll(Arrays.asList(args == null ? new String[0] : args));
        }
        String problem = rank != root ? null : mainClass == null || mainClass.isBlank() ? "the main class is " + (mainClass == null ? "null" : "blank")
                : maxprocs < 1 ? "maxprocs must be at least 1, got " + maxprocs : mainClassProblem(mainClass);
        return spawnAgreed(javaCommand(), argv, maxprocs, info, root, problem, "spawn(" + mainClass + ")", true);
    }

    @Override
    public Intercomm spawnCommand(String command, String[] args, int maxprocs, org.parallel4j.mpi.Info info, int root) {
        live();
        checkRoot(root);
        String problem = rank != root ? null : command == null || command.isBlank() ? "the command is " + (command == null ? "null" : "blank")
                : maxprocs < 1 ? "maxprocs must be at least 1, got " + maxprocs : null;
        return spawnAgreed(command, Arrays.asList(args == null ? new String[0] : args), maxprocs, info, root, problem,
                "spawnCommand(" + command + ")", false);
    }

    /**
     * MPI_Comm_spawn, once every rank knows the root's arguments are good (the root's verdict
     * travels first, so a bad argument is one error on every rank, not a root that throws while
     * the others wait in the library).
     */
    private Intercomm spawnAgreed(String command, List<String> argv, int maxprocs, org.parallel4j.mpi.Info info, int root,
                                  String rootProblem, String what, boolean javaPeers) {
        String problem = bcastObject(rootProblem, root);
        if (problem != null) {
            throw new MpiException(ErrorClass.ARG, what + ": " + problem + (rank == root ? "" : " (at the root, rank " + root + ")"));
        }
        beforeCreate();
        Scratch s = Scratch.get();
        MpiEngine.Activity a = engine.activity();
        a.begin("spawn", name, root, MpiEngine.NONE);
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment cmd = arena.allocateFrom(command == null ? "" : command);
            MemorySegment vector = arena.allocate(ValueLayout.ADDRESS, argv.size() + 1);
            for (int i = 0; i < argv.size(); i++) {
                vector.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(argv.get(i)));
            }
            vector.setAtIndex(ValueLayout.ADDRESS, argv.size(), MemorySegment.NULL);
            MemorySegment errcodes = rank == root ? arena.allocate(ValueLayout.JAVA_INT, Math.max(1, maxprocs)) : MemorySegment.NULL;
            long mpiInfo = rank == root ? InfoHandles.create(info) : ABI.infoNull;
            int rc;
            try {
                rc = (int) Native.COMM_SPAWN.invokeExact(cmd, vector, Math.max(maxprocs, 1), mpiInfo, root, handle, s.handleA, errcodes);
            } finally {
                InfoHandles.free(mpiInfo);
            }
            check(rc, what);
        } catch (MpiException e) {
            throw new MpiException(e.errorClass(), e.getMessage() + " (a cluster's scheduler must allow the job to start processes: "
                    + "free slots, or oversubscription, in the allocation)", e);
        } catch (Throwable t) {
            throw unexpected(t);
        } finally {
            a.end();
        }
        return new NativeIntercomm(engine, Scratch.readHandle(s.handleA), name + ".spawn", javaPeers);
    }

    /** The JVM the children run: this one's. */
    private static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * The children's JVM options: this JVM's own, the class path, that they run the MPI engine
     * with a Java parent, and this process's wait mode ({@code polled}): measured on Open MPI 4.1,
     * polled children under parents in direct waits stalled in their first collective over
     * both groups, while either mode on both sides runs.
     */
    private static List<String> childJvmOptions(boolean polled) {
        List<String> out = new java.util.ArrayList<>();
        for (String option : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-agentlib:jdwp") && !option.startsWith("-Dp4j.engine=") && !option.startsWith("-D" + MpiEngine.WAIT_PROPERTY + "=")) {
                out.add(option);
            }
        }
        out.add("-Dp4j.engine=mpi");
        out.add("-D" + MpiEngine.WAIT_PROPERTY + "=" + (polled ? "poll" : "direct"));
        out.add("-D" + NativeIntercomm.SPAWNED_BY_JAVA + "=true");
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null && !modulePath.isBlank()) {
            out.add("--module-path");
            out.add(absolute(modulePath));
        }
        out.add("-cp");
        out.add(absolute(System.getProperty("java.class.path")));
        return out;
    }

    /** A path list with every entry made absolute: a child may start elsewhere (the {@code wdir} hint). */
    private static String absolute(String paths) {
        StringBuilder b = new StringBuilder();
        for (String p : paths.split(java.io.File.pathSeparator)) {
            if (!p.isEmpty()) {
                b.append(b.isEmpty() ? "" : java.io.File.pathSeparator).append(java.nio.file.Path.of(p).toAbsolutePath());
            }
        }
        return b.toString();
    }

    /** Why {@code mainClass} cannot run as a child (no such class, no main), or null. */
    private static String mainClassProblem(String mainClass) {
        try {
            org.parallel4j.mpi.internal.MainMethod.find(Thread.currentThread().getContextClassLoader(), mainClass);
            return null;
        } catch (MpiException e) {
            return e.getMessage();
        }
    }

    @Override
    public Intercomm createIntercomm(int localLeader, Comm peer, int remoteLeader, int tag) {
        live();
        checkRoot(localLeader);
        checkSendTag(tag);
        if (rank == localLeader && !(peer instanceof NativeComm)) {
            throw new MpiException(ErrorClass.COMM, "createIntercomm: the peer communicator " + peer + " is not of the MPI engine");
        }
        beforeCreate();
        long peerHandle = peer instanceof NativeComm p ? p.handle : ABI.commNull;
        Scratch s = Scratch.get();
        try {
            check((int) Native.INTERCOMM_CREATE.invokeExact(handle, localLeader, peerHandle, remoteLeader, tag, s.handleA),
                    "MPI_Intercomm_create");
        } catch (MpiException e) {
            throw creationFailed(e);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        return new NativeIntercomm(engine, Scratch.readHandle(s.handleA), name + ".intercomm", true);
    }

    @Override
    public Comm split(int color, int key) {
        long h = splitHandle(color, key);
        return h == ABI.commNull ? null : new NativeComm(engine, h, name + ".split(" + color + ")", false);
    }

    private long splitHandle(int color, int key) {
        beforeCreate();
        if (color < 0 && color != Mpi.UNDEFINED) {
            throw new MpiException(ErrorClass.ARG, "invalid color " + color + " for split: colors are non-negative, or UNDEFINED");
        }
        Scratch s = Scratch.get();
        try {
            check((int) Native.COMM_SPLIT.invokeExact(handle, color == Mpi.UNDEFINED ? ABI.undefined : color, key, s.handleA), "MPI_Comm_split");
        } catch (MpiException e) {
            throw creationFailed(e);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        return Scratch.readHandle(s.handleA);
    }

    @Override
    public Comm create(Group members) {
        beforeCreate();
        if (members == null) {
            throw new MpiException(ErrorClass.GROUP, "create: the group is null");
        }
        int[] mine = group().worldRanks();
        int[] wanted = members.worldRanks();
        for (int w : wanted) {
            if (Arrays.stream(mine).noneMatch(m -> m == w)) {
                throw new MpiException(ErrorClass.GROUP, "create: the group holds world rank " + w
                        + ", which is not in communicator " + name + " " + Arrays.toString(mine));
            }
        }
        Scratch s = Scratch.get();
        try {
            check((int) Native.COMM_GROUP.invokeExact(ABI.commWorld, s.handleA), "MPI_Comm_group");
            long wg = Scratch.readHandle(s.handleA);
            MemorySegment ranks = s.ints(wanted, 0, Math.max(1, wanted.length));
            check((int) Native.GROUP_INCL.invokeExact(wg, wanted.length, ranks, s.handleB), "MPI_Group_incl");
            long g = Scratch.readHandle(s.handleB);
            check((int) Native.COMM_CREATE.invokeExact(handle, g, s.handleA), "MPI_Comm_create");
            long made = Scratch.readHandle(s.handleA);
            Scratch.writeHandle(s.handleB, g);
            check((int) Native.GROUP_FREE.invokeExact(s.handleB), "MPI_Group_free");
            Scratch.writeHandle(s.handleB, wg);
            check((int) Native.GROUP_FREE.invokeExact(s.handleB), "MPI_Group_free");
            return made == ABI.commNull ? null : new NativeComm(engine, made, name + ".create", false);
        } catch (MpiException e) {
            throw creationFailed(e);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public Comparison compare(Comm other) {
        live();
        if (!(other instanceof NativeComm o)) {
            return Comparison.UNEQUAL;
        }
        Scratch s = Scratch.get();
        try {
            check((int) Native.COMM_COMPARE.invokeExact(handle, o.handle, s.intA), "MPI_Comm_compare");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
        return Comparison.values()[Math.clamp(s.intA.get(ValueLayout.JAVA_INT, 0), 0, 3)];
    }

    @Override
    public CartComm createCart(int[] dims, boolean[] periods, boolean reorder) {
        live();
        CartesianMap map = new CartesianMap(dims, periods);
        if (map.size() > size) {
            throw new MpiException(ErrorClass.TOPOLOGY, "grid " + Arrays.toString(dims) + " needs " + map.size()
                    + " ranks but communicator " + name + " has " + size);
        }
        return cartOf(rank < map.size() ? 0 : Mpi.UNDEFINED, rank, map, name + ".cart" + Arrays.toString(dims));
    }

    /** A split whose parts are Cartesian communicators over {@code map} (for createCart and sub). */
    final CartComm cartOf(int color, int key, CartesianMap map, String newName) {
        long h = splitHandle(color, key);
        return h == ABI.commNull ? null : new NativeCartComm(engine, h, newName, map);
    }

    @Override
    public void free() {
        if (permanent) {
            throw new MpiException(ErrorClass.COMM, "communicator " + name + " cannot be freed: it lives as long as the job");
        }
        if (freed) {
            return;
        }
        freeNeighborhood();
        freed = true;
        engine.lifetimes.freeForgotten(engine);
        engine.lifetimes.untrack(handles);
        if (handles.release()) {
            check(freeHandles(handle, objects), "MPI_Comm_free");
        }
    }

    /** Frees a communicator's handle and its object tier's; the first failure's code, or 0. */
    static int freeHandles(long handle, long objects) {
        Scratch s = Scratch.get();
        try {
            Scratch.writeHandle(s.handleA, handle);
            int rc = (int) Native.COMM_FREE.invokeExact(s.handleA);
            if (objects != handle) {
                Scratch.writeHandle(s.handleA, objects);
                int second = (int) Native.COMM_FREE.invokeExact(s.handleA);
                rc = rc != 0 ? rc : second;
            }
            return rc;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---------------------------------------------------------------- collectives: checks and agreement

    @FunctionalInterface
    private interface Check {
        void run();
    }

    private static MpiException problem(Check c) {
        try {
            c.run();
            return null;
        } catch (MpiException e) {
            return e;
        }
    }

    /**
     * Before a collective: throws this rank's argument error, if any. In checking mode
     * ({@code -Dp4j.mpi.check=true}) every rank first compares a fingerprint of its call (kind,
     * root, operation, count and type, as the thread engine does) and whether its arguments are
     * good with every other rank's, in one allreduce, so that a mismatch or one rank's bad
     * argument is reported on every rank instead of leaving the others waiting.
     */
    private void agree(String kind, int root, Op op, long count, Datatype type, MpiException problem) {
        if (isInter()) {
            throw notOnIntercomm(kind);
        }
        if (engine.checkCollectives) {
            StringBuilder d = new StringBuilder(kind).append('(');
            if (root >= 0) {
                d.append("root=").append(root).append(", ");
            }
            if (op != null) {
                d.append("op=").append(op.name()).append(", ");
            }
            if (type != null && count >= 0) {
                d.append(count).append(' ').append(type.plural);
            }
            String mine = d.append(')').toString().replace(", )", ")");
            String identity = mine + (op == null || op.isBuiltin() ? "" : "/user/" + op.itemWidth());
            long fingerprint = problem != null ? Long.MIN_VALUE + 1 : identity.hashCode();
            long[] in = {fingerprint, -fingerprint};
            long[] out = new long[2];
            directAllreduce(in, out, Op.MAX);
            if (out[0] != -out[1]) {
                List<String> all = ObjectTierCalls.allgather(this, problem == null ? "ok|" + mine
                        : "bad|" + problem.errorClass().name() + "|" + problem.getMessage());
                for (int r = 0; r < all.size(); r++) {
                    String[] f = all.get(r).split("\\|", 3);
                    if (f[0].equals("bad")) {
                        throw problem != null ? problem : new MpiException(ErrorClass.valueOf(f[1]), kind + " on " + name + ": rank " + r
                                + ": " + f[2] + " (reported on every rank)");
                    }
                }
                StringBuilder b = new StringBuilder("collective mismatch on " + name + ": ");
                for (int r = 0; r < all.size(); r++) {
                    b.append(r == 0 ? "" : ", ").append("rank ").append(r).append(" called ").append(all.get(r).substring(3));
                }
                throw new MpiException(ErrorClass.COLLECTIVE_MISMATCH, b.append(": every rank must call the same collective with the same root, "
                        + "operation and counts").toString());
            }
        }
        if (problem != null) {
            throw problem;
        }
    }

    /**
     * {@link #agree} for a blocking collective; for a nonblocking one ({@code start}) this
     * rank's argument error only, thrown here: starting one must not wait for the others.
     */
    private void settle(boolean start, String kind, int root, Op op, long count, Datatype type, MpiException problem) {
        if (isInter()) {
            throw notOnIntercomm(start ? "i" + kind : kind);
        }
        if (!start) {
            agree(kind, root, op, count, type, problem);
        } else if (problem != null) {
            throw problem;
        }
    }

    /** The object allgather of the checking mode, which must not itself be checked. */
    private static final class ObjectTierCalls {
        static List<String> allgather(NativeComm c, String mine) {
            byte[] b = mine.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int[] lengths = new int[c.size];
            c.directAllgatherInt(b.length, lengths);
            int[] displs = new int[c.size];
            int total = 0;
            for (int r = 0; r < c.size; r++) {
                displs[r] = total;
                total += lengths[r];
            }
            byte[] all = new byte[total];
            c.callAllgatherv(b, Datatype.BYTE, b.length, all, lengths, displs, "allgather", false);
            List<String> out = new java.util.ArrayList<>();
            for (int r = 0; r < c.size; r++) {
                out.add(new String(all, displs[r], lengths[r], java.nio.charset.StandardCharsets.UTF_8));
            }
            return out;
        }
    }

    /** The shared type check, for two real buffers of array types (IN_PLACE, a missing buffer or a segment matches anything here). */
    private static void requireSameType(Object a, Object b, String names) {
        if (a == null || b == null || InPlace.is(a) || InPlace.is(b) || a instanceof MemorySegment || b instanceof MemorySegment) {
            return;
        }
        CollectiveChecks.requireSameType(a, b, names);
    }

    private void requireInPlaceAllowed(Object buf, boolean allowed, String kind, String which) {
        if (InPlace.is(buf) && !allowed) {
            throw new MpiException(ErrorClass.BUFFER, kind + ": Mpi.IN_PLACE is not allowed as " + which
                    + (kind.startsWith("reduce") || kind.startsWith("gather") || kind.startsWith("scatter") ? " on a rank other than the root" : ""));
        }
    }

    private static Datatype typeOf(Object a, Object b) {
        if (a != null && !InPlace.is(a)) {
            return Datatype.of(a);
        }
        return Datatype.of(b);
    }

    private int[] uniform(int count) {
        int[] c = new int[size];
        Arrays.fill(c, count);
        return c;
    }

    private int[] blocks(int count) {
        int[] d = new int[size];
        for (int k = 0; k < size; k++) {
            d[k] = k * count;
        }
        return d;
    }

    private Staged blockingStaging(boolean upcall) {
        return new Staged(engine.polled || upcall || !engine.heapCritical ? Staged.Mode.SCRATCH : Staged.Mode.HEAP);
    }

    private void finishCollective(String kind, int rc, Staged st, Op op) {
        check(rc, kind);
        st.finish();
    }

    /**
     * After a reduction with a Java operation: whether it threw on any rank (it runs wherever
     * the library combines, which may not be where it throws), and if so the same error on
     * every rank, naming the rank and what it threw.
     */
    private void agreeOnUpcalls(String kind, Op op) {
        RuntimeException mine = Ops.takeUpcallFailure();
        long[] in = {mine == null ? -1 : rank, 0};
        long[] out = new long[2];
        directAllreduce(in, out, Op.MAX);
        if (out[0] < 0) {
            return;
        }
        int thrower = (int) out[0];
        List<String> texts = ObjectTierCalls.allgather(this, mine == null ? "" : String.valueOf(mine));
        String text = texts.get(thrower);
        throw new MpiException(ErrorClass.OP, kind + " on " + name + ": operation " + op.name() + " threw on rank " + thrower + ": " + text,
                mine != null ? mine : new RuntimeException(text));
    }

    // ---------------------------------------------------------------- one-sided communication

    @Override
    public Win winCreate(Object memory, int dispUnit, org.parallel4j.mpi.Info hints) {
        live();
        MemorySegment region = WinBase.regionOf(memory);
        WinBase.checkDispUnit(dispUnit, "winCreate");
        if (!region.isNative()) {
            throw NativeWin.heapWindow(memory);
        }
        return NativeWin.create(this, WinBase.Kind.CREATED, region, region.byteSize(), dispUnit, WinBase.checkHints(hints));
    }

    @Override
    public Win winAllocate(long bytes, int dispUnit, org.parallel4j.mpi.Info hints) {
        live();
        WinBase.checkBytes(bytes, "winAllocate");
        WinBase.checkDispUnit(dispUnit, "winAllocate");
        return NativeWin.create(this, WinBase.Kind.ALLOCATED, null, bytes, dispUnit, WinBase.checkHints(hints));
    }

    @Override
    public Win winAllocateShared(long bytes, int dispUnit, org.parallel4j.mpi.Info hints) {
        live();
        WinBase.checkBytes(bytes, "winAllocateShared");
        WinBase.checkDispUnit(dispUnit, "winAllocateShared");
        return NativeWin.create(this, WinBase.Kind.SHARED, null, bytes, dispUnit, WinBase.checkHints(hints));
    }

    // ---------------------------------------------------------------- parallel I/O

    @Override
    public org.parallel4j.mpi.MpiFile fileOpen(String path, org.parallel4j.mpi.Info hints, org.parallel4j.mpi.FileMode... modes) {
        live();
        return NativeFile.open(this, path, org.parallel4j.mpi.internal.FileBase.checkModes(path, modes), hints);
    }

    // ---------------------------------------------------------------- collectives, buffers

    @Override
    public void barrier() {
        live();
        agree("barrier", -1, null, -1, null, null);
        MpiEngine.Activity a = engine.activity();
        a.begin("barrier", name, MpiEngine.NONE, MpiEngine.NONE);
        try {
            Scratch s = Scratch.get();
            if (engine.polled) {
                check((int) Native.IBARRIER.invokeExact(handle, s.handleB), "barrier");
                awaitInline(s.handleB, "barrier");
            } else {
                check((int) Native.BARRIER.invokeExact(handle), "barrier");
            }
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            a.end();
        }
    }

    @Override
    public void bcast(Object buf, int offset, int count, int root) {
        live();
        checkRoot(root);
        Datatype t = Datatype.of(buf);
        agree("bcast", root, null, count, t, problem(() -> Buffers.checkRegion(buf, t, offset, count, "bcast buffer")));
        MpiEngine.Activity a = engine.activity();
        a.begin("bcast", name, root, MpiEngine.NONE);
        try {
            Staged st = blockingStaging(false);
            MemorySegment seg = rank == root ? st.in(buf, t, offset, count) : st.out(buf, t, offset, count);
            long type = ABI.datatype(t);
            int rc;
            if (engine.polled) {
                Scratch s = Scratch.get();
                rc = (int) Native.IBCAST.invokeExact(seg, count, type, root, handle, s.handleB);
                check(rc, "bcast");
                awaitInline(s.handleB, "bcast");
            } else {
                rc = st.critical() ? (int) Native.BCAST_HEAP.invokeExact(seg, count, type, root, handle)
                        : (int) Native.BCAST.invokeExact(seg, count, type, root, handle);
            }
            finishCollective("bcast", rc, st, null);
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            a.end();
        }
    }

    @Override
    public void scatter(Object sendBuf, Object recvBuf, int root) {
        scatter(sendBuf, recvBuf, root, false);
    }

    @Override
    public Request iscatter(Object sendBuf, Object recvBuf, int root) {
        return scatter(sendBuf, recvBuf, root, true);
    }

    private NativeRequest scatter(Object sendBuf, Object recvBuf, int root, boolean start) {
        String kind = start ? "iscatter" : "scatter";
        live();
        checkRoot(root);
        boolean inPlace = rank == root && InPlace.is(recvBuf);
        int block = inPlace ? (sendBuf == null ? 0 : lengthOf(sendBuf) / size) : lengthOf(recvBuf);
        MpiException p = problem(() -> {
            requireInPlaceAllowed(recvBuf, rank == root, kind, "recvBuf");
            requireInPlaceAllowed(sendBuf, false, kind, "sendBuf");
            if (rank == root) {
                Datatype.of(sendBuf);
                requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
                requireDistinct(sendBuf, recvBuf, kind);
                requireCapacity(sendBuf, (long) block * size, "sendBuf");
            }
        });
        settle(start, "scatter", root, null, block, typeOf(recvBuf, sendBuf), p);
        return callScatterv(rank == root ? sendBuf : null, uniform(block), blocks(block), recvBuf, block, root, kind, start);
    }

    @Override
    public void scatterv(Object sendBuf, int[] sendCounts, int[] displs, Object recvBuf, int recvCount, int root) {
        scatterv(sendBuf, sendCounts, displs, recvBuf, recvCount, root, false);
    }

    @Override
    public Request iscatterv(Object sendBuf, int[] sendCounts, int[] displs, Object recvBuf, int recvCount, int root) {
        return scatterv(sendBuf, sendCounts, displs, recvBuf, recvCount, root, true);
    }

    private NativeRequest scatterv(Object sendBuf, int[] sendCounts, int[] displs, Object recvBuf, int recvCount, int root, boolean start) {
        String kind = start ? "iscatterv" : "scatterv";
        live();
        checkRoot(root);
        MpiException p = problem(() -> {
            requireInPlaceAllowed(recvBuf, rank == root, kind, "recvBuf");
            if (!InPlace.is(recvBuf)) {
                Buffers.checkRegion(recvBuf, Datatype.of(recvBuf), 0, recvCount, "recvBuf");
            }
            if (rank == root) {
                requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
                requireDistinct(sendBuf, recvBuf, kind);
                countsAndDispls(sendBuf, sendCounts, displs, size, "sendCounts");
                if (!InPlace.is(recvBuf) && sendCounts[rank] != recvCount) {
                    throw new MpiException(ErrorClass.COUNT, kind + ": the root sends itself " + sendCounts[rank]
                            + " elements but its recvCount is " + recvCount);
                }
            }
        });
        settle(start, "scatterv", root, null, -1, null, p);
        return callScatterv(rank == root ? sendBuf : null, sendCounts, displs, recvBuf, recvCount, root, kind, start);
    }

    private NativeRequest callScatterv(Object sendBuf, int[] counts, int[] displs, Object recvBuf, int recvCount, int root, String kind,
                                       boolean start) {
        Datatype t = typeOf(sendBuf, recvBuf);
        MpiEngine.Activity a = engine.activity();
        a.begin(kind, name, root, MpiEngine.NONE);
        try {
            Staged st = start ? new Staged(Staged.Mode.OWNED) : blockingStaging(false);
            Scratch s = Scratch.get();
            int total = sendBuf == null ? 0 : lengthOf(sendBuf);
            MemorySegment sb = st.in(sendBuf, t, 0, total);
            MemorySegment rb = st.out(recvBuf, t, 0, recvCount);
            MemorySegment c = rank == root ? st.ints(counts, 0, size) : MemorySegment.NULL;
            MemorySegment d = rank == root ? st.ints(displs, 1, size) : MemorySegment.NULL;
            long type = ABI.datatype(t);
            int rc;
            if (start) {
                MemorySegment slot = st.requestSlot();
                check((int) Native.ISCATTERV.invokeExact(sb, c, d, type, rb, recvCount, type, root, handle, slot), kind);
                return started(kind + "(root=" + root + ")", st, slot, sendBuf, recvBuf);
            } else if (engine.polled) {
                rc = (int) Native.ISCATTERV.invokeExact(sb, c, d, type, rb, recvCount, type, root, handle, s.handleB);
                check(rc, kind);
                awaitInline(s.handleB, kind);
            } else {
                rc = st.critical() ? (int) Native.SCATTERV_HEAP.invokeExact(sb, c, d, type, rb, recvCount, type, root, handle)
                        : (int) Native.SCATTERV.invokeExact(sb, c, d, type, rb, recvCount, type, root, handle);
            }
            finishCollective(kind, rc, st, null);
            return null;
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            a.end();
        }
    }

    @Override
    public void gather(Object sendBuf, Object recvBuf, int root) {
        gather(sendBuf, recvBuf, root, false);
    }

    @Override
    public Request igather(Object sendBuf, Object recvBuf, int root) {
        return gather(sendBuf, recvBuf, root, true);
    }

    private NativeRequest gather(Object sendBuf, Object recvBuf, int root, boolean start) {
        String kind = start ? "igather" : "gather";
        live();
        checkRoot(root);
        boolean inPlace = rank == root && InPlace.is(sendBuf);
        int block = inPlace ? lengthOf(recvBuf) / size : lengthOf(sendBuf);
        MpiException p = problem(() -> {
            requireInPlaceAllowed(sendBuf, rank == root, kind, "sendBuf");
            requireInPlaceAllowed(recvBuf, false, kind, "recvBuf");
            if (rank == root) {
                requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
                requireDistinct(sendBuf, recvBuf, kind);
                requireCapacity(recvBuf, (long) block * size, "recvBuf");
            }
        });
        settle(start, "gather", root, null, block, typeOf(sendBuf, recvBuf), p);
        return callGatherv(sendBuf, block, rank == root ? recvBuf : null, uniform(block), blocks(block), root, kind, start);
    }

    @Override
    public void gatherv(Object sendBuf, int sendCount, Object recvBuf, int[] recvCounts, int[] displs, int root) {
        gatherv(sendBuf, sendCount, recvBuf, recvCounts, displs, root, false);
    }

    @Override
    public Request igatherv(Object sendBuf, int sendCount, Object recvBuf, int[] recvCounts, int[] displs, int root) {
        return gatherv(sendBuf, sendCount, recvBuf, recvCounts, displs, root, true);
    }

    private NativeRequest gatherv(Object sendBuf, int sendCount, Object recvBuf, int[] recvCounts, int[] displs, int root, boolean start) {
        String kind = start ? "igatherv" : "gatherv";
        live();
        checkRoot(root);
        MpiException p = problem(() -> {
            requireInPlaceAllowed(sendBuf, rank == root, kind, "sendBuf");
            if (!InPlace.is(sendBuf)) {
                Buffers.checkRegion(sendBuf, Datatype.of(sendBuf), 0, sendCount, "sendBuf");
            }
            if (rank == root) {
                requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
                requireDistinct(sendBuf, recvBuf, kind);
                countsAndDispls(recvBuf, recvCounts, displs, size, "recvCounts");
                if (!InPlace.is(sendBuf) && recvCounts[rank] != sendCount) {
                    throw new MpiException(ErrorClass.COUNT, kind + ": the root sends " + sendCount
                            + " elements but its recvCounts[" + rank + "] is " + recvCounts[rank]);
                }
            }
        });
        settle(start, "gatherv", root, null, -1, null, p);
        return callGatherv(sendBuf, sendCount, rank == root ? recvBuf : null, recvCounts, displs, root, kind, start);
    }

    private NativeRequest callGatherv(Object sendBuf, int sendCount, Object recvBuf, int[] counts, int[] displs, int root, String kind,
                                      boolean start) {
        Datatype t = typeOf(sendBuf, recvBuf);
        MpiEngine.Activity a = engine.activity();
        a.begin(kind, name, root, MpiEngine.NONE);
        try {
            Staged st = start ? new Staged(Staged.Mode.OWNED) : blockingStaging(false);
            Scratch s = Scratch.get();
            MemorySegment sb = st.in(sendBuf, t, 0, sendCount);
            MemorySegment rb = recvBuf == null ? MemorySegment.NULL : st.out(recvBuf, t, 0, lengthOf(recvBuf));
            MemorySegment c = rank == root ? st.ints(counts, 0, size) : MemorySegment.NULL;
            MemorySegment d = rank == root ? st.ints(displs, 1, size) : MemorySegment.NULL;
            long type = ABI.datatype(t);
            int rc;
            if (start) {
                MemorySegment slot = st.requestSlot();
                check((int) Native.IGATHERV.invokeExact(sb, sendCount, type, rb, c, d, type, root, handle, slot), kind);
                return started(kind + "(root=" + root + ")", st, slot, sendBuf, recvBuf);
            } else if (engine.polled) {
                rc = (int) Native.IGATHERV.invokeExact(sb, sendCount, type, rb, c, d, type, root, handle, s.handleB);
                check(rc, kind);
                awaitInline(s.handleB, kind);
            } else {
                rc = st.critical() ? (int) Native.GATHERV_HEAP.invokeExact(sb, sendCount, type, rb, c, d, type, root, handle)
                        : (int) Native.GATHERV.invokeExact(sb, sendCount, type, rb, c, d, type, root, handle);
            }
            finishCollective(kind, rc, st, null);
            return null;
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            a.end();
        }
    }

    @Override
    public void allgather(Object sendBuf, Object recvBuf) {
        allgather(sendBuf, recvBuf, false);
    }

    @Override
    public Request iallgather(Object sendBuf, Object recvBuf) {
        return allgather(sendBuf, recvBuf, true);
    }

    private NativeRequest allgather(Object sendBuf, Object recvBuf, boolean start) {
        String kind = start ? "iallgather" : "allgather";
        live();
        boolean inPlace = InPlace.is(sendBuf);
        int block = inPlace ? lengthOf(recvBuf) / size : lengthOf(sendBuf);
        MpiException p = problem(() -> {
            requireInPlaceAllowed(recvBuf, false, kind, "recvBuf");
            requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
            requireDistinct(sendBuf, recvBuf, kind);
            requireCapacity(recvBuf, (long) block * size, "recvBuf");
        });
        settle(start, "allgather", -1, null, block, typeOf(sendBuf, recvBuf), p);
        return callAllgatherv(sendBuf, typeOf(sendBuf, recvBuf), block, recvBuf, uniform(block), blocks(block), kind, start);
    }

    @Override
    public void allgatherv(Object sendBuf, int sendCount, Object recvBuf, int[] recvCounts, int[] displs) {
        allgatherv(sendBuf, sendCount, recvBuf, recvCounts, displs, false);
    }

    @Override
    public Request iallgatherv(Object sendBuf, int sendCount, Object recvBuf, int[] recvCounts, int[] displs) {
        return allgatherv(sendBuf, sendCount, recvBuf, recvCounts, displs, true);
    }

    private NativeRequest allgatherv(Object sendBuf, int sendCount, Object recvBuf, int[] recvCounts, int[] displs, boolean start) {
        String kind = start ? "iallgatherv" : "allgatherv";
        live();
        MpiException p = problem(() -> {
            requireInPlaceAllowed(recvBuf, false, kind, "recvBuf");
            if (!InPlace.is(sendBuf)) {
                Buffers.checkRegion(sendBuf, Datatype.of(sendBuf), 0, sendCount, "sendBuf");
            }
            requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
            requireDistinct(sendBuf, recvBuf, kind);
            countsAndDispls(recvBuf, recvCounts, displs, size, "recvCounts");
            if (!InPlace.is(sendBuf) && recvCounts[rank] != sendCount) {
                throw new MpiException(ErrorClass.COUNT, kind + ": rank " + rank + " sends " + sendCount
                        + " elements but its recvCounts[" + rank + "] is " + recvCounts[rank]);
            }
        });
        settle(start, "allgatherv", -1, null, -1, null, p);
        return callAllgatherv(sendBuf, typeOf(sendBuf, recvBuf), sendCount, recvBuf, recvCounts, displs, kind, start);
    }

    private NativeRequest callAllgatherv(Object sendBuf, Datatype t, int sendCount, Object recvBuf, int[] counts, int[] displs, String kind,
                                         boolean start) {
        MpiEngine.Activity a = engine.activity();
        a.begin(kind, name, MpiEngine.NONE, MpiEngine.NONE);
        try {
            Staged st = start ? new Staged(Staged.Mode.OWNED) : blockingStaging(false);
            Scratch s = Scratch.get();
            MemorySegment sb = st.in(sendBuf, t, 0, sendCount);
            MemorySegment rb = st.out(recvBuf, t, 0, lengthOf(recvBuf));
            MemorySegment c = st.ints(counts, 0, size);
            MemorySegment d = st.ints(displs, 1, size);
            long type = ABI.datatype(t);
            int rc;
            if (start) {
                MemorySegment slot = st.requestSlot();
                check((int) Native.IALLGATHERV.invokeExact(sb, sendCount, type, rb, c, d, type, handle, slot), kind);
                return started(kind, st, slot, sendBuf, recvBuf);
            } else if (engine.polled) {
                rc = (int) Native.IALLGATHERV.invokeExact(sb, sendCount, type, rb, c, d, type, handle, s.handleB);
                check(rc, kind);
                awaitInline(s.handleB, kind);
            } else {
                rc = st.critical() ? (int) Native.ALLGATHERV_HEAP.invokeExact(sb, sendCount, type, rb, c, d, type, handle)
                        : (int) Native.ALLGATHERV.invokeExact(sb, sendCount, type, rb, c, d, type, handle);
            }
            finishCollective(kind, rc, st, null);
            return null;
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            a.end();
        }
    }

    /** An allgather of one int per rank, unchecked (for the checking mode itself). */
    void directAllgatherInt(int value, int[] out) {
        callAllgatherv(new int[] {value}, Datatype.INT, 1, out, uniform(1), blocks(1), "allgather", false);
    }

    @Override
    public void alltoall(Object sendBuf, Object recvBuf) {
        alltoall(sendBuf, recvBuf, false);
    }

    @Override
    public Request ialltoall(Object sendBuf, Object recvBuf) {
        return alltoall(sendBuf, recvBuf, true);
    }

    private NativeRequest alltoall(Object sendBuf, Object recvBuf, boolean start) {
        String kind = start ? "ialltoall" : "alltoall";
        live();
        boolean inPlace = InPlace.is(sendBuf);
        int length = inPlace ? lengthOf(recvBuf) : lengthOf(sendBuf);
        int block = length / size;
        MpiException p = problem(() -> {
            requireInPlaceAllowed(recvBuf, false, kind, "recvBuf");
            requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
            requireDistinct(sendBuf, recvBuf, kind);
            if (length % size != 0) {
                throw new MpiException(ErrorClass.COUNT, (inPlace ? "recvBuf" : "sendBuf") + " holds " + length
                        + " elements, not a multiple of the " + size + " ranks");
            }
            requireCapacity(recvBuf, length, "recvBuf");
        });
        settle(start, "alltoall", -1, null, block, typeOf(sendBuf, recvBuf), p);
        // A started in-place all-to-all sends from a copy: not every library's nonblocking form takes MPI_IN_PLACE.
        Object send = start && inPlace ? InPlace.copyOf(recvBuf) : sendBuf;
        return callAlltoallv(send, uniform(block), blocks(block), recvBuf, uniform(block), blocks(block), kind, start);
    }

    @Override
    public void alltoallv(Object sendBuf, int[] sendCounts, int[] sendDispls, Object recvBuf, int[] recvCounts, int[] recvDispls) {
        alltoallv(sendBuf, sendCounts, sendDispls, recvBuf, recvCounts, recvDispls, false);
    }

    @Override
    public Request ialltoallv(Object sendBuf, int[] sendCounts, int[] sendDispls, Object recvBuf, int[] recvCounts, int[] recvDispls) {
        return alltoallv(sendBuf, sendCounts, sendDispls, recvBuf, recvCounts, recvDispls, true);
    }

    private NativeRequest alltoallv(Object sendBuf, int[] sendCounts, int[] sendDispls, Object recvBuf, int[] recvCounts, int[] recvDispls,
                                    boolean start) {
        String kind = start ? "ialltoallv" : "alltoallv";
        live();
        MpiException p = problem(() -> {
            requireInPlaceAllowed(recvBuf, false, kind, "recvBuf");
            requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
            requireDistinct(sendBuf, recvBuf, kind);
            if (!InPlace.is(sendBuf)) {
                countsAndDispls(sendBuf, sendCounts, sendDispls, size, "sendCounts");
            }
            countsAndDispls(recvBuf, recvCounts, recvDispls, size, "recvCounts");
        });
        settle(start, "alltoallv", -1, null, -1, null, p);
        if (start && InPlace.is(sendBuf)) {
            return callAlltoallv(InPlace.copyOf(recvBuf), recvCounts, recvDispls, recvBuf, recvCounts, recvDispls, kind, true);
        }
        return callAlltoallv(sendBuf, sendCounts, sendDispls, recvBuf, recvCounts, recvDispls, kind, start);
    }

    private NativeRequest callAlltoallv(Object sendBuf, int[] sc, int[] sd, Object recvBuf, int[] rcounts, int[] rd, String kind,
                                        boolean start) {
        Datatype t = typeOf(sendBuf, recvBuf);
        MpiEngine.Activity a = engine.activity();
        a.begin(kind, name, MpiEngine.NONE, MpiEngine.NONE);
        try {
            Staged st = start ? new Staged(Staged.Mode.OWNED) : blockingStaging(false);
            Scratch s = Scratch.get();
            MemorySegment sb = st.in(sendBuf, t, 0, InPlace.is(sendBuf) ? 0 : lengthOf(sendBuf));
            MemorySegment rb = st.out(recvBuf, t, 0, lengthOf(recvBuf));
            MemorySegment c1 = InPlace.is(sendBuf) ? MemorySegment.NULL : st.ints(sc, 0, size);
            MemorySegment d1 = InPlace.is(sendBuf) ? MemorySegment.NULL : st.ints(sd, 1, size);
            MemorySegment c2 = st.ints(rcounts, 2, size);
            MemorySegment d2 = st.ints(rd, 3, size);
            long type = ABI.datatype(t);
            int rc;
            if (start) {
                MemorySegment slot = st.requestSlot();
                check((int) Native.IALLTOALLV.invokeExact(sb, c1, d1, type, rb, c2, d2, type, handle, slot), kind);
                return started(kind, st, slot, sendBuf, recvBuf);
            } else if (engine.polled) {
                rc = (int) Native.IALLTOALLV.invokeExact(sb, c1, d1, type, rb, c2, d2, type, handle, s.handleB);
                check(rc, kind);
                awaitInline(s.handleB, kind);
            } else {
                rc = st.critical() ? (int) Native.ALLTOALLV_HEAP.invokeExact(sb, c1, d1, type, rb, c2, d2, type, handle)
                        : (int) Native.ALLTOALLV.invokeExact(sb, c1, d1, type, rb, c2, d2, type, handle);
            }
            finishCollective(kind, rc, st, null);
            return null;
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            a.end();
        }
    }

    /**
     * MPI_Alltoallw: every rank's blocks packed into one native send area and received into
     * one native area (byte displacements, one datatype per peer), copied out to the receive
     * buffers after the call.
     */
    @Override
    public void alltoallw(Object[] sendBufs, int[] sendOffsets, int[] sendCounts, Object[] recvBufs, int[] recvOffsets, int[] recvCounts) {
        live();
        Datatype[] sendTypes = null;
        Datatype[] recvTypes = null;
        MpiException p = null;
        try {
            sendTypes = CollectiveChecks.alltoallwBlocks(sendBufs, sendOffsets, sendCounts, size, "send");
            recvTypes = CollectiveChecks.alltoallwBlocks(recvBufs, recvOffsets, recvCounts, size, "recv");
        } catch (MpiException e) {
            p = e;
        }
        agree("alltoallw", -1, null, -1, null, p);
        MpiEngine.Activity a = engine.activity();
        a.begin("alltoallw", name, MpiEngine.NONE, MpiEngine.NONE);
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment[] side = new MemorySegment[8];
            long sendBytes = layout(sendTypes, sendCounts, arena, side, 0);
            long recvBytes = layout(recvTypes, recvCounts, arena, side, 4);
            MemorySegment sendArea = arena.allocate(Math.max(1, sendBytes), 16);
            MemorySegment recvArea = arena.allocate(Math.max(1, recvBytes), 16);
            for (int k = 0; k < size; k++) {
                if (sendCounts[k] > 0) {
                    Staged.toNative(sendBufs[k], sendTypes[k], sendOffsets[k], sendCounts[k],
                            sendArea.asSlice(side[1].getAtIndex(ValueLayout.JAVA_INT, k)));
                }
            }
            check((int) Native.ALLTOALLW.invokeExact(sendArea, side[0], side[1], side[2], recvArea, side[4], side[5], side[6], handle),
                    "alltoallw");
            for (int k = 0; k < size; k++) {
                if (recvCounts[k] > 0) {
                    Staged.fromNative(recvArea.asSlice(side[5].getAtIndex(ValueLayout.JAVA_INT, k)), recvBufs[k], recvTypes[k], recvOffsets[k],
                            recvCounts[k]);
                }
            }
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            a.end();
        }
    }

    /** One side of an alltoallw: counts, byte displacements (8-aligned) and datatypes at {@code out[at..at+2]}; returns the bytes. */
    private long layout(Datatype[] types, int[] counts, java.lang.foreign.Arena arena, MemorySegment[] out, int at) {
        MemorySegment c = arena.allocate(ValueLayout.JAVA_INT, size);
        MemorySegment d = arena.allocate(ValueLayout.JAVA_INT, size);
        MemorySegment t = arena.allocate(ABI.handle, size);
        long bytes = 0;
        for (int k = 0; k < size; k++) {
            Datatype type = types[k] == null ? Datatype.BYTE : types[k];
            bytes = (bytes + 7) & ~7L; // every block on an 8-byte boundary: the copies in and out use aligned accesses
            c.setAtIndex(ValueLayout.JAVA_INT, k, counts[k]);
            d.setAtIndex(ValueLayout.JAVA_INT, k, (int) bytes);
            Scratch.writeHandle(t.asSlice(k * ABI.handle.byteSize()), ABI.datatype(type));
            bytes += (long) counts[k] * type.size;
        }
        if (bytes > Integer.MAX_VALUE) {
            throw new MpiException(ErrorClass.COUNT, "alltoallw: " + bytes + " bytes on one side: MPI_Alltoallw's displacements are int bytes "
                    + "(at most 2 GiB a side)");
        }
        out[at] = c;
        out[at + 1] = d;
        out[at + 2] = t;
        return bytes;
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public void reduce(Object sendBuf, Object recvBuf, Op op, int root) {
        reduce(sendBuf, recvBuf, op, root, false);
    }

    @Override
    public Request ireduce(Object sendBuf, Object recvBuf, Op op, int root) {
        return reduce(sendBuf, recvBuf, op, root, true);
    }

    private NativeRequest reduce(Object sendBuf, Object recvBuf, Op op, int root, boolean start) {
        String kind = start ? "ireduce" : "reduce";
        live();
        checkRoot(root);
        boolean inPlace = InPlace.is(sendBuf);
        int count = inPlace ? (recvBuf == null ? 0 : lengthOf(recvBuf)) : lengthOf(sendBuf);
        Datatype t = inPlace ? (recvBuf == null ? Datatype.BYTE : Datatype.of(recvBuf)) : Datatype.of(sendBuf);
        MpiException p = problem(() -> {
            requireInPlaceAllowed(sendBuf, rank == root, kind, "sendBuf");
            Reductions.check(op, t, count);
            if (rank == root) {
                requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
                requireDistinct(sendBuf, recvBuf, kind);
                requireCapacity(recvBuf, count, "recvBuf");
            }
        });
        settle(start, "reduce", root, op, count, t, p);
        Object send = sendBuf;
        if (inPlace && root != 0 && ABI.family == Abi.Family.MPICH && !engine.polled && !start) {
            // MPICH 4.0's blocking MPI_Reduce reads MPI_IN_PLACE as an address at a root other
            // than 0 and crashes (C programs too): reduce from a copy there instead.
            send = InPlace.copyOf(recvBuf);
        }
        return reduction(kind, send, rank == root ? recvBuf : null, t, count, op, root, null, start);
    }

    @Override
    public void allreduce(Object sendBuf, Object recvBuf, Op op) {
        live();
        boolean inPlace = InPlace.is(sendBuf);
        Datatype t = Datatype.of(inPlace ? recvBuf : sendBuf);
        int count = Datatype.length(inPlace ? recvBuf : sendBuf, t);
        if (!engine.checkCollectives && op.isBuiltin() && !inPlace && count == 1 && !engine.polled && engine.heapCritical
                && recvBuf != sendBuf && Datatype.of(recvBuf) == t && t != Datatype.BOOLEAN && t != Datatype.SEGMENT) {
            Reductions.check(op, t, count);
            singleAllreduce(sendBuf, recvBuf, t, op);
            return;
        }
        prefixOrAll("allreduce", sendBuf, recvBuf, op, false);
    }

    @Override
    public Request iallreduce(Object sendBuf, Object recvBuf, Op op) {
        return prefixOrAll("iallreduce", sendBuf, recvBuf, op, true);
    }

    /** The one-element allreduce of a built-in operation (the scalar allreduce's path): no staging, no counts. */
    private void singleAllreduce(Object sendBuf, Object recvBuf, Datatype t, Op op) {
        Ops.Resolved r = Ops.resolve(op, t);
        if (r.upcall()) {
            reduction("allreduce", sendBuf, recvBuf, t, 1, op, -1, null, false);
            return;
        }
        MpiEngine.Activity a = engine.activity();
        a.begin("allreduce", name, MpiEngine.NONE, MpiEngine.NONE);
        try {
            Staged st = new Staged(Staged.Mode.HEAP);
            check((int) Native.ALLREDUCE_HEAP.invokeExact(st.in(sendBuf, t, 0, 1), st.out(recvBuf, t, 0, 1), 1, r.datatype(), r.op(), handle),
                    "allreduce");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            a.end();
        }
    }

    /** An allreduce of longs, unchecked (for the checking mode itself). */
    void directAllreduce(long[] in, long[] out, Op op) {
        reduction("allreduce", in, out, Datatype.LONG, in.length, op, -1, null, false);
    }

    @Override
    public void reduceScatter(Object sendBuf, Object recvBuf, int[] recvCounts, Op op) {
        reduceScatter(sendBuf, recvBuf, recvCounts, op, false);
    }

    @Override
    public Request ireduceScatter(Object sendBuf, Object recvBuf, int[] recvCounts, Op op) {
        return reduceScatter(sendBuf, recvBuf, recvCounts, op, true);
    }

    private NativeRequest reduceScatter(Object sendBuf, Object recvBuf, int[] recvCounts, Op op, boolean start) {
        String kind = start ? "ireduceScatter" : "reduceScatter";
        live();
        boolean inPlace = InPlace.is(sendBuf);
        Datatype t = Datatype.of(inPlace ? recvBuf : sendBuf);
        int n = Datatype.length(inPlace ? recvBuf : sendBuf, t);
        MpiException p = problem(() -> {
            Reductions.check(op, t, n);
            requireInPlaceAllowed(recvBuf, false, kind, "recvBuf");
            requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
            requireDistinct(sendBuf, recvBuf, kind);
            reduceScatterCounts(recvCounts, size, op, n);
            if (!inPlace) {
                requireCapacity(recvBuf, recvCounts[rank], "recvBuf");
            }
        });
        settle(start, "reduceScatter", -1, op, n, t, p);
        return reduction(kind, sendBuf, recvBuf, t, n, op, -1, recvCounts, start);
    }

    @Override
    public void scan(Object sendBuf, Object recvBuf, Op op) {
        prefixOrAll("scan", sendBuf, recvBuf, op, false);
    }

    @Override
    public Request iscan(Object sendBuf, Object recvBuf, Op op) {
        return prefixOrAll("iscan", sendBuf, recvBuf, op, true);
    }

    @Override
    public void exscan(Object sendBuf, Object recvBuf, Op op) {
        prefixOrAll("exscan", sendBuf, recvBuf, op, false);
    }

    @Override
    public Request iexscan(Object sendBuf, Object recvBuf, Op op) {
        return prefixOrAll("iexscan", sendBuf, recvBuf, op, true);
    }

    /** allreduce, scan and exscan, blocking or started ({@code kind} then has its leading i). */
    private NativeRequest prefixOrAll(String kind, Object sendBuf, Object recvBuf, Op op, boolean start) {
        live();
        boolean inPlace = InPlace.is(sendBuf);
        Datatype t = Datatype.of(inPlace ? recvBuf : sendBuf);
        int count = Datatype.length(inPlace ? recvBuf : sendBuf, t);
        MpiException p = problem(() -> {
            Reductions.check(op, t, count);
            requireInPlaceAllowed(recvBuf, false, kind, "recvBuf");
            requireSameType(sendBuf, recvBuf, "sendBuf and recvBuf");
            requireDistinct(sendBuf, recvBuf, kind);
            requireCapacity(recvBuf, count, "recvBuf");
        });
        settle(start, start ? kind.substring(1) : kind, -1, op, count, t, p);
        return reduction(kind, sendBuf, recvBuf, t, count, op, -1, null, start);
    }

    /**
     * Every reduction: the operation resolved to the library's handles ({@link Ops}), items
     * counted in the operation's item width, buffers staged by the wait mode, the rank-0
     * exscan result left as the thread engine leaves it (untouched). Started ({@code start}),
     * a user operation does not run in the library ({@link #startUserReduction}).
     */
    private NativeRequest reduction(String kind, Object sendBuf, Object recvBuf, Datatype t, int count, Op op, int root, int[] recvCounts,
                                    boolean start) {
        if (start && !op.isBuiltin()) {
            return startUserReduction(kind, sendBuf, recvBuf, t, count, op, root, recvCounts);
        }
        Ops.Resolved r = Ops.resolve(op, t);
        int items = count / r.itemWidth();
        String base = start ? kind.substring(1) : kind;
        MpiEngine.Activity a = engine.activity();
        a.begin(kind, name, root >= 0 ? root : MpiEngine.NONE, MpiEngine.NONE);
        NativeRequest started = null;
        try {
            Staged st = start ? new Staged(Staged.Mode.OWNED) : blockingStaging(r.upcall());
            Scratch s = Scratch.get();
            boolean inPlace = InPlace.is(sendBuf);
            MemorySegment sb = st.in(sendBuf, t, 0, inPlace ? 0 : count);
            int recvLength = recvBuf == null ? 0 : recvCounts != null && !inPlace ? recvCounts[rank] : count;
            // MPI leaves rank 0's exscan result undefined; the thread engine leaves it as it was: a started
            // exscan writes into a copy there (a blocking one skips the copy-back below).
            Object into = start && base.equals("exscan") && rank == 0 && !inPlace ? InPlace.copyOf(recvBuf, 0, recvLength) : recvBuf;
            MemorySegment rb = into == null ? MemorySegment.NULL : st.out(into, t, 0, recvLength);
            MemorySegment slot = start ? st.requestSlot() : s.handleB;
            int rc;
            if (recvCounts != null) {
                int[] itemCounts = new int[size];
                for (int k = 0; k < size; k++) {
                    itemCounts[k] = recvCounts[k] / r.itemWidth();
                }
                MemorySegment c = st.ints(itemCounts, 0, size);
                if (start || engine.polled) {
                    rc = (int) Native.IREDUCE_SCATTER.invokeExact(sb, rb, c, r.datatype(), r.op(), handle, slot);
                } else {
                    rc = st.critical() ? (int) Native.REDUCE_SCATTER_HEAP.invokeExact(sb, rb, c, r.datatype(), r.op(), handle)
                            : (int) Native.REDUCE_SCATTER.invokeExact(sb, rb, c, r.datatype(), r.op(), handle);
                }
            } else if (start || engine.polled) {
                rc = switch (base) {
                    case "reduce" -> (int) Native.IREDUCE.invokeExact(sb, rb, items, r.datatype(), r.op(), root, handle, slot);
                    case "allreduce" -> (int) Native.IALLREDUCE.invokeExact(sb, rb, items, r.datatype(), r.op(), handle, slot);
                    case "scan" -> (int) Native.ISCAN.invokeExact(sb, rb, items, r.datatype(), r.op(), handle, slot);
                    default -> (int) Native.IEXSCAN.invokeExact(sb, rb, items, r.datatype(), r.op(), handle, slot);
                };
            } else if (st.critical()) {
                rc = switch (kind) {
                    case "reduce" -> (int) Native.REDUCE_HEAP.invokeExact(sb, rb, items, r.datatype(), r.op(), root, handle);
                    case "allreduce" -> (int) Native.ALLREDUCE_HEAP.invokeExact(sb, rb, items, r.datatype(), r.op(), handle);
                    case "scan" -> (int) Native.SCAN_HEAP.invokeExact(sb, rb, items, r.datatype(), r.op(), handle);
                    default -> (int) Native.EXSCAN_HEAP.invokeExact(sb, rb, items, r.datatype(), r.op(), handle);
                };
            } else {
                rc = switch (kind) {
                    case "reduce" -> (int) Native.REDUCE.invokeExact(sb, rb, items, r.datatype(), r.op(), root, handle);
                    case "allreduce" -> (int) Native.ALLREDUCE.invokeExact(sb, rb, items, r.datatype(), r.op(), handle);
                    case "scan" -> (int) Native.SCAN.invokeExact(sb, rb, items, r.datatype(), r.op(), handle);
                    default -> (int) Native.EXSCAN.invokeExact(sb, rb, items, r.datatype(), r.op(), handle);
                };
            }
            check(rc, kind);
            if (start) {
                started = started(kind + "(" + (root >= 0 ? "root=" + root + ", " : "") + "op=" + op.name() + ")", st, slot, sendBuf, recvBuf);
            } else {
                if (engine.polled) {
                    awaitInline(slot, kind);
                }
                if (!(kind.equals("exscan") && rank == 0 && !inPlace)) {
                    st.finish();
                }
            }
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        } finally {
            a.end();
        }
        if (r.upcall() && !start) {
            agreeOnUpcalls(kind, op);
        }
        return started;
    }

    /**
     * A started reduction with a user operation. The library would run the operation inside
     * some later test or wait, where a throw could be reported on no rank but the one it
     * happened on, leaving the others with a result it never finished. So the contributions
     * are gathered instead (to the root for ireduce, to every rank otherwise) and each rank
     * folds what it needs in rank order when its request completes, as the thread engine does;
     * a throw fails the request of every rank that needed that fold.
     */
    private NativeRequest startUserReduction(String kind, Object sendBuf, Object recvBuf, Datatype t, int count, Op op, int root,
                                             int[] recvCounts) {
        Object mine = InPlace.is(sendBuf)
                ? InPlace.copyOf(recvBuf, 0, recvCounts == null ? count : Arrays.stream(recvCounts, 0, size).sum())
                : sendBuf;
        int n = Datatype.length(mine, t);
        boolean rooted = kind.equals("ireduce");
        Object all = rooted && rank != root ? null : InPlace.scratchLike(mine, n * size);
        NativeRequest req = rooted
                ? callGatherv(mine, n, all, uniform(n), blocks(n), root, kind, true)
                : callAllgatherv(mine, t, n, all, uniform(n), blocks(n), kind, true);
        String where = kind + " on " + name;
        return req.then(() -> {
            try {
                switch (kind) {
                    case "ireduce" -> {
                        if (rank == root) {
                            foldBlocks(op, t, all, n, 0, size, 0, recvBuf, 0, n);
                        }
                    }
                    case "iallreduce" -> foldBlocks(op, t, all, n, 0, size, 0, recvBuf, 0, n);
                    case "iscan" -> foldBlocks(op, t, all, n, 0, rank + 1, 0, recvBuf, 0, n);
                    case "iexscan" -> {
                        if (rank > 0) {
                            foldBlocks(op, t, all, n, 0, rank, 0, recvBuf, 0, n);
                        }
                    }
                    default -> { // ireduceScatter: this rank's block of the reduction
                        int lo = 0;
                        for (int k = 0; k < rank; k++) {
                            lo += recvCounts[k];
                        }
                        foldBlocks(op, t, all, n, 0, size, lo, recvBuf, 0, recvCounts[rank]);
                    }
                }
            } catch (RuntimeException e) {
                throw new MpiException(ErrorClass.OP, where + ": operation " + op.name() + " threw on rank " + rank + ": " + e, e);
            }
        });
    }

    /** {@code out[outLo, outLo+len)} = blocks {@code from..to-1} (each {@code n} long) of {@code all}, elements {@code lo..lo+len}, combined in rank order. */
    private static void foldBlocks(Op op, Datatype t, Object all, int n, int from, int to, int lo, Object out, int outLo, int len) {
        if (len == 0 || to <= from) {
            return;
        }
        if (to - from == 1) {
            Buffers.copy(all, t, from * n + lo, out, t, outLo, len);
            return;
        }
        Reductions.apply(op, t, all, from * n + lo, all, (from + 1) * n + lo, out, outLo, len);
        for (int k = from + 2; k < to; k++) {
            Reductions.apply(op, t, out, outLo, all, k * n + lo, out, outLo, len);
        }
    }

    // ---------------------------------------------------------------- collectives, nonblocking

    /** The request of a started collective, keeping its buffers reachable until it completes. */
    private NativeRequest started(String kind, Staged st, MemorySegment slot, Object sendBuf, Object recvBuf) {
        return new NativeRequest(this, kind, st, slot, null, new Object[] {sendBuf, recvBuf});
    }

    /** True for an intercommunicator ({@link NativeIntercomm}), whose collectives are its own. */
    boolean isInter() {
        return false;
    }

    /** The refusal of a collective an intercommunicator does not have (overridden there). */
    MpiException notOnIntercomm(String kind) {
        return new MpiException(ErrorClass.COMM, kind + " is not available on " + name);
    }

    @Override
    public Request ibarrier() {
        live();
        if (isInter()) {
            throw notOnIntercomm("ibarrier");
        }
        Staged st = new Staged(Staged.Mode.OWNED);
        MemorySegment slot = st.requestSlot();
        try {
            check((int) Native.IBARRIER.invokeExact(handle, slot), "ibarrier");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        }
        return new NativeRequest(this, "ibarrier", st, slot, null, null);
    }

    @Override
    public Request ibcast(Object buf, int root) {
        live();
        if (isInter()) {
            throw notOnIntercomm("ibcast");
        }
        checkRoot(root);
        Datatype t = Datatype.of(buf);
        int count = lengthOf(buf);
        Staged st = new Staged(Staged.Mode.OWNED);
        MemorySegment seg = rank == root ? st.in(buf, t, 0, count) : st.out(buf, t, 0, count);
        MemorySegment slot = st.requestSlot();
        try {
            check((int) Native.IBCAST.invokeExact(seg, count, ABI.datatype(t), root, handle, slot), "ibcast");
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw unexpected(e);
        }
        return new NativeRequest(this, "ibcast(root=" + root + ")", st, slot, null, buf);
    }

    @Override
    public String toString() {
        return "Comm[" + name + ", rank " + rank + " of " + size + ", " + ABI.family.label + "]";
    }
}
