package org.parallel4j.mpi.engine.mpi;

import static org.parallel4j.mpi.engine.mpi.Native.ABI;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Set;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.FileMode;
import org.parallel4j.mpi.Filetype;
import org.parallel4j.mpi.Group;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.internal.Datatype;
import org.parallel4j.mpi.internal.FileBase;

/**
 * A file of the MPI engine: an {@code MPI_File} of the library's MPI-IO (ROMIO or OMPIO), every
 * call one downcall once {@link FileBase} has checked it. A view's {@link Filetype} becomes the
 * MPI datatype it describes (contiguous, vector, subarray in C order, resized), with the
 * "native" representation. Heap buffers are passed in place through the linker's critical form
 * (the collector waits for the call) unless {@code -Dp4j.mpi.heapAccess=copy}, like every
 * blocking call of the engine.
 */
final class NativeFile extends FileBase {
    private final MpiEngine engine;
    private final NativeComm comm;
    private final MemorySegment handleSlot;
    private final long handle;

    private NativeFile(NativeComm comm, String path, Set<FileMode> modes, org.parallel4j.mpi.Info hints, MemorySegment handleSlot) {
        super(path, modes, hints);
        this.engine = comm.engine;
        this.comm = comm;
        this.handleSlot = handleSlot;
        this.handle = handleSlot.get(ValueLayout.JAVA_LONG, 0);
    }

    /** The library's amode bits (the same values in Open MPI and MPICH). */
    private static int amode(Set<FileMode> modes) {
        int bits = 0;
        for (FileMode m : modes) {
            bits |= switch (m) {
                case CREATE -> 1;
                case RDONLY -> 2;
                case WRONLY -> 4;
                case RDWR -> 8;
                case DELETE_ON_CLOSE -> 16;
                case UNIQUE_OPEN -> 32;
                case EXCL -> 64;
                case APPEND -> 128;
                case SEQUENTIAL -> 256;
            };
        }
        return bits;
    }

