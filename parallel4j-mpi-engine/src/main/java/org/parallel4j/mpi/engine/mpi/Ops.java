package org.parallel4j.mpi.engine.mpi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.Op;
import org.parallel4j.mpi.internal.Datatype;
import org.parallel4j.mpi.internal.Reductions;

/**
 * Reduction operations as the library sees them. A built-in operation the library defines for
 * the element type is passed as its own handle (MPI_SUM on MPI_DOUBLE: the library's fast
 * loops). Everything else, MINLOC/MAXLOC over (value, index) pairs of one type, bitwise
 * operations on booleans and user operations, becomes an {@code MPI_Op_create} whose function
 * is an upcall into {@link Reductions#apply}, the same code the thread engine folds with; its
 * datatype is a contiguous item of {@link Op#itemWidth()} elements, so the library never splits
 * an item. Both are created once per (operation, type) and kept for the life of the process.
 *
 * <p>An upcall must not throw into native code (the JVM would crash): a failure is kept and,
 * once the library has returned, every rank learns of it ({@code NativeComm}: one more small
 * allreduce after each user-operation reduction), so no rank keeps a result its operation
 * never finished.
 */
final class Ops {
    /** The handles a reduction call passes, and whether it calls back into Java. */
    record Resolved(long op, long datatype, int itemWidth, boolean upcall) {
    }

    private record Key(Op op, Datatype type) {
    }

    private static final Map<Key, Resolved> MADE = new ConcurrentHashMap<>();
    private static final ThreadLocal<RuntimeException> UPCALL_FAILURE = new ThreadLocal<>();
    private static final MethodHandle COMBINE;

    static {
        try {
            COMBINE = MethodHandles.lookup().findStatic(Ops.class, "combine", MethodType.methodType(void.class, Op.class,
                    Datatype.class, int.class, MemorySegment.class, MemorySegment.class, MemorySegment.class, MemorySegment.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Ops() {
    }

    /** The library's handles for reducing {@code t} with {@code op}. */
    static Resolved resolve(Op op, Datatype t) {
        if (op.isBuiltin()) {
            Resolved r = BUILTIN[op.kind().ordinal()][t.ordinal()];
            if (r != null) {
                return r;
            }
        }
        return MADE.computeIfAbsent(new Key(op, t), k -> create(op, t));
    }

    /** The library's own (operation, type) pairs, made once: the per-call lookup allocates nothing. */
    private static final Resolved[][] BUILTIN = new Resolved[Op.Kind.values().length][Datatype.values().length];

    static {
        for (Op.Kind k : Op.Kind.values()) {
            for (Datatype t : Datatype.values()) {
                Long h = Native.ABI.ops.get(k);
                if (h != null && t != Datatype.OBJECT && nativeSupports(k, t)) {
                    BUILTIN[k.ordinal()][t.ordinal()] = new Resolved(h, Native.ABI.datatype(t), 1, false);
                }
            }
        }
    }

    private static boolean nativeSupports(Op.Kind kind, Datatype t) {
        return switch (kind) {
            case SUM, PROD, MIN, MAX -> t != Datatype.BOOLEAN && t != Datatype.SEGMENT;
            case LAND, LOR, LXOR -> t == Datatype.BOOLEAN || t == Datatype.INT || t == Datatype.LONG || t == Datatype.SHORT || t == Datatype.BYTE;
            case BAND, BOR, BXOR -> t == Datatype.INT || t == Datatype.LONG || t == Datatype.SHORT || t == Datatype.BYTE || t == Datatype.CHAR;
            default -> false;
        };
    }

    private static Resolved create(Op op, Datatype t) {
        int width = op.itemWidth();
        try {
            Scratch s = Scratch.get();
            long item = Native.ABI.datatype(t);
            if (width > 1) {
                check((int) Native.TYPE_CONTIGUOUS.invokeExact(width, item, s.handleA), "MPI_Type_contiguous");
                check((int) Native.TYPE_COMMIT.invokeExact(s.handleA), "MPI_Type_commit");
                item = Scratch.readHandle(s.handleA);
            }
            MethodHandle target = MethodHandles.insertArguments(COMBINE, 0, op, t, width);
            FunctionDescriptor d = FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS);
            MemorySegment stub = Linker.nativeLinker().upcallStub(target, d, Arena.global());
            check((int) Native.OP_CREATE.invokeExact(stub, op.isCommutative() ? 1 : 0, s.handleB), "MPI_Op_create");
            return new Resolved(Scratch.readHandle(s.handleB), item, width, true);
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw NativeComm.unexpected(e);
        }
    }

    private static void check(int rc, String what) {
        if (rc != 0) {
            throw MpiEngine.get().error(rc, what);
        }
    }

    /** {@code inout[i] = in[i] ∘ inout[i]}: the MPI user function, over Java copies of the two vectors. */
    @SuppressWarnings("unused") // called from native code through the upcall stub
    private static void combine(Op op, Datatype t, int width, MemorySegment in, MemorySegment inout, MemorySegment len, MemorySegment type) {
        try {
            int items = len.reinterpret(4).get(ValueLayout.JAVA_INT, 0);
            int n = items * width;
            long bytes = (long) n * t.size;
            MemorySegment a = in.reinterpret(bytes);
            MemorySegment b = inout.reinterpret(bytes);
            Object x = t.newArray(n);
            Object y = t.newArray(n);
            Staged.fromNative(a, x, t, 0, n);
            Staged.fromNative(b, y, t, 0, n);
            Reductions.apply(op, t, x, 0, y, 0, x, 0, n); // into x: the user function accumulates into its first argument
            Staged.toNative(x, t, 0, n, b);
        } catch (RuntimeException e) {
            UPCALL_FAILURE.set(e);
        } catch (Error e) {
            UPCALL_FAILURE.set(new MpiException(ErrorClass.OP, "operation " + op.name() + " failed: " + e, e));
        }
    }

    /** Frees every operation and item type made here (before MPI_Finalize, which would report them as leaked). */
    static void freeAll() {
        Scratch s = Scratch.get();
        for (Resolved r : MADE.values()) {
            try {
                Scratch.writeHandle(s.handleA, r.op());
                int rc = (int) Native.OP_FREE.invokeExact(s.handleA);
                if (r.itemWidth() > 1) {
                    Scratch.writeHandle(s.handleA, r.datatype());
                    rc = (int) Native.TYPE_FREE.invokeExact(s.handleA);
                }
            } catch (Throwable ignored) {
                // the process is ending: a handle not freed is only reported
            }
        }
        MADE.clear();
    }

    /** What the last reduction's upcalls on this thread threw (cleared), or null. */
    static RuntimeException takeUpcallFailure() {
        RuntimeException e = UPCALL_FAILURE.get();
        UPCALL_FAILURE.remove();
        return e;
    }
}
