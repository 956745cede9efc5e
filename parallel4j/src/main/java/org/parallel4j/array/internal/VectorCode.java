package org.parallel4j.array.internal;

import static java.lang.constant.ConstantDescs.CD_double;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.Locale;

/**
 * The vector main loop of a generated kernel ({@link KernelCompiler}): four elements at a time
 * through the Vector API, then the scalar loop finishes the tail. The JIT does not vectorize the
 * scalar loop of a kernel, whose output array may be one of its inputs (it cannot prove they do
 * not overlap: measured, an in-cache {@code a + b} ran at 0.9 ns an element against 0.35 for the
 * same loop over arrays it knew apart); the Vector API's explicit loads and stores need no such
 * proof. Only the operations whose vector form gives the scalar form's bits are here: + - * /,
 * negation, abs, sqrt, min, max, comparisons and where. Everything is referred to by name, so
 * nothing of {@code jdk.incubator.vector} is linked unless {@link BlockLoops#VECTOR} is on.
 */
final class VectorCode {
    private static final ClassDesc CD_DV = ClassDesc.of("jdk.incubator.vector.DoubleVector");
    private static final ClassDesc CD_V = ClassDesc.of("jdk.incubator.vector.Vector");
    private static final ClassDesc CD_SPECIES = ClassDesc.of("jdk.incubator.vector.VectorSpecies");
    private static final ClassDesc CD_MASK = ClassDesc.of("jdk.incubator.vector.VectorMask");
    private static final ClassDesc CD_OPERATORS = ClassDesc.of("jdk.incubator.vector.VectorOperators");
    private static final ClassDesc CD_COMPARISON = ClassDesc.of("jdk.incubator.vector.VectorOperators$Comparison");
    private static final ClassDesc CD_LOOPS = ClassDesc.of(VectorLoops.class.getName());
    private static final MethodTypeDesc FROM_ARRAY = MethodTypeDesc.of(CD_DV, CD_SPECIES, CD_double.arrayType(), CD_int);
    private static final MethodTypeDesc BROADCAST = MethodTypeDesc.of(CD_DV, CD_SPECIES, CD_double);
    private static final MethodTypeDesc INTO_ARRAY = MethodTypeDesc.of(CD_void, CD_double.arrayType(), CD_int);
    private static final MethodTypeDesc V_V = MethodTypeDesc.of(CD_DV);
    private static final MethodTypeDesc VV_V = MethodTypeDesc.of(CD_DV, CD_V);
    private static final MethodTypeDesc COMPARE = MethodTypeDesc.of(CD_MASK, CD_COMPARISON, CD_V);
    private static final MethodTypeDesc BLEND = MethodTypeDesc.of(CD_DV, CD_V, CD_MASK);
    private static final ClassDesc CD_ASSOCIATIVE = ClassDesc.of("jdk.incubator.vector.VectorOperators$Associative");
    private static final MethodTypeDesc REDUCE_LANES = MethodTypeDesc.of(CD_double, CD_ASSOCIATIVE);
    private static final MethodTypeDesc LANE = MethodTypeDesc.of(CD_double, CD_int);
    private static final MethodTypeDesc TRUE_COUNT = MethodTypeDesc.of(CD_int);
    private static final MethodTypeDesc SUMS = MethodTypeDesc.of(CD_double, CD_DV, CD_DV, CD_double);
    private static final int L = 4;

    private VectorCode() {
    }

    /** Whether every operation of {@code n}'s loop has a vector form with the scalar form's bits. */
    static boolean vectorizable(Node n) {
        return switch (n) {
            case Leaf l -> true;
            case Broadcast b -> true;
            case Compiled c -> true;
            case FromLong f -> true;
            case Constant c -> true;
            case Reshape r -> vectorizable(r.x);
            case Unary u -> u.vectorLoop()
                    || (u.op == Unary.Op.NEG || u.op == Unary.Op.ABS || u.op == Unary.Op.SQRT) && vectorizable(u.x);
            case Binary b -> b.op != Binary.Op.POW && vectorizable(b.x) && vectorizable(b.y);
            case Select s -> vectorizable(s.cond) && vectorizable(s.a) && vectorizable(s.b);
            case Mapped m -> false;
        };
    }

    /** Where the vector loop keeps its values: the constants as vectors, zero and one, the bound, temporaries. */
    record Slots(int arrays, int offsets, int i, int len, int out, int oo, int upper, int vconsts, int zero, int one, int temps) {
    }

