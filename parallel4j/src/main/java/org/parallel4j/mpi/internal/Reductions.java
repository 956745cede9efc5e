package org.parallel4j.mpi.internal;

import java.lang.reflect.Array;
import java.util.function.DoubleBinaryOperator;
import java.util.function.IntBinaryOperator;
import java.util.function.LongBinaryOperator;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.Loc;
import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.Op;

/**
 * The reduction kernels: {@code out = a ∘ b} element-wise for every operation and element
 * type ({@code out} may be {@code a}). Loops over {@code double}, {@code long} and {@code int}
 * are written out per operation so the JIT vectorizes them; the narrow types go through
 * {@code int}. Contributions are always combined in rank order by the callers.
 */
public final class Reductions {
    private Reductions() {
    }

    /** Checks, before any data moves, that {@code op} applies to {@code t}; names both otherwise. */
    public static void check(Op op, Datatype t, int count) {
        if (op == null) {
            throw new MpiException(ErrorClass.OP, "reduction operation is null");
        }
        if (op.kind() == Op.Kind.REPLACE || op.kind() == Op.Kind.NO_OP) {
            throw new MpiException(ErrorClass.OP, "operation " + op.name() + " is for one-sided accumulates (Win.accumulate,"
                    + " getAccumulate, fetchAndOp) only, not for reductions");
        }
        if (!op.isBuiltin()) {
            boolean ok = op.bufferFunction() != null
                    || (op.doubleFunction() != null && (t == Datatype.DOUBLE || t == Datatype.FLOAT))
                    || (op.longFunction() != null && t == Datatype.LONG)
                    || (op.intFunction() != null && (t == Datatype.INT || t == Datatype.SHORT || t == Datatype.BYTE || t == Datatype.CHAR));
            if (!ok) {
                throw new MpiException(ErrorClass.OP, "operation " + op.name() + " does not apply to " + t.plural);
            }
            checkWholeItems(op, count);
            return;
        }
        boolean ok = switch (op.kind()) {
            case SUM, PROD, MIN, MAX -> t != Datatype.BOOLEAN && t != Datatype.SEGMENT;
            case LAND, LOR, LXOR -> t != Datatype.DOUBLE && t != Datatype.FLOAT && t != Datatype.SEGMENT;
            case BAND, BOR, BXOR -> t != Datatype.DOUBLE && t != Datatype.FLOAT && t != Datatype.SEGMENT;
            case MINLOC, MAXLOC -> t == Datatype.DOUBLE || t == Datatype.FLOAT || t == Datatype.INT || t == Datatype.LONG;
            default -> false;
        };
        if (!ok) {
            throw new MpiException(ErrorClass.OP, "operation " + op.name() + " does not apply to " + t.plural
                    + (t == Datatype.SEGMENT ? " of a MemorySegment (it has no element type): reduce a primitive array" : ""));
        }
        checkWholeItems(op, count);
    }

    /** A buffer of {@code count} elements must hold whole items of the operation. */
    private static void checkWholeItems(Op op, int count) {
        int w = op.itemWidth();
        if (count % w != 0) {
            String items = op.kind() == Op.Kind.MINLOC || op.kind() == Op.Kind.MAXLOC ? "(value, index) pairs" : "items of " + w + " elements";
            throw new MpiException(ErrorClass.COUNT, op.name() + " takes " + items + ": count " + count
                    + " is not a multiple of " + w + " (" + (count % w) + " element" + (count % w == 1 ? "" : "s") + " left over)");
        }
    }

    /** {@code out[oo + i] = a[ao + i] ∘ b[bo + i]} for {@code i < count}. */
    public static void apply(Op op, Datatype t, Object a, int ao, Object b, int bo, Object out, int oo, int count) {
        if (!op.isBuiltin()) {
            applyUser(op, t, a, ao, b, bo, out, oo, count);
            return;
        }
        switch (t) {
            case DOUBLE -> doubles(op, (double[]) a, ao, (double[]) b, bo, (double[]) out, oo, count);
            case LONG -> longs(op, (long[]) a, ao, (long[]) b, bo, (long[]) out, oo, count);
            case INT -> ints(op, (int[]) a, ao, (int[]) b, bo, (int[]) out, oo, count);
            case FLOAT -> floats(op, (float[]) a, ao, (float[]) b, bo, (float[]) out, oo, count);
            case BOOLEAN -> booleans(op, (boolean[]) a, ao, (boolean[]) b, bo, (boolean[]) out, oo, count);
            case SHORT, BYTE, CHAR -> narrow(op, t, a, ao, b, bo, out, oo, count);
            default -> throw new MpiException(ErrorClass.OP, "operation " + op.name() + " does not apply to " + t.plural);
        }
    }

