package org.parallel4j.mpi;

import java.lang.foreign.MemorySegment;

/**
 * A window for one-sided communication, as {@code mpi4py.MPI.Win}: every rank of a
 * communicator exposes a region of its memory, and any rank reads and writes the others'
 * regions ({@link #put}, {@link #get}, {@link #accumulate} and the atomics) without the target
 * taking part. Made collectively by {@link Comm#winCreate(Object)} (over memory the program
 * owns), {@link Comm#winAllocate(long, int)} (memory the library allocates) and
 * {@link Comm#winAllocateShared(long, int)} (one block that every rank of the node can load
 * and store directly, {@link #sharedQuery(int)}).
 *
 * <p><b>Addresses.</b> A target location is a rank of the window's communicator and a
 * displacement in the target's <em>displacement unit</em> (the element size of the array a
 * window was created over, 1 for a segment, or the unit given): byte
 * {@code disp * dispUnit} of the target's region. An origin buffer is a primitive array or a
 * {@link MemorySegment}, with offset and count in elements (bytes for a segment), and the
 * target receives the same elements: {@code count * elementSize} bytes from that byte.
 * {@link Mpi#PROC_NULL} as target makes an operation do nothing.
 *
 * <p><b>Epochs.</b> Operations happen in an access epoch and are complete only when it ends,
 * exactly as in MPI: between two {@link #fence()}s (every rank of the window, collectively);
 * between {@link #start(Group)} and {@link #complete()} towards targets that opened an exposure
 * epoch with {@link #post(Group)} and close it with {@link #waitExposure()}; or, without the
 * target taking part, between {@link #lock(LockType, int)} and {@link #unlock(int)} (or
 * {@link #lockAll()} and {@link #unlockAll()}), where {@link #flush(int)} completes what was
 * issued so far. Until then neither the origin's buffer may be reused nor a {@link #get}'s
 * result read. An operation outside an epoch towards its target, or a synchronization call in
 * the wrong order, is an {@link ErrorClass#RMA_SYNC} error; one that reaches outside the
 * target's region is {@link ErrorClass#RMA_RANGE}; both name the values, on every engine.
 *
 * <p><b>Atomicity.</b> Accumulates ({@link #accumulate}, {@link #getAccumulate},
 * {@link #fetchAndOp}, {@link #compareAndSwap}) of the same element type to the same location
 * are atomic per element, whoever issues them; puts and gets are not (concurrent conflicting
 * puts leave undefined data, as in MPI). Operations are the predefined ones of {@link Op}
 * (not {@code MINLOC}/{@code MAXLOC} or user operations) plus {@link Op#REPLACE} and
 * {@link Op#NO_OP}.
 *
 * <p><b>Engines.</b> On the thread engine a window may be created over a heap array or any
 * segment, and operations complete as soon as they are issued (MPI allows it). On the MPI
 * engine the memory the library reads and writes must not move: create windows over native
 * segments ({@code Arena.allocate}) or let the library allocate them; a heap array is refused
 * with a {@link ErrorClass#WIN} error that says so. Origin buffers may be heap arrays on both:
 * the MPI engine stages them and copies a get's data into the array when the epoch (or
 * flush) completes it.
 *
 * <p>Windows are freed collectively ({@link #free()}, or try-with-resources); a window must
 * not be freed inside an epoch.
 */
public interface Win extends AutoCloseable {
    /** Assertion for {@link #fence(int)}: no operations were issued in the epoch the fence ends. */
    int MODE_NOPRECEDE = 1;
    /** Assertion for {@link #fence(int)}: no operations follow before the next fence (ends fence synchronization, before {@link #lock} or {@link #start}). */
    int MODE_NOSUCCEED = 2;
    /** Assertion: the local window was not updated by local stores since the last synchronization. */
    int MODE_NOSTORE = 4;
    /** Assertion: the local window will not be updated by puts or accumulates until the next synchronization. */
    int MODE_NOPUT = 8;

