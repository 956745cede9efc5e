package org.parallel4j.mpi.engine.mpi;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.util.EnumMap;
import java.util.Map;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.Op;
import org.parallel4j.mpi.internal.Datatype;

/**
 * The ABI table of one family of MPI libraries, the one place that knows how it spells the
 * standard's handles and constants in memory. Every handle crosses into Java as a {@code long}:
 * Open MPI's are addresses of predefined global objects ({@code &ompi_mpi_comm_world}), MPICH's
 * (and its derivatives': Intel MPI, MVAPICH) are 32-bit integers with the kind in the high bits.
 *
 * <pre>
 *   MPI_Status        Open MPI (24 bytes)                 MPICH (20 bytes)
 *   offset 0          MPI_SOURCE                          count_lo
 *          4          MPI_TAG                             count_hi_and_cancelled
 *          8          MPI_ERROR                           MPI_SOURCE
 *         12          _cancelled                          MPI_TAG
 *         16          _ucount (size_t)                    MPI_ERROR
 * </pre>
 */
final class Abi {
    /** The families this engine speaks. */
    enum Family {
        /** Open MPI 4 and 5: {@code libmpi.so.40}, pointer handles. */
        OPEN_MPI("Open MPI"),
        /** MPICH 3 and 4 and derivatives: {@code libmpich.so.12} / {@code libmpi.so.12}, integer handles. */
        MPICH("MPICH");

        final String label;

        Family(String label) {
            this.label = label;
        }
    }

    final Family family;
    /** How a handle is passed to and returned from the library: a pointer-sized or an int-sized value. */
    final ValueLayout handle;
    final long commWorld;
    final long commSelf;
    final long commNull;
    final long groupEmpty;
    final long requestNull;
    final long messageNull;
    final long messageNoProc;
    final long errorsReturn;
    final long datatypeByte;
    final long opNull;
    final Map<Datatype, Long> datatypes;
    /** The same, indexed by {@code Datatype.ordinal()}, for the per-call lookup. */
    private final long[] datatypeByOrdinal;
    final Map<Op.Kind, Long> ops;
    /** The address MPI reads as MPI_IN_PLACE. */
    final MemorySegment inPlace;
    /** The address MPI reads as MPI_STATUS_IGNORE (and MPI_STATUSES_IGNORE). */
    final MemorySegment statusIgnore;
    final int statusSize;
    final long statusSourceOffset;
    final long statusTagOffset;
    final long statusErrorOffset;
    final int anySource;
    final int procNull;
    final int anyTag;
    final int undefined;
    final int errTruncate;
    final Map<Integer, ErrorClass> errorClasses;
    /** MPI_INFO_NULL. */
    final long infoNull;
    /** MPI_ORDER_C. */
    final int orderC;
    /** MPI_LOCK_EXCLUSIVE and MPI_LOCK_SHARED (locks[0], locks[1]; locks[2] is MPI_ORDER_C). */
    final int lockExclusive;
    final int lockShared;
    /** MPI_MODE_NOPRECEDE, NOSUCCEED, NOSTORE, NOPUT: the library's bits for Win.MODE_* 1, 2, 4, 8. */
    private final int[] modes;

    private Abi(Family family, ValueLayout handle, long[] comms, long[] misc, Map<Datatype, Long> datatypes,
                Map<Op.Kind, Long> ops, long inPlace, long statusIgnore, int statusSize, long[] statusOffsets,
                int[] ranks, int errTruncate, Map<Integer, ErrorClass> errorClasses, long infoNull, int[] locks, int[] modes) {
        this.family = family;
        this.handle = handle;
        this.commWorld = comms[0];
        this.commSelf = comms[1];
        this.commNull = comms[2];
        this.groupEmpty = misc[0];
        this.requestNull = misc[1];
        this.messageNull = misc[2];
        this.messageNoProc = misc[3];
        this.errorsReturn = misc[4];
        this.opNull = misc[5];
        this.datatypes = datatypes;
        this.datatypeByOrdinal = new long[Datatype.values().length];
        datatypes.forEach((t, h) -> datatypeByOrdinal[t.ordinal()] = h);
        this.datatypeByte = datatypes.get(Datatype.BYTE);
        this.ops = ops;
        this.inPlace = MemorySegment.ofAddress(inPlace);
        this.statusIgnore = MemorySegment.ofAddress(statusIgnore);
        this.statusSize = statusSize;
        this.statusSourceOffset = statusOffsets[0];
        this.statusTagOffset = statusOffsets[1];
        this.statusErrorOffset = statusOffsets[2];
        this.anySource = ranks[0];
        this.procNull = ranks[1];
        this.anyTag = ranks[2];
        this.undefined = ranks[3];
        this.errTruncate = errTruncate;
        this.errorClasses = errorClasses;
        this.infoNull = infoNull;
        this.orderC = locks[2];
        this.lockExclusive = locks[0];
        this.lockShared = locks[1];
        this.modes = modes;
    }