    private static void doubles(Op op, double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
        switch (op.kind()) {
            case SUM -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] + b[bo + i]; }
            case PROD -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * b[bo + i]; }
            case MIN -> { for (int i = 0; i < n; i++) out[oo + i] = Math.min(a[ao + i], b[bo + i]); }
            case MAX -> { for (int i = 0; i < n; i++) out[oo + i] = Math.max(a[ao + i], b[bo + i]); }
            case MINLOC, MAXLOC -> {
                boolean min = op.kind() == Op.Kind.MINLOC;
                for (int i = 0; i < n; i += 2) {
                    double va = a[ao + i], vb = b[bo + i], ia = a[ao + i + 1], ib = b[bo + i + 1];
                    boolean takeB = min ? (vb < va || (vb == va && ib < ia)) : (vb > va || (vb == va && ib < ia));
                    out[oo + i] = takeB ? vb : va;
                    out[oo + i + 1] = takeB ? ib : ia;
                }
            }
            default -> throw unsupported(op, Datatype.DOUBLE);
        }
    }

    private static void floats(Op op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        switch (op.kind()) {
            case SUM -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] + b[bo + i]; }
            case PROD -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * b[bo + i]; }
            case MIN -> { for (int i = 0; i < n; i++) out[oo + i] = Math.min(a[ao + i], b[bo + i]); }
            case MAX -> { for (int i = 0; i < n; i++) out[oo + i] = Math.max(a[ao + i], b[bo + i]); }
            case MINLOC, MAXLOC -> {
                boolean min = op.kind() == Op.Kind.MINLOC;
                for (int i = 0; i < n; i += 2) {
                    float va = a[ao + i], vb = b[bo + i], ia = a[ao + i + 1], ib = b[bo + i + 1];
                    boolean takeB = min ? (vb < va || (vb == va && ib < ia)) : (vb > va || (vb == va && ib < ia));
                    out[oo + i] = takeB ? vb : va;
                    out[oo + i + 1] = takeB ? ib : ia;
                }
            }
            default -> throw unsupported(op, Datatype.FLOAT);
        }
    }

    private static void longs(Op op, long[] a, int ao, long[] b, int bo, long[] out, int oo, int n) {
        switch (op.kind()) {
            case SUM -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] + b[bo + i]; }
            case PROD -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * b[bo + i]; }
            case MIN -> { for (int i = 0; i < n; i++) out[oo + i] = Math.min(a[ao + i], b[bo + i]); }
            case MAX -> { for (int i = 0; i < n; i++) out[oo + i] = Math.max(a[ao + i], b[bo + i]); }
            case BAND -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] & b[bo + i]; }
            case BOR -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] | b[bo + i]; }
            case BXOR -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] ^ b[bo + i]; }
            case LAND -> { for (int i = 0; i < n; i++) out[oo + i] = (a[ao + i] != 0 && b[bo + i] != 0) ? 1 : 0; }
            case LOR -> { for (int i = 0; i < n; i++) out[oo + i] = (a[ao + i] != 0 || b[bo + i] != 0) ? 1 : 0; }
            case LXOR -> { for (int i = 0; i < n; i++) out[oo + i] = ((a[ao + i] != 0) != (b[bo + i] != 0)) ? 1 : 0; }
            case MINLOC, MAXLOC -> {
                boolean min = op.kind() == Op.Kind.MINLOC;
                for (int i = 0; i < n; i += 2) {
                    long va = a[ao + i], vb = b[bo + i], ia = a[ao + i + 1], ib = b[bo + i + 1];
                    boolean takeB = min ? (vb < va || (vb == va && ib < ia)) : (vb > va || (vb == va && ib < ia));
                    out[oo + i] = takeB ? vb : va;
                    out[oo + i + 1] = takeB ? ib : ia;
                }
            }
            default -> throw unsupported(op, Datatype.LONG);
        }
    }

    private static void ints(Op op, int[] a, int ao, int[] b, int bo, int[] out, int oo, int n) {
        switch (op.kind()) {
            case SUM -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] + b[bo + i]; }
            case PROD -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * b[bo + i]; }
            case MIN -> { for (int i = 0; i < n; i++) out[oo + i] = Math.min(a[ao + i], b[bo + i]); }
            case MAX -> { for (int i = 0; i < n; i++) out[oo + i] = Math.max(a[ao + i], b[bo + i]); }
            case BAND -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] & b[bo + i]; }
            case BOR -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] | b[bo + i]; }
            case BXOR -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] ^ b[bo + i]; }
            case LAND -> { for (int i = 0; i < n; i++) out[oo + i] = (a[ao + i] != 0 && b[bo + i] != 0) ? 1 : 0; }
            case LOR -> { for (int i = 0; i < n; i++) out[oo + i] = (a[ao + i] != 0 || b[bo + i] != 0) ? 1 : 0; }
            case LXOR -> { for (int i = 0; i < n; i++) out[oo + i] = ((a[ao + i] != 0) != (b[bo + i] != 0)) ? 1 : 0; }
            case MINLOC, MAXLOC -> {
                boolean min = op.kind() == Op.Kind.MINLOC;
                for (int i = 0; i < n; i += 2) {
                    int va = a[ao + i], vb = b[bo + i], ia = a[ao + i + 1], ib = b[bo + i + 1];
                    boolean takeB = min ? (vb < va || (vb == va && ib < ia)) : (vb > va || (vb == va && ib < ia));
                    out[oo + i] = takeB ? vb : va;
                    out[oo + i + 1] = takeB ? ib : ia;
                }
            }
            default -> throw unsupported(op, Datatype.INT);
        }
    }

    private static void booleans(Op op, boolean[] a, int ao, boolean[] b, int bo, boolean[] out, int oo, int n) {
        switch (op.kind()) {
            case LAND, BAND -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] & b[bo + i]; }
            case LOR, BOR -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] | b[bo + i]; }
            case LXOR, BXOR -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] ^ b[bo + i]; }
            default -> throw unsupported(op, Datatype.BOOLEAN);
        }
    }

    /** short, byte and char: each element through int, then narrowed back. Rarely hot. */
    private static void narrow(Op op, Datatype t, Object a, int ao, Object b, int bo, Object out, int oo, int n) {
        IntBinaryOperator f = switch (op.kind()) {
            case SUM -> Integer::sum;
            case PROD -> (x, y) -> x * y;
            case MIN -> Math::min;
            case MAX -> Math::max;
            case BAND -> (x, y) -> x & y;
            case BOR -> (x, y) -> x | y;
            case BXOR -> (x, y) -> x ^ y;
            case LAND -> (x, y) -> (x != 0 && y != 0) ? 1 : 0;
            case LOR -> (x, y) -> (x != 0 || y != 0) ? 1 : 0;
            case LXOR -> (x, y) -> ((x != 0) != (y != 0)) ? 1 : 0;
            default -> throw unsupported(op, t);
        };
        narrowWith(f, t, a, ao, b, bo, out, oo, n);
    }

    private static void narrowWith(IntBinaryOperator f, Datatype t, Object a, int ao, Object b, int bo, Object out, int oo, int n) {
        switch (t) {
            case SHORT -> {
                short[] x = (short[]) a, y = (short[]) b, z = (short[]) out;
                for (int i = 0; i < n; i++) z[oo + i] = (short) f.applyAsInt(x[ao + i], y[bo + i]);
            }
            case BYTE -> {
                byte[] x = (byte[]) a, y = (byte[]) b, z = (byte[]) out;
                for (int i = 0; i < n; i++) z[oo + i] = (byte) f.applyAsInt(x[ao + i], y[bo + i]);
            }
            case CHAR -> {
                char[] x = (char[]) a, y = (char[]) b, z = (char[]) out;
                for (int i = 0; i < n; i++) z[oo + i] = (char) f.applyAsInt(x[ao + i], y[bo + i]);
            }
            case INT -> {
                int[] x = (int[]) a, y = (int[]) b, z = (int[]) out;
                for (int i = 0; i < n; i++) z[oo + i] = f.applyAsInt(x[ao + i], y[bo + i]);
            }
            default -> throw new MpiException(ErrorClass.INTERNAL, "no narrow reduction for " + t.plural);
        }
    }

    private static void applyUser(Op op, Datatype t, Object a, int ao, Object b, int bo, Object out, int oo, int n) {
        if (op.bufferFunction() != null) {
            if (out != a || oo != ao) {
                System.arraycopy(a, ao, out, oo, n);
            }
            op.bufferFunction().combine(out, oo, b, bo, n);
        } else if (op.doubleFunction() != null) {
            DoubleBinaryOperator f = op.doubleFunction();
            if (t == Datatype.DOUBLE) {
                double[] x = (double[]) a, y = (double[]) b, z = (double[]) out;
                for (int i = 0; i < n; i++) z[oo + i] = f.applyAsDouble(x[ao + i], y[bo + i]);
            } else {
                float[] x = (float[]) a, y = (float[]) b, z = (float[]) out;
                for (int i = 0; i < n; i++) z[oo + i] = (float) f.applyAsDouble(x[ao + i], y[bo + i]);
            }
        } else if (op.longFunction() != null) {
            LongBinaryOperator f = op.longFunction();
            long[] x = (long[]) a, y = (long[]) b, z = (long[]) out;
            for (int i = 0; i < n; i++) z[oo + i] = f.applyAsLong(x[ao + i], y[bo + i]);
        } else {
            narrowWith(op.intFunction(), t, a, ao, b, bo, out, oo, n);
        }
    }

    /**
     * The object tier's built-in reductions: boxed numbers, booleans, {@link Loc} and primitive
     * arrays (element-wise, into a new array).
     */
    public static Object applyObjects(Op op, Object a, Object b) {
        if (a == null || b == null) {
            throw new MpiException(ErrorClass.OP, "cannot reduce null with " + op.name());
        }
        if (a.getClass() != b.getClass()) {
            throw new MpiException(ErrorClass.TYPE, "cannot reduce a " + a.getClass().getName() + " with a "
                    + b.getClass().getName() + " (" + op.name() + "): every rank must contribute the same type");
        }
        if (a.getClass().isArray()) {
            Datatype t = Datatype.of(a);
            int n = Array.getLength(a);
            if (Array.getLength(b) != n) {
                throw new MpiException(ErrorClass.COUNT, "cannot reduce arrays of lengths " + n + " and " + Array.getLength(b));
            }
            check(op, t, n);
            Object out = t.newArray(n);
            apply(op, t, a, 0, b, 0, out, 0, n);
            return out;
        }
        if (a instanceof Loc x && b instanceof Loc y) {
            if (op.kind() != Op.Kind.MINLOC && op.kind() != Op.Kind.MAXLOC) {
                throw unsupported(op, "Loc");
            }
            boolean takeB = op.kind() == Op.Kind.MINLOC
                    ? (y.value() < x.value() || (y.value() == x.value() && y.index() < x.index()))
                    : (y.value() > x.value() || (y.value() == x.value() && y.index() < x.index()));
            return takeB ? y : x;
        }
        if (!op.isBuiltin()) {
            return switch (a) {
                case Double x when op.doubleFunction() != null -> op.doubleFunction().applyAsDouble(x, (Double) b);
                case Long x when op.longFunction() != null -> op.longFunction().applyAsLong(x, (Long) b);
                case Integer x when op.intFunction() != null -> op.intFunction().applyAsInt(x, (Integer) b);
                default -> throw unsupported(op, a.getClass().getSimpleName());
            };
        }
        return switch (a) {
            case Double x -> { double[] r = {x}; doubles(op, r, 0, new double[] {(Double) b}, 0, r, 0, 1); yield r[0]; }
            case Float x -> { float[] r = {x}; floats(op, r, 0, new float[] {(Float) b}, 0, r, 0, 1); yield r[0]; }
            case Long x -> { long[] r = {x}; longs(op, r, 0, new long[] {(Long) b}, 0, r, 0, 1); yield r[0]; }
            case Integer x -> { int[] r = {x}; ints(op, r, 0, new int[] {(Integer) b}, 0, r, 0, 1); yield r[0]; }
            case Short x -> { short[] r = {x}; narrow(op, Datatype.SHORT, r, 0, new short[] {(Short) b}, 0, r, 0, 1); yield r[0]; }
            case Byte x -> { byte[] r = {x}; narrow(op, Datatype.BYTE, r, 0, new byte[] {(Byte) b}, 0, r, 0, 1); yield r[0]; }
            case Boolean x -> { boolean[] r = {x}; booleans(op, r, 0, new boolean[] {(Boolean) b}, 0, r, 0, 1); yield r[0]; }
            default -> throw unsupported(op, a.getClass().getName()
                    + " (built-in operations take numbers, booleans, Loc or primitive arrays; pass a BinaryOperator for other types)");
        };
    }

    private static MpiException unsupported(Op op, Datatype t) {
        return unsupported(op, t.plural);
    }

    private static MpiException unsupported(Op op, String what) {
        return new MpiException(ErrorClass.OP, "operation " + op.name() + " does not apply to " + what);
    }
}
