package org.parallel4j.mpi;

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
 * {@link #REPLACE} and {@link #NO_OP} are for one-sided accumulates ({@link Win}) only.
 *
 * <p><b>Order.</b> parallel4j always combines contributions in rank order,
 * {@code ((x0 ∘ x1) ∘ x2) ∘ ...}, so a non-commutative operation is safe and a floating-point
 * result does not change from run to run.
 *
 * <p><b>User-defined operations.</b> {@link #ofDoubles}, {@link #ofLongs} and {@link #ofInts}
 * lift an element function; {@link #create} takes a function over whole buffers, with an item
 * width for items of several elements (a complex number as a (re, im) pair).
 */
public final class Op {
    /**
     * What an operation is: one of MPI's predefined operations, or {@link #USER} for one made
     * by {@link Op#ofDoubles}, {@link Op#create} and the rest. Engines dispatch on the kind,
     * never on the name a user gave.
     */
    public enum Kind {
        /** Sum. */ SUM,
        /** Product. */ PROD,
        /** Minimum. */ MIN,
        /** Maximum. */ MAX,
        /** Logical and. */ LAND,
        /** Logical or. */ LOR,
        /** Logical exclusive or. */ LXOR,
        /** Bitwise and. */ BAND,
        /** Bitwise or. */ BOR,
        /** Bitwise exclusive or. */ BXOR,
        /** Minimum value and its index. */ MINLOC,
        /** Maximum value and its index. */ MAXLOC,
        /** The origin's value replaces the target's (one-sided accumulates only). */ REPLACE,
        /** The target's value is left as it is (one-sided accumulates only: an atomic read). */ NO_OP,
        /** A user-defined operation. */ USER
    }

    /** Sum. */
    public static final Op SUM = builtin(Kind.SUM, 1);
    /** Product. */
    public static final Op PROD = builtin(Kind.PROD, 1);
    /** Minimum. */
    public static final Op MIN = builtin(Kind.MIN, 1);
    /** Maximum. */
    public static final Op MAX = builtin(Kind.MAX, 1);
    /** Logical and. */
    public static final Op LAND = builtin(Kind.LAND, 1);
    /** Logical or. */
    public static final Op LOR = builtin(Kind.LOR, 1);
    /** Logical exclusive or. */
    public static final Op LXOR = builtin(Kind.LXOR, 1);
    /** Bitwise and. */
    public static final Op BAND = builtin(Kind.BAND, 1);
    /** Bitwise or. */
    public static final Op BOR = builtin(Kind.BOR, 1);
    /** Bitwise exclusive or. */
    public static final Op BXOR = builtin(Kind.BXOR, 1);
    /** Minimum value and its index (the lowest index on ties); items are (value, index) pairs. */
    public static final Op MINLOC = builtin(Kind.MINLOC, 2);
    /** Maximum value and its index (the lowest index on ties); items are (value, index) pairs. */
    public static final Op MAXLOC = builtin(Kind.MAXLOC, 2);
    /**
     * The origin's value replaces the target's: for one-sided {@code accumulate} (an atomic
     * put), {@code getAccumulate} and {@code fetchAndOp} (an atomic swap) only.
     */
    public static final Op REPLACE = builtin(Kind.REPLACE, 1);
    /**
     * Leaves the target's value as it is: for one-sided {@code getAccumulate} and
     * {@code fetchAndOp} only (an atomic read).
     */
    public static final Op NO_OP = builtin(Kind.NO_OP, 1);

    /**
     * A reduction over whole buffers: combine {@code next} into {@code acc} element by element,
     * {@code acc[accOffset + i] = acc[accOffset + i] ∘ next[nextOffset + i]} for {@code i < count}.
     * {@code acc} holds the contributions of lower ranks. Both buffers have the same type.
     * Offsets and counts are in elements; for an operation with an {@link #itemWidth()} of
     * {@code w}, both offsets and {@code count} are multiples of {@code w}, so a call never
     * starts or ends inside an item.
     */
    @FunctionalInterface
    public interface BufferFunction {
        /**
         * Combines {@code count} elements of {@code next} into {@code acc}.
         *
         * @param acc the array holding the accumulated item, updated in place
         * @param accOffset the index of the first element of the accumulated item
         * @param next the array holding the next item
         * @param nextOffset the index of the first element of the next item
         * @param count the number of items
         */
        void combine(Object acc, int accOffset, Object next, int nextOffset, int count);
    }

    private final Kind kind;
    private final String name;
    private final int itemWidth;
    private final boolean commutative;
    private final DoubleBinaryOperator doubleFunction;
    private final LongBinaryOperator longFunction;
    private final IntBinaryOperator intFunction;
    private final BufferFunction bufferFunction;

    private Op(Kind kind, String name, int itemWidth, boolean commutative, DoubleBinaryOperator d,
               LongBinaryOperator l, IntBinaryOperator i, BufferFunction b) {
        this.kind = kind;
        this.name = name;
        this.itemWidth = itemWidth;
        this.commutative = commutative;
        this.doubleFunction = d;
        this.longFunction = l;
        this.intFunction = i;
        this.bufferFunction = b;
    }

    private static Op builtin(Kind kind, int itemWidth) {
        return new Op(kind, kind.name(), itemWidth, true, null, null, null, null);
    }

    private static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new MpiException(ErrorClass.OP, "a user operation needs a name (it names the operation in errors "
                    + "and must be the same on every rank), got " + (name == null ? "null" : "\"" + name + "\""));
        }
        return name;
    }

    private static <F> F checkFunction(F function, String name) {
        if (function == null) {
            throw new MpiException(ErrorClass.OP, "operation " + name + ": the function is null");
        }
        return function;
    }

    /**
     * An operation on {@code double} and {@code float} elements (and {@code Double} objects).
     *
     * @param name the name reports use
     * @param function combines two values
     * @return an operation on {@code double} and {@code float} elements (and {@code Double} objects)
     */
    public static Op ofDoubles(String name, DoubleBinaryOperator function) {
        return new Op(Kind.USER, checkName(name), 1, false, checkFunction(function, name), null, null, null);
    }

    /**
     * An operation on {@code long} elements (and {@code Long} objects).
     *
     * @param name the name reports use
     * @param function combines two values
     * @return an operation on {@code long} elements (and {@code Long} objects)
     */
    public static Op ofLongs(String name, LongBinaryOperator function) {
        return new Op(Kind.USER, checkName(name), 1, false, null, checkFunction(function, name), null, null);
    }

    /**
     * An operation on {@code int}, {@code short}, {@code byte} and {@code char} elements (and {@code Integer} objects).
     *
     * @param name the name reports use
     * @param function combines two values
     * @return an operation on {@code int}, {@code short}, {@code byte} and {@code char} elements (and {@code Integer} objects)
     */
    public static Op ofInts(String name, IntBinaryOperator function) {
        return new Op(Kind.USER, checkName(name), 1, false, null, null, checkFunction(function, name), null);
    }

    /**
     * An operation over whole buffers of any element type, one element per item; see {@link BufferFunction}.
     *
     * @param name the name reports use
     * @param commutative whether the operation is commutative (lets the reduction combine in any order)
     * @param function combines two values
     * @return an operation over whole buffers of any element type, one element per item; see {@link BufferFunction}
     */
    public static Op create(String name, boolean commutative, BufferFunction function) {
        return create(name, commutative, 1, function);
    }

    /**
     * An operation over whole buffers whose items are {@code itemWidth} consecutive elements,
     * as MPI's contiguous derived datatype: a complex multiply over interleaved (re, im)
     * pairs has width 2. Buffers reduced with it must hold whole items, and the function is
     * only ever handed whole items.
     *
     * <pre>{@code
     * Op cmul = Op.create("cmul", true, 2, (acc, ao, next, no, n) -> {
     *     double[] a = (double[]) acc, b = (double[]) next;
     *     for (int i = 0; i < n; i += 2) {
     *         double re = a[ao + i] * b[no + i] - a[ao + i + 1] * b[no + i + 1];
     *         a[ao + i + 1] = a[ao + i] * b[no + i + 1] + a[ao + i + 1] * b[no + i];
     *         a[ao + i] = re;
     *     }
     * });
     * }</pre>
     *
     * @param name the name reports use
     * @param commutative whether the operation is commutative (lets the reduction combine in any order)
     * @param itemWidth the number of elements one item spans
     * @param function combines two values
     * @return the operation
     */
    public static Op create(String name, boolean commutative, int itemWidth, BufferFunction function) {
        checkName(name);
        if (itemWidth < 1) {
            throw new MpiException(ErrorClass.OP, "operation " + name + ": itemWidth must be at least 1, got " + itemWidth);
        }
        return new Op(Kind.USER, name, itemWidth, commutative, null, null, null, checkFunction(function, name));
    }

    /**
     * What the operation is: a predefined kind, or {@link Kind#USER}.
     *
     * @return what the operation is: a predefined kind, or {@link Kind#USER}
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The name, used in error messages.
     *
     * @return the name, used in error messages
     */
    public String name() {
        return name;
    }

    /**
     * True for MPI's predefined operations.
     *
     * @return true for MPI's predefined operations
     */
    public boolean isBuiltin() {
        return kind != Kind.USER;
    }

    /**
     * Elements per item: 2 for {@link #MINLOC}/{@link #MAXLOC}, as declared for a user operation, else 1.
     *
     * @return the number of elements per item
     */
    public int itemWidth() {
        return itemWidth;
    }

    /**
     * True when declared commutative (informational: contributions are always combined in rank order).
     *
     * @return true when declared commutative (informational: contributions are always combined in rank order)
     */
    public boolean isCommutative() {
        return commutative;
    }

    /**
     * The element function given to {@link #ofDoubles}, or null.
     *
     * @return the element function given to {@link #ofDoubles}, or null
     */
    public DoubleBinaryOperator doubleFunction() {
        return doubleFunction;
    }

    /**
     * The element function given to {@link #ofLongs}, or null.
     *
     * @return the element function given to {@link #ofLongs}, or null
     */
    public LongBinaryOperator longFunction() {
        return longFunction;
    }

    /**
     * The element function given to {@link #ofInts}, or null.
     *
     * @return the element function given to {@link #ofInts}, or null
     */
    public IntBinaryOperator intFunction() {
        return intFunction;
    }

    /**
     * The buffer function given to {@link #create}, or null.
     *
     * @return the buffer function given to {@link #create}, or null
     */
    public BufferFunction bufferFunction() {
        return bufferFunction;
    }

    @Override
    public String toString() {
        return isBuiltin() ? name : name + " (user operation)";
    }
}