    // ---------------------------------------------------------------- what the window is

    /**
     * The calling rank in the window's communicator.
     *
     * @return the calling rank
     */
    int rank();

    /**
     * The number of ranks of the window's communicator.
     *
     * @return the number of ranks
     */
    int size();

    /**
     * The ranks of the window, as those of the communicator it was created on.
     *
     * @return the group of the window's ranks
     */
    Group group();

    /**
     * A name for messages: the communicator's, with the kind of window.
     *
     * @return the name errors and reports use
     */
    String name();

    /**
     * The hints in use on this rank's window ({@code MPI_Win_get_info}). On the MPI engine, what
     * the library reports (its defaults included, for instance Open MPI's
     * {@code "accumulate_ordering"}); on the thread engine, the hints given at creation, of which
     * it acts on {@code "no_locks"}.
     *
     * @return the hints
     */
    Info info();

    /**
     * This rank's region: the segment over the array it was created on, or the memory the library allocated.
     *
     * @return this rank's region of the window
     */
    MemorySegment memory();

    /**
     * The size in bytes of {@code rank}'s region.
     *
     * @param rank a rank of the window
     * @return the size of its region in bytes
     */
    long byteSize(int rank);

    /**
     * The displacement unit of {@code rank}'s region, in bytes.
     *
     * @param rank a rank of the window
     * @return its displacement unit in bytes
     */
    int dispUnit(int rank);

    /**
     * For a window of {@link Comm#winAllocateShared}: {@code rank}'s region, which this rank may
     * load and store directly (synchronize as for local accesses). A {@link ErrorClass#WIN} error for other windows.
     *
     * @param rank a rank of the window
     * @return that rank's region, addressable from here
     */
    MemorySegment sharedQuery(int rank);

    // ---------------------------------------------------------------- communication

    /**
     * Writes the whole of {@code origin} to {@code target}'s region at {@code targetDisp}.
     *
     * @param origin the data (a primitive array or a segment)
     * @param target the target rank, or {@link Mpi#PROC_NULL}
     * @param targetDisp where it goes, in the target's displacement units
     */
    void put(Object origin, int target, long targetDisp);

    /**
     * Writes {@code count} elements of {@code origin} from {@code offset} to the target.
     *
     * @param origin the data (a primitive array or a segment)
     * @param offset the index of the first element
     * @param count the number of elements
     * @param target the target rank, or {@link Mpi#PROC_NULL}
     * @param targetDisp where it goes, in the target's displacement units
     */
    void put(Object origin, int offset, int count, int target, long targetDisp);

    /**
     * Reads {@code target}'s region at {@code targetDisp} into the whole of {@code origin};
     * the data is there once the epoch or a flush completes the operation.
     *
     * @param origin where the data goes
     * @param target the target rank, or {@link Mpi#PROC_NULL}
     * @param targetDisp where it is read, in the target's displacement units
     */
    void get(Object origin, int target, long targetDisp);

    /**
     * Reads {@code count} elements from the target into {@code origin} from {@code offset}.
     *
     * @param origin where the data goes
     * @param offset the index of the first element
     * @param count the number of elements
     * @param target the target rank, or {@link Mpi#PROC_NULL}
     * @param targetDisp where it is read, in the target's displacement units
     */
    void get(Object origin, int offset, int count, int target, long targetDisp);

    /**
     * Combines the whole of {@code origin} into the target, element by element:
     * {@code target[i] = target[i] op origin[i]}, atomically per element.
     *
     * @param origin the operands
     * @param target the target rank, or {@link Mpi#PROC_NULL}
     * @param targetDisp where they apply, in the target's displacement units
     * @param op a predefined operation, {@link Op#REPLACE} included
     */
    void accumulate(Object origin, int target, long targetDisp, Op op);

