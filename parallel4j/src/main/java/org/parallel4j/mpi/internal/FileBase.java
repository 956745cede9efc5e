package org.parallel4j.mpi.internal;

import java.util.EnumSet;
import java.util.Set;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.FileMode;
import org.parallel4j.mpi.Filetype;
import org.parallel4j.mpi.Info;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.MpiFile;

/**
 * What every engine's file shares that is not transport: the checks of access modes,
 * offsets, buffers against the view's element type, and their messages (the same on every
 * engine, before the library sees the call). An engine implements the {@code do*} methods,
 * called once a call is known to be legal.
 */
public abstract class FileBase implements MpiFile {
    /** How a read or write is positioned. */
    public enum Access {
        /** At an explicit offset, by this rank alone. */ AT,
        /** At an explicit offset, collectively. */ AT_ALL,
        /** At this rank's file pointer. */ INDIVIDUAL,
        /** At this rank's file pointer, collectively. */ INDIVIDUAL_ALL,
        /** At the shared file pointer. */ SHARED,
        /** At the shared file pointer, collectively in rank order. */ ORDERED;

        /**
         * The name of the call, for messages.
         *
         * @param read true for the read, false for the write
         * @return "readAtAll", "writeShared" ...
         */
        public String call(boolean read) {
            String verb = read ? "read" : "write";
            return switch (this) {
                case AT -> verb + "At";
                case AT_ALL -> verb + "AtAll";
                case INDIVIDUAL -> verb;
                case INDIVIDUAL_ALL -> verb + "All";
                case SHARED -> verb + "Shared";
                case ORDERED -> verb + "Ordered";
            };
        }
    }

    protected final String path;
    protected final Set<FileMode> modes;
    private final Info hints;
    private volatile boolean closed;
    /** The view's element type (BYTE by default). */
    protected volatile Datatype etype = Datatype.BYTE;
    /** The view's displacement in bytes. */
    protected volatile long viewDisp;
    /** The view's filetype, or null for every element of the etype. */
    protected volatile Filetype viewFiletype;

    /**
     * For engines, once the file is open on every rank.
     *
     * @param path the path as given
     * @param modes the modes it was opened with (checked)
     * @param hints the hints it was opened with (null: none)
     */
    protected FileBase(String path, Set<FileMode> modes, Info hints) {
        this.path = path;
        this.modes = modes;
        this.hints = hints == null ? Info.NULL : hints;
    }

    /**
     * The hints given at open. The MPI engine's files report the library's instead.
     *
     * @return the hints
     */
    @Override
    public Info info() {
        live();
        return hints;
    }

    /** The modes of an open call, checked as MPI does; names what is wrong otherwise. */
    public static Set<FileMode> checkModes(String path, FileMode... given) {
        if (path == null || path.isEmpty()) {
            throw new MpiException(ErrorClass.ARG, "fileOpen: the path is " + (path == null ? "null" : "empty"));
        }
        EnumSet<FileMode> m = EnumSet.noneOf(FileMode.class);
        if (given != null) {
            for (FileMode f : given) {
                if (f == null) {
                    throw new MpiException(ErrorClass.ARG, "fileOpen " + path + ": a mode is null");
                }
                m.add(f);
            }
        }
        int access = (m.contains(FileMode.RDONLY) ? 1 : 0) + (m.contains(FileMode.WRONLY) ? 1 : 0) + (m.contains(FileMode.RDWR) ? 1 : 0);
        if (access != 1) {
            throw new MpiException(ErrorClass.FILE, "fileOpen " + path + " with " + m + ": give exactly one of RDONLY, WRONLY and RDWR");
        }
        if (m.contains(FileMode.RDONLY) && (m.contains(FileMode.CREATE) || m.contains(FileMode.EXCL))) {
            throw new MpiException(ErrorClass.FILE, "fileOpen " + path + " with " + m + ": RDONLY cannot be combined with CREATE or EXCL");
        }
        if (m.contains(FileMode.RDWR) && m.contains(FileMode.SEQUENTIAL)) {
            throw new MpiException(ErrorClass.FILE, "fileOpen " + path + " with " + m + ": SEQUENTIAL cannot be combined with RDWR");
        }
        return m;
    }

    /** The error of an open that failed, the same words on every engine. */
    public static MpiException openFailed(String path, Set<FileMode> modes, String why) {
        return new MpiException(ErrorClass.FILE, "fileOpen " + path + " with " + modes + ": " + why);
    }

    // ---------------------------------------------------------------- checks

    /** Refuses a closed file. */
    protected final void live() {
        if (closed) {
            throw new MpiException(ErrorClass.FILE, "file " + path + " was closed: it cannot be used after close()");
        }
    }

    private void canRead(String what) {
        if (modes.contains(FileMode.WRONLY)) {
            throw new MpiException(ErrorClass.FILE, what + " on " + path + ": the file was opened WRONLY (open it RDONLY or RDWR to read)");
        }
    }

    private void canWrite(String what) {
        if (modes.contains(FileMode.RDONLY)) {
            throw new MpiException(ErrorClass.FILE, what + " on " + path + ": the file was opened RDONLY (open it WRONLY or RDWR to write)");
        }
    }