    static NativeFile open(NativeComm comm, String path, Set<FileMode> modes, org.parallel4j.mpi.Info hints) {
        // What the library would report in its own words, found by rank 0 and told to all, so that every
        // rank fails together with the same message as on the thread engine (never some ranks in MPI_File_open).
        int[] verdict = {0};
        if (comm.rank() == 0) {
            boolean exists = java.nio.file.Files.exists(java.nio.file.Path.of(path));
            verdict[0] = !exists && !modes.contains(FileMode.CREATE) ? 1 : exists && modes.contains(FileMode.EXCL) ? 2 : 0;
        }
        comm.bcast(verdict, 0);
        if (verdict[0] == 1) {
            throw openFailed(path, modes, "no such file (add CREATE to create it)");
        } else if (verdict[0] == 2) {
            throw openFailed(path, modes, "the file exists (EXCL)");
        }
        MemorySegment slot = Arena.ofAuto().allocate(8, 8);
        int rc;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment name = a.allocateFrom(path);
            long info = InfoHandles.create(hints);
            try {
                rc = Downcall.blocking(comm.engine, "fileOpen", comm.name(), MpiEngine.NONE,
                        () -> (int) Native.FILE_OPEN.invokeExact(comm.handle, name, amode(modes), info, slot));
            } finally {
                InfoHandles.free(info);
            }
        }
        if (rc != 0) {
            MpiException e = comm.engine.error(rc, "MPI_File_open");
            throw new MpiException(ErrorClass.FILE, openFailed(path, modes, e.getMessage()).getMessage(), e);
        }
        NativeFile f = new NativeFile(comm, path, modes, hints, slot);
        f.sharedPointerBarrier(); // the shared pointer is set to 0 in the open: no rank's first shared write before every rank's open
        return f;
    }

    /** The library's hints for this file ({@code MPI_File_get_info}). */
    @Override
    public org.parallel4j.mpi.Info info() {
        live();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment slot = a.allocate(8, 8);
            check((int) Native.FILE_GET_INFO.invokeExact(handle, slot), "MPI_File_get_info");
            return InfoHandles.read(Scratch.readHandle(slot));
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw NativeComm.unexpected(t);
        }
    }

    /** A file call, recorded as the thread's pending operation ("file sync(comm=world)"), its error naming the file. */
    private void call(String what, Downcall.Call call) {
        check(Downcall.blocking(engine, "file " + what, comm.name(), MpiEngine.NONE, call), what);
    }

    private void check(int rc, String what) {
        if (rc != 0) {
            MpiException e = engine.error(rc, what + " on " + path);
            throw new MpiException(e.errorClass() == ErrorClass.INTERNAL ? ErrorClass.FILE : e.errorClass(), e.getMessage(), e);
        }
    }

    @Override
    public Group group() {
        live();
        return comm.group();
    }

    // ---------------------------------------------------------------- the file as a whole

    /**
     * A size the file had at some point and can only have grown from since (writes lengthen a
     * file; only setSize shortens it): a read that ends within it needs no size query.
     */
    private volatile long knownSize;

    @Override
    protected long doSize() {
        Scratch s = Scratch.get();
        call("size", () -> (int) Native.FILE_GET_SIZE.invokeExact(handle, s.handleA));
        long size = s.handleA.get(ValueLayout.JAVA_LONG, 0);
        knownSize = size;
        return size;
    }

    @Override
    protected void doSetSize(long bytes) {
        knownSize = 0; // shorter, perhaps: asked again at the next read that needs it
        call("setSize", () -> (int) Native.FILE_SET_SIZE.invokeExact(handle, bytes));
    }

    @Override
    protected void doSync() {
        call("sync", () -> (int) Native.FILE_SYNC.invokeExact(handle));
    }

    /** The MPI datatype of {@code f} (committed; the caller frees it). */
    private long datatypeOf(Filetype f) throws Throwable {
        Scratch s = Scratch.get();
        long element = ABI.datatype(Datatype.ofElementClass(f.elementType(), "filetype"));
        int[] a = f.arguments();
        switch (f.kind()) {
            case CONTIGUOUS -> check((int) Native.TYPE_CONTIGUOUS.invokeExact(a[0], element, s.handleA), "MPI_Type_contiguous");
            case VECTOR -> check((int) Native.TYPE_VECTOR.invokeExact(a[0], a[1], a[2], element, s.handleA), "MPI_Type_vector");
            case SUBARRAY -> {
                int d = a.length / 3;
                try (Arena ar = Arena.ofConfined()) {
                    MemorySegment sizes = ar.allocateFrom(ValueLayout.JAVA_INT, java.util.Arrays.copyOfRange(a, 0, d));
                    MemorySegment subsizes = ar.allocateFrom(ValueLayout.JAVA_INT, java.util.Arrays.copyOfRange(a, d, 2 * d));
                    MemorySegment starts = ar.allocateFrom(ValueLayout.JAVA_INT, java.util.Arrays.copyOfRange(a, 2 * d, 3 * d));
                    check((int) Native.TYPE_CREATE_SUBARRAY.invokeExact(d, sizes, subsizes, starts, ABI.orderC, element, s.handleA),
                            "MPI_Type_create_subarray");
                }
            }
        }
        long type = Scratch.readHandle(s.handleA);
        if (f.isResized()) {
            check((int) Native.TYPE_CREATE_RESIZED.invokeExact(type, 0L, f.extent(), s.handleB), "MPI_Type_create_resized");
            Scratch.writeHandle(s.handleA, type);
            check((int) Native.TYPE_FREE.invokeExact(s.handleA), "MPI_Type_free");
            type = Scratch.readHandle(s.handleB);
        }
        Scratch.writeHandle(s.handleA, type);
        check((int) Native.TYPE_COMMIT.invokeExact(s.handleA), "MPI_Type_commit");
        return type;
    }

    @Override
    protected void doSetView(long disp, Datatype etype, Filetype f) {
        long e = ABI.datatype(etype);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment representation = a.allocateFrom("native");
            call("setView", () -> {
                long filetype = f == null ? e : datatypeOf(f);
                int rc = (int) Native.FILE_SET_VIEW.invokeExact(handle, disp, e, filetype, representation, ABI.infoNull);
                if (f != null) { // MPI keeps what the view needs: the type can go now
                    Scratch s = Scratch.get();
                    Scratch.writeHandle(s.handleA, filetype);
                    int freed = (int) Native.TYPE_FREE.invokeExact(s.handleA);
                }
                return rc;
            });
        }
        sharedPointerBarrier(); // setting a view sets the shared pointer to 0: no rank's next shared call before every rank's reset
    }

    // ---------------------------------------------------------------- reads and writes

    /** The positional calls (offset first) and the pointer calls, read then write, plain and critical. */
    private static MethodHandle call(Access a, boolean read, boolean critical) {
        return switch (a) {
            case AT -> read ? (critical ? Native.FILE_READ_AT_HEAP : Native.FILE_READ_AT) : (critical ? Native.FILE_WRITE_AT_HEAP : Native.FILE_WRITE_AT);
            case AT_ALL -> read ? (critical ? Native.FILE_READ_AT_ALL_HEAP : Native.FILE_READ_AT_ALL)
                    : (critical ? Native.FILE_WRITE_AT_ALL_HEAP : Native.FILE_WRITE_AT_ALL);
            case INDIVIDUAL -> read ? (critical ? Native.FILE_READ_HEAP : Native.FILE_READ) : (critical ? Native.FILE_WRITE_HEAP : Native.FILE_WRITE);
            case INDIVIDUAL_ALL -> read ? (critical ? Native.FILE_READ_ALL_HEAP : Native.FILE_READ_ALL)
                    : (critical ? Native.FILE_WRITE_ALL_HEAP : Native.FILE_WRITE_ALL);
            case SHARED -> read ? (critical ? Native.FILE_READ_SHARED_HEAP : Native.FILE_READ_SHARED)
                    : (critical ? Native.FILE_WRITE_SHARED_HEAP : Native.FILE_WRITE_SHARED);
            case ORDERED -> read ? (critical ? Native.FILE_READ_ORDERED_HEAP : Native.FILE_READ_ORDERED)
                    : (critical ? Native.FILE_WRITE_ORDERED_HEAP : Native.FILE_WRITE_ORDERED);
        };
    }

    /** One read or write; the bytes moved. */
    private long transfer(Access a, boolean read, long offset, Object buf, Datatype t, int bufOffset, int count) {
        Staged st = new Staged(engine.heapCritical ? Staged.Mode.HEAP : Staged.Mode.SCRATCH);
        MemorySegment mem = read ? st.out(buf, t, bufOffset, count) : st.in(buf, t, bufOffset, count);
        MethodHandle mh = call(a, read, st.critical());
        long type = ABI.datatype(t);
        Scratch s = Scratch.get();
        boolean positioned = a == Access.AT || a == Access.AT_ALL;
        call(a.call(read), () -> positioned ? (int) mh.invokeExact(handle, offset, mem, count, type, s.status)
                : (int) mh.invokeExact(handle, mem, count, type, s.status));
        long bytes = ABI.statusBytes(s.status);
        if (read) {
            st.finish();
        }
        return bytes;
    }

    @Override
    protected int doRead(Access a, long offset, Object buf, Datatype t, int bufOffset, int count) {
        boolean collective = a == Access.AT_ALL || a == Access.INDIVIDUAL_ALL || a == Access.ORDERED;
        boolean clamp = collective || SIEVED_READS_CLAIM_ALL && viewFiletype != null;
        boolean pointer = a == Access.INDIVIDUAL || a == Access.INDIVIDUAL_ALL;
        long etypes = (long) count * t.size / etype.size;
        if (a == Access.ORDERED) {
            sharedPointerBarrier();
        }
        long start = switch (a) {
            case AT, AT_ALL -> offset;
            case INDIVIDUAL, INDIVIDUAL_ALL -> doPosition(false);
            case ORDERED -> clamp ? orderedStart(etypes) : 0;
            case SHARED -> clamp ? doPosition(true) : 0;
        };
        int got = (int) (transfer(a, true, offset, buf, t, bufOffset, count) / t.size);
        if (a == Access.ORDERED) {
            sharedPointerBarrier();
        }
        // only a read that may reach past the end asks the file's size (a few microseconds on ROMIO)
        if (clamp && endOf(start, etypes) > knownSize) {
            // a readShared's start is where the shared pointer was before, unless another rank moved
            // it meanwhile: then the count is the most that can have been read
            got = (int) Math.min(got, Math.max(0, endInEtypes(doSize()) - start) * etype.size / t.size);
        }
        if (pointer && got < count) { // the pointer moves past what was read, as on the thread engine
            long to = start + (long) got * t.size / etype.size;
            call(a.call(true), () -> (int) Native.FILE_SEEK.invokeExact(handle, to, whence(Whence.SET)));
        }
        return got;
    }

    /**
     * Found by test: ROMIO (MPICH's I/O, and Open MPI's when chosen) reports every element of a
     * read through a noncontiguous view, and of a collective read through any view, as read, also
     * those past the end of the file (its strided and two-phase reads set the status to the whole
     * request); Open MPI's own I/O does the same for collective reads ({@code readAtAll},
     * {@code readAll}, {@code readOrdered}) at 3 ranks or more, where its collective reads go
     * through aggregators (at 2 ranks it counts right). The count of every collective read, and on
     * ROMIO of every read through a view with gaps, is then the elements of the view that lie
     * before the end. Open MPI's own I/O moves the individual pointer by the whole request at the
     * end of the file: after any short read it goes after what was read.
     */
    private static final boolean SIEVED_READS_CLAIM_ALL = ABI.family != Abi.Family.OPEN_MPI || openMpiUsesRomio();

    private static boolean openMpiUsesRomio() {
        String io = System.getenv("OMPI_MCA_io");
        return io != null && io.contains("romio");
    }

    /** Where this rank's part of a readOrdered of {@code etypes} starts: the shared pointer, then the lower ranks' parts. */
    private long orderedStart(long etypes) {
        long[] before = {comm.rank() == 0 ? doPosition(true) : 0};
        comm.bcast(before, 0);
        long[] lower = new long[1];
        comm.exscan(new long[] {etypes}, lower, org.parallel4j.mpi.Op.SUM);
        return before[0] + (comm.rank() == 0 ? 0 : lower[0]);
    }

    @Override
    protected void doWrite(Access a, long offset, Object buf, Datatype t, int bufOffset, int count) {
        if (a == Access.ORDERED) {
            sharedPointerBarrier();
        }
        transfer(a, false, offset, buf, t, bufOffset, count);
        if ((WRITES_RETURN_EARLY || a == Access.ORDERED) && a != Access.AT && a != Access.INDIVIDUAL && a != Access.SHARED && comm.size() > 1) {
            comm.barrier();
        }
    }

    /**
     * Found by test: Open MPI 4.1's OMPIO returns from a collective write on the ranks that do
     * not write for the others before the ones that do have written (three ranks or more), so a
     * rank's read right after of what it just wrote reads nothing (C programs too), where MPI
     * promises a rank sees its own writes. A barrier after every collective write waits for them.
     */
    private static final boolean WRITES_RETURN_EARLY = ABI.family == Abi.Family.OPEN_MPI;

    // ---------------------------------------------------------------- file pointers

    private static int whence(Whence w) {
        return switch (w) {
            case SET -> 600;
            case CUR -> 602;
            case END -> 604;
        };
    }

    @Override
    protected void doSeek(long offset, Whence w, boolean shared) {
        // The end is found here, as on the thread engine: Open MPI 4.1's MPI_SEEK_END is wrong under a
        // filetype view (it put the pointer at 1 where 37 elements of the view lie before the end).
        int set = whence(Whence.SET);
        if (!shared) {
            long to = seekTarget(w == Whence.CUR ? doPosition(false) : 0, w == Whence.END ? endInEtypes(doSize()) : 0, offset, w, "seek");
            call("seek", () -> (int) Native.FILE_SEEK.invokeExact(handle, to, set));
            return;
        }
        // Collective: every rank's shared-pointer calls before it land first, and one rank finds the base,
        // so that all pass the library the same offset (a rank that read the pointer after another had set it would not).
        sharedPointerBarrier();
        long[] base = {comm.rank() != 0 ? 0 : switch (w) {
            case SET -> 0;
            case CUR -> doPosition(true);
            case END -> endInEtypes(doSize());
        }};
        comm.bcast(base, 0);
        long to = seekTarget(base[0], base[0], offset, w, "seekShared");
        call("seekShared", () -> (int) Native.FILE_SEEK_SHARED.invokeExact(handle, to, set));
        sharedPointerBarrier();
    }

    /**
     * Found by test, with C programs too: in Open MPI 4.1's and MPICH 4.0's collective calls on the
     * shared file pointer ({@code MPI_File_seek_shared}, {@code MPI_File_read_ordered},
     * {@code MPI_File_write_ordered}) a rank can set or read the pointer while another rank's last
     * shared read or write, made before that rank entered the call, has yet to move it. The pointer
     * then ends up past where it should (an ordered write 16 bytes after the data, a gap of zeros
     * read back), or a rank reads a position of 0 after every write: in 2 ranks' runs of 200-300
     * rounds of writeShared, seekShared, readShared and the ordered calls, 1-150 rounds wrong with
     * every library and shared-pointer component, none with a barrier before each collective call.
     * The engine makes one before and after each; they cost a few microseconds against the
     * file's tens. The collective calls that set the pointer to 0 ({@code MPI_File_open},
     * {@code MPI_File_set_view}) likewise let a rank that has left them make a shared write that
     * another rank's reset then undoes (a 2-rank test inside a 3-process job: 10 elements written
     * of 12); a barrier follows each.
     */
    private void sharedPointerBarrier() {
        if (comm.size() > 1) {
            comm.barrier();
        }
    }

    @Override
    protected long doPosition(boolean shared) {
        Scratch s = Scratch.get();
        call(shared ? "positionShared" : "position", () -> shared ? (int) Native.FILE_GET_POSITION_SHARED.invokeExact(handle, s.handleA)
                : (int) Native.FILE_GET_POSITION.invokeExact(handle, s.handleA));
        return s.handleA.get(ValueLayout.JAVA_LONG, 0);
    }

    @Override
    protected void doClose() {
        call("close", () -> (int) Native.FILE_CLOSE.invokeExact(handleSlot));
    }
}
