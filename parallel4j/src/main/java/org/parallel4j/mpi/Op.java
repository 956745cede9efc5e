package org.parallel4j.mpi;

import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import java.util.function.IntBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * A reduction operation for {@code reduce}, {@code allreduce}, {@code scan} and the rest.
 *
 * <p>The built-in operations are MPI's: arithmetic ({@link #SUM}, {@link #PROD}, {@link #MIN},
 * {@link #MAX}) on every numeric element type, logical ({@link #LAND}, {@link #LOR},
 * {@link #LXOR}) on {@code boolean[]} and integer types (non-zero is true), bitwise
 * ({@link #BAND}, {@link #BOR}, {@link #BXOR}) on integer types and {@code boolean[]}, and
 * {@link #MINLOC}/{@link #MAXLOC} on interleaved (value, index) pairs or {@link Loc} objects.
 *
 * <p><b>Order.</b> parallel4j always combines contributions in rank order,
 * {@code ((x0 ∘ x1) ∘ x2) ∘ ...}, so a non-commutative operation is safe and a floating-point
 * result does not change from run to run.
 *
 * <p><b>User-defined operations.</b> {@link #ofDoubles}, {@link #ofLongs} and {@link #ofInts}
 * lift an element function; {@link #create} takes a function over whole buffers.
 */
public final class Op {
    /** Sum. */
    public static final Op SUM = builtin("SUM");
    /** Product. */
    public static final Op PROD = builtin("PROD");
    /** Minimum. */
    public static final Op MIN = builtin("MIN");
    /** Maximum. */
    public static final Op MAX = builtin("MAX");
    /** Logical and. */
    public static final Op LAND = builtin("LAND");
    /** Logical or. */
    public static final Op LOR = builtin("LOR");
    /** Logical exclusive or. */
    public static final Op LXOR = builtin("LXOR");
    /** Bitwise and. */
    public static final Op BAND = builtin("BAND");
    /** Bitwise or. */
    public static final Op BOR = builtin("BOR");
    /** Bitwise exclusive or. */
    public static final Op BXOR = builtin("BXOR");
    /** Minimum value and its index (the lowest index on ties). */
    public static final Op MINLOC = builtin("MINLOC");
    /** Maximum value and its index (the lowest index on ties). */
    public static final Op MAXLOC = builtin("MAXLOC");

    /**
     * A reduction over whole buffers: combine {@code next} into {@code acc} element by element,
     * {@code acc[accOffset + i] = acc[accOffset + i] ∘ next[nextOffset + i]} for {@code i < count}.
     * {@code acc} holds the contributions of lower ranks. Both buffers have the same type.
     */
    @FunctionalInterface
    public interface BufferFunction {
        /** Combines {@code count} elements of {@code next} into {@code acc}. */
        void combine(Object acc, int accOffset, Object next, int nextOffset, int count);
    }

    private final String name;
    private final boolean builtin;
    private final boolean commutative;
    private final DoubleBinaryOperator doubleFunction;
    private final LongBinaryOperator longFunction;
    private final IntBinaryOperator intFunction;
    private final BufferFunction bufferFunction;

    private Op(String name, boolean builtin, boolean commutative, DoubleBinaryOperator d,
               LongBinaryOperator l, IntBinaryOperator i, BufferFunction b) {
        this.name = name;
        this.builtin = builtin;
        this.commutative = commutative;
        this.doubleFunction = d;
        this.longFunction = l;
        this.intFunction = i;
        this.bufferFunction = b;
    }

    private static Op builtin(String name) {
        return new Op(name, true, true, null, null, null, null);
    }

    /** An operation on {@code double} and {@code float} elements (and {@code Double} objects). */
    public static Op ofDoubles(String name, DoubleBinaryOperator function) {
        return new Op(name, false, false, Objects.requireNonNull(function, "function"), null, null, null);
    }

    /** An operation on {@code long} elements (and {@code Long} objects). */
    public static Op ofLongs(String name, LongBinaryOperator function) {
        return new Op(name, false, false, null, Objects.requireNonNull(function, "function"), null, null);
    }

    /** An operation on {@code int}, {@code short}, {@code byte} and {@code char} elements (and {@code Integer} objects). */
    public static Op ofInts(String name, IntBinaryOperator function) {
        return new Op(name, false, false, null, null, Objects.requireNonNull(function, "function"), null);
    }

    /** An operation over whole buffers of any element type; see {@link BufferFunction}. */
    public static Op create(String name, boolean commutative, BufferFunction function) {
        return new Op(name, false, commutative, null, null, null, Objects.requireNonNull(function, "function"));
    }

    /** The name, used in error messages. */
    public String name() {
        return name;
    }

    /** True for MPI's predefined operations. */
    public boolean isBuiltin() {
        return builtin;
    }

    /** True when declared commutative (informational: contributions are always combined in rank order). */
    public boolean isCommutative() {
        return commutative;
    }

    /** The element function given to {@link #ofDoubles}, or null. */
    public DoubleBinaryOperator doubleFunction() {
        return doubleFunction;
    }

    /** The element function given to {@link #ofLongs}, or null. */
    public LongBinaryOperator longFunction() {
        return longFunction;
    }

    /** The element function given to {@link #ofInts}, or null. */
    public IntBinaryOperator intFunction() {
        return intFunction;
    }

    /** The buffer function given to {@link #create}, or null. */
    public BufferFunction bufferFunction() {
        return bufferFunction;
    }

    @Override
    public String toString() {
        return name;
    }
}