    private void positioned(Access a, String what) {
        if (modes.contains(FileMode.SEQUENTIAL) && a != Access.SHARED && a != Access.ORDERED) {
            throw new MpiException(ErrorClass.FILE, what + " on " + path + ": the file was opened SEQUENTIAL, which allows the shared"
                    + " file pointer only (readShared, writeShared, readOrdered, writeOrdered)");
        }
    }

    private static void offset(long offset, String what) {
        if (offset < 0) {
            throw new MpiException(ErrorClass.ARG, what + ": offset " + offset + " is negative");
        }
    }

    /** The buffer's type, checked against the view's element type. */
    private Datatype buffer(Object buf, int bufOffset, int count, String what) {
        Datatype t = Datatype.of(buf);
        if (t == Datatype.BOOLEAN) {
            throw new MpiException(ErrorClass.BUFFER, what + " on " + path + ": a boolean[] has no file representation; use a byte[]");
        }
        Buffers.checkRegion(buf, t, bufOffset, count, what);
        Datatype e = etype;
        if (e == Datatype.BYTE || t == e) {
            return t;
        }
        if (t == Datatype.SEGMENT) {
            if (count % e.size != 0) {
                throw new MpiException(ErrorClass.COUNT, what + " on " + path + ": " + count + " bytes of a segment is not a whole number"
                        + " of the view's " + e.plural + " (" + e.size + " bytes each)");
            }
            return t;
        }
        throw new MpiException(ErrorClass.TYPE, what + " on " + path + ": the buffer is a " + t.javaType + " but the view's element"
                + " type is " + e.javaType.replace("[]", "") + ": pass a " + e.javaType + " or a segment, or set another view");
    }

    // ---------------------------------------------------------------- the file as a whole

    @Override
    public final String path() {
        return path;
    }

    @Override
    public final long size() {
        live();
        return doSize();
    }

    @Override
    public final void setSize(long bytes) {
        live();
        if (bytes < 0) {
            throw new MpiException(ErrorClass.ARG, "setSize on " + path + ": size " + bytes + " is negative");
        }
        canWrite("setSize");
        doSetSize(bytes);
    }

    @Override
    public final void sync() {
        live();
        doSync();
    }

    @Override
    public final void setView(long disp, Class<?> type) {
        live();
        Datatype e = Datatype.ofElementClass(type, "setView on " + path + ": the element type");
        if (disp < 0) {
            throw new MpiException(ErrorClass.ARG, "setView on " + path + ": displacement " + disp + " is negative");
        }
        doSetView(disp, e, null);
        etype = e;
        viewDisp = disp;
        viewFiletype = null;
    }

    @Override
    public final void setView(long disp, Filetype filetype) {
        live();
        if (filetype == null) {
            throw new MpiException(ErrorClass.ARG, "setView on " + path + ": the filetype is null");
        }
        if (disp < 0) {
            throw new MpiException(ErrorClass.ARG, "setView on " + path + ": displacement " + disp + " is negative");
        }
        Datatype e = Datatype.ofElementClass(filetype.elementType(), "setView");
        doSetView(disp, e, filetype);
        etype = e;
        viewDisp = disp;
        viewFiletype = filetype;
    }

    // ---------------------------------------------------------------- reads and writes

    private int read(Access a, long offset, Object buf, int bufOffset, int count) {
        String what = a.call(true);
        live();
        canRead(what);
        positioned(a, what);
        offset(offset, what);
        Datatype t = buffer(buf, bufOffset, count, what);
        return doRead(a, offset, buf, t, bufOffset, count);
    }

    private void write(Access a, long offset, Object buf, int bufOffset, int count) {
        String what = a.call(false);
        live();
        canWrite(what);
        positioned(a, what);
        offset(offset, what);
        Datatype t = buffer(buf, bufOffset, count, what);
        doWrite(a, offset, buf, t, bufOffset, count);
    }

    @Override
    public final int readAt(long offset, Object buf) {
        return read(Access.AT, offset, buf, 0, CommBase.lengthOf(buf));
    }

    @Override
    public final int readAt(long offset, Object buf, int bufOffset, int count) {
        return read(Access.AT, offset, buf, bufOffset, count);
    }

    @Override
    public final void writeAt(long offset, Object buf) {
        write(Access.AT, offset, buf, 0, CommBase.lengthOf(buf));
    }

    @Override
    public final void writeAt(long offset, Object buf, int bufOffset, int count) {
        write(Access.AT, offset, buf, bufOffset, count);
    }

    @Override
    public final int readAtAll(long offset, Object buf) {
        return read(Access.AT_ALL, offset, buf, 0, CommBase.lengthOf(buf));
    }

    @Override
    public final void writeAtAll(long offset, Object buf) {
        write(Access.AT_ALL, offset, buf, 0, CommBase.lengthOf(buf));
    }

    @Override
    public final int read(Object buf) {
        return read(Access.INDIVIDUAL, 0, buf, 0, CommBase.lengthOf(buf));
    }

    @Override
    public final void write(Object buf) {
        write(Access.INDIVIDUAL, 0, buf, 0, CommBase.lengthOf(buf));
    }