    /**
     * Emits, before the scalar loop: the constants broadcast, then
     * {@code for (i = 0; i < len - len % 4; i += 4) tree(i..i+3).intoArray(out, oo + i)}; leaves
     * {@code i} where the scalar loop goes on.
     */
    static void mainLoop(CodeBuilder code, Node tree, int nConsts, int constSlot, Slots s) {
        broadcastConstants(code, nConsts, constSlot, s);
        loop(code, s, L, () -> {
            emit(code, tree, new int[] {0, 0, s.temps()}, s);
            code.aload(s.out()).iload(s.oo()).iload(s.i()).iadd().invokevirtual(CD_DV, "intoArray", INTO_ARRAY);
        });
    }

    /** The constants broadcast into their vectors' slots, and the vectors of zeros and ones. */
    private static void broadcastConstants(CodeBuilder code, int nConsts, int constSlot, Slots s) {
        for (int k = 0; k < nConsts; k++) {
            species(code).dload(constSlot + 2 * k).invokestatic(CD_DV, "broadcast", BROADCAST).astore(s.vconsts() + k);
        }
        species(code).dconst_0().invokestatic(CD_DV, "broadcast", BROADCAST).astore(s.zero());
        species(code).dconst_1().invokestatic(CD_DV, "broadcast", BROADCAST).astore(s.one());
    }

    /** {@code for (i = 0; i < len - len % step; i += step) body}: {@code i} is left at the first element not done. */
    private static void loop(CodeBuilder code, Slots s, int step, Runnable body) {
        code.iload(s.len()).iload(s.len()).loadConstant(step).irem().isub().istore(s.upper());
        code.iconst_0().istore(s.i());
        Label head = code.newLabel();
        Label end = code.newLabel();
        code.labelBinding(head);
        code.iload(s.i()).iload(s.upper()).if_icmpge(end);
        body.run();
        code.iinc(s.i(), step);
        code.goto_(head);
        code.labelBinding(end);
    }

    /**
     * Emits the vector part of a reduction loop, in {@link VectorLoops}'s order over a block: for
     * a sum, {@code for (i = 0; i < len - len % 8; i += 8) { lo += tree(i..i+3); hi += tree(i+4..i+7); }}
     * ({@code second} reads at {@code j = i + 4}); min and max the same way (their order does not
     * matter; two running vectors halve the wait on the vector min's chain); for a count, the int at
     * {@code count} plus the lanes that are not zero. Leaves {@code i} where the scalar tail goes on.
     */
    static void reduceLoop(CodeBuilder code, Node tree, int nConsts, int constSlot, Slots s, Slots second, Evaluator.Reduce kind, int lo,
            int hi, int count) {
        broadcastConstants(code, nConsts, constSlot, s);
        boolean two = kind != Evaluator.Reduce.COUNT; // two running vectors: a sum's order, and min's and max's chains of several instructions
        switch (kind) {
            case SUM -> code.aload(s.zero()).astore(lo);
            case MIN -> species(code).loadConstant(Double.POSITIVE_INFINITY).invokestatic(CD_DV, "broadcast", BROADCAST).astore(lo);
            case MAX -> species(code).loadConstant(Double.NEGATIVE_INFINITY).invokestatic(CD_DV, "broadcast", BROADCAST).astore(lo);
            default -> code.iconst_0().istore(count);
        }
        if (two) {
            code.aload(lo).astore(hi);
        }
        loop(code, s, two ? 2 * L : L, () -> {
            emit(code, tree, new int[] {0, 0, s.temps()}, s);
            if (two) {
                String fold = kind == Evaluator.Reduce.SUM ? "add" : kind.name().toLowerCase(Locale.ROOT);
                code.aload(lo).swap().invokevirtual(CD_DV, fold, VV_V).astore(lo);
                code.iload(s.i()).loadConstant(L).iadd().istore(second.i());
                emit(code, tree, new int[] {0, 0, s.temps()}, second);
                code.aload(hi).swap().invokevirtual(CD_DV, fold, VV_V).astore(hi);
            } else {
                code.getstatic(CD_OPERATORS, "NE", CD_COMPARISON).aload(s.zero()).invokevirtual(CD_DV, "compare", COMPARE);
                code.invokevirtual(CD_MASK, "trueCount", TRUE_COUNT).iload(count).iadd().istore(count);
            }
        });
    }

