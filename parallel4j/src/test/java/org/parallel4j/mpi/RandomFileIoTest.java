package org.parallel4j.mpi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parallel4j.RandomTries;

/**
 * Parallel I/O against a serial model of the file: random views (a displacement, odd ones
 * included; contiguous, vector, resized and 2-D or 3-D subarray filetypes), random sequences
 * of writes through every positioning (explicit offsets, the individual file pointer, with and
 * without a seek; independent and collective), random buffer offsets, counts on both sides of
 * the thread engine's 1 MiB staging block, then reads that run past the end of the file. The
 * model places each element by the filetype's definition (block {@code i} of a vector at
 * {@code i * stride}, a subarray's element by its row-major index), not by the engine's runs.
 * Ranks write in turns where their views overlap and all at once where the views tile the file
 * without overlapping; every rank draws every rank's choices from the same seed, so the model
 * is the same everywhere, on either engine.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RandomFileIoTest {
    private static final int TRIES = 10;

    /**
     * A view as the model sees it: the element offsets of one tile, in increasing order, and the
     * tile's extent, both in elements.
     */
    record View(long disp, Filetype type, long[] tile, long extent, Element e) {
        /** The file byte where element {@code k} of the view starts. */
        long byteOf(long k) {
            return disp + ((k / tile.length) * extent + tile[(int) (k % tile.length)]) * e.size;
        }

        void set(MpiFile f) {
            if (type == null) {
                f.setView(disp, e.type);
            } else {
                f.setView(disp, type);
            }
        }

        @Override
        public String toString() {
            return "view at " + disp + " of " + (type == null ? e.type + " elements" : type.toString());
        }
    }

    static View plain(long disp, Element e) {
        return new View(disp, null, new long[] {0}, 1, e);
    }

    static View vector(long disp, Element e, int count, int blocklength, int stride, long extent) {
        long[] tile = new long[count * blocklength];
        for (int i = 0, k = 0; i < count; i++) {
            for (int j = 0; j < blocklength; j++) {
                tile[k++] = (long) i * stride + j;
            }
        }
        long natural = (long) (count - 1) * stride + blocklength;
        Filetype t = Filetype.vector(e.type, count, blocklength, stride);
        return new View(disp, extent > natural ? t.withExtent(extent) : t, tile, Math.max(extent, natural), e);
    }

    static View chunk(long disp, Element e, int count, long extent) {
        long[] tile = new long[count];
        Arrays.setAll(tile, i -> i);
        return new View(disp, Filetype.contiguous(e.type, count).withExtent(extent), tile, extent, e);
    }

    static View subarray(long disp, Element e, int[] sizes, int[] subsizes, int[] starts) {
        int d = sizes.length;
        int n = 1;
        long extent = 1;
        for (int i = 0; i < d; i++) {
            n *= subsizes[i];
            extent *= sizes[i];
        }
        long[] tile = new long[n];
        int[] at = new int[d];
        for (int k = 0; k < n; k++) {
            long index = 0;
            for (int i = 0; i < d; i++) {
                index = index * sizes[i] + starts[i] + at[i];
            }
            tile[k] = index;
            for (int i = d - 1; i >= 0 && ++at[i] == subsizes[i]; i--) {
                at[i] = 0;
            }
        }
        return new View(disp, Filetype.subarray(e.type, sizes, subsizes, starts), tile, extent, e);
    }

    /** Views that tile the file without overlapping: interleaved vectors, row or column blocks, chunks. */
    static View[] tiling(SplittableRandom r, int n, Element e) {
        long disp = r.nextInt(3) == 0 ? r.nextInt(40) : 0;
        View[] v = new View[n];
        switch (r.nextInt(3)) {
            case 0 -> {
                int[] bl = new int[n];
                int stride = 0;
                for (int q = 0; q < n; q++) {
                    bl[q] = 1 + r.nextInt(5);
                    stride += bl[q];
                }
                int count = 1 + r.nextInt(4);
                for (int q = 0, at = 0; q < n; at += bl[q], q++) {
                    v[q] = vector(disp + (long) at * e.size, e, count, bl[q], stride, (long) count * stride);
                }
            }
            case 1 -> {
                boolean byRows = r.nextBoolean();
                int rows = byRows ? n + r.nextInt(6) : 1 + r.nextInt(6);
                int cols = byRows ? 1 + r.nextInt(7) : n + r.nextInt(7);
                int[] cut = cuts(r, byRows ? rows : cols, n);
                for (int q = 0; q < n; q++) {
                    int len = cut[q + 1] - cut[q];
                    v[q] = subarray(disp, e, new int[] {rows, cols}, byRows ? new int[] {len, cols} : new int[] {rows, len},
                            byRows ? new int[] {cut[q], 0} : new int[] {0, cut[q]});
                }
            }
            default -> {
                int count = 1 + r.nextInt(9);
                for (int q = 0; q < n; q++) {
                    v[q] = chunk(disp + (long) q * count * e.size, e, count, (long) n * count);
                }
            }
        }
        return v;
    }

    /** {@code parts} non-empty ranges of {@code 0 .. length}: their {@code parts + 1} bounds. */
    static int[] cuts(SplittableRandom r, int length, int parts) {
        int[] cut = new int[parts + 1];
        cut[parts] = length;
        for (int q = 1; q < parts; q++) {
            cut[q] = cut[q - 1] + 1 + r.nextInt(length - cut[q - 1] - (parts - q));
        }
        return cut;
    }

    /** Any view, for a rank alone. */
    static View any(SplittableRandom r, Element e) {
        long disp = r.nextInt(3) == 0 ? r.nextInt(100) : 0;
        return switch (r.nextInt(4)) {
            case 0 -> plain(disp, e);
            case 1 -> {
                int count = 1 + r.nextInt(5), bl = 1 + r.nextInt(4), stride = bl + r.nextInt(6);
                long natural = (long) (count - 1) * stride + bl;
                yield vector(disp, e, count, bl, stride, natural + (r.nextBoolean() ? 0 : r.nextInt(5)));
            }
            case 2 -> {
                int d = 2 + r.nextInt(2);
                int[] sizes = new int[d], sub = new int[d], starts = new int[d];
                for (int i = 0; i < d; i++) {
                    sizes[i] = 1 + r.nextInt(6);
                    sub[i] = 1 + r.nextInt(sizes[i]);
                    starts[i] = r.nextInt(sizes[i] - sub[i] + 1);
                }
                yield subarray(disp, e, sizes, sub, starts);
            }
            default -> {
                int count = 1 + r.nextInt(7);
                yield chunk(disp, e, count, count + r.nextInt(6));
            }
        };
    }

    /**
     * A count of elements for a view: now and then one on either side of 1 MiB of them (fewer
     * where the view is so sparse that they would span more than 32 MiB of file).
     */
    static int count(SplittableRandom r, View v) {
        if (r.nextInt(8) != 0) {
            return r.nextInt(300);
        }
        long mib = (1 << 20) / v.e.size - 50 + r.nextInt(100);
        return (int) Math.min(mib, (32L << 20) / v.e.size * v.tile.length / v.extent);
    }

    /**
     * The model: the file's bytes so far, and which of them were written. MPI leaves the bytes
     * a write skips undefined; the thread engine and Open MPI leave zeros there (the file
     * system's holes), MPICH's data sieving past the end of the file whatever its buffer held
     * (see docs/mpi-engine.md), so bytes never written are checked only where they are zeros.
     */
    static final class Model {
        final boolean holesAreZero = !Mpi.libraryVersion().contains("MPICH");
        ByteBuffer bytes = ByteBuffer.allocate(0).order(ByteOrder.nativeOrder());
        final java.util.BitSet written = new java.util.BitSet();
        int length;

        /** Whether byte {@code at} of the file may be {@code b}. */
        boolean allows(int at, byte b) {
            return written.get(at) ? bytes.get(at) == b : !holesAreZero || b == 0;
        }

        /** The first byte of {@code file} the model does not allow, or -1. */
        int mismatch(byte[] file) {
            if (file.length != length) {
                return Math.min(file.length, length);
            }
            for (int at = 0; at < length; at++) {
                if (!allows(at, file[at])) {
                    return at;
                }
            }
            return -1;
        }

        /** Whether element {@code i} of {@code buf} may be what the file holds at byte {@code at}. */
        boolean allows(int at, Element e, Object buf, int i) {
            ByteBuffer one = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
            e.put(one, 0, buf, i);
            for (int b = 0; b < e.size; b++) {
                if (!allows(at + b, one.get(b))) {
                    return false;
                }
            }
            return true;
        }

        void write(View v, long offset, Object buf, int bufOffset, int count) {
            for (int i = 0; i < count; i++) {
                int at = Math.toIntExact(v.byteOf(offset + i));
                grow(at + v.e.size);
                v.e.put(bytes, at, buf, bufOffset + i);
                written.set(at, at + v.e.size);
            }
        }

        private void grow(int end) {
            if (end > bytes.capacity()) {
                ByteBuffer b = ByteBuffer.allocate(Math.max(end, 2 * bytes.capacity())).order(ByteOrder.nativeOrder());
                b.put(0, bytes, 0, length);
                bytes = b;
            }
            length = Math.max(length, end);
        }

        /** How many of the {@code count} elements from {@code offset} a read finds before the end of the file. */
        int readable(View v, long offset, int count) {
            int k = 0;
            while (k < count && v.byteOf(offset + k) + v.e.size <= length) {
                k++;
            }
            return k;
        }
    }

    /** One rank's write of a step: where, from which part of a buffer of how many elements. */
    record Write(long offset, int count, int bufOffset, int slack, boolean seek) {
        static Write draw(SplittableRandom r, View v) {
            int count = RandomFileIoTest.count(r, v);
            long offset = r.nextInt(3 * v.tile.length + 40);
            return new Write(offset, count, r.nextInt(3) == 0 ? r.nextInt(5) : 0, r.nextInt(3) == 0 ? r.nextInt(5) : 0, r.nextBoolean());
        }

        /** The buffer: the data at {@code bufOffset}, around it values that must not reach the file. */
        Object buffer(Element e, int step, int rank) {
            Object buf = e.array(bufOffset + count + slack);
            for (int i = 0; i < bufOffset + count + slack; i++) {
                boolean data = i >= bufOffset && i < bufOffset + count;
                e.set(buf, i, data ? step * 1_000_000_007L + rank * 1_000_003L + (i - bufOffset) + 1 : -77);
            }
            return buf;
        }
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4})
    void everyWriteLandsWhereTheViewSaysAndReadsFindIt(int ranks) {
        CommMatrix.launch(ranks, java.time.Duration.ofSeconds(150), c -> RandomTries.run(TRIES, r -> oneTry(c, r)));
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4})
    void theSharedPointerGoesInRankOrderAndReadsStopAtTheEnd(int ranks) {
        CommMatrix.launch(ranks, java.time.Duration.ofSeconds(150), c -> RandomTries.run(TRIES / 2, r -> sharedPointerTry(c, r)));
    }

    private static void oneTry(Comm c, SplittableRandom r) throws Exception {
        int n = c.size(), me = c.rank();
        Element e = Element.values()[r.nextInt(4)];
        boolean tiled = r.nextBoolean();
        View[] views = new View[n];
        if (tiled) {
            views = tiling(r, n, e);
        } else {
            for (int q = 0; q < n; q++) {
                views[q] = any(r, e);
            }
        }
        String where = e + " elements, " + (tiled ? "tiling " : "overlapping ") + Arrays.toString(views);
        String path = FileIoTest.fresh(c, "random");
        Model model = new Model();
        Fault fault = new Fault();
        long[] pointer = new long[n];
        try (MpiFile f = c.fileOpen(path, FileMode.CREATE, FileMode.RDWR)) {
            views[me].set(f);
            int steps = 1 + r.nextInt(5);
            for (int s = 0; s < steps; s++) {
                // tiled: explicit or pointer, independent or collective, all at once; else in turns
                int how = tiled ? r.nextInt(4) : r.nextInt(2);
                Write[] w = new Write[n];
                for (int q = 0; q < n; q++) {
                    w[q] = Write.draw(r, views[q]);
                }
                for (int turn = 0; turn < (tiled ? 1 : n); turn++) {
                    for (int q = 0; q < n; q++) {
                        if (!tiled && q != turn) {
                            continue;
                        }
                        Write x = w[q];
                        Object buf = x.buffer(e, s, q);
                        boolean pointed = how % 2 == 1;
                        long at = pointed && !x.seek ? pointer[q] : x.offset;
                        // through the pointer the whole buffer goes: bufOffset and slack are data too
                        int from = pointed ? 0 : x.bufOffset, count = pointed ? x.bufOffset + x.count + x.slack : x.count;
                        if (q == me) {
                            if (pointed && x.seek) {
                                f.seek(x.offset, MpiFile.Whence.SET);
                            }
                            switch (how) {
                                case 0 -> f.writeAt(x.offset, buf, x.bufOffset, x.count);
                                case 1 -> f.write(buf);
                                case 2 -> f.writeAtAll(x.offset, buf);
                                default -> f.writeAll(buf);
                            }
                            if (pointed) {
                                fault.expect(at + count, f.position(), () -> "the file pointer after " + where);
                            }
                        }
                        if (how == 2) {
                            from = 0;
                            count = x.bufOffset + x.count + x.slack;
                        }
                        model.write(views[q], at, buf, from, count);
                        if (pointed) {
                            pointer[q] = at + count;
                        }
                    }
                    if (!tiled) {
                        f.sync();
                        c.barrier();
                        f.sync();
                    }
                }
            }
            f.sync();
            c.barrier();
            f.sync();
            fault.expect(model.length, f.size(), () -> "the file's size after " + where);
            if (me == 0) {
                byte[] file = Files.readAllBytes(Path.of(path));
                int at = model.mismatch(file);
                if (at >= 0) {
                    fault.add("the file's bytes differ from the model's from byte " + at + " of " + model.length + " ("
                            + file.length + " in the file), " + where);
                }
            }
            // reads past the end too, through an offset, collectively and through the pointer
            for (int how = 0; how < 3; how++) {
                Write[] w = new Write[n];
                for (int q = 0; q < n; q++) {
                    w[q] = Write.draw(r, views[q]);
                    w[q] = new Write(r.nextInt(Math.max(1, model.length / e.size) + 10), w[q].count(), w[q].bufOffset(), w[q].slack(), true);
                }
                Write x = w[me];
                Object buf = x.buffer(e, -1, me);
                int got = switch (how) {
                    case 0 -> f.readAt(x.offset, buf, x.bufOffset, x.count);
                    case 1 -> f.readAtAll(x.offset, buf);
                    default -> {
                        f.seek(x.offset, MpiFile.Whence.SET);
                        yield f.read(buf);
                    }
                };
                // readAtAll and read take the whole buffer
                int from = how == 0 ? x.bufOffset : 0, count = how == 0 ? x.count : x.bufOffset + x.count + x.slack;
                String read = (how == 0 ? "readAt" : how == 1 ? "readAtAll" : "read") + " of " + count + " from " + x.offset + " into "
                        + from + " after " + where;
                fault.expect(model.readable(views[me], x.offset, count), got, () -> "elements found by " + read);
                if (how == 2) {
                    fault.expect(x.offset + got, f.position(), () -> "the file pointer after " + read);
                }
                Object untouched = x.buffer(e, -1, me);
                for (int i = 0; i < java.lang.reflect.Array.getLength(buf); i++) {
                    boolean ok;
                    if (i >= from && i < from + got) {
                        ok = model.allows(Math.toIntExact(views[me].byteOf(x.offset + i - from)), e, buf, i);
                    } else {
                        // past the end of the file the element is left as it was or not: MPI says nothing
                        ok = i >= from && i < from + count || e.bits(untouched, i) == e.bits(buf, i);
                    }
                    if (!ok) {
                        fault.add("element " + i + " of the buffer of " + read + ": " + e.bits(buf, i) + " is not what the file"
                                + " holds there");
                        break;
                    }
                }
            }
        }
        FileIoTest.cleanUp(c, path);
        fault.agree(c);
    }

    /**
     * The shared file pointer: every rank with the same view (as MPI requires), writes in rank
     * order (writeOrdered) or in turns (writeShared), then a readOrdered from a seekShared and a
     * readShared in turns, past the end of the file too.
     */
    private static void sharedPointerTry(Comm c, SplittableRandom r) throws Exception {
        int n = c.size(), me = c.rank();
        Element e = Element.values()[r.nextInt(4)];
        View view = any(r, e);
        String where = e + " elements, shared " + view;
        String path = FileIoTest.fresh(c, "random-shared");
        Model model = new Model();
        Fault fault = new Fault();
        long shared = 0;
        try (MpiFile f = c.fileOpen(path, FileMode.CREATE, FileMode.RDWR)) {
            view.set(f);
            int steps = 1 + r.nextInt(4);
            for (int s = 0; s < steps; s++) {
                boolean ordered = r.nextBoolean();
                Write[] w = new Write[n];
                for (int q = 0; q < n; q++) {
                    w[q] = Write.draw(r, view);
                }
                for (int q = 0; q < n; q++) {
                    Object buf = w[q].buffer(e, s, q);
                    int count = java.lang.reflect.Array.getLength(buf);
                    if (q == me) {
                        if (ordered) {
                            f.writeOrdered(buf);
                        } else {
                            f.writeShared(buf);
                        }
                    }
                    model.write(view, shared, buf, 0, count);
                    shared += count;
                    if (!ordered) { // in turns
                        f.sync();
                        c.barrier();
                        f.sync();
                    }
                }
                if (ordered) {
                    fault.expect(shared, f.positionShared(), () -> "the shared pointer after writeOrdered, " + where);
                    c.barrier(); // no rank moves it before every rank has looked
                }
            }
            f.sync();
            c.barrier();
            f.sync();
            if (me == 0) {
                int at = model.mismatch(Files.readAllBytes(Path.of(path)));
                if (at >= 0) {
                    fault.add("the file's bytes differ from the model's from byte " + at + " of " + model.length + ", " + where);
                }
            }
            for (boolean ordered : new boolean[] {true, false}) {
                long from = r.nextInt(Math.max(1, model.length / e.size) + 10);
                Object[] bufs = new Object[n];
                for (int q = 0; q < n; q++) {
                    bufs[q] = e.array(RandomFileIoTest.count(r, view));
                }
                f.seekShared(from, MpiFile.Whence.SET);
                long at = from;
                for (int q = 0; q < n; q++) {
                    int count = java.lang.reflect.Array.getLength(bufs[q]);
                    if (q == me) {
                        int got = ordered ? f.readOrdered(bufs[q]) : f.readShared(bufs[q]);
                        String read = (ordered ? "readOrdered" : "readShared") + " of " + count + " at " + at + ", " + where;
                        fault.expect(model.readable(view, at, count), got, () -> "elements found by " + read);
                        for (int i = 0; i < got; i++) {
                            if (!model.allows(Math.toIntExact(view.byteOf(at + i)), e, bufs[q], i)) {
                                fault.add("element " + i + " of " + read + ": " + e.bits(bufs[q], i) + " is not what the file holds there");
                                break;
                            }
                        }
                    }
                    at += count;
                    if (!ordered) {
                        c.barrier();
                    }
                }
                c.barrier();
            }
        }
        FileIoTest.cleanUp(c, path);
        fault.agree(c);
    }
}
