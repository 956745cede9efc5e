package org.parallel4j.mpi.engine.mpi;

import static org.parallel4j.mpi.engine.mpi.Native.ABI;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
