package org.parallel4j.array.internal;

import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Generates one loop per integer expression shape, as {@link KernelCompiler} does for
 * {@code double} expressions: the whole tree element by element, the operations of the per-node
 * loops in the same order (int32 results wrapped after every operation that can leave int32), so
 * values are those of the per-node loops exactly. Contiguous int64 and int32 arrays (and matrix
 * slices, a row at a time) are read in place, an int32 one widened as it is read; views with
 * steps, broadcasts and floor division or modulo (whose loop names the element of a zero divisor)
 * are computed block by block into buffers first. With the Vector API a main loop computes four
 * elements at a time, unless a shift (NumPy's rule for counts of 64 and more) is in the tree.
 * The shape (operations, positions and kinds of inputs and scalars, not their values) is the
 * cache key; {@code -Dp4j.array.compile=false} turns generation off here too.
 */
public final class LongKernelCompiler {
    private static final ConcurrentHashMap<String, LongKernel> CACHE = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, LongReducer> REDUCERS = new ConcurrentHashMap<>();
    private static final ClassDesc CD_MATH = ClassDesc.of("java.lang.Math");
    private static final ClassDesc CD_OPS = ClassDesc.of(Ops.class.getName());
    private static final MethodTypeDesc J_J = MethodTypeDesc.of(CD_long, CD_long);
    private static final MethodTypeDesc JJ_J = MethodTypeDesc.of(CD_long, CD_long, CD_long);
    private static final MethodTypeDesc JJJ_J = MethodTypeDesc.of(CD_long, CD_long, CD_long, CD_long);
    private static final MethodTypeDesc RUN = MethodTypeDesc.of(CD_void, CD_Object.arrayType(), CD_int.arrayType(), CD_long.arrayType(),
            CD_long.arrayType(), CD_int, CD_int);
    private static final MethodTypeDesc REDUCE = MethodTypeDesc.of(CD_long, CD_Object.arrayType(), CD_int.arrayType(), CD_long.arrayType(),
            CD_int);

    private LongKernelCompiler() {
    }

    /** The number of shapes compiled so far (for tests and diagnostics). */
    public static int shapes() {
        return CACHE.size();
    }

    /**
     * {@code tree} with a generated loop, or {@code tree} itself when it needs none (an array, a
     * scalar, a broadcast of one) or generation is off. Floor division and modulo keep their own
     * loop, over generated loops for their operands.
     */
    public static LongNode compile(LongNode tree) {
        if (!KernelCompiler.ENABLED) {
            return tree;
        }
        return switch (tree) {
            case LongNode.View v -> v;
            case LongNode.Scalar c -> c;
            case LongCompiled c -> c;
            case LongNode.Stretch t when t.x() instanceof LongNode.View || t.x() instanceof LongNode.Scalar -> t;
            case LongNode.Stretch t when t.x().length() != t.length() -> new LongNode.Stretch(compile(t.x()), t.length(), t.cols());
            case LongNode.Binary b when ownLoop(b) -> withCompiledOperands(b);
            default -> fused(tree);
        };
    }

    private static LongNode fused(LongNode tree) {
        LongNode fitted = cut(tree, KernelCompiler.INPUTS);
        List<LongNode> inputs = new ArrayList<>();
        List<Long> consts = new ArrayList<>();
        StringBuilder shape = new StringBuilder();
        walk(fitted, fitted.cols(), inputs, consts, shape);
        LongKernel kernel = CACHE.computeIfAbsent(shape.toString(), s -> generate(fitted, inputs, consts.size()));
        long[] c = new long[consts.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = consts.get(i);
        }
        return new LongCompiled(fitted, kernel, shape.toString(), inputs, c);
    }

    /** Whether {@code b} runs its own loop (floor division and modulo check every divisor for zero and name the element). */
    private static boolean ownLoop(LongNode.Binary b) {
        return b.op() == LongNode.Op.FLOORDIV || b.op() == LongNode.Op.MOD;
    }

    private static LongNode.Binary withCompiledOperands(LongNode.Binary b) {
        return new LongNode.Binary(b.op(), compile(b.x()), compile(b.y()), b.length(), b.cols(), b.kind());
    }

    /** Whether the loop reads {@code n} as one input: an array, or something computed into a buffer per block. */
    static boolean input(LongNode n) {
        return switch (n) {
            case LongNode.View v -> true;
            case LongCompiled c -> true;
            case LongNode.Stretch t -> t.x().length() != t.length();
            case LongNode.Binary b -> ownLoop(b);
            default -> false;
        };
    }

    /** Whether the loop reads input {@code n} as an {@code int[]}: an int32 array read in place (else a {@code long[]}). */
    private static boolean readsInts(LongNode n, int cols) {
        return n instanceof LongNode.Ints && LongCompiled.inPlace(n, cols);
    }

    /** Whether {@code b}'s int32 result is wrapped back to 32 bits. */
    static boolean wraps(LongNode.Binary b) {
        return b.kind() == LongNode.Kind.INT32 && b.op().leaves32;
    }

    /** Whether {@code u}'s int32 result is wrapped back to 32 bits ({@code -(-2^31)} is {@code -2^31} in int32). */
    static boolean wraps(LongNode.Unary u) {
        return (u.fn() == LongNode.Fn.NEG || u.fn() == LongNode.Fn.ABS) && u.x().kind() == LongNode.Kind.INT32;
    }

    /** The number of inputs {@code n}'s loop would read. */
    private static int inputs(LongNode n) {
        if (input(n)) {
            return 1;
        }
        return switch (n) {
            case LongNode.Binary b -> inputs(b.x()) + inputs(b.y());
            case LongNode.Unary u -> inputs(u.x());
            case LongNode.Where w -> inputs(w.cond()) + inputs(w.a()) + inputs(w.b());
            case LongNode.Stretch t -> inputs(t.x());
            default -> 0;
        };
    }

    /** {@code n} with the parts that do not fit in {@code budget} inputs replaced by loops of their own. */
    private static LongNode cut(LongNode n, int budget) {
        if (inputs(n) <= budget) {
            return n;
        }
        if (budget <= 1) {
            return compile(n);
        }
        return switch (n) {
            case LongNode.Binary b when !ownLoop(b) -> {
                int by = Math.min(inputs(b.y()), Math.max(1, budget / 2));
                yield new LongNode.Binary(b.op(), cut(b.x(), budget - by), cut(b.y(), by), b.length(), b.cols(), b.kind());
            }
            case LongNode.Unary u -> new LongNode.Unary(u.fn(), cut(u.x(), budget));
            case LongNode.Stretch t when !input(t) -> new LongNode.Stretch(cut(t.x(), budget), t.length(), t.cols());
            case LongNode.Where w -> {
                int third = Math.max(1, budget / 3);
                yield new LongNode.Where(cut(w.cond(), third), cut(w.a(), third), cut(w.b(), budget - 2 * third), w.length(), w.cols(), w.kind());
            }
            default -> compile(n);
        };
    }

    /**
     * Collects the inputs and scalars in evaluation order and writes the shape: {@code I} for an
     * int32 array read in place ({@code int[]}), {@code L} for every other input (a {@code long[]}:
     * an int64 array in place or a buffer), {@code C} for a scalar, the operations by name (a
     * {@code 32} after one whose result is wrapped).
     */
    private static void walk(LongNode n, int cols, List<LongNode> inputs, List<Long> consts, StringBuilder shape) {
        if (input(n)) {
            LongNode in = n instanceof LongNode.Binary b ? withCompiledOperands(b) : n;
            inputs.add(in);
            shape.append(readsInts(n, cols) ? 'I' : 'L');
            return;
        }
        switch (n) {
            case LongNode.Scalar c -> {
                consts.add(c.value());
                shape.append('C');
            }
            case LongNode.Stretch t -> walk(t.x(), cols, inputs, consts, shape);
            case LongNode.Unary u -> {
                shape.append(u.fn()).append(wraps(u) ? "32(" : "(");
                walk(u.x(), cols, inputs, consts, shape);
                shape.append(')');
            }
            case LongNode.Binary b -> {
                shape.append(b.op()).append(wraps(b) ? "32(" : "(");
                walk(b.x(), cols, inputs, consts, shape);
                shape.append(',');
                walk(b.y(), cols, inputs, consts, shape);
                shape.append(')');
            }
            case LongNode.Where w -> {
                shape.append("WHERE(");
                walk(w.cond(), cols, inputs, consts, shape);
                shape.append(',');
                walk(w.a(), cols, inputs, consts, shape);
                shape.append(',');
                walk(w.b(), cols, inputs, consts, shape);
                shape.append(')');
            }
            default -> throw new IllegalStateException("not an operation: " + n.describe());
        }
    }

    /** Local variable slots of the generated {@code run} ({@code reduce} has no {@code out} and {@code oo}: its {@code len} is at 4). */
    private static final int IN = 1;
    private static final int OFF = 2;
    private static final int CONSTS = 3;
    private static final int OUT = 4;
    private static final int OO = 5;
    private static final int LEN = 6;
    private static final int FIRST_FREE = 7;
    private static final int REDUCE_LEN = 4;
    private static final int REDUCE_FIRST_FREE = 5;

    /** The loop of {@code tree}'s shape, reading {@code inputs} (in walk order) and {@code nConsts} scalars. */
    private static LongKernel generate(LongNode tree, List<LongNode> inputs, int nConsts) {
        Slots s = slots(tree, inputs, nConsts, FIRST_FREE);
        boolean vector = BlockLoops.VECTOR && LongVectorCode.vectorizable(tree);
        return KernelCompiler.define(LongKernel.class, RUN, tree.describe(), code -> {
            loadInputs(code, s, nConsts);
            KernelCompiler.startLoops(code, vector, LEN, s.i(), () -> LongVectorCode.mainLoop(code, tree, nConsts, s, LEN,
                    () -> { }, () -> code.aload(OUT).iload(OO).iload(s.i()).iadd().invokevirtual(LongVectorCode.CD_LV, "intoArray",
                            LongVectorCode.INTO_ARRAY), () -> { }));
            scalarLoop(code, tree, s, LEN, () -> code.aload(OUT).iload(OO).iload(s.i()).iadd(), () -> code.lastore());
            code.return_();
        });
    }

    /**
     * The reduction loop of a shape (as {@link #compile} found it: {@code shape}, {@code tree},
     * {@code inputs}) for {@code kind}, generated once per shape and kind: the value at each
     * element folded into the running result as it is computed, four lanes at a time with the
     * Vector API. Integer arithmetic wraps, so the order of the folding does not change the result.
     */
    static LongReducer reducer(String shape, LongNode tree, List<LongNode> inputs, int nConsts, Evaluator.Reduce kind) {
        return REDUCERS.computeIfAbsent(shape + "|" + kind, k -> generateReducer(tree, inputs, nConsts, kind));
    }

    private static LongReducer generateReducer(LongNode tree, List<LongNode> inputs, int nConsts, Evaluator.Reduce kind) {
        Slots s = slots(tree, inputs, nConsts, REDUCE_FIRST_FREE);
        boolean vector = BlockLoops.VECTOR && LongVectorCode.vectorizable(tree);
        int acc = s.i() + 1; // the running result, 2 slots; the vector loop's slots follow
        Slots vs = new Slots(s.arrays(), s.offsets(), s.consts(), s.i(), s.ints(), acc + 2);
        int vacc = LongVectorCode.firstFree(vs, nConsts);
        return KernelCompiler.define(LongReducer.class, "reduce", REDUCE, tree.describe() + " reduced (" + kind + ")", code -> {
            loadInputs(code, s, nConsts);
            code.loadConstant(identity(kind)).lstore(acc);
            KernelCompiler.startLoops(code, vector, REDUCE_LEN, s.i(), () -> LongVectorCode.mainLoop(code, tree, nConsts, vs, REDUCE_LEN,
                    () -> LongVectorCode.broadcast(code, identity(kind)).astore(vacc),
                    () -> LongVectorCode.fold(code, kind, vacc),
                    () -> LongVectorCode.foldLanes(code, kind, vacc).lstore(acc)));
            scalarLoop(code, tree, s, REDUCE_LEN, () -> { }, () -> {
                switch (kind) {
                    case SUM -> code.lload(acc).ladd();
                    case PROD -> code.lload(acc).lmul();
                    case MIN, MAX -> code.lload(acc).invokestatic(CD_MATH, kind.name().toLowerCase(Locale.ROOT), JJ_J);
                    case COUNT -> code.lconst_0().invokestatic(CD_OPS, "ne", JJ_J).lload(acc).ladd();
                }
                code.lstore(acc);
            });
            code.lload(acc).lreturn();
        });
    }

    /** The value a reduction of {@code kind} starts from. */
    static long identity(Evaluator.Reduce kind) {
        return switch (kind) {
            case SUM, COUNT -> 0;
            case PROD -> 1;
            case MIN -> Long.MAX_VALUE;
            case MAX -> Long.MIN_VALUE;
        };
    }

    /** The slots of a loop over {@code inputs} and {@code nConsts} scalars whose free slots start at {@code first}. */
    private static Slots slots(LongNode tree, List<LongNode> inputs, int nConsts, int first) {
        boolean[] ints = new boolean[inputs.size()];
        for (int k = 0; k < ints.length; k++) {
            ints[k] = readsInts(inputs.get(k), tree.cols());
        }
        int nInputs = inputs.size();
        // Slots: each array, each offset, each scalar (2 slots), then i, then the vector loop's.
        return new Slots(first, first + nInputs, first + 2 * nInputs, first + 2 * nInputs + 2 * nConsts, ints, first + 2 * nInputs + 2 * nConsts + 1);
    }

    /** Loads the inputs' arrays and offsets and the scalars into their slots. */
    private static void loadInputs(CodeBuilder code, Slots s, int nConsts) {
        for (int k = 0; k < s.ints().length; k++) {
            code.aload(IN).loadConstant(k).aaload().checkcast(s.ints()[k] ? CD_int.arrayType() : CD_long.arrayType()).astore(s.arrays() + k);
            code.aload(OFF).loadConstant(k).iaload().istore(s.offsets() + k);
        }
        for (int k = 0; k < nConsts; k++) {
            code.aload(CONSTS).loadConstant(k).laload().lstore(s.consts() + 2 * k);
        }
    }

    /** {@code for (; i < len; i++) { before; push tree(i); after; }}: {@code after} consumes the value. */
    private static void scalarLoop(CodeBuilder code, LongNode tree, Slots s, int len, Runnable before, Runnable after) {
        Label head = code.newLabel();
        Label end = code.newLabel();
        code.labelBinding(head);
        code.iload(s.i()).iload(len).if_icmpge(end);
        before.run();
        emit(code, tree, new int[] {0, 0}, s);
        after.run();
        code.iinc(s.i(), 1);
        code.goto_(head);
        code.labelBinding(end);
    }

    /**
     * Where the generated loop keeps its values: the inputs' arrays and offsets, the scalars
     * (two slots each), the index; {@code ints} marks the {@code int[]} inputs. The vector loop's
     * slots start at {@code free}.
     */
    record Slots(int arrays, int offsets, int consts, int i, boolean[] ints, int free) {
    }

    /** Pushes the value of {@code n} at element {@code i}; {@code next} counts inputs and scalars in walk order. */
    private static void emit(CodeBuilder code, LongNode n, int[] next, Slots s) {
        if (input(n)) {
            int k = next[0]++;
            code.aload(s.arrays() + k).iload(s.offsets() + k).iload(s.i()).iadd();
            if (s.ints()[k]) {
                code.iaload().i2l();
            } else {
                code.laload();
            }
            return;
        }
        switch (n) {
            case LongNode.Scalar c -> code.lload(s.consts() + 2 * next[1]++);
            case LongNode.Stretch t -> emit(code, t.x(), next, s);
            case LongNode.Unary u -> {
                emit(code, u.x(), next, s);
                switch (u.fn()) {
                    case NEG -> code.lneg();
                    case ABS -> code.invokestatic(CD_MATH, "abs", J_J);
                    case NOT -> code.loadConstant(-1L).lxor();
                    case INT64 -> { }
                }
                if (wraps(u)) {
                    code.l2i().i2l();
                }
            }
            case LongNode.Binary b -> {
                emit(code, b.x(), next, s);
                emit(code, b.y(), next, s);
                switch (b.op()) {
                    case ADD -> code.ladd();
                    case SUB -> code.lsub();
                    case MUL -> code.lmul();
                    case AND -> code.land();
                    case OR -> code.lor();
                    case XOR -> code.lxor();
                    case MIN, MAX -> code.invokestatic(CD_MATH, b.op().name().toLowerCase(Locale.ROOT), JJ_J);
                    default -> code.invokestatic(CD_OPS, b.op().name().toLowerCase(Locale.ROOT), JJ_J); // shifts, comparisons
                }
                if (wraps(b)) {
                    code.l2i().i2l();
                }
            }
            case LongNode.Where w -> {
                emit(code, w.cond(), next, s);
                emit(code, w.a(), next, s);
                emit(code, w.b(), next, s);
                code.invokestatic(CD_OPS, "select", JJJ_J);
            }
            default -> throw new IllegalStateException("not an operation: " + n.describe());
        }
    }
}