    /** MPI_ROOT: -4 in Open MPI's {@code mpi.h}, -3 in MPICH's. */
    int mpiRoot() {
        return family == Family.OPEN_MPI ? -4 : -3;
    }

    /** MPI_COMM_TYPE_SHARED: the first of Open MPI's split types, 1 in MPICH's {@code mpi.h}. */
    int commTypeShared() {
        return family == Family.OPEN_MPI ? 0 : 1;
    }

    /** The library's assertion bits for {@code Win.MODE_*} bits. */
    int assertions(int ours) {
        int out = 0;
        for (int bit = 0; bit < modes.length; bit++) {
            if ((ours & (1 << bit)) != 0) {
                out |= modes[bit];
            }
        }
        return out;
    }

    /** The handle of Java element type {@code t} (bytes for segments). */
    long datatype(Datatype t) {
        return datatypeByOrdinal[t.ordinal()];
    }

    /**
     * The bytes a status says arrived, read from the struct as MPI_Get_count(MPI_BYTE) would:
     * Open MPI's {@code _ucount} is a byte count; MPICH splits its byte count into
     * {@code count_lo} and the upper 31 bits of {@code count_hi_and_cancelled}.
     */
    long statusBytes(MemorySegment status) {
        if (family == Family.OPEN_MPI) {
            return status.get(java.lang.foreign.ValueLayout.JAVA_LONG, 16);
        }
        long lo = status.get(java.lang.foreign.ValueLayout.JAVA_INT, 0) & 0xffffffffL;
        long hi = (status.get(java.lang.foreign.ValueLayout.JAVA_INT, 4) & 0xffffffffL) >>> 1;
        return hi << 32 | lo;
    }

    /** The parallel4j class of the library's error class {@code mpiClass}. */
    ErrorClass errorClass(int mpiClass) {
        return errorClasses.getOrDefault(mpiClass, ErrorClass.INTERNAL);
    }

    /** Open MPI's table: handles are the addresses of its predefined globals, looked up in the library. */
    static Abi openMpi(SymbolLookup lib) {
        java.util.function.ToLongFunction<String> sym = name -> lib.find(name)
                .orElseThrow(() -> new IllegalStateException("the library has no symbol " + name + ": not Open MPI's ABI"))
                .address();
        Map<Datatype, Long> types = new EnumMap<>(Datatype.class);
        types.put(Datatype.BYTE, sym.applyAsLong("ompi_mpi_signed_char"));
        types.put(Datatype.SHORT, sym.applyAsLong("ompi_mpi_short"));
        types.put(Datatype.CHAR, sym.applyAsLong("ompi_mpi_unsigned_short"));
        types.put(Datatype.INT, sym.applyAsLong("ompi_mpi_int"));
        types.put(Datatype.LONG, sym.applyAsLong("ompi_mpi_long"));
        types.put(Datatype.FLOAT, sym.applyAsLong("ompi_mpi_float"));
        types.put(Datatype.DOUBLE, sym.applyAsLong("ompi_mpi_double"));
        types.put(Datatype.BOOLEAN, sym.applyAsLong("ompi_mpi_c_bool"));
        types.put(Datatype.SEGMENT, sym.applyAsLong("ompi_mpi_byte"));
        Map<Op.Kind, Long> ops = new EnumMap<>(Op.Kind.class);
        for (String op : new String[] {"sum", "prod", "min", "max", "land", "lor", "lxor", "band", "bor", "bxor", "replace", "no_op"}) {
            ops.put(Op.Kind.valueOf(op.toUpperCase(java.util.Locale.ROOT)), sym.applyAsLong("ompi_mpi_op_" + op));
        }
        Map<Integer, ErrorClass> errors = Map.ofEntries(Map.entry(1, ErrorClass.BUFFER), Map.entry(2, ErrorClass.COUNT),
                Map.entry(3, ErrorClass.TYPE), Map.entry(4, ErrorClass.TAG), Map.entry(5, ErrorClass.COMM),
                Map.entry(6, ErrorClass.RANK), Map.entry(7, ErrorClass.REQUEST), Map.entry(8, ErrorClass.ROOT),
                Map.entry(9, ErrorClass.GROUP), Map.entry(10, ErrorClass.OP), Map.entry(11, ErrorClass.TOPOLOGY),
                Map.entry(13, ErrorClass.ARG), Map.entry(15, ErrorClass.TRUNCATE), Map.entry(54, ErrorClass.PROC_FAILED));
        return new Abi(Family.OPEN_MPI, ValueLayout.JAVA_LONG,
                new long[] {sym.applyAsLong("ompi_mpi_comm_world"), sym.applyAsLong("ompi_mpi_comm_self"), sym.applyAsLong("ompi_mpi_comm_null")},
                new long[] {sym.applyAsLong("ompi_mpi_group_empty"), sym.applyAsLong("ompi_request_null"),
                        sym.applyAsLong("ompi_message_null"), sym.applyAsLong("ompi_message_no_proc"),
                        sym.applyAsLong("ompi_mpi_errors_return"), sym.applyAsLong("ompi_mpi_op_null")},
                types, ops, 1L, 0L, 24, new long[] {0, 4, 8}, new int[] {-1, -2, -1, -32766}, 15, errors,
                sym.applyAsLong("ompi_mpi_info_null"), new int[] {1, 2, 0}, new int[] {2, 16, 8, 4});
    }

