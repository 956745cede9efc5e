package org.parallel4j.array.internal;

import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.Locale;

/**
 * The vector main loop of a generated integer kernel ({@link LongKernelCompiler}): four
 * {@code long}s at a time through the Vector API, then the scalar loop finishes the tail. Integer
 * lanes give the scalar loop's values exactly; every operation but the shifts has a vector form
 * here (the operations with no method of their own, and an int32 array's widening, call the
 * small lane helpers of {@link LongVectorLoops}, which the JIT inlines with their operators
 * constant). Everything is referred to by name, so nothing of {@code jdk.incubator.vector} is
 * linked unless {@link BlockLoops#VECTOR} is on.
 */
final class LongVectorCode {
    static final ClassDesc CD_LV = ClassDesc.of("jdk.incubator.vector.LongVector");
    private static final ClassDesc CD_V = ClassDesc.of("jdk.incubator.vector.Vector");
    private static final ClassDesc CD_SPECIES = ClassDesc.of("jdk.incubator.vector.VectorSpecies");
    private static final ClassDesc CD_LOOPS = ClassDesc.of(LongVectorLoops.class.getName());
    private static final MethodTypeDesc FROM_ARRAY = MethodTypeDesc.of(CD_LV, CD_SPECIES, CD_long.arrayType(), CD_int);
    private static final MethodTypeDesc WIDEN = MethodTypeDesc.of(CD_LV, CD_int.arrayType(), CD_int);
    private static final MethodTypeDesc BROADCAST = MethodTypeDesc.of(CD_LV, CD_SPECIES, CD_long);
    static final MethodTypeDesc INTO_ARRAY = MethodTypeDesc.of(CD_void, CD_long.arrayType(), CD_int);
    private static final MethodTypeDesc V_V = MethodTypeDesc.of(CD_LV);
    private static final MethodTypeDesc VV_V = MethodTypeDesc.of(CD_LV, CD_V);
    private static final MethodTypeDesc LANE_1 = MethodTypeDesc.of(CD_LV, CD_LV);
    private static final MethodTypeDesc LANE_2 = MethodTypeDesc.of(CD_LV, CD_LV, CD_LV);
    private static final MethodTypeDesc LANE_3 = MethodTypeDesc.of(CD_LV, CD_LV, CD_LV, CD_LV);
    private static final MethodTypeDesc ALL = MethodTypeDesc.of(CD_long, CD_LV);
    private static final int L = 4;

    private LongVectorCode() {
    }

    /** Whether every operation of {@code n}'s loop has a vector form: all but the shifts. */
    static boolean vectorizable(LongNode n) {
        if (LongKernelCompiler.input(n)) {
            return true;
        }
        return switch (n) {
            case LongNode.Scalar c -> true;
            case LongNode.Stretch t -> vectorizable(t.x());
            case LongNode.Unary u -> vectorizable(u.x());
            case LongNode.Binary b -> b.op() != LongNode.Op.SHL && b.op() != LongNode.Op.SHR && vectorizable(b.x()) && vectorizable(b.y());
            case LongNode.Where w -> vectorizable(w.cond()) && vectorizable(w.a()) && vectorizable(w.b());
            default -> false;
        };
    }

    /**
     * Emits, before the scalar loop: the scalars broadcast, {@code setup}, then
     * {@code for (i = 0; i < len - len % 4; i += 4) { push tree(i..i+3); sink; }} and
     * {@code after}; leaves {@code i} where the scalar loop goes on. {@code sink} consumes the
     * vector (stores it, or folds it into a running vector). Its slots start at {@code s.free()}:
     * the bound, the scalars' vectors; {@link #firstFree} is the first slot after them.
     */
    static void mainLoop(CodeBuilder code, LongNode tree, int nConsts, LongKernelCompiler.Slots s, int len, Runnable setup, Runnable sink,
            Runnable after) {
        int upper = s.free();
        int vconsts = upper + 1;
        for (int k = 0; k < nConsts; k++) {
            species(code).lload(s.consts() + 2 * k).invokestatic(CD_LV, "broadcast", BROADCAST).astore(vconsts + k);
        }
        setup.run();
        code.iload(len).iload(len).loadConstant(L).irem().isub().istore(upper);
        code.iconst_0().istore(s.i());
        Label head = code.newLabel();
        Label end = code.newLabel();
        code.labelBinding(head);
        code.iload(s.i()).iload(upper).if_icmpge(end);
        emit(code, tree, new int[] {0, 0}, s, vconsts);
        sink.run();
        code.iinc(s.i(), L);
        code.goto_(head);
        code.labelBinding(end);
        after.run();
    }

