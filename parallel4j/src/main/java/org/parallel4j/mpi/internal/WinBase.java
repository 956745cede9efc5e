package org.parallel4j.mpi.internal;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.Group;
import org.parallel4j.mpi.Info;
import org.parallel4j.mpi.LockType;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.Op;
import org.parallel4j.mpi.Request;
import org.parallel4j.mpi.Win;

/**
 * What every engine's window shares that is not transport: the checks of arguments, ranges and
 * epochs, with their messages (so a misuse reads the same on every engine, and is caught before
 * the library sees it), and the epoch bookkeeping of MPI's synchronization rules. An engine
 * implements the {@code do*} methods: the operation or synchronization itself, called only once
 * the call is known to be legal.
 *
 * <p>The epoch state is this rank's. A synchronization call reserves its state change under the
 * window's monitor and then blocks outside it, so that other threads of the rank may go on using
 * the window (MPI_THREAD_MULTIPLE).
 */
public abstract class WinBase implements Win {
    /** What kind of memory a window has, for names and {@link #sharedQuery}. */
    public enum Kind {
        /** Over memory the program gave. */ CREATED,
        /** Memory the library allocated. */ ALLOCATED,
        /** One node-wide block, every rank's region addressable by all. */ SHARED
    }

    protected final String name;
    protected final int rank;
    protected final int size;
    protected final Kind kind;
    private final long[] sizes;
    private final int[] units;
    private final int[] worldRanks;
    private final int myWorldRank;
    private final Info hints;
    /** The hint {@code no_locks=true}: this rank promised no passive-target epochs. */
    private final boolean noLocks;
    private volatile boolean freed;

    // the access side: at most one kind of epoch at a time
    private volatile boolean fenceOpen;
    private volatile int[] startTargets;
    private final LockType[] locks;
    private int locksHeld;
    private volatile boolean lockAll;
    /** A synchronization call is in progress (reserved, blocking outside the monitor). */
    private boolean syncing;
    // the exposure side
    private int[] postOrigins;

    /**
     * For engines, after the window exists on every rank.
     *
     * @param name the name for messages ("world.win")
     * @param rank the calling rank in the window's communicator
     * @param kind what memory the window has
     * @param sizes every rank's region size in bytes
     * @param units every rank's displacement unit in bytes
     * @param worldRanks the world ranks of the communicator's ranks, in order
     * @param myWorldRank the calling rank's world rank
     * @param hints the hints given at creation (not null)
     */
    protected WinBase(String name, int rank, Kind kind, long[] sizes, int[] units, int[] worldRanks, int myWorldRank, Info hints) {
        this.name = name;
        this.rank = rank;
        this.size = sizes.length;
        this.kind = kind;
        this.sizes = sizes.clone();
        this.units = units.clone();
        this.worldRanks = worldRanks.clone();
        this.myWorldRank = myWorldRank;
        this.locks = new LockType[size];
        this.hints = hints;
        this.noLocks = "true".equalsIgnoreCase(String.valueOf(hints.get("no_locks")).strip());
    }

    // ---------------------------------------------------------------- creation checks (static: before the window exists)

    /**
     * The hints a window creation call was given: null is {@link Info#NULL}.
     *
     * @param hints the hints, or null
     * @return the hints, never null
     */
    public static Info checkHints(Info hints) {
        return hints == null ? Info.NULL : hints;
    }

    /** A displacement unit: at least 1. */
    public static void checkDispUnit(int dispUnit, String what) {
        if (dispUnit < 1) {
            throw new MpiException(ErrorClass.ARG, what + ": displacement unit " + dispUnit + " must be at least 1 (bytes)");
        }
    }

    /** A region size: at least 0. */
    public static void checkBytes(long bytes, String what) {
        if (bytes < 0) {
            throw new MpiException(ErrorClass.ARG, what + ": size " + bytes + " bytes is negative");
        }
    }

