package org.parallel4j.mpi.engine.threads;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.FileMode;
import org.parallel4j.mpi.Filetype;
import org.parallel4j.mpi.Group;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.internal.Datatype;
import org.parallel4j.mpi.internal.FileBase;
import org.parallel4j.mpi.internal.GroupAccess;

/**
 * One rank's view of a file on the thread engine. The ranks share one {@link FileChannel}
 * (positional reads and writes are safe from many threads) and the shared file pointer; each
 * rank keeps its view and its own file pointer. A view maps the stream of this rank's data
 * bytes onto file offsets run by run ({@link #pieces}); heap buffers go to the channel through a
 * per-thread native staging block, native segments directly. Collective calls end in a barrier
 * of the file's own communicator.
 */
final class ThreadFile extends FileBase {
    private static final int STAGING = 1 << 20;
    private static final ThreadLocal<MemorySegment> STAGE = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(STAGING, 64));

    /** What the ranks share: the channel and the shared file pointer (in view elements). */
    static final class Shared {
        final FileChannel channel;
        final AtomicLong sharedPointer = new AtomicLong();

        Shared(FileChannel channel) {
            this.channel = channel;
        }
    }

    private final ThreadComm comm;
    private final Shared shared;
    /** Per run of the view's filetype: the data bytes of the tile before it. */
    private long[] prefix;
    private long pointer;

    private ThreadFile(ThreadComm comm, String path, Set<FileMode> modes, org.parallel4j.mpi.Info hints, Shared shared, long start) {
        super(path, modes, hints);
        this.comm = comm;
        this.shared = shared;
        this.pointer = start;
    }

    /** Opens {@code path} on every rank of {@code parent}; every rank gets the same error when it cannot be opened. */
    static ThreadFile open(ThreadComm parent, String path, Set<FileMode> modes, org.parallel4j.mpi.Info hints) {
        Object[] asked = Collectives.exchange(parent, "fileOpen", new Object[] {path, modes});
        for (int r = 0; r < asked.length; r++) {
            Object[] a = (Object[]) asked[r];
            if (!a[0].equals(path) || !a[1].equals(modes)) {
                throw new MpiException(ErrorClass.FILE, "fileOpen on " + parent.name() + ": rank " + r + " opens " + a[0] + " with " + a[1]
                        + " but rank " + parent.rank + " opens " + path + " with " + modes + ": every rank must open the same file"
                        + " with the same modes");
            }
        }
        ThreadComm c = (ThreadComm) parent.dup();
        Object made = c.rank == 0 ? channel(path, modes) : null;
        Object got = Collectives.exchange(c, "fileOpen", made)[0];
        if (got instanceof MpiException e) {
            c.free();
            throw new MpiException(e.errorClass(), e.getMessage(), e);
        }
        Shared s = (Shared) got;
        long start = 0;
        if (modes.contains(FileMode.APPEND)) {
            try {
                start = s.channel.size();
            } catch (IOException e) {
                throw failed("fileOpen", path, e);
            }
            if (c.rank == 0) {
                s.sharedPointer.set(start);
            }
            Collectives.barrier(c);
        }
        return new ThreadFile(c, path, modes, hints, s, start);
    }

    /** Rank 0's channel, or the error that every rank will throw. */
    private static Object channel(String path, Set<FileMode> modes) {
        Set<OpenOption> options = new HashSet<>();
        if (!modes.contains(FileMode.WRONLY)) {
            options.add(StandardOpenOption.READ);
        }
        if (!modes.contains(FileMode.RDONLY)) {
            options.add(StandardOpenOption.WRITE);
        }
        if (modes.contains(FileMode.CREATE)) {
            options.add(modes.contains(FileMode.EXCL) ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
        }
        try {
            if (modes.contains(FileMode.EXCL) && !modes.contains(FileMode.CREATE) && Files.exists(Path.of(path))) {
                return openFailed(path, modes, "the file exists (EXCL)");
            }
            return new Shared(FileChannel.open(Path.of(path), options));
        } catch (NoSuchFileException e) {
            return openFailed(path, modes, "no such file (add CREATE to create it)");
        } catch (FileAlreadyExistsException e) {
            return openFailed(path, modes, "the file exists (EXCL)");
        } catch (IOException | RuntimeException e) {
            return openFailed(path, modes, e.toString());
        }
    }

    private static MpiException failed(String what, String path, IOException e) {
        return new MpiException(ErrorClass.FILE, what + " on " + path + ": " + e, e);
    }

    @Override
    public Group group() {
        live();
        return GroupAccess.create(comm.shared.worldRanks, comm.me.worldRank);
    }

    // ---------------------------------------------------------------- the file as a whole

    @Override
    protected long doSize() {
        try {
            return shared.channel.size();
        } catch (IOException e) {
            throw failed("size", path, e);
        }
    }

    @Override
    protected void doSetSize(long bytes) {
        Collectives.barrier(comm);
        if (comm.rank == 0) {
            try {
                FileChannel ch = shared.channel;
                if (bytes < ch.size()) {
                    ch.truncate(bytes);
                } else if (bytes > ch.size()) {
                    ch.write(ByteBuffer.allocate(1), bytes - 1);
                }
            } catch (IOException e) {
                throw failed("setSize", path, e);
            }
        }
        Collectives.barrier(comm);
    }

    @Override
    protected void doSync() {
        Collectives.barrier(comm);
        if (comm.rank == 0) {
            try {
                shared.channel.force(false);
            } catch (IOException e) {
                throw failed("sync", path, e);
            }
        }
        Collectives.barrier(comm);
    }

    @Override
    protected void doSetView(long d, Datatype e, Filetype f) {
        Collectives.barrier(comm);
        if (f != null) {
            prefix = new long[f.runCount() + 1];
            for (int i = 0; i < f.runCount(); i++) {
                prefix[i + 1] = prefix[i] + f.runLength(i);
            }
        }
        pointer = 0;
        if (comm.rank == 0) {
            shared.sharedPointer.set(0);
        }
        Collectives.barrier(comm);
    }

    // ---------------------------------------------------------------- the view

    /** Receives one contiguous piece of a transfer: file offset, length, offset in the transfer. */
    @FunctionalInterface
    private interface Piece {
        /** Moves the piece; false to stop (the end of the file on a read). */
        boolean move(long fileOffset, long bytes, long at) throws IOException;
    }

    /** Calls {@code p} for the pieces of the view's data bytes {@code [from, from + n)}, in order. */
    private void pieces(long from, long n, Piece p) throws IOException {
        Filetype f = viewFiletype;
        long disp = viewDisp;
        if (n == 0) {
            return;
        }
        if (f == null) {
            p.move(disp + from, n, 0);
            return;
        }
        long tile = f.size();
        if (tile == 0) {
            throw new MpiException(ErrorClass.ARG, "the view of " + path + " holds no data (its filetype " + f + " is empty)");
        }
        long k = from / tile;
        long r = from % tile;
        int i = 0;
        while (prefix[i + 1] <= r) {
            i++;
        }
        long done = 0;
        while (done < n) {
            long within = r - prefix[i];
            long take = Math.min(f.runLength(i) - within, n - done);
            if (!p.move(disp + k * f.extent() + f.runOffset(i) + within, take, done)) {
                return;
            }
            done += take;
            r += take;
            if (r == prefix[i + 1]) {
                i++;
                if (i == f.runCount()) {
                    i = 0;
                    r = 0;
                    k++;
                }
            }
        }
    }

    // ---------------------------------------------------------------- reads and writes

    private static MemorySegment segmentOf(Object buf, Datatype t) {
        return switch (t) {
            case DOUBLE -> MemorySegment.ofArray((double[]) buf);
            case LONG -> MemorySegment.ofArray((long[]) buf);
            case INT -> MemorySegment.ofArray((int[]) buf);
            case FLOAT -> MemorySegment.ofArray((float[]) buf);
            case SHORT -> MemorySegment.ofArray((short[]) buf);
            case CHAR -> MemorySegment.ofArray((char[]) buf);
            case BYTE -> MemorySegment.ofArray((byte[]) buf);
            case SEGMENT -> (MemorySegment) buf;
            default -> throw new MpiException(ErrorClass.BUFFER, "no file representation for " + t.plural);
        };
    }

    /** Where a transfer of {@code etypes} view elements starts; moves the pointers it uses. */
    private long start(Access a, long offset, long etypes) {
        return switch (a) {
            case AT, AT_ALL -> offset;
            case INDIVIDUAL, INDIVIDUAL_ALL -> {
                long at = pointer;
                pointer += etypes;
                yield at;
            }
            case SHARED -> shared.sharedPointer.getAndAdd(etypes);
            case ORDERED -> {
                Object[] all = Collectives.exchange(comm, "ordered", etypes);
                long before = 0;
                long total = 0;
                for (int r = 0; r < all.length; r++) {
                    long n = (Long) all[r];
                    before += r < comm.rank ? n : 0;
                    total += n;
                }
                long base = shared.sharedPointer.get();
                Collectives.barrier(comm); // every rank has read the pointer before rank 0 moves it
                if (comm.rank == 0) {
                    shared.sharedPointer.addAndGet(total);
                }
                yield base + before;
            }
        };
    }

    private void end(Access a) {
        if (a == Access.AT_ALL || a == Access.INDIVIDUAL_ALL || a == Access.ORDERED) {
            Collectives.barrier(comm);
        }
    }

    @Override
    protected void doWrite(Access a, long offset, Object buf, Datatype t, int bufOffset, int count) {
        long bytes = (long) count * t.size;
        long at = start(a, offset, bytes / etype.size);
        MemorySegment src = segmentOf(buf, t).asSlice((long) bufOffset * t.size, bytes);
        FileChannel ch = shared.channel;
        try {
            pieces(at * etype.size, bytes, (fileOffset, n, from) -> {
                MemorySegment part = src.asSlice(from, n);
                for (long done = 0; done < n; ) {
                    long chunk = part.isNative() ? n - done : Math.min(STAGING, n - done);
                    ByteBuffer bb;
                    if (part.isNative()) {
                        bb = part.asSlice(done, chunk).asByteBuffer();
                    } else {
                        MemorySegment stage = STAGE.get();
                        MemorySegment.copy(part, done, stage, 0, chunk);
                        bb = stage.asSlice(0, chunk).asByteBuffer();
                    }
                    while (bb.hasRemaining()) {
                        ch.write(bb, fileOffset + done + bb.position());
                    }
                    done += chunk;
                }
                return true;
            });
        } catch (IOException e) {
            throw failed(a.name().toLowerCase(java.util.Locale.ROOT) + " write", path, e);
        } finally {
            end(a);
        }
    }

    @Override
    protected int doRead(Access a, long offset, Object buf, Datatype t, int bufOffset, int count) {
        long bytes = (long) count * t.size;
        long at = start(a, offset, bytes / etype.size);
        MemorySegment dst = segmentOf(buf, t).asSlice((long) bufOffset * t.size, bytes);
        FileChannel ch = shared.channel;
        long[] got = new long[1];
        try {
            pieces(at * etype.size, bytes, (fileOffset, n, from) -> {
                MemorySegment part = dst.asSlice(from, n);
                for (long done = 0; done < n; ) {
                    long chunk = part.isNative() ? n - done : Math.min(STAGING, n - done);
                    MemorySegment stage = part.isNative() ? part.asSlice(done, chunk) : STAGE.get().asSlice(0, chunk);
                    ByteBuffer bb = stage.asByteBuffer();
                    while (bb.hasRemaining()) {
                        if (ch.read(bb, fileOffset + done + bb.position()) < 0) {
                            break;
                        }
                    }
                    int read = bb.position();
                    if (!part.isNative()) {
                        MemorySegment.copy(stage, 0, part, done, read);
                    }
                    got[0] += read;
                    done += read;
                    if (read < chunk) {
                        return false;
                    }
                }
                return true;
            });
        } catch (IOException e) {
            throw failed(a.name().toLowerCase(java.util.Locale.ROOT) + " read", path, e);
        } finally {
            end(a);
        }
        if (a == Access.INDIVIDUAL || a == Access.INDIVIDUAL_ALL) {
            pointer -= (bytes - got[0]) / etype.size; // the pointer moves past what was read
        }
        return (int) (got[0] / t.size);
    }

    // ---------------------------------------------------------------- file pointers

    @Override
    protected void doSeek(long offset, Whence whence, boolean isShared) {
        if (!isShared) {
            pointer = seekTarget(pointer, whence == Whence.END ? endInEtypes(doSize()) : 0, offset, whence, "seek");
            return;
        }
        long to = seekTarget(shared.sharedPointer.get(), whence == Whence.END ? endInEtypes(doSize()) : 0, offset, whence, "seekShared");
        Collectives.barrier(comm);
        if (comm.rank == 0) {
            shared.sharedPointer.set(to);
        }
        Collectives.barrier(comm);
    }

    @Override
    protected long doPosition(boolean isShared) {
        return isShared ? shared.sharedPointer.get() : pointer;
    }

    @Override
    protected void doClose() {
        Collectives.barrier(comm);
        try {
            if (comm.rank == 0) {
                shared.channel.close();
                if (modes.contains(FileMode.DELETE_ON_CLOSE)) {
                    Files.deleteIfExists(Path.of(path));
                }
            }
        } catch (IOException e) {
            throw failed("close", path, e);
        } finally {
            Collectives.barrier(comm);
            comm.free();
        }
    }

}