    /** The first slot after {@link #mainLoop}'s. */
    static int firstFree(LongKernelCompiler.Slots s, int nConsts) {
        return s.free() + 1 + nConsts;
    }

    /** Pushes a vector of four {@code value}s. */
    static CodeBuilder broadcast(CodeBuilder code, long value) {
        return species(code).loadConstant(value).invokestatic(CD_LV, "broadcast", BROADCAST);
    }

    /** Folds the vector on the stack into the running vector at {@code acc}, lane by lane, as {@code kind} does. */
    static void fold(CodeBuilder code, Evaluator.Reduce kind, int acc) {
        code.aload(acc).swap(); // acc, v
        switch (kind) {
            case SUM -> code.invokevirtual(CD_LV, "add", VV_V);
            case PROD -> code.invokevirtual(CD_LV, "mul", VV_V);
            case MIN -> code.invokevirtual(CD_LV, "min", VV_V);
            case MAX -> code.invokevirtual(CD_LV, "max", VV_V);
            case COUNT -> code.invokestatic(CD_LOOPS, "countLanes", LANE_2);
        }
        code.astore(acc);
    }

    /** Pushes the running vector at {@code acc} folded across its lanes (a count's lanes are added). */
    static CodeBuilder foldLanes(CodeBuilder code, Evaluator.Reduce kind, int acc) {
        String all = switch (kind) {
            case SUM, COUNT -> "sumAll";
            case PROD -> "prodAll";
            case MIN -> "minAll";
            case MAX -> "maxAll";
        };
        return code.aload(acc).invokestatic(CD_LOOPS, all, ALL);
    }

    private static CodeBuilder species(CodeBuilder code) {
        return code.getstatic(CD_LOOPS, "S", CD_SPECIES);
    }

    /** Pushes the vector of {@code n} at elements {@code i..i+3}; inputs and scalars counted in the scalar walk's order. */
    private static void emit(CodeBuilder code, LongNode n, int[] next, LongKernelCompiler.Slots s, int vconsts) {
        if (LongKernelCompiler.input(n)) {
            int k = next[0]++;
            if (s.ints()[k]) {
                code.aload(s.arrays() + k).iload(s.offsets() + k).iload(s.i()).iadd().invokestatic(CD_LOOPS, "widen", WIDEN);
            } else {
                species(code).aload(s.arrays() + k).iload(s.offsets() + k).iload(s.i()).iadd().invokestatic(CD_LV, "fromArray", FROM_ARRAY);
            }
            return;
        }
        switch (n) {
            case LongNode.Scalar c -> code.aload(vconsts + next[1]++);
            case LongNode.Stretch t -> emit(code, t.x(), next, s, vconsts);
            case LongNode.Unary u -> {
                emit(code, u.x(), next, s, vconsts);
                if (u.fn() != LongNode.Fn.INT64) {
                    code.invokevirtual(CD_LV, u.fn().name().toLowerCase(Locale.ROOT), V_V); // neg, abs, not
                }
                if (LongKernelCompiler.wraps(u)) {
                    code.invokestatic(CD_LOOPS, "wrap32Lanes", LANE_1);
                }
            }
            case LongNode.Binary b -> {
                emit(code, b.x(), next, s, vconsts);
                emit(code, b.y(), next, s, vconsts);
                switch (b.op()) {
                    case ADD, SUB, MUL, MIN, MAX, AND, OR -> code.invokevirtual(CD_LV, b.op().name().toLowerCase(Locale.ROOT), VV_V);
                    default -> code.invokestatic(CD_LOOPS, b.op().name().toLowerCase(Locale.ROOT) + "Lanes", LANE_2); // xor, comparisons
                }
                if (LongKernelCompiler.wraps(b)) {
                    code.invokestatic(CD_LOOPS, "wrap32Lanes", LANE_1);
                }
            }
            case LongNode.Where w -> {
                emit(code, w.cond(), next, s, vconsts);
                emit(code, w.a(), next, s, vconsts);
                emit(code, w.b(), next, s, vconsts);
                code.invokestatic(CD_LOOPS, "selectLanes", LANE_3);
            }
            default -> throw new IllegalStateException("not an operation: " + n.describe());
        }
    }
}