    /**
     * The segment a window is created over: a segment as it is, a primitive array (not
     * boolean[]) as its heap segment. Names what was passed otherwise.
     */
    public static MemorySegment regionOf(Object memory) {
        Datatype t = Datatype.of(memory);
        return switch (t) {
            case SEGMENT -> (MemorySegment) memory;
            case DOUBLE -> MemorySegment.ofArray((double[]) memory);
            case LONG -> MemorySegment.ofArray((long[]) memory);
            case INT -> MemorySegment.ofArray((int[]) memory);
            case FLOAT -> MemorySegment.ofArray((float[]) memory);
            case SHORT -> MemorySegment.ofArray((short[]) memory);
            case CHAR -> MemorySegment.ofArray((char[]) memory);
            case BYTE -> MemorySegment.ofArray((byte[]) memory);
            default -> throw new MpiException(ErrorClass.BUFFER, "a window cannot be created over a " + t.javaType
                    + " (it has no memory layout): use a byte[] or a segment");
        };
    }

    /** The default displacement unit of a window over {@code memory}: its element size (1 for a segment). */
    public static int elementSizeOf(Object memory) {
        return Datatype.of(memory).size;
    }

    // ---------------------------------------------------------------- what the window is

    @Override
    public final int rank() {
        live();
        return rank;
    }

    @Override
    public final int size() {
        live();
        return size;
    }