    /**
     * Combines {@code count} elements of {@code origin} from {@code offset} into the target.
     *
     * @param origin the operands
     * @param offset the index of the first element
     * @param count the number of elements
     * @param target the target rank, or {@link Mpi#PROC_NULL}
     * @param targetDisp where they apply, in the target's displacement units
     * @param op a predefined operation, {@link Op#REPLACE} included
     */
    void accumulate(Object origin, int offset, int count, int target, long targetDisp, Op op);

    /**
     * Reads the target's elements into {@code result} and combines {@code origin} into them, as
     * one atomic step per element. {@code result} sets the count; {@code origin} has at least as
     * many elements of the same type, or is null for {@link Op#NO_OP} (an atomic read).
     *
     * @param origin the operands (null for {@link Op#NO_OP})
     * @param result where the target's previous values go
     * @param target the target rank, or {@link Mpi#PROC_NULL}
     * @param targetDisp where they apply, in the target's displacement units
     * @param op a predefined operation, {@link Op#REPLACE} and {@link Op#NO_OP} included
     */
    void getAccumulate(Object origin, Object result, int target, long targetDisp, Op op);

    /**
     * {@link #getAccumulate} of one element: {@code result[0]} gets the target's value, which
     * becomes {@code value op origin[0]}. The fast form of a distributed counter
     * ({@link Op#SUM}) or an atomic swap ({@link Op#REPLACE}).
     *
     * @param origin an array whose element 0 is the operand (ignored for {@link Op#NO_OP})
     * @param result an array of the same type whose element 0 gets the previous value
     * @param target the target rank, or {@link Mpi#PROC_NULL}
     * @param targetDisp the element, in the target's displacement units
     * @param op a predefined operation, {@link Op#REPLACE} and {@link Op#NO_OP} included
     */
    void fetchAndOp(Object origin, Object result, int target, long targetDisp, Op op);

    /**
     * Atomically: {@code result[0]} gets the target's element, which becomes {@code origin[0]}
     * if it equalled {@code compare[0]}. Integer, char and boolean arrays (bitwise comparison).
     *
     * @param origin an array whose element 0 is the new value
     * @param compare an array of the same type whose element 0 is the expected value
     * @param result an array of the same type whose element 0 gets the previous value
     * @param target the target rank, or {@link Mpi#PROC_NULL}
     * @param targetDisp the element, in the target's displacement units
     */
    void compareAndSwap(Object origin, Object compare, Object result, int target, long targetDisp);

    /**
     * A {@link #put} with a request that completes when the origin buffer may be reused.
     * Passive-target epochs only ({@link #lock}, {@link #lockAll}), as in MPI.
     *
     * @param origin the data
     * @param target the target rank, or {@link Mpi#PROC_NULL}
     * @param targetDisp where it goes, in the target's displacement units
     * @return the request
     */
    Request rput(Object origin, int target, long targetDisp);

    /**
     * A {@link #get} with a request that completes when the data is in {@code origin}. Passive-target epochs only.
     *
     * @param origin where the data goes
     * @param target the target rank, or {@link Mpi#PROC_NULL}
     * @param targetDisp where it is read, in the target's displacement units
     * @return the request
     */
    Request rget(Object origin, int target, long targetDisp);

    /**
     * An {@link #accumulate} with a request that completes when the origin buffer may be reused. Passive-target epochs only.
     *
     * @param origin the operands
     * @param target the target rank, or {@link Mpi#PROC_NULL}
     * @param targetDisp where they apply, in the target's displacement units
     * @param op a predefined operation, {@link Op#REPLACE} included
     * @return the request
     */
    Request raccumulate(Object origin, int target, long targetDisp, Op op);

    /**
     * A {@link #getAccumulate} with a request that completes when {@code result} holds the previous values. Passive-target epochs only.
     *
     * @param origin the operands (null for {@link Op#NO_OP})
     * @param result where the target's previous values go
     * @param target the target rank, or {@link Mpi#PROC_NULL}
     * @param targetDisp where they apply, in the target's displacement units
     * @param op a predefined operation, {@link Op#REPLACE} and {@link Op#NO_OP} included
     * @return the request
     */
    Request rgetAccumulate(Object origin, Object result, int target, long targetDisp, Op op);

