package org.parallel4j.mpi.engine.mpi;

import static org.parallel4j.mpi.engine.mpi.Native.ABI;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.Info;
import org.parallel4j.mpi.MpiException;

/** {@link Info} hints as an {@code MPI_Info} for one call: made before it, freed after. */
final class InfoHandles {
    private InfoHandles() {
    }

    /** An {@code MPI_Info} holding {@code info}'s hints; {@code MPI_INFO_NULL} for none. */
    static long create(Info info) {
        if (info == null || info.asMap().isEmpty()) {
            return ABI.infoNull;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment slot = a.allocate(8, 8);
            check((int) Native.INFO_CREATE.invokeExact(slot), "MPI_Info_create");
            long h = Scratch.readHandle(slot);
            for (Map.Entry<String, String> e : info.asMap().entrySet()) {
                int rc = (int) Native.INFO_SET.invokeExact(h, a.allocateFrom(e.getKey()), a.allocateFrom(e.getValue()));
                if (rc != 0) {
                    free(h);
                    check(rc, "MPI_Info_set(" + e.getKey() + ")");
                }
            }
            return h;
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw NativeComm.unexpected(t);
        }
    }

    /**
     * The hints of an {@code MPI_Info} the library made ({@code MPI_Win_get_info} and the like),
     * which this frees. A value longer than {@link Info#MAX_VALUE} (MPICH allows 1024) is left out:
     * {@link Info} could not carry it to the other library.
     */
    static Info read(long h) {
        if (h == ABI.infoNull) {
            return Info.NULL;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment n = a.allocate(4, 4);
            MemorySegment flag = a.allocate(4, 4);
            MemorySegment key = a.allocate(Info.MAX_KEY + 1);
            Info info = Info.NULL;
            check((int) Native.INFO_GET_NKEYS.invokeExact(h, n), "MPI_Info_get_nkeys");
            int keys = n.get(ValueLayout.JAVA_INT, 0);
            for (int i = 0; i < keys; i++) {
                check((int) Native.INFO_GET_NTHKEY.invokeExact(h, i, key), "MPI_Info_get_nthkey");
                check((int) Native.INFO_GET_VALUELEN.invokeExact(h, key, n, flag), "MPI_Info_get_valuelen");
                int length = n.get(ValueLayout.JAVA_INT, 0);
                if (flag.get(ValueLayout.JAVA_INT, 0) == 0 || length > Info.MAX_VALUE) {
                    continue;
                }
                MemorySegment value = a.allocate(length + 1L);
                check((int) Native.INFO_GET.invokeExact(h, key, length, value, flag), "MPI_Info_get");
                info = info.with(key.getString(0), value.getString(0));
            }
            return info;
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw NativeComm.unexpected(t);
        } finally {
            free(h);
        }
    }

    /** Frees an {@code MPI_Info} {@link #create} made (nothing for {@code MPI_INFO_NULL}). */
    static void free(long h) {
        if (h == ABI.infoNull) {
            return;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment slot = a.allocate(8, 8);
            Scratch.writeHandle(slot, h);
            int rc = (int) Native.INFO_FREE.invokeExact(slot);
            if (rc != 0) {
                throw new MpiException(ErrorClass.INTERNAL, "MPI_Info_free failed with code " + rc);
            }
        } catch (MpiException e) {
            throw e;
        } catch (Throwable t) {
            throw NativeComm.unexpected(t);
        }
    }

    private static void check(int rc, String what) {
        if (rc != 0) {
            throw MpiEngine.get().error(rc, what);
        }
    }
}