    /** MPICH's table: integer handles fixed by its {@code mpi.h}, the same in every MPICH-derived library. */
    static Abi mpich() {
        Map<Datatype, Long> types = new EnumMap<>(Datatype.class);
        types.put(Datatype.BYTE, 0x4c000118L);     // MPI_SIGNED_CHAR
        types.put(Datatype.SHORT, 0x4c000203L);
        types.put(Datatype.CHAR, 0x4c000204L);     // MPI_UNSIGNED_SHORT: a Java char is an unsigned 16-bit code unit
        types.put(Datatype.INT, 0x4c000405L);
        types.put(Datatype.LONG, 0x4c000807L);
        types.put(Datatype.FLOAT, 0x4c00040aL);
        types.put(Datatype.DOUBLE, 0x4c00080bL);
        types.put(Datatype.BOOLEAN, 0x4c00013fL);  // MPI_C_BOOL
        types.put(Datatype.SEGMENT, 0x4c00010dL);  // MPI_BYTE
        Map<Op.Kind, Long> ops = new EnumMap<>(Op.Kind.class);
        ops.put(Op.Kind.MAX, 0x58000001L);
        ops.put(Op.Kind.MIN, 0x58000002L);
        ops.put(Op.Kind.SUM, 0x58000003L);
        ops.put(Op.Kind.PROD, 0x58000004L);
        ops.put(Op.Kind.LAND, 0x58000005L);
        ops.put(Op.Kind.BAND, 0x58000006L);
        ops.put(Op.Kind.LOR, 0x58000007L);
        ops.put(Op.Kind.BOR, 0x58000008L);
        ops.put(Op.Kind.LXOR, 0x58000009L);
        ops.put(Op.Kind.BXOR, 0x5800000aL);
        ops.put(Op.Kind.REPLACE, 0x5800000dL);
        ops.put(Op.Kind.NO_OP, 0x5800000eL);
        Map<Integer, ErrorClass> errors = Map.ofEntries(Map.entry(1, ErrorClass.BUFFER), Map.entry(2, ErrorClass.COUNT),
                Map.entry(3, ErrorClass.TYPE), Map.entry(4, ErrorClass.TAG), Map.entry(5, ErrorClass.COMM),
                Map.entry(6, ErrorClass.RANK), Map.entry(7, ErrorClass.ROOT), Map.entry(8, ErrorClass.GROUP),
                Map.entry(9, ErrorClass.OP), Map.entry(10, ErrorClass.TOPOLOGY), Map.entry(12, ErrorClass.ARG),
                Map.entry(14, ErrorClass.TRUNCATE), Map.entry(19, ErrorClass.REQUEST), Map.entry(101, ErrorClass.PROC_FAILED));
        return new Abi(Family.MPICH, ValueLayout.JAVA_INT,
                new long[] {0x44000000L, 0x44000001L, 0x04000000L},
                new long[] {0x48000000L, 0x2c000000L, 0x2c000000L, 0x6c000000L, 0x54000001L, 0x18000000L},
                types, ops, -1L, 1L, 20, new long[] {8, 12, 16}, new int[] {-2, -1, -1, -32766}, 14, errors,
                0x1c000000L, new int[] {234, 235, 56}, new int[] {8192, 16384, 2048, 4096});
    }
}