    @Override
    public final Group group() {
        live();
        return GroupAccess.create(worldRanks, myWorldRank);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final long byteSize(int r) {
        live();
        checkRank(r, "byteSize");
        return sizes[r];
    }

    @Override
    public final int dispUnit(int r) {
        live();
        checkRank(r, "dispUnit");
        return units[r];
    }

    @Override
    public final MemorySegment sharedQuery(int r) {
        live();
        if (kind != Kind.SHARED) {
            throw new MpiException(ErrorClass.WIN, "sharedQuery on window " + name + ", which was not made by winAllocateShared:"
                    + " only a shared window's regions can be addressed directly");
        }
        checkRank(r, "sharedQuery");
        return sharedRegion(r);
    }

    @Override
    public final boolean isFreed() {
        return freed;
    }

    /** Rank {@code r}'s region of a shared window (called after the checks). */
    protected abstract MemorySegment sharedRegion(int r);

    // ---------------------------------------------------------------- checks

    /** Refuses a freed window. */
    protected final void live() {
        if (freed) {
            throw new MpiException(ErrorClass.WIN, "window " + name + " was freed: it cannot be used after free()");
        }
    }

    private void checkRank(int r, String what) {
        if (r < 0 || r >= size) {
            throw new MpiException(ErrorClass.RANK, what + ": invalid rank " + r + ": window " + name + " has " + size
                    + " ranks (valid: 0.." + (size - 1) + ")");
        }
    }

    /** A communication call's target: false for PROC_NULL (nothing to do), an error outside the window. */
    private boolean target(int target, String what) {
        live();
        if (target == Mpi.PROC_NULL) {
            return false;
        }
        if (target < 0 || target >= size) {
            throw new MpiException(ErrorClass.RANK, what + ": invalid target rank " + target + ": window " + name + " has "
                    + size + " ranks (valid: 0.." + (size - 1) + ", or PROC_NULL)");
        }
        return true;
    }

    /** The byte range {@code [disp * unit, + count * elementSize)} must lie in the target's region. */
    private void checkRange(String what, Datatype t, int count, int target, long disp) {
        long unit = units[target];
        long bytes = (long) count * t.size;
        if (disp < 0) {
            throw new MpiException(ErrorClass.RMA_RANGE, what + " to rank " + target + ": displacement " + disp
                    + " is negative (window " + name + ")");
        }
        long from = disp > Long.MAX_VALUE / unit ? Long.MAX_VALUE : disp * unit;
        if (from > sizes[target] - bytes) {
            throw new MpiException(ErrorClass.RMA_RANGE, what + " of " + count + " " + t.plural + " (" + bytes
                    + " bytes) at displacement " + disp + " (byte " + from + ", unit " + unit + ") reaches outside rank "
                    + target + "'s region of " + sizes[target] + " bytes in window " + name);
        }
    }

    /** The caller must be in an access epoch towards {@code target}. */
    private void checkAccess(int target, String what) {
        if (fenceOpen || lockAll || locks[target] != null) {
            return;
        }
        int[] started = startTargets;
        if (started != null) {
            for (int t : started) {
                if (t == target) {
                    return;
                }
            }
            throw new MpiException(ErrorClass.RMA_SYNC, what + " to rank " + target + " on window " + name
                    + ": rank " + target + " is not in the group of the start() that opened this access epoch "
                    + Arrays.toString(started));
        }
        throw new MpiException(ErrorClass.RMA_SYNC, what + " to rank " + target + " outside an access epoch on window " + name
                + ": call fence(), start(group) with rank " + target + ", lock(" + target + ") or lockAll() first");
    }

    /** Request-based operations need a passive-target epoch towards {@code target}. */
    private void checkPassive(int target, String what) {
        if (!lockAll && locks[target] == null) {
            throw new MpiException(ErrorClass.RMA_SYNC, what + " to rank " + target + " on window " + name
                    + " needs a passive-target epoch (lock(" + target + ") or lockAll()): request-based operations are not"
                    + " allowed in fence or start/complete epochs");
        }
    }

    /** The element type of an origin buffer and its region checked. */
    private static Datatype region(Object buf, int offset, int count, String what) {
        Datatype t = Datatype.of(buf);
        Buffers.checkRegion(buf, t, offset, count, what);
        return t;
    }

    /** An accumulate's operation: predefined (and one the library applies itself) for {@code t}. */
    private void checkOp(Op op, Datatype t, String what, boolean noOpAllowed) {
        if (op == null) {
            throw new MpiException(ErrorClass.OP, what + " on window " + name + ": the operation is null");
        }
        Op.Kind k = op.kind();
        boolean ok = switch (k) {
            case REPLACE -> true;
            case NO_OP -> noOpAllowed;
            case SUM, PROD, MIN, MAX -> t != Datatype.BOOLEAN && t != Datatype.SEGMENT;
            case LAND, LOR, LXOR -> t == Datatype.BOOLEAN || t == Datatype.INT || t == Datatype.LONG || t == Datatype.SHORT
                    || t == Datatype.BYTE;
            case BAND, BOR, BXOR -> t == Datatype.INT || t == Datatype.LONG || t == Datatype.SHORT || t == Datatype.BYTE
                    || t == Datatype.CHAR;
            default -> false;
        };
        if (ok) {
            return;
        }
        if (k == Op.Kind.USER || k == Op.Kind.MINLOC || k == Op.Kind.MAXLOC) {
            throw new MpiException(ErrorClass.OP, what + " on window " + name + ": operation " + op
                    + " is not allowed: one-sided accumulates take MPI's predefined element operations (SUM, PROD, MIN, MAX,"
                    + " the logical and bitwise ones, REPLACE, NO_OP)");
        }
        if (k == Op.Kind.NO_OP) {
            throw new MpiException(ErrorClass.OP, what + " on window " + name + ": NO_OP is for getAccumulate and fetchAndOp");
        }
        throw new MpiException(ErrorClass.OP, what + " on window " + name + ": operation " + op.name() + " does not apply to "
                + t.plural + (t == Datatype.SEGMENT ? " of a MemorySegment (it has no element type): pass a primitive array" : ""));
    }

    /** A single-element buffer of an atomic (fetchAndOp, compareAndSwap): a primitive array of at least one element. */
    private static Datatype single(Object buf, String role, String what) {
        Datatype t = Datatype.of(buf);
        if (t == Datatype.SEGMENT || Datatype.length(buf, t) < 1) {
            throw new MpiException(ErrorClass.BUFFER, what + ": " + role + " must be a primitive array of at least one element, got "
                    + (t == Datatype.SEGMENT ? "a MemorySegment" : "an empty " + t.javaType));
        }
        return t;
    }

    private static void sameType(Datatype expected, Object buf, String role, String what) {
        Datatype t = Datatype.of(buf);
        if (t != expected) {
            throw new MpiException(ErrorClass.TYPE, what + ": " + role + " is a " + t.javaType + " but the result is a "
                    + expected.javaType + ": they must have the same element type");
        }
    }

    // ---------------------------------------------------------------- communication

    @Override
    public final void put(Object origin, int target, long targetDisp) {
        put(origin, 0, CommBase.lengthOf(origin), target, targetDisp);
    }

    @Override
    public final void put(Object origin, int offset, int count, int target, long targetDisp) {
        Datatype t = region(origin, offset, count, "put");
        if (target(target, "put")) {
            checkRange("put", t, count, target, targetDisp);
            checkAccess(target, "put");
            doPut(origin, t, offset, count, target, targetDisp);
        }
    }

    @Override
    public final void get(Object origin, int target, long targetDisp) {
        get(origin, 0, CommBase.lengthOf(origin), target, targetDisp);
    }

    @Override
    public final void get(Object origin, int offset, int count, int target, long targetDisp) {
        Datatype t = region(origin, offset, count, "get");
        if (target(target, "get")) {
            checkRange("get", t, count, target, targetDisp);
            checkAccess(target, "get");
            doGet(origin, t, offset, count, target, targetDisp);
        }
    }

    @Override
    public final void accumulate(Object origin, int target, long targetDisp, Op op) {
        accumulate(origin, 0, CommBase.lengthOf(origin), target, targetDisp, op);
    }

    @Override
    public final void accumulate(Object origin, int offset, int count, int target, long targetDisp, Op op) {
        Datatype t = region(origin, offset, count, "accumulate");
        checkOp(op, t, "accumulate", false);
        if (target(target, "accumulate")) {
            checkRange("accumulate", t, count, target, targetDisp);
            checkAccess(target, "accumulate");
            doAccumulate(origin, t, offset, count, target, targetDisp, op);
        }
    }

    /** The checks of getAccumulate and its request form; the element type, or null for PROC_NULL. */
    private Datatype checkGetAccumulate(Object origin, Object result, int target, long targetDisp, Op op, String what) {
        Datatype t = Datatype.of(result);
        int count = Datatype.length(result, t);
        checkOp(op, t, what, true);
        if (origin != null || op.kind() != Op.Kind.NO_OP) {
            sameType(t, origin, "origin", what);
            int have = Datatype.length(origin, t);
            if (have < count) {
                throw new MpiException(ErrorClass.COUNT, what + ": origin has " + have + " " + t.plural + " but result has " + count
                        + ": the origin needs at least one operand per result element");
            }
        }
        if (!target(target, what)) {
            return null;
        }
        checkRange(what, t, count, target, targetDisp);
        return t;
    }

    @Override
    public final void getAccumulate(Object origin, Object result, int target, long targetDisp, Op op) {
        Datatype t = checkGetAccumulate(origin, result, target, targetDisp, op, "getAccumulate");
        if (t != null) {
            checkAccess(target, "getAccumulate");
            doGetAccumulate(origin, result, t, Datatype.length(result, t), target, targetDisp, op);
        }
    }

    @Override
    public final void fetchAndOp(Object origin, Object result, int target, long targetDisp, Op op) {
        String what = "fetchAndOp";
        Datatype t = single(result, "the result", what);
        checkOp(op, t, what, true);
        if (op.kind() != Op.Kind.NO_OP || origin != null) {
            single(origin, "the origin", what);
            sameType(t, origin, "the origin", what);
        }
        if (target(target, what)) {
            checkRange(what, t, 1, target, targetDisp);
            checkAccess(target, what);
            doFetchAndOp(origin, result, t, target, targetDisp, op);
        }
    }

    @Override
    public final void compareAndSwap(Object origin, Object compare, Object result, int target, long targetDisp) {
        String what = "compareAndSwap";
        Datatype t = single(result, "the result", what);
        single(origin, "the origin", what);
        single(compare, "the compare value", what);
        sameType(t, origin, "the origin", what);
        sameType(t, compare, "the compare value", what);
        if (t == Datatype.DOUBLE || t == Datatype.FLOAT) {
            throw new MpiException(ErrorClass.TYPE, what + " on window " + name + " takes integer, char or boolean elements (MPI"
                    + " compares bits of integers), not " + t.plural + ": compare the bits as a long[] or int[]");
        }
        if (target(target, what)) {
            checkRange(what, t, 1, target, targetDisp);
            checkAccess(target, what);
            doCompareAndSwap(origin, compare, result, t, target, targetDisp);
        }
    }

    @Override
    public final Request rput(Object origin, int target, long targetDisp) {
        Datatype t = region(origin, 0, CommBase.lengthOf(origin), "rput");
        int count = Datatype.length(origin, t);
        if (!target(target, "rput")) {
            return completedRequest();
        }
        checkRange("rput", t, count, target, targetDisp);
        checkPassive(target, "rput");
        return doRput(origin, t, count, target, targetDisp);
    }

    @Override
    public final Request rget(Object origin, int target, long targetDisp) {
        Datatype t = region(origin, 0, CommBase.lengthOf(origin), "rget");
        int count = Datatype.length(origin, t);
        if (!target(target, "rget")) {
            return completedRequest();
        }
        checkRange("rget", t, count, target, targetDisp);
        checkPassive(target, "rget");
        return doRget(origin, t, count, target, targetDisp);
    }

    @Override
    public final Request raccumulate(Object origin, int target, long targetDisp, Op op) {
        Datatype t = region(origin, 0, CommBase.lengthOf(origin), "raccumulate");
        int count = Datatype.length(origin, t);
        checkOp(op, t, "raccumulate", false);
        if (!target(target, "raccumulate")) {
            return completedRequest();
        }
        checkRange("raccumulate", t, count, target, targetDisp);
        checkPassive(target, "raccumulate");
        return doRaccumulate(origin, t, count, target, targetDisp, op);
    }

    @Override
    public final Request rgetAccumulate(Object origin, Object result, int target, long targetDisp, Op op) {
        Datatype t = checkGetAccumulate(origin, result, target, targetDisp, op, "rgetAccumulate");
        if (t == null) {
            return completedRequest();
        }
        checkPassive(target, "rgetAccumulate");
        return doRgetAccumulate(origin, result, t, Datatype.length(result, t), target, targetDisp, op);
    }

    // ---------------------------------------------------------------- synchronization

    /** Names the epoch this rank has open, or null. */
    private String openEpoch() {
        if (startTargets != null) {
            return "a start() access epoch (end it with complete())";
        }
        if (lockAll) {
            return "a lockAll() epoch (end it with unlockAll())";
        }
        if (locksHeld > 0) {
            for (int t = 0; t < size; t++) {
                if (locks[t] != null) {
                    return "a lock on rank " + t + " (end it with unlock(" + t + "))";
                }
            }
        }
        if (postOrigins != null) {
            return "a post() exposure epoch (end it with waitExposure())";
        }
        return null;
    }

    private MpiException syncError(String what, String why) {
        return new MpiException(ErrorClass.RMA_SYNC, what + " on window " + name + " (rank " + rank + "): " + why);
    }

    /** Reserves a synchronization call: one at a time per rank and window. */
    private void reserve(String what) {
        if (syncing) {
            throw syncError(what, "another thread of this rank is in a synchronization call on this window: synchronize"
                    + " a window from one thread at a time");
        }
        syncing = true;
    }

    private synchronized void release() {
        syncing = false;
    }

    @Override
    public final void fence() {
        fence(0);
    }

    @Override
    public final void fence(int assertions) {
        synchronized (this) {
            live();
            if ((assertions & ~(MODE_NOPRECEDE | MODE_NOSUCCEED | MODE_NOSTORE | MODE_NOPUT)) != 0) {
                throw new MpiException(ErrorClass.ARG, "fence on window " + name + ": unknown assertion bits in " + assertions
                        + " (use Win.MODE_NOPRECEDE, MODE_NOSUCCEED, MODE_NOSTORE, MODE_NOPUT)");
            }
            String open = openEpoch();
            if (open != null) {
                throw syncError("fence", "this rank has " + open + " open; a fence cannot be called inside it");
            }
            reserve("fence");
        }
        try {
            doFence(assertions);
            fenceOpen = (assertions & MODE_NOSUCCEED) == 0;
        } finally {
            release();
        }
    }

    private String fenceOpenError() {
        return "a fence epoch is open: end it with fence(Win.MODE_NOSUCCEED) first";
    }

    @Override
    public final void start(Group targets) {
        int[] ranks;
        synchronized (this) {
            live();
            ranks = ranksOf(targets, "start");
            if (fenceOpen) {
                throw syncError("start", fenceOpenError());
            }
            if (startTargets != null || lockAll || locksHeld > 0) {
                throw syncError("start", "this rank has " + openEpoch() + " open");
            }
            reserve("start");
        }
        try {
            doStart(ranks);
            startTargets = ranks;
        } finally {
            release();
        }
    }

    @Override
    public final void complete() {
        int[] ranks;
        synchronized (this) {
            live();
            ranks = startTargets;
            if (ranks == null) {
                throw syncError("complete", "no access epoch was started: call start(group) first");
            }
            reserve("complete");
        }
        try {
            doComplete(ranks);
            startTargets = null;
        } finally {
            release();
        }
    }

    @Override
    public final void post(Group origins) {
        int[] ranks;
        synchronized (this) {
            live();
            ranks = ranksOf(origins, "post");
            if (fenceOpen) {
                throw syncError("post", fenceOpenError());
            }
            if (postOrigins != null) {
                throw syncError("post", "an exposure epoch is already open: end it with waitExposure() first");
            }
            reserve("post");
        }
        try {
            doPost(ranks);
            synchronized (this) {
                postOrigins = ranks;
            }
        } finally {
            release();
        }
    }

    @Override
    public final void waitExposure() {
        int[] ranks;
        synchronized (this) {
            live();
            ranks = postOrigins;
            if (ranks == null) {
                throw syncError("waitExposure", "no exposure epoch was posted: call post(group) first");
            }
            reserve("waitExposure");
        }
        try {
            doWaitExposure(ranks);
            synchronized (this) {
                postOrigins = null;
            }
        } finally {
            release();
        }
    }

    @Override
    public final synchronized boolean testExposure() {
        live();
        if (postOrigins == null) {
            throw syncError("testExposure", "no exposure epoch was posted: call post(group) first");
        }
        if (syncing) {
            throw syncError("testExposure", "another thread of this rank is in a synchronization call on this window");
        }
        if (doTestExposure(postOrigins)) {
            postOrigins = null;
            return true;
        }
        return false;
    }

    @Override
    public final void lock(int target) {
        lock(LockType.EXCLUSIVE, target);
    }

    /**
     * The hints given at creation. The MPI engine's windows report the library's instead.
     *
     * @return the hints
     */
    @Override
    public Info info() {
        live();
        return hints;
    }

    /** An error for a passive-target call on a window created with {@code no_locks=true}. */
    private MpiException noLocksError(String call) {
        return syncError(call, "this rank created the window with the hint no_locks=true, a promise of no passive-target"
                + " epochs (the library may drop what locks need): create it without that hint to lock it");
    }

    @Override
    public final void lock(LockType type, int target) {
        synchronized (this) {
            live();
            if (noLocks) {
                throw noLocksError("lock(" + target + ")");
            }
            if (type == null) {
                throw new MpiException(ErrorClass.ARG, "lock on window " + name + ": the lock type is null (EXCLUSIVE or SHARED)");
            }
            checkRank(target, "lock");
            if (fenceOpen) {
                throw syncError("lock(" + target + ")", fenceOpenError());
            }
            if (locks[target] != null) {
                throw syncError("lock(" + target + ")", "this rank already holds a lock on rank " + target + ": unlock(" + target
                        + ") first");
            }
            if (lockAll || startTargets != null) {
                throw syncError("lock(" + target + ")", "this rank has " + openEpoch() + " open");
            }
            reserve("lock");
        }
        try {
            doLock(type, target);
            synchronized (this) {
                locks[target] = type;
                locksHeld++;
            }
        } finally {
            release();
        }
    }

    @Override
    public final void unlock(int target) {
        synchronized (this) {
            live();
            checkRank(target, "unlock");
            if (locks[target] == null) {
                throw syncError("unlock(" + target + ")", "this rank holds no lock on rank " + target
                        + (lockAll ? " (it holds lockAll(): end it with unlockAll())" : ""));
            }
            reserve("unlock");
        }
        try {
            doUnlock(target);
            synchronized (this) {
                locks[target] = null;
                locksHeld--;
            }
        } finally {
            release();
        }
    }

    @Override
    public final void lockAll() {
        synchronized (this) {
            live();
            if (noLocks) {
                throw noLocksError("lockAll");
            }
            if (fenceOpen) {
                throw syncError("lockAll", fenceOpenError());
            }
            String open = openEpoch();
            if (open != null && postOrigins == null) {
                throw syncError("lockAll", "this rank has " + open + " open");
            }
            reserve("lockAll");
        }
        try {
            doLockAll();
            lockAll = true;
        } finally {
            release();
        }
    }

    @Override
    public final void unlockAll() {
        synchronized (this) {
            live();
            if (!lockAll) {
                throw syncError("unlockAll", "lockAll() was not called");
            }
            reserve("unlockAll");
        }
        try {
            doUnlockAll();
            lockAll = false;
        } finally {
            release();
        }
    }

    private void checkFlush(int target, String what) {
        live();
        checkRank(target, what);
        if (!lockAll && locks[target] == null) {
            throw syncError(what + "(" + target + ")", "flushes complete passive-target operations: lock(" + target
                    + ") or lockAll() first");
        }
    }

    private void checkFlushAll(String what) {
        live();
        if (!lockAll && locksHeld == 0) {
            throw syncError(what, (what.equals("sync") ? "sync belongs in a passive-target epoch"
                    : "flushes complete passive-target operations") + ": lock a rank or lockAll() first");
        }
    }

    @Override
    public final void flush(int target) {
        checkFlush(target, "flush");
        doFlush(target, false);
    }

    @Override
    public final void flushAll() {
        checkFlushAll("flushAll");
        doFlushAll(false);
    }

    @Override
    public final void flushLocal(int target) {
        checkFlush(target, "flushLocal");
        doFlush(target, true);
    }

    @Override
    public final void flushLocalAll() {
        checkFlushAll("flushLocalAll");
        doFlushAll(true);
    }

    @Override
    public final void sync() {
        checkFlushAll("sync");
        doSync();
    }

    @Override
    public final void free() {
        synchronized (this) {
            if (freed) {
                return;
            }
            String open = openEpoch();
            if (open != null) {
                throw syncError("free", "this rank has " + open + " open: end it before freeing the window");
            }
            reserve("free");
        }
        try {
            doFree();
            freed = true;
        } finally {
            release();
        }
    }

    /** The window ranks of a group's members, each checked to be a rank of this window. */
    private int[] ranksOf(Group g, String what) {
        if (g == null) {
            throw new MpiException(ErrorClass.GROUP, what + " on window " + name + ": the group is null");
        }
        int[] members = g.worldRanks();
        int[] out = new int[members.length];
        for (int i = 0; i < members.length; i++) {
            int r = -1;
            for (int j = 0; j < worldRanks.length; j++) {
                if (worldRanks[j] == members[i]) {
                    r = j;
                    break;
                }
            }
            if (r < 0) {
                throw new MpiException(ErrorClass.GROUP, what + " on window " + name + ": the group holds world rank " + members[i]
                        + ", which is not a rank of the window (world ranks " + Arrays.toString(worldRanks) + ")");
            }
            out[i] = r;
        }
        return out;
    }

    /** The byte offset of displacement {@code disp} in {@code target}'s region (checked already). */
    protected final long byteOffset(int target, long disp) {
        return disp * units[target];
    }

    // ---------------------------------------------------------------- what engines implement (arguments checked)

    /** Writes {@code count} elements of {@code origin} from {@code offset} at {@code disp} of {@code target}. */
    protected abstract void doPut(Object origin, Datatype t, int offset, int count, int target, long disp);

    /** Reads {@code count} elements at {@code disp} of {@code target} into {@code origin} from {@code offset}. */
    protected abstract void doGet(Object origin, Datatype t, int offset, int count, int target, long disp);

    /** Combines {@code count} elements of {@code origin} into the target with {@code op}, atomically per element. */
    protected abstract void doAccumulate(Object origin, Datatype t, int offset, int count, int target, long disp, Op op);

    /** Reads {@code count} elements into {@code result} and combines {@code origin} (null for NO_OP) into them. */
    protected abstract void doGetAccumulate(Object origin, Object result, Datatype t, int count, int target, long disp, Op op);

    /** {@link #doGetAccumulate} of element 0. */
    protected abstract void doFetchAndOp(Object origin, Object result, Datatype t, int target, long disp, Op op);

    /** Compare-and-swap of element 0. */
    protected abstract void doCompareAndSwap(Object origin, Object compare, Object result, Datatype t, int target, long disp);

    /** A request of this engine that is already complete (an operation to PROC_NULL). */
    protected abstract Request completedRequest();

    /** Request-based put of the whole origin. */
    protected abstract Request doRput(Object origin, Datatype t, int count, int target, long disp);

    /** Request-based get into the whole origin. */
    protected abstract Request doRget(Object origin, Datatype t, int count, int target, long disp);

    /** Request-based accumulate of the whole origin. */
    protected abstract Request doRaccumulate(Object origin, Datatype t, int count, int target, long disp, Op op);

    /** Request-based getAccumulate. */
    protected abstract Request doRgetAccumulate(Object origin, Object result, Datatype t, int count, int target, long disp, Op op);

    /** The fence, collectively. */
    protected abstract void doFence(int assertions);

    /** Waits until each of {@code targets} has posted for this rank. */
    protected abstract void doStart(int[] targets);

    /** Completes the operations to {@code targets} and tells them. */
    protected abstract void doComplete(int[] targets);

    /** Opens this rank's region to {@code origins}. */
    protected abstract void doPost(int[] origins);

    /** Waits until each of {@code origins} has completed. */
    protected abstract void doWaitExposure(int[] origins);

    /** True when each of {@code origins} has completed (the epoch then ends). */
    protected abstract boolean doTestExposure(int[] origins);

    /** Takes the lock on {@code target}. */
    protected abstract void doLock(LockType type, int target);

    /** Completes the operations to {@code target} and releases its lock. */
    protected abstract void doUnlock(int target);

    /** Shared locks on every rank. */
    protected abstract void doLockAll();

    /** Completes everything and releases every lock of lockAll. */
    protected abstract void doUnlockAll();

    /** Completes the operations to {@code target} (at the origin only when {@code local}). */
    protected abstract void doFlush(int target, boolean local);

    /** Completes the operations to every target (at the origin only when {@code local}). */
    protected abstract void doFlushAll(boolean local);

    /** MPI_Win_sync. */
    protected abstract void doSync();

    /** Frees the window, collectively. */
    protected abstract void doFree();
}