    /** After {@link #reduceLoop}: the running scalar at {@code acc} (2 slots) set to lane 0 of a sum's {@code lo}, or min's or max's vectors and lanes folded. */
    static void foldLanes(CodeBuilder code, Evaluator.Reduce kind, int lo, int hi, int acc) {
        switch (kind) {
            case SUM -> code.aload(lo).iconst_0().invokevirtual(CD_DV, "lane", LANE).dstore(acc);
            case MIN, MAX -> code.aload(lo).aload(hi).invokevirtual(CD_DV, kind.name().toLowerCase(Locale.ROOT), VV_V)
                    .getstatic(CD_OPERATORS, kind.name(), CD_ASSOCIATIVE).invokevirtual(CD_DV, "reduceLanes", REDUCE_LANES).dstore(acc);
            default -> { }
        }
    }

    /** Pushes a reduction's result after its scalar tail: a sum's running sums added pairwise ({@link VectorLoops}'s order), min's or max's value, the count. */
    static void result(CodeBuilder code, Evaluator.Reduce kind, int lo, int hi, int acc, int count) {
        switch (kind) {
            case SUM -> code.aload(lo).aload(hi).dload(acc).invokestatic(CD_LOOPS, "sums", SUMS);
            case MIN, MAX -> code.dload(acc);
            default -> code.iload(count).i2d();
        }
    }

    private static CodeBuilder species(CodeBuilder code) {
        return code.getstatic(CD_LOOPS, "S", CD_SPECIES);
    }

    /** Pushes the vector of {@code n} at elements {@code i..i+3}; inputs and constants counted in the scalar walk's order. */
    private static void emit(CodeBuilder code, Node n, int[] next, Slots s) {
        switch (n) {
            case Leaf l -> input(code, next, s);
            case Broadcast b -> input(code, next, s);
            case Compiled c -> input(code, next, s);
            case FromLong f -> input(code, next, s);
            case Reshape r -> emit(code, r.x, next, s);
            case Unary u when u.vectorLoop() -> input(code, next, s);
            case Constant c -> code.aload(s.vconsts() + next[1]++);
            case Unary u -> {
                emit(code, u.x, next, s);
                code.invokevirtual(CD_DV, u.op.name().toLowerCase(Locale.ROOT), V_V);
            }
            case Binary b -> {
                switch (b.op) {
                    case ADD, SUB, MUL, DIV, MIN, MAX -> {
                        emit(code, b.x, next, s);
                        emit(code, b.y, next, s);
                        code.invokevirtual(CD_DV, b.op.name().toLowerCase(Locale.ROOT), VV_V);
                    }
                    default -> { // a comparison: 1.0 where it holds, 0.0 elsewhere
                        int x = temp(code, b.x, next, s);
                        int y = temp(code, b.y, next, s);
                        code.aload(s.zero()).aload(s.one());
                        code.aload(x).getstatic(CD_OPERATORS, b.op.name(), CD_COMPARISON).aload(y).invokevirtual(CD_DV, "compare", COMPARE);
                        code.invokevirtual(CD_DV, "blend", BLEND);
                    }
                }
            }
            case Select sel -> { // b, with a where cond != 0 (NaN included), as Ops.select
                int c = temp(code, sel.cond, next, s);
                int a = temp(code, sel.a, next, s);
                int b = temp(code, sel.b, next, s);
                code.aload(b).aload(a);
                code.aload(c).getstatic(CD_OPERATORS, "NE", CD_COMPARISON).aload(s.zero()).invokevirtual(CD_DV, "compare", COMPARE);
                code.invokevirtual(CD_DV, "blend", BLEND);
            }
            case Mapped m -> throw new IllegalStateException("a user's function has no vector form");
        }
    }

    /** Evaluates {@code n}'s vector into a new temporary slot, which it returns. */
    private static int temp(CodeBuilder code, Node n, int[] next, Slots s) {
        emit(code, n, next, s);
        int slot = next[2]++;
        code.astore(slot);
        return slot;
    }

    private static void input(CodeBuilder code, int[] next, Slots s) {
        int k = next[0]++;
        species(code).aload(s.arrays() + k).iload(s.offsets() + k).iload(s.i()).iadd().invokestatic(CD_DV, "fromArray", FROM_ARRAY);
    }
}
