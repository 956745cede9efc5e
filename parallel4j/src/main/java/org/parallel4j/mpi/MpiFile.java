package org.parallel4j.mpi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A file opened by every rank of a communicator, as {@code mpi4py.MPI.File}: MPI-IO.
 * {@link Comm#fileOpen(String, FileMode...)} opens it collectively; each rank then reads and
 * writes through its <em>view</em> ({@link #setView}): a displacement in bytes, an element
 * type, and a {@link Filetype} tiled from there, so that a rank's data lands in its own places
 * of one shared file. The default view is every byte from offset 0.
 *
 * <p><b>Offsets and counts</b> are in elements of the view's element type ("etype"), relative
 * to the view, as in MPI. A buffer is a primitive array of the etype (any primitive array when
 * the etype is byte) or a {@link java.lang.foreign.MemorySegment} of a whole number of
 * elements; its own offset and count are in its elements (bytes for a segment).
 *
 * <p><b>Three ways to position</b>: explicit offsets ({@link #readAt}, {@link #writeAt} and the
 * collective {@code ...All} forms); this rank's file pointer ({@link #read}, {@link #write},
 * {@link #seek}); and the file pointer shared by all ranks ({@link #readShared},
 * {@link #writeShared}, and the collective {@link #readOrdered}/{@link #writeOrdered}, which go
 * in rank order). Reads return the number of buffer elements read: fewer at the end of the file
 * (the elements of the view that lie before it), on every engine and library; a read through this
 * rank's file pointer moves it past what was read.
 *
 * <p><b>Bytes never written</b> (the gaps a view skips, a region beyond the end that a later
 * write leaves behind) hold whatever MPI leaves there, which MPI does not define: zeros on the
 * thread engine and on Open MPI; on MPICH, a write through a view with gaps that extends the file
 * can leave its data-sieving buffer's bytes in them. Write every byte that will be read, or
 * {@link #setSize} the file to its final size first, where zeros matter.
 *
 * <p><b>Representation</b>: MPI-IO's "native": the bytes of the elements as they are in memory
 * (little-endian on x86 and ARM), so a file written through a view by the thread engine, by the
 * MPI engine and by a C program with the same view is the same file.
 *
 * <p>Errors (a read on a file opened {@link FileMode#WRONLY}, a negative offset, a missing file
 * without {@link FileMode#CREATE}) are {@link MpiException}s of class {@link ErrorClass#FILE}
 * or {@link ErrorClass#ARG} naming the file and the values. Close it collectively
 * ({@link #close()}, try-with-resources).
 */
public interface MpiFile extends AutoCloseable {
    /** Where {@link #seek} counts from, as MPI_SEEK_SET, MPI_SEEK_CUR and MPI_SEEK_END. */
    enum Whence {
        /** From the start of the view. */ SET,
        /** From the current position. */ CUR,
        /** From the end of the file (in view elements). */ END
    }

    /**
     * Deletes a file (MPI_File_delete); an {@link ErrorClass#FILE} error when there is none. Not collective.
     *
     * @param path the file
     */
    static void delete(String path) {
        try {
            Files.delete(Path.of(path));
        } catch (NoSuchFileException e) {
            throw new MpiException(ErrorClass.FILE, "delete: no such file " + path);
        } catch (IOException e) {
            throw new MpiException(ErrorClass.FILE, "delete " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file's path as it was opened.
     *
     * @return the path
     */
    String path();

    /**
     * The ranks that opened it.
     *
     * @return the group of the communicator it was opened on
     */
    Group group();

    // ---------------------------------------------------------------- the file as a whole

    /**
     * The hints in use on this rank's file ({@code MPI_File_get_info}). On the MPI engine, what
     * the library reports (ROMIO's {@code "cb_buffer_size"}, {@code "romio_cb_write"}, ... and
     * any given at {@link Comm#fileOpen(String, Info, FileMode...)} that it kept); on the thread
     * engine, which ignores hints, the ones given at open.
     *
     * @return the hints
     */
    Info info();

    /**
     * The file's size in bytes.
     *
     * @return the size in bytes
     */
    long size();

    /**
     * Truncates or extends the file to {@code bytes} bytes. Collective: every rank gives the same size.
     *
     * @param bytes the new size
     */
    void setSize(long bytes);

    /** Writes what this rank wrote to the storage device. Collective. */
    void sync();

    /**
     * Sets this rank's view: data from byte {@code disp}, every element of the file (of {@code etype}). Collective;
     * resets both file pointers to 0.
     *
     * @param disp the byte where the view starts
     * @param etype the element class ({@code double.class} ...)
     */
    void setView(long disp, Class<?> etype);

    /**
     * Sets this rank's view: {@code filetype} tiled from byte {@code disp}, its element type the
     * etype. Collective; each rank gives its own displacement and filetype; resets both file pointers.
     *
     * @param disp the byte where the first tile starts
     * @param filetype the tile of this rank's elements
     */
    void setView(long disp, Filetype filetype);

    // ---------------------------------------------------------------- explicit offsets

    /**
     * Reads into the whole buffer from {@code offset}.
     *
     * @param offset where to read, in view elements
     * @param buf the buffer
     * @return the buffer elements read (fewer at the end of the file)
     */
    int readAt(long offset, Object buf);

    /**
     * Reads {@code count} elements into {@code buf} from {@code bufOffset}.
     *
     * @param offset where to read, in view elements
     * @param buf the buffer
     * @param bufOffset the buffer's first element
     * @param count the number of buffer elements
     * @return the buffer elements read
     */
    int readAt(long offset, Object buf, int bufOffset, int count);

    /**
     * Writes the whole buffer at {@code offset}.
     *
     * @param offset where to write, in view elements
     * @param buf the buffer
     */
    void writeAt(long offset, Object buf);

    /**
     * Writes {@code count} elements of {@code buf} from {@code bufOffset}.
     *
     * @param offset where to write, in view elements
     * @param buf the buffer
     * @param bufOffset the buffer's first element
     * @param count the number of buffer elements
     */
    void writeAt(long offset, Object buf, int bufOffset, int count);

    /**
     * {@link #readAt(long, Object)}, collectively: every rank calls it, each with its own offset and buffer.
     *
     * @param offset where to read, in view elements
     * @param buf the buffer
     * @return the buffer elements read
     */
    int readAtAll(long offset, Object buf);

    /**
     * {@link #writeAt(long, Object)}, collectively: every rank calls it, each with its own offset and buffer.
     *
     * @param offset where to write, in view elements
     * @param buf the buffer
     */
    void writeAtAll(long offset, Object buf);

    // ---------------------------------------------------------------- this rank's file pointer

    /**
     * Reads into the whole buffer at this rank's file pointer, which moves past what was read.
     *
     * @param buf the buffer
     * @return the buffer elements read
     */
    int read(Object buf);

    /**
     * Writes the whole buffer at this rank's file pointer, which moves past it.
     *
     * @param buf the buffer
     */
    void write(Object buf);

    /**
     * {@link #read(Object)}, collectively.
     *
     * @param buf the buffer
     * @return the buffer elements read
     */
    int readAll(Object buf);

    /**
     * {@link #write(Object)}, collectively.
     *
     * @param buf the buffer
     */
    void writeAll(Object buf);

    /**
     * Moves this rank's file pointer.
     *
     * @param offset the offset in view elements
     * @param whence what it counts from
     */
    void seek(long offset, Whence whence);

    /**
     * This rank's file pointer.
     *
     * @return the position in view elements
     */
    long position();

    // ---------------------------------------------------------------- the shared file pointer

    /**
     * Reads into the whole buffer at the shared file pointer, which moves past what was read.
     *
     * @param buf the buffer
     * @return the buffer elements read
     */
    int readShared(Object buf);

    /**
     * Writes the whole buffer at the shared file pointer, which moves past it: ranks writing at
     * once each get a range of their own, in no set order.
     *
     * @param buf the buffer
     */
    void writeShared(Object buf);

    /**
     * Collectively reads at the shared file pointer, the ranks' parts in rank order.
     *
     * @param buf the buffer
     * @return the buffer elements read
     */
    int readOrdered(Object buf);

    /**
     * Collectively writes at the shared file pointer, the ranks' parts in rank order.
     *
     * @param buf the buffer
     */
    void writeOrdered(Object buf);

    /**
     * Moves the shared file pointer. Collective: every rank gives the same values.
     *
     * @param offset the offset in view elements
     * @param whence what it counts from
     */
    void seekShared(long offset, Whence whence);

    /**
     * The shared file pointer.
     *
     * @return the position in view elements
     */
    long positionShared();

    // ---------------------------------------------------------------- closing

    /** Closes the file, collectively (and deletes it when opened with {@link FileMode#DELETE_ON_CLOSE}). Closing twice is allowed. */
    @Override
    void close();

    /**
     * True once {@link #close()} was called.
     *
     * @return true once closed
     */
    boolean isClosed();
}