    @Override
    public final int readAll(Object buf) {
        return read(Access.INDIVIDUAL_ALL, 0, buf, 0, CommBase.lengthOf(buf));
    }

    @Override
    public final void writeAll(Object buf) {
        write(Access.INDIVIDUAL_ALL, 0, buf, 0, CommBase.lengthOf(buf));
    }

    @Override
    public final int readShared(Object buf) {
        return read(Access.SHARED, 0, buf, 0, CommBase.lengthOf(buf));
    }

    @Override
    public final void writeShared(Object buf) {
        write(Access.SHARED, 0, buf, 0, CommBase.lengthOf(buf));
    }

    @Override
    public final int readOrdered(Object buf) {
        return read(Access.ORDERED, 0, buf, 0, CommBase.lengthOf(buf));
    }

    @Override
    public final void writeOrdered(Object buf) {
        write(Access.ORDERED, 0, buf, 0, CommBase.lengthOf(buf));
    }

    // ---------------------------------------------------------------- file pointers

    private void checkSeek(Whence whence, String what) {
        live();
        if (whence == null) {
            throw new MpiException(ErrorClass.ARG, what + " on " + path + ": whence is null (SET, CUR or END)");
        }
    }

    @Override
    public final void seek(long offset, Whence whence) {
        checkSeek(whence, "seek");
        positioned(Access.INDIVIDUAL, "seek");
        doSeek(offset, whence, false);
    }

    @Override
    public final long position() {
        live();
        return doPosition(false);
    }

    @Override
    public final void seekShared(long offset, Whence whence) {
        checkSeek(whence, "seekShared");
        doSeek(offset, whence, true);
    }

    @Override
    public final long positionShared() {
        live();
        return doPosition(true);
    }

    /** A seek's result, checked: an error when it would be before the start of the view. */
    protected final long seekTarget(long current, long endInEtypes, long offset, Whence whence, String what) {
        long base = switch (whence) {
            case SET -> 0;
            case CUR -> current;
            case END -> endInEtypes;
        };
        long to = base + offset;
        if (to < 0) {
            throw new MpiException(ErrorClass.ARG, what + " on " + path + ": offset " + offset + " from " + whence + " (" + base
                    + ") is before the start of the view");
        }
        return to;
    }

    /**
     * The file offset just after the last byte of view elements {@code [first, first + etypes)}
     * of this rank's view (its start for none): a file at least this long holds all of them.
     */
    protected final long endOf(long first, long etypes) {
        long bytes = (first + etypes) * etype.size;
        Filetype f = viewFiletype;
        if (f == null) {
            return viewDisp + bytes;
        }
        if (etypes == 0 || f.size() == 0) {
            return viewDisp;
        }
        long last = bytes - 1; // the last data byte, in the stream of the view's data
        long tile = last / f.size();
        long within = last % f.size();
        for (int i = 0; i < f.runCount(); i++) {
            if (within < f.runLength(i)) {
                return viewDisp + tile * f.extent() + f.runOffset(i) + within + 1;
            }
            within -= f.runLength(i);
        }
        throw new IllegalStateException("the view's runs hold fewer bytes than its size");
    }

    /**
     * The end of a file of {@code fileSize} bytes in view elements: how many elements of this
     * rank's view lie before its last byte (where {@code seek(0, END)} goes).
     */
    protected final long endInEtypes(long fileSize) {
        long bytes = Math.max(0, fileSize - viewDisp);
        Filetype f = viewFiletype;
        long data;
        if (f == null) {
            data = bytes;
        } else {
            long k = f.extent() == 0 ? 0 : bytes / f.extent();
            long rem = f.extent() == 0 ? 0 : bytes % f.extent();
            data = k * f.size();
            for (int i = 0; i < f.runCount(); i++) {
                data += Math.max(0, Math.min(f.runLength(i), rem - f.runOffset(i)));
            }
        }
        return data / etype.size;
    }

    // ---------------------------------------------------------------- closing

    @Override
    public final void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        doClose();
    }

    @Override
    public final boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- what engines implement

    /** The size in bytes. */
    protected abstract long doSize();

    /** Sets the size, collectively. */
    protected abstract void doSetSize(long bytes);

    /** Syncs, collectively. */
    protected abstract void doSync();

    /** Sets the view, collectively: {@code filetype} null for every element of {@code etype}. */
    protected abstract void doSetView(long disp, Datatype etype, Filetype filetype);

    /** Reads {@code count} buffer elements positioned as {@code a} says; the buffer elements read. */
    protected abstract int doRead(Access a, long offset, Object buf, Datatype t, int bufOffset, int count);

    /** Writes {@code count} buffer elements positioned as {@code a} says. */
    protected abstract void doWrite(Access a, long offset, Object buf, Datatype t, int bufOffset, int count);

    /** Moves a file pointer (collectively for the shared one). */
    protected abstract void doSeek(long offset, Whence whence, boolean shared);

    /** A file pointer, in view elements. */
    protected abstract long doPosition(boolean shared);

    /** Closes, collectively. */
    protected abstract void doClose();
}
