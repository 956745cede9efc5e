package org.parallel4j.mpi.engine.mpi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The downcall handles of the MPI functions this engine calls, bound once to the library
 * {@link Library#current()} found. Each is a {@code static final} so the JIT inlines it.
 *
 * <p>Handles ({@code MPI_Comm}, {@code MPI_Datatype}, ...) are {@code long} on the Java side
 * whatever the ABI: the descriptor uses the ABI's own width and {@code explicitCastArguments}
 * narrows for integer-handle libraries. Functions that take a buffer come twice: {@code *_HEAP}
 * is the linker's critical form, which may be given a heap segment (zero copy) but must not
 * call back into Java and holds off the collector while it runs, so it is used only for
 * blocking calls; the plain form takes native memory only.
 */
final class Native {
    /** The marker for "a handle of this ABI" in the signatures below. */
    private static final MemoryLayout H = JAVA_LONG.withName("handle");

    /** Held around every MPI call once {@link #serializeCalls()} was called. */
    private static final java.util.concurrent.locks.ReentrantLock CALL_LOCK = new java.util.concurrent.locks.ReentrantLock();
    private static volatile boolean serialize;
    private static final MethodHandle ENTER;
    private static final MethodHandle LEAVE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            ENTER = l.findStatic(Native.class, "enter", MethodType.methodType(void.class));
            LEAVE = l.findStatic(Native.class, "leave", MethodType.methodType(void.class, Throwable.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final Library LIB = Library.current();
    static final Abi ABI = LIB.abi();

    static final MethodHandle INIT_THREAD = fn("MPI_Init_thread", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS);
    static final MethodHandle INITIALIZED = fn("MPI_Initialized", JAVA_INT, ADDRESS);
    static final MethodHandle FINALIZED = fn("MPI_Finalized", JAVA_INT, ADDRESS);
    static final MethodHandle FINALIZE = fn("MPI_Finalize", JAVA_INT);
    static final MethodHandle ABORT = fn("MPI_Abort", JAVA_INT, H, JAVA_INT);
    static final MethodHandle WTIME = fn("MPI_Wtime", JAVA_DOUBLE);
    static final MethodHandle WTICK = fn("MPI_Wtick", JAVA_DOUBLE);
    static final MethodHandle ERROR_STRING = fn("MPI_Error_string", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    static final MethodHandle ERROR_CLASS = fn("MPI_Error_class", JAVA_INT, JAVA_INT, ADDRESS);
    static final MethodHandle COMM_SET_ERRHANDLER = fn("MPI_Comm_set_errhandler", JAVA_INT, H, H);

    static final MethodHandle COMM_RANK = fn("MPI_Comm_rank", JAVA_INT, H, ADDRESS);
    static final MethodHandle COMM_SIZE = fn("MPI_Comm_size", JAVA_INT, H, ADDRESS);
    static final MethodHandle COMM_DUP = fn("MPI_Comm_dup", JAVA_INT, H, ADDRESS);
    static final MethodHandle COMM_SPLIT = fn("MPI_Comm_split", JAVA_INT, H, JAVA_INT, JAVA_INT, ADDRESS);
    static final MethodHandle COMM_CREATE = fn("MPI_Comm_create", JAVA_INT, H, H, ADDRESS);
    static final MethodHandle COMM_SPAWN = fn("MPI_Comm_spawn", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, H, JAVA_INT, H, ADDRESS, ADDRESS);
    static final MethodHandle COMM_GET_PARENT = fn("MPI_Comm_get_parent", JAVA_INT, ADDRESS);
    static final MethodHandle COMM_REMOTE_SIZE = fn("MPI_Comm_remote_size", JAVA_INT, H, ADDRESS);
    static final MethodHandle COMM_REMOTE_GROUP = fn("MPI_Comm_remote_group", JAVA_INT, H, ADDRESS);
    static final MethodHandle INTERCOMM_MERGE = fn("MPI_Intercomm_merge", JAVA_INT, H, JAVA_INT, ADDRESS);
    static final MethodHandle INTERCOMM_CREATE = fn("MPI_Intercomm_create", JAVA_INT, H, JAVA_INT, H, JAVA_INT, JAVA_INT, ADDRESS);
    static final MethodHandle COMM_DISCONNECT = fn("MPI_Comm_disconnect", JAVA_INT, ADDRESS);
    static final MethodHandle COMM_SPLIT_TYPE = fn("MPI_Comm_split_type", JAVA_INT, H, JAVA_INT, JAVA_INT, H, ADDRESS);
    static final MethodHandle COMM_IDUP = fn("MPI_Comm_idup", JAVA_INT, H, ADDRESS, ADDRESS);
    static final MethodHandle COMM_SET_NAME = fn("MPI_Comm_set_name", JAVA_INT, H, ADDRESS);
    static final MethodHandle GET_PROCESSOR_NAME = fn("MPI_Get_processor_name", JAVA_INT, ADDRESS, ADDRESS);
    static final MethodHandle GET_LIBRARY_VERSION = fn("MPI_Get_library_version", JAVA_INT, ADDRESS, ADDRESS);
    static final MethodHandle IS_THREAD_MAIN = fn("MPI_Is_thread_main", JAVA_INT, ADDRESS);

    static final MethodHandle COMM_FREE = fn("MPI_Comm_free", JAVA_INT, ADDRESS);
    static final MethodHandle COMM_COMPARE = fn("MPI_Comm_compare", JAVA_INT, H, H, ADDRESS);
    static final MethodHandle COMM_GROUP = fn("MPI_Comm_group", JAVA_INT, H, ADDRESS);
    static final MethodHandle COMM_GET_ATTR = fn("MPI_Comm_get_attr", JAVA_INT, H, JAVA_INT, ADDRESS, ADDRESS);
    static final MethodHandle GROUP_INCL = fn("MPI_Group_incl", JAVA_INT, H, JAVA_INT, ADDRESS, ADDRESS);
    static final MethodHandle GROUP_TRANSLATE_RANKS = fn("MPI_Group_translate_ranks", JAVA_INT, H, JAVA_INT, ADDRESS, H, ADDRESS);
    static final MethodHandle GROUP_FREE = fn("MPI_Group_free", JAVA_INT, ADDRESS);

    static final MethodHandle SEND_HEAP = heap("MPI_Send", JAVA_INT, ADDRESS, JAVA_INT, H, JAVA_INT, JAVA_INT, H);
    static final MethodHandle SEND = fn("MPI_Send", JAVA_INT, ADDRESS, JAVA_INT, H, JAVA_INT, JAVA_INT, H);
    static final MethodHandle BSEND_HEAP = heap("MPI_Bsend", JAVA_INT, ADDRESS, JAVA_INT, H, JAVA_INT, JAVA_INT, H);
    static final MethodHandle BSEND = fn("MPI_Bsend", JAVA_INT, ADDRESS, JAVA_INT, H, JAVA_INT, JAVA_INT, H);
    static final MethodHandle RSEND_HEAP = heap("MPI_Rsend", JAVA_INT, ADDRESS, JAVA_INT, H, JAVA_INT, JAVA_INT, H);
    static final MethodHandle RSEND = fn("MPI_Rsend", JAVA_INT, ADDRESS, JAVA_INT, H, JAVA_INT, JAVA_INT, H);
    static final MethodHandle IBSEND = fn("MPI_Ibsend", JAVA_INT, ADDRESS, JAVA_INT, H, JAVA_INT, JAVA_INT, H, ADDRESS);
    static final MethodHandle IRSEND = fn("MPI_Irsend", JAVA_INT, ADDRESS, JAVA_INT, H, JAVA_INT, JAVA_INT, H, ADDRESS);
    static final MethodHandle BUFFER_ATTACH = fn("MPI_Buffer_attach", JAVA_INT, ADDRESS, JAVA_INT);
    static final MethodHandle BUFFER_DETACH = fn("MPI_Buffer_detach", JAVA_INT, ADDRESS, ADDRESS);
    static final MethodHandle MPROBE = fn("MPI_Mprobe", JAVA_INT, JAVA_INT, JAVA_INT, H, ADDRESS, ADDRESS);
    static final MethodHandle SSEND_HEAP = heap("MPI_Ssend", JAVA_INT, ADDRESS, JAVA_INT, H, JAVA_INT, JAVA_INT, H);
    static final MethodHandle SSEND = fn("MPI_Ssend", JAVA_INT, ADDRESS, JAVA_INT, H, JAVA_INT, JAVA_INT, H);
    static final MethodHandle MRECV_HEAP = heap("MPI_Mrecv", JAVA_INT, ADDRESS, JAVA_INT, H, ADDRESS, ADDRESS);
    static final MethodHandle MRECV = fn("MPI_Mrecv", JAVA_INT, ADDRESS, JAVA_INT, H, ADDRESS, ADDRESS);
    static final MethodHandle IMPROBE = fn("MPI_Improbe", JAVA_INT, JAVA_INT, JAVA_INT, H, ADDRESS, ADDRESS, ADDRESS);
    static final MethodHandle IPROBE = fn("MPI_Iprobe", JAVA_INT, JAVA_INT, JAVA_INT, H, ADDRESS, ADDRESS);
    static final MethodHandle TEST_CANCELLED = fn("MPI_Test_cancelled", JAVA_INT, ADDRESS, ADDRESS);

    static final MethodHandle ISEND = fn("MPI_Isend", JAVA_INT, ADDRESS, JAVA_INT, H, JAVA_INT, JAVA_INT, H, ADDRESS);
    static final MethodHandle ISSEND = fn("MPI_Issend", JAVA_INT, ADDRESS, JAVA_INT, H, JAVA_INT, JAVA_INT, H, ADDRESS);
    static final MethodHandle IRECV = fn("MPI_Irecv", JAVA_INT, ADDRESS, JAVA_INT, H, JAVA_INT, JAVA_INT, H, ADDRESS);
    static final MethodHandle TEST = fn("MPI_Test", JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
    static final MethodHandle CANCEL = fn("MPI_Cancel", JAVA_INT, ADDRESS);
    static final MethodHandle REQUEST_FREE = fn("MPI_Request_free", JAVA_INT, ADDRESS);

    static final MethodHandle BARRIER = fn("MPI_Barrier", JAVA_INT, H);
    static final MethodHandle BCAST_HEAP = heap("MPI_Bcast", JAVA_INT, ADDRESS, JAVA_INT, H, JAVA_INT, H);
    static final MethodHandle BCAST = fn("MPI_Bcast", JAVA_INT, ADDRESS, JAVA_INT, H, JAVA_INT, H);
    static final MethodHandle SCATTERV_HEAP = heap("MPI_Scatterv", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, H, ADDRESS, JAVA_INT, H, JAVA_INT, H);
    static final MethodHandle SCATTERV = fn("MPI_Scatterv", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, H, ADDRESS, JAVA_INT, H, JAVA_INT, H);
    static final MethodHandle GATHERV_HEAP = heap("MPI_Gatherv", JAVA_INT, ADDRESS, JAVA_INT, H, ADDRESS, ADDRESS, ADDRESS, H, JAVA_INT, H);
    static final MethodHandle GATHERV = fn("MPI_Gatherv", JAVA_INT, ADDRESS, JAVA_INT, H, ADDRESS, ADDRESS, ADDRESS, H, JAVA_INT, H);
    static final MethodHandle ALLGATHERV_HEAP = heap("MPI_Allgatherv", JAVA_INT, ADDRESS, JAVA_INT, H, ADDRESS, ADDRESS, ADDRESS, H, H);
    static final MethodHandle ALLGATHERV = fn("MPI_Allgatherv", JAVA_INT, ADDRESS, JAVA_INT, H, ADDRESS, ADDRESS, ADDRESS, H, H);
    static final MethodHandle ALLTOALLV_HEAP = heap("MPI_Alltoallv", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, H, ADDRESS, ADDRESS, ADDRESS, H, H);
    static final MethodHandle ALLTOALLV = fn("MPI_Alltoallv", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, H, ADDRESS, ADDRESS, ADDRESS, H, H);
    static final MethodHandle REDUCE_SCATTER_HEAP = heap("MPI_Reduce_scatter", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, H, H, H);
    static final MethodHandle REDUCE_SCATTER = fn("MPI_Reduce_scatter", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, H, H, H);
    static final MethodHandle REDUCE_HEAP = heap("MPI_Reduce", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, H, H, JAVA_INT, H);
    static final MethodHandle REDUCE = fn("MPI_Reduce", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, H, H, JAVA_INT, H);
    static final MethodHandle ALLREDUCE_HEAP = heap("MPI_Allreduce", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, H, H, H);
    static final MethodHandle ALLREDUCE = fn("MPI_Allreduce", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, H, H, H);
    static final MethodHandle SCAN_HEAP = heap("MPI_Scan", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, H, H, H);
    static final MethodHandle SCAN = fn("MPI_Scan", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, H, H, H);
    static final MethodHandle EXSCAN_HEAP = heap("MPI_Exscan", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, H, H, H);
    static final MethodHandle EXSCAN = fn("MPI_Exscan", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, H, H, H);
    static final MethodHandle IMRECV = fn("MPI_Imrecv", JAVA_INT, ADDRESS, JAVA_INT, H, ADDRESS, ADDRESS);
    static final MethodHandle ALLTOALLW = fn("MPI_Alltoallw", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, H);
    static final MethodHandle ISCATTERV = fn("MPI_Iscatterv", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, H, ADDRESS, JAVA_INT, H, JAVA_INT, H, ADDRESS);
    static final MethodHandle IGATHERV = fn("MPI_Igatherv", JAVA_INT, ADDRESS, JAVA_INT, H, ADDRESS, ADDRESS, ADDRESS, H, JAVA_INT, H, ADDRESS);
    static final MethodHandle IALLGATHERV = fn("MPI_Iallgatherv", JAVA_INT, ADDRESS, JAVA_INT, H, ADDRESS, ADDRESS, ADDRESS, H, H, ADDRESS);
    static final MethodHandle IALLTOALLV = fn("MPI_Ialltoallv", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, H, ADDRESS, ADDRESS, ADDRESS, H, H, ADDRESS);
    static final MethodHandle IREDUCE = fn("MPI_Ireduce", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, H, H, JAVA_INT, H, ADDRESS);
    static final MethodHandle IREDUCE_SCATTER = fn("MPI_Ireduce_scatter", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, H, H, H, ADDRESS);
    static final MethodHandle ISCAN = fn("MPI_Iscan", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, H, H, H, ADDRESS);
    static final MethodHandle IEXSCAN = fn("MPI_Iexscan", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, H, H, H, ADDRESS);
    static final MethodHandle IBARRIER = fn("MPI_Ibarrier", JAVA_INT, H, ADDRESS);
    static final MethodHandle IBCAST = fn("MPI_Ibcast", JAVA_INT, ADDRESS, JAVA_INT, H, JAVA_INT, H, ADDRESS);
    static final MethodHandle IALLREDUCE = fn("MPI_Iallreduce", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, H, H, H, ADDRESS);

    static final MethodHandle WIN_CREATE = fn("MPI_Win_create", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, H, H, ADDRESS);
    static final MethodHandle WIN_ALLOCATE = fn("MPI_Win_allocate", JAVA_INT, JAVA_LONG, JAVA_INT, H, H, ADDRESS, ADDRESS);
    static final MethodHandle WIN_ALLOCATE_SHARED = fn("MPI_Win_allocate_shared", JAVA_INT, JAVA_LONG, JAVA_INT, H, H, ADDRESS, ADDRESS);
    static final MethodHandle WIN_SHARED_QUERY = fn("MPI_Win_shared_query", JAVA_INT, H, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
    static final MethodHandle WIN_FREE = fn("MPI_Win_free", JAVA_INT, ADDRESS);
    static final MethodHandle WIN_SET_ERRHANDLER = fn("MPI_Win_set_errhandler", JAVA_INT, H, H);
    static final MethodHandle PUT = fn("MPI_Put", JAVA_INT, ADDRESS, JAVA_INT, H, JAVA_INT, JAVA_LONG, JAVA_INT, H, H);
    static final MethodHandle GET = fn("MPI_Get", JAVA_INT, ADDRESS, JAVA_INT, H, JAVA_INT, JAVA_LONG, JAVA_INT, H, H);
    static final MethodHandle ACCUMULATE = fn("MPI_Accumulate", JAVA_INT, ADDRESS, JAVA_INT, H, JAVA_INT, JAVA_LONG, JAVA_INT, H, H, H);
    static final MethodHandle GET_ACCUMULATE = fn("MPI_Get_accumulate", JAVA_INT, ADDRESS, JAVA_INT, H, ADDRESS, JAVA_INT, H,
            JAVA_INT, JAVA_LONG, JAVA_INT, H, H, H);
    static final MethodHandle FETCH_AND_OP = fn("MPI_Fetch_and_op", JAVA_INT, ADDRESS, ADDRESS, H, JAVA_INT, JAVA_LONG, H, H);
    static final MethodHandle COMPARE_AND_SWAP = fn("MPI_Compare_and_swap", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, H, JAVA_INT, JAVA_LONG, H);
    static final MethodHandle RPUT = fn("MPI_Rput", JAVA_INT, ADDRESS, JAVA_INT, H, JAVA_INT, JAVA_LONG, JAVA_INT, H, H, ADDRESS);
    static final MethodHandle RGET = fn("MPI_Rget", JAVA_INT, ADDRESS, JAVA_INT, H, JAVA_INT, JAVA_LONG, JAVA_INT, H, H, ADDRESS);
    static final MethodHandle RACCUMULATE = fn("MPI_Raccumulate", JAVA_INT, ADDRESS, JAVA_INT, H, JAVA_INT, JAVA_LONG, JAVA_INT, H, H, H,
            ADDRESS);
    static final MethodHandle RGET_ACCUMULATE = fn("MPI_Rget_accumulate", JAVA_INT, ADDRESS, JAVA_INT, H, ADDRESS, JAVA_INT, H,
            JAVA_INT, JAVA_LONG, JAVA_INT, H, H, H, ADDRESS);
    static final MethodHandle WIN_FENCE = fn("MPI_Win_fence", JAVA_INT, JAVA_INT, H);
    static final MethodHandle WIN_START = fn("MPI_Win_start", JAVA_INT, H, JAVA_INT, H);
    static final MethodHandle WIN_COMPLETE = fn("MPI_Win_complete", JAVA_INT, H);
    static final MethodHandle WIN_POST = fn("MPI_Win_post", JAVA_INT, H, JAVA_INT, H);
    static final MethodHandle WIN_WAIT = fn("MPI_Win_wait", JAVA_INT, H);
    static final MethodHandle WIN_TEST = fn("MPI_Win_test", JAVA_INT, H, ADDRESS);
    static final MethodHandle WIN_LOCK = fn("MPI_Win_lock", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, H);
    static final MethodHandle WIN_UNLOCK = fn("MPI_Win_unlock", JAVA_INT, JAVA_INT, H);
    static final MethodHandle WIN_LOCK_ALL = fn("MPI_Win_lock_all", JAVA_INT, JAVA_INT, H);
    static final MethodHandle WIN_UNLOCK_ALL = fn("MPI_Win_unlock_all", JAVA_INT, H);
    static final MethodHandle WIN_FLUSH = fn("MPI_Win_flush", JAVA_INT, JAVA_INT, H);
    static final MethodHandle WIN_FLUSH_ALL = fn("MPI_Win_flush_all", JAVA_INT, H);
    static final MethodHandle WIN_FLUSH_LOCAL = fn("MPI_Win_flush_local", JAVA_INT, JAVA_INT, H);
    static final MethodHandle WIN_FLUSH_LOCAL_ALL = fn("MPI_Win_flush_local_all", JAVA_INT, H);
    static final MethodHandle WIN_SYNC = fn("MPI_Win_sync", JAVA_INT, H);
    static final MethodHandle WIN_GET_INFO = fn("MPI_Win_get_info", JAVA_INT, H, ADDRESS);
    static final MethodHandle INFO_GET = fn("MPI_Info_get", JAVA_INT, H, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
    static final MethodHandle INFO_FREE = fn("MPI_Info_free", JAVA_INT, ADDRESS);
    static final MethodHandle INFO_CREATE = fn("MPI_Info_create", JAVA_INT, ADDRESS);
    static final MethodHandle INFO_SET = fn("MPI_Info_set", JAVA_INT, H, ADDRESS, ADDRESS);
    static final MethodHandle INFO_GET_NKEYS = fn("MPI_Info_get_nkeys", JAVA_INT, H, ADDRESS);
    static final MethodHandle INFO_GET_NTHKEY = fn("MPI_Info_get_nthkey", JAVA_INT, H, JAVA_INT, ADDRESS);
    static final MethodHandle INFO_GET_VALUELEN = fn("MPI_Info_get_valuelen", JAVA_INT, H, ADDRESS, ADDRESS, ADDRESS);
    // MPI_File is a pointer in both libraries, not a handle
    static final MethodHandle FILE_GET_INFO = fn("MPI_File_get_info", JAVA_INT, JAVA_LONG, ADDRESS);
    static final MethodHandle COMM_SET_INFO = fn("MPI_Comm_set_info", JAVA_INT, H, H);
    static final MethodHandle COMM_GET_INFO = fn("MPI_Comm_get_info", JAVA_INT, H, ADDRESS);
    static final MethodHandle COMM_DUP_WITH_INFO = fn("MPI_Comm_dup_with_info", JAVA_INT, H, H, ADDRESS);

    // MPI_File is a pointer in both ABIs: a long here, never an ABI handle (H).
    static final MethodHandle FILE_OPEN = fn("MPI_File_open", JAVA_INT, H, ADDRESS, JAVA_INT, H, ADDRESS);
    static final MethodHandle FILE_CLOSE = fn("MPI_File_close", JAVA_INT, ADDRESS);
    static final MethodHandle FILE_GET_SIZE = fn("MPI_File_get_size", JAVA_INT, JAVA_LONG, ADDRESS);
    static final MethodHandle FILE_SET_SIZE = fn("MPI_File_set_size", JAVA_INT, JAVA_LONG, JAVA_LONG);
    static final MethodHandle FILE_SYNC = fn("MPI_File_sync", JAVA_INT, JAVA_LONG);
    static final MethodHandle FILE_SET_VIEW = fn("MPI_File_set_view", JAVA_INT, JAVA_LONG, JAVA_LONG, H, H, ADDRESS, H);
    static final MethodHandle FILE_SEEK = fn("MPI_File_seek", JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT);
    static final MethodHandle FILE_SEEK_SHARED = fn("MPI_File_seek_shared", JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT);
    static final MethodHandle FILE_GET_POSITION = fn("MPI_File_get_position", JAVA_INT, JAVA_LONG, ADDRESS);
    static final MethodHandle FILE_GET_POSITION_SHARED = fn("MPI_File_get_position_shared", JAVA_INT, JAVA_LONG, ADDRESS);
    static final MethodHandle FILE_READ_AT = fn("MPI_File_read_at", JAVA_INT, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, H, ADDRESS);
    static final MethodHandle FILE_READ_AT_HEAP = heap("MPI_File_read_at", JAVA_INT, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, H, ADDRESS);
    static final MethodHandle FILE_WRITE_AT = fn("MPI_File_write_at", JAVA_INT, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, H, ADDRESS);
    static final MethodHandle FILE_WRITE_AT_HEAP = heap("MPI_File_write_at", JAVA_INT, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, H, ADDRESS);
    static final MethodHandle FILE_READ_AT_ALL = fn("MPI_File_read_at_all", JAVA_INT, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, H, ADDRESS);
    static final MethodHandle FILE_READ_AT_ALL_HEAP = heap("MPI_File_read_at_all", JAVA_INT, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, H, ADDRESS);
    static final MethodHandle FILE_WRITE_AT_ALL = fn("MPI_File_write_at_all", JAVA_INT, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, H, ADDRESS);
    static final MethodHandle FILE_WRITE_AT_ALL_HEAP = heap("MPI_File_write_at_all", JAVA_INT, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, H, ADDRESS);
    static final MethodHandle FILE_READ = fn("MPI_File_read", JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, H, ADDRESS);
    static final MethodHandle FILE_READ_HEAP = heap("MPI_File_read", JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, H, ADDRESS);
    static final MethodHandle FILE_WRITE = fn("MPI_File_write", JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, H, ADDRESS);
    static final MethodHandle FILE_WRITE_HEAP = heap("MPI_File_write", JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, H, ADDRESS);
    static final MethodHandle FILE_READ_ALL = fn("MPI_File_read_all", JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, H, ADDRESS);
    static final MethodHandle FILE_READ_ALL_HEAP = heap("MPI_File_read_all", JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, H, ADDRESS);
    static final MethodHandle FILE_WRITE_ALL = fn("MPI_File_write_all", JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, H, ADDRESS);
    static final MethodHandle FILE_WRITE_ALL_HEAP = heap("MPI_File_write_all", JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, H, ADDRESS);
    static final MethodHandle FILE_READ_SHARED = fn("MPI_File_read_shared", JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, H, ADDRESS);
    static final MethodHandle FILE_READ_SHARED_HEAP = heap("MPI_File_read_shared", JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, H, ADDRESS);
    static final MethodHandle FILE_WRITE_SHARED = fn("MPI_File_write_shared", JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, H, ADDRESS);
    static final MethodHandle FILE_WRITE_SHARED_HEAP = heap("MPI_File_write_shared", JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, H, ADDRESS);
    static final MethodHandle FILE_READ_ORDERED = fn("MPI_File_read_ordered", JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, H, ADDRESS);
    static final MethodHandle FILE_READ_ORDERED_HEAP = heap("MPI_File_read_ordered", JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, H, ADDRESS);
    static final MethodHandle FILE_WRITE_ORDERED = fn("MPI_File_write_ordered", JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, H, ADDRESS);
    static final MethodHandle FILE_WRITE_ORDERED_HEAP = heap("MPI_File_write_ordered", JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, H, ADDRESS);
    static final MethodHandle TYPE_VECTOR = fn("MPI_Type_vector", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, H, ADDRESS);
    static final MethodHandle TYPE_CREATE_SUBARRAY = fn("MPI_Type_create_subarray", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, H, ADDRESS);
    static final MethodHandle TYPE_CREATE_RESIZED = fn("MPI_Type_create_resized", JAVA_INT, H, JAVA_LONG, JAVA_LONG, ADDRESS);
    static final MethodHandle TYPE_CONTIGUOUS = fn("MPI_Type_contiguous", JAVA_INT, JAVA_INT, H, ADDRESS);
    static final MethodHandle TYPE_COMMIT = fn("MPI_Type_commit", JAVA_INT, ADDRESS);
    static final MethodHandle OP_CREATE = fn("MPI_Op_create", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
    static final MethodHandle OP_FREE = fn("MPI_Op_free", JAVA_INT, ADDRESS);
    static final MethodHandle TYPE_FREE = fn("MPI_Type_free", JAVA_INT, ADDRESS);

    private Native() {
    }

    private static MethodHandle fn(String name, MemoryLayout ret, MemoryLayout... args) {
        return bind(name, false, ret, args);
    }

    private static MethodHandle heap(String name, MemoryLayout ret, MemoryLayout... args) {
        return bind(name, true, ret, args);
    }

    /** The handle of {@code name} in the library, with every {@link #H} in the ABI's handle width, taking {@code long} handles. */
    private static MethodHandle bind(String name, boolean critical, MemoryLayout ret, MemoryLayout... args) {
        MemorySegment address = LIB.symbol(name);
        MemoryLayout[] nativeArgs = args.clone();
        Class<?>[] javaArgs = new Class<?>[args.length];
        for (int i = 0; i < args.length; i++) {
            boolean handle = args[i] == H;
            if (handle) {
                nativeArgs[i] = ABI.handle;
            }
            javaArgs[i] = handle ? long.class : carrier(args[i]);
        }
        FunctionDescriptor d = ret == null ? FunctionDescriptor.ofVoid(nativeArgs) : FunctionDescriptor.of(ret, nativeArgs);
        MethodHandle mh = critical ? Linker.nativeLinker().downcallHandle(address, d, Linker.Option.critical(true))
                : Linker.nativeLinker().downcallHandle(address, d);
        return serialized(MethodHandles.explicitCastArguments(mh, MethodType.methodType(carrier(ret), javaArgs)));
    }

    // ---------------------------------------------------------------- calls serialized when the library grants less than MULTIPLE

    /**
     * From now on, one MPI call at a time in this process: for a library that granted
     * SERIALIZED or FUNNELED (the engine then also waits by polling, so no call blocks while it
     * holds the lock). Costs a volatile read per call until then.
     */
    static void serializeCalls() {
        serialize = true;
    }

    static boolean callsSerialized() {
        return serialize;
    }

    private static void enter() {
        if (serialize) {
            CALL_LOCK.lock();
        }
    }

    private static void leave(Throwable t) {
        if (CALL_LOCK.isHeldByCurrentThread()) {
            CALL_LOCK.unlock();
        }
    }

    /** {@code target} between {@link #enter} and {@link #leave}, whatever it returns or throws. */
    private static MethodHandle serialized(MethodHandle target) {
        MethodType t = target.type();
        Class<?> r = t.returnType();
        // cleanup(Throwable, [R], A...) -> R: leave, then pass the result through.
        MethodHandle cleanup = MethodHandles.dropArguments(LEAVE, 1, t.parameterList());
        if (r != void.class) {
            cleanup = MethodHandles.dropArguments(cleanup, 1, r);
            MethodHandle identity = MethodHandles.dropArguments(MethodHandles.identity(r), 0, Throwable.class);
            identity = MethodHandles.dropArguments(identity, 2, t.parameterList());
            cleanup = MethodHandles.foldArguments(identity, cleanup);
        }
        MethodHandle guarded = MethodHandles.tryFinally(target, cleanup);
        return MethodHandles.foldArguments(guarded, ENTER);
    }

    private static Class<?> carrier(MemoryLayout l) {
        if (l == null) {
            return void.class;
        }
        return ((java.lang.foreign.ValueLayout) l).carrier();
    }
}