    // ---------------------------------------------------------------- active target: fence

    /** Ends the current fence epoch and starts the next, collectively on every rank of the window. */
    void fence();

    /**
     * {@link #fence()} with assertions ({@link #MODE_NOPRECEDE}, {@link #MODE_NOSUCCEED},
     * {@link #MODE_NOSTORE}, {@link #MODE_NOPUT}, or-ed): after {@link #MODE_NOSUCCEED} the window
     * is out of fence synchronization, so that locks or start/complete may follow.
     *
     * @param assertions the assertions, or 0
     */
    void fence(int assertions);

    // ---------------------------------------------------------------- active target: post, start, complete, wait

    /**
     * Starts an access epoch towards the ranks of {@code targets} (ranks of this window's
     * group); waits until each of them has posted an exposure epoch for this rank.
     *
     * @param targets the ranks this rank will access
     */
    void start(Group targets);

    /** Ends the access epoch {@link #start(Group)} began: every operation in it is complete, at origin and target. */
    void complete();

    /**
     * Starts an exposure epoch: the ranks of {@code origins} may access this rank's region until
     * {@link #waitExposure()}. Does not block.
     *
     * @param origins the ranks allowed to access this rank
     */
    void post(Group origins);

    /** Ends the exposure epoch: waits until every origin of the {@link #post(Group)} has called {@link #complete()} (MPI_Win_wait). */
    void waitExposure();

    /**
     * {@link #waitExposure()} without blocking (MPI_Win_test): true, and the epoch ended, when every origin has completed.
     *
     * @return true when the exposure epoch has ended
     */
    boolean testExposure();

    // ---------------------------------------------------------------- passive target: lock, unlock, flush

    /**
     * An exclusive lock on {@code target}: starts a passive-target access epoch towards it.
     *
     * @param target the rank whose region is locked
     */
    void lock(int target);

    /**
     * A lock of the given kind on {@code target}: starts a passive-target access epoch towards it.
     *
     * @param type {@link LockType#EXCLUSIVE} or {@link LockType#SHARED}
     * @param target the rank whose region is locked
     */
    void lock(LockType type, int target);

    /**
     * Ends the epoch towards {@code target}: every operation to it is complete, at origin and target.
     *
     * @param target the locked rank
     */
    void unlock(int target);

    /** A shared lock on every rank of the window. */
    void lockAll();

    /** Ends the {@link #lockAll()} epoch: every operation is complete. */
    void unlockAll();

    /**
     * Completes, at origin and target, every operation issued to {@code target} so far (in a passive-target epoch).
     *
     * @param target the locked rank
     */
    void flush(int target);

    /** {@link #flush(int)} towards every locked rank. */
    void flushAll();

    /**
     * Completes at the origin every operation issued to {@code target} so far: origin buffers may be reused, gets' data is in.
     *
     * @param target the locked rank
     */
    void flushLocal(int target);

    /** {@link #flushLocal(int)} towards every locked rank. */
    void flushLocalAll();

    /**
     * Synchronizes this rank's loads and stores of window memory with other ranks' (MPI_Win_sync),
     * in a passive-target epoch: the shared-memory idiom is {@code lockAll()}, stores,
     * {@code sync()}, a barrier (or message), {@code sync()}, loads, {@code unlockAll()}.
     */
    void sync();

    // ---------------------------------------------------------------- freeing

    /** Frees the window, collectively; library-allocated memory goes with it. Freeing twice is allowed. */
    void free();

    /**
     * True once {@link #free()} was called.
     *
     * @return true once the window was freed
     */
    boolean isFreed();

    /** Same as {@link #free()}, for try-with-resources. */
    @Override
    default void close() {
        free();
    }
}
