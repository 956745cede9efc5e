package org.parallel4j.array.internal;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_double;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Generates, with the JDK's class-file API, one class per expression shape whose loop computes
 * the whole tree element by element: the loop a programmer would write by hand, so an expression
 * of five operations makes one pass over a block instead of five. The shape (operations and the
 * positions of arrays, constants and functions, not their values) is the cache key: every
 * expression of that shape reuses the class, and each shape's loop is its own method, which
 * the JIT profiles and vectorizes on its own. The operations are those of the per-node loops, in
 * the same order, so results are bit for bit the same. What the loop cannot read in place (a
 * view with steps, a broadcast row or column, a function with a vector loop of its own) is an
 * input computed block by block into a buffer, which the loop reads as it reads an array.
 * {@code -Dp4j.array.compile=false} turns generation off.
 */
public final class KernelCompiler {
    /** Whether kernels are generated. */
    public static final boolean ENABLED = !"false".equals(System.getProperty("p4j.array.compile"));

    private static final ConcurrentHashMap<String, Kernel> CACHE = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, Reducer> REDUCERS = new ConcurrentHashMap<>();
    private static final ClassDesc CD_MATH = ClassDesc.of("java.lang.Math");
    private static final ClassDesc CD_OPS = ClassDesc.of(Ops.class.getName());
    private static final ClassDesc CD_FN = ClassDesc.of("java.util.function.DoubleUnaryOperator");
    private static final MethodTypeDesc D_D = MethodTypeDesc.of(CD_double, CD_double);
    private static final MethodTypeDesc DD_D = MethodTypeDesc.of(CD_double, CD_double, CD_double);
    private static final MethodTypeDesc DDD_D = MethodTypeDesc.of(CD_double, CD_double, CD_double, CD_double);
    private static final MethodTypeDesc RUN = MethodTypeDesc.of(CD_void, CD_double.arrayType(2), CD_int.arrayType(), CD_double.arrayType(),
            CD_Object.arrayType(), CD_double.arrayType(), CD_int, CD_int);

    private static final MethodTypeDesc REDUCE = MethodTypeDesc.of(CD_double, CD_double.arrayType(2), CD_int.arrayType(), CD_double.arrayType(),
            CD_Object.arrayType(), CD_int);

    private KernelCompiler() {
    }

    /** The number of shapes compiled so far (for tests and diagnostics). */
    public static int shapes() {
        return CACHE.size();
    }

    /**
     * {@code tree} with a generated loop, or {@code tree} itself when it needs none (an array, a
     * constant, a broadcast) or generation is off. A function with a vector loop of its own
     * ({@link Unary#vectorLoop}: fast mode's {@code sin} and the other transcendental ones) is not
     * inlined: its block is computed by that loop into a buffer, which the generated loop reads
     * as it reads an array. A tree of more than {@link #INPUTS} inputs nests loops.
     */
    public static Node compile(Node tree) {
        if (!ENABLED || tree instanceof Leaf || tree instanceof Constant || tree instanceof Compiled || tree instanceof Broadcast
                || tree instanceof FromLong) {
            return tree;
        }
        if (tree instanceof Unary u && u.vectorLoop()) {
            return new Unary(u.op, compile(u.x), u.fast);
        }
        if (tree instanceof Reshape r) {
            return new Reshape(compile(r.x), r.length(), r.cols());
        }
        Node fitted = cut(tree, INPUTS);
        List<Node> leaves = new ArrayList<>();
        List<Double> consts = new ArrayList<>();
        List<Object> fns = new ArrayList<>();
        StringBuilder shape = new StringBuilder();
        walk(fitted, leaves, consts, fns, shape);
        Kernel kernel = CACHE.computeIfAbsent(shape.toString(), s -> generate(fitted));
        double[] c = new double[consts.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = consts.get(i);
        }
        return new Compiled(fitted, kernel, shape.toString(), leaves, c, fns.toArray());
    }

    /**
     * Inputs one generated loop reads at most. A loop over a hundred slices (a 2-D convolution
     * written as a sum of shifted views) keeps none of its arrays and offsets in registers and
     * reloads them all for every element; past this many, the deepest part of the tree is a loop
     * of its own whose block the outer loop reads as one input (the same operations in the same
     * order: the same bits).
     */
    static final int INPUTS = 12;

    /** The number of inputs {@code n}'s loop would read (arrays, views, broadcasts, vector functions, inner loops). */
    private static int inputs(Node n) {
        return switch (n) {
            case Leaf l -> 1;
            case Constant c -> 0;
            case Broadcast b -> 1;
            case FromLong f -> 1;
            case Compiled c -> 1;
            case Unary u -> u.vectorLoop() ? 1 : inputs(u.x);
            case Binary b -> inputs(b.x) + inputs(b.y);
            case Select s -> inputs(s.cond) + inputs(s.a) + inputs(s.b);
            case Mapped m -> inputs(m.x);
            case Reshape r -> inputs(r.x);
        };
    }

    /** {@code n} with the parts that do not fit in {@code budget} inputs replaced by loops of their own. */
    private static Node cut(Node n, int budget) {
        if (inputs(n) <= budget) {
            return n;
        }
        if (budget <= 1) {
            return compile(n);
        }
        return switch (n) {
            case Binary b -> {
                int by = Math.min(inputs(b.y), Math.max(1, budget / 2));
                yield new Binary(b.op, cut(b.x, budget - by), cut(b.y, by));
            }
            case Unary u -> new Unary(u.op, cut(u.x, budget), u.fast);
            case Mapped m -> new Mapped(m.f, cut(m.x, budget));
            case Reshape r -> new Reshape(cut(r.x, budget), r.length(), r.cols());
            case Select s -> {
                int third = Math.max(1, budget / 3);
                yield new Select(cut(s.cond, third), cut(s.a, third), cut(s.b, budget - 2 * third));
            }
            default -> compile(n);
        };
    }

    /**
     * Collects the inputs in evaluation order and writes the shape: the arrays read in place
     * ({@code L}), the inputs computed into a buffer per block ({@code B}: views with steps,
     * broadcasts, vector functions, inner loops), the constants and the user's functions.
     */
    private static void walk(Node n, List<Node> leaves, List<Double> consts, List<Object> fns, StringBuilder shape) {
        switch (n) {
            case Leaf l when l.contiguous() -> {
                leaves.add(l);
                shape.append('L');
            }
            case Leaf l -> {
                leaves.add(l);
                shape.append('B');
            }
            case Broadcast b -> {
                leaves.add(b);
                shape.append('B');
            }
            case Compiled c -> {
                leaves.add(c);
                shape.append('B');
            }
            case FromLong f -> {
                leaves.add(f);
                shape.append('B');
            }
            case Reshape r -> walk(r.x, leaves, consts, fns, shape);
            case Unary u when u.vectorLoop() -> {
                leaves.add(new Unary(u.op, compile(u.x), u.fast));
                shape.append('B');
            }
            case Constant c -> {
                consts.add(c.value);
                shape.append('C');
            }
            case Unary u -> {
                shape.append(u.op).append('(');
                walk(u.x, leaves, consts, fns, shape);
                shape.append(')');
            }
            case Binary b -> {
                shape.append(b.op).append('(');
                walk(b.x, leaves, consts, fns, shape);
                shape.append(',');
                walk(b.y, leaves, consts, fns, shape);
                shape.append(')');
            }
            case Select s -> {
                shape.append("WHERE(");
                walk(s.cond, leaves, consts, fns, shape);
                shape.append(',');
                walk(s.a, leaves, consts, fns, shape);
                shape.append(',');
                walk(s.b, leaves, consts, fns, shape);
                shape.append(')');
            }
            case Mapped m -> {
                fns.add(m.f);
                shape.append("MAP(");
                walk(m.x, leaves, consts, fns, shape);
                shape.append(')');
            }
        }
    }

    /** Local variable slots of the generated {@code run}. */
    private static final int IN = 1;
    private static final int OFF = 2;
    private static final int CONSTS = 3;
    private static final int FNS = 4;
    private static final int OUT = 5;
    private static final int OO = 6;
    private static final int LEN = 7;
    private static final int FIRST_FREE = 8;

    private static Kernel generate(Node tree) {
        InputSlots in = InputSlots.of(tree, FIRST_FREE);
        int iSlot = in.i();
        boolean vector = BlockLoops.VECTOR && VectorCode.vectorizable(tree);
        VectorCode.Slots slots = new VectorCode.Slots(in.arrays(), in.offsets(), iSlot, LEN, OUT, OO, iSlot + 1, iSlot + 2,
                iSlot + 2 + in.nConsts(), iSlot + 3 + in.nConsts(), iSlot + 4 + in.nConsts());
        return define(Kernel.class, RUN, tree.describe(), code -> {
            in.load(code);
            startLoops(code, vector, LEN, iSlot, () -> VectorCode.mainLoop(code, tree, in.nConsts(), in.consts(), slots));
            Label head = code.newLabel();
            Label end = code.newLabel();
            code.labelBinding(head);
            code.iload(iSlot).iload(LEN).if_icmpge(end);
            code.aload(OUT).iload(OO).iload(iSlot).iadd();
            in.emit(code, tree);
            code.dastore();
            code.iinc(iSlot, 1);
            code.goto_(head);
            code.labelBinding(end);
            code.return_();
        });
    }

    /**
     * Where a generated method keeps what a shape reads: each array and its offset, each
     * constant (2 slots), each user function, in walk order from slot {@code arrays}, then the
     * index {@code i}.
     */
    private record InputSlots(int nLeaves, int nConsts, int nFns, int arrays, int offsets, int consts, int fns, int i) {
        static InputSlots of(Node tree, int first) {
            List<Node> leaves = new ArrayList<>();
            List<Double> consts = new ArrayList<>();
            List<Object> fns = new ArrayList<>();
            walk(tree, leaves, consts, fns, new StringBuilder());
            int n = leaves.size();
            int c = consts.size();
            return new InputSlots(n, c, fns.size(), first, first + n, first + 2 * n, first + 2 * n + 2 * c, first + 2 * n + 2 * c + fns.size());
        }

        /** Loads the arrays, offsets, constants and functions from the method's parameters into their slots. */
        void load(CodeBuilder code) {
            for (int k = 0; k < nLeaves; k++) {
                code.aload(IN).loadConstant(k).aaload().astore(arrays + k);
                code.aload(OFF).loadConstant(k).iaload().istore(offsets + k);
            }
            for (int k = 0; k < nConsts; k++) {
                code.aload(CONSTS).loadConstant(k).daload().dstore(consts + 2 * k);
            }
            for (int k = 0; k < nFns; k++) {
                code.aload(FNS).loadConstant(k).aaload().checkcast(CD_FN).astore(fns + k);
            }
        }

        /** Pushes the value of {@code tree} at element {@code i}. */
        void emit(CodeBuilder code, Node tree) {
            KernelCompiler.emit(code, tree, new int[] {0, 0, 0}, arrays, offsets, consts, fns, i);
        }
    }

    /** Whether {@code tree} can have a reduction loop ({@link #reducer}): the Vector API runs, and every operation has a vector form. */
    static boolean reducible(Node tree) {
        return ENABLED && BlockLoops.VECTOR && VectorCode.vectorizable(tree);
    }

    /**
     * The reduction loop of a shape (as {@link #compile} found it) for {@code kind} (sum, min,
     * max or count), generated once per shape and kind; {@code tree} must be {@link #reducible}.
     * It folds each value in as it computes it, in the order of {@link BlockLoops}'s loops over a
     * block of those values (a sum's eight running sums, element {@code i} to sum {@code i mod 8},
     * the tail to sum 0), so its result has the same bits.
     */
    static Reducer reducer(String shape, Node tree, Evaluator.Reduce kind) {
        return REDUCERS.computeIfAbsent(shape + "|" + kind, k -> generateReducer(tree, kind));
    }

    /** Local variable slots of the generated {@code reduce}. */
    private static final int R_LEN = 5;
    private static final int R_FIRST_FREE = 6;

    private static Reducer generateReducer(Node tree, Evaluator.Reduce kind) {
        if (kind == Evaluator.Reduce.PROD) {
            throw new IllegalArgumentException("a product has no reduction loop: its order is one running product");
        }
        InputSlots in = InputSlots.of(tree, R_FIRST_FREE);
        int iSlot = in.i();
        int nConsts = in.nConsts();
        // After i: the vector loop's bound, constants, zero and one; then j (= i + 4), the running vectors lo and hi,
        // the running scalar (2 slots), the count; then the vector loop's temporaries.
        int j = iSlot + 4 + nConsts;
        int lo = j + 1;
        int hi = j + 2;
        int acc = j + 3;
        int count = j + 5;
        VectorCode.Slots first = new VectorCode.Slots(in.arrays(), in.offsets(), iSlot, R_LEN, -1, -1, iSlot + 1, iSlot + 2, iSlot + 2 + nConsts,
                iSlot + 3 + nConsts, j + 6);
        VectorCode.Slots second = new VectorCode.Slots(in.arrays(), in.offsets(), j, R_LEN, -1, -1, iSlot + 1, iSlot + 2, iSlot + 2 + nConsts,
                iSlot + 3 + nConsts, j + 6);
        return define(Reducer.class, "reduce", REDUCE, tree.describe() + " reduced (" + kind + ")", code -> {
            in.load(code);
            VectorCode.reduceLoop(code, tree, nConsts, in.consts(), first, second, kind, lo, hi, count);
            VectorCode.foldLanes(code, kind, lo, hi, acc);
            Label head = code.newLabel();
            Label end = code.newLabel();
            code.labelBinding(head);
            code.iload(iSlot).iload(R_LEN).if_icmpge(end);
            in.emit(code, tree);
            switch (kind) {
                case SUM -> code.dload(acc).dadd().dstore(acc);
                case MIN, MAX -> code.dload(acc).invokestatic(CD_MATH, kind.name().toLowerCase(Locale.ROOT), DD_D).dstore(acc);
                default -> { // count: NaN is not zero
                    Label zero = code.newLabel();
                    code.dconst_0().dcmpl().ifeq(zero);
                    code.iinc(count, 1);
                    code.labelBinding(zero);
                }
            }
            code.iinc(iSlot, 1);
            code.goto_(head);
            code.labelBinding(end);
            VectorCode.result(code, kind, lo, hi, acc, count);
            code.dreturn();
        });
    }

    /**
     * Passes of at least this many elements run a kernel's vector loop, shorter ones its scalar
     * loop alone. The vector loop of each expression shape is slow until the optimizing compiler
     * has compiled it (only that compiler takes the Vector API's objects apart), which a short
     * run of narrow expressions never repays: {@code cfd-arrays} at the workshop's 1000
     * iterations (passes of one 32-element row) takes half the time with this rule, and no
     * longer at 20000. Once compiled, the vector loop is faster even over 32 elements (0.76
     * against 1.28 ns an element in a run of one expression), so longer passes keep it.
     * Measured, alternated: see {@code docs/arrays.md}.
     */
    static final int VECTOR_FROM = Integer.getInteger("p4j.array.vectorFrom", 128);

    /**
     * The start of a generated kernel's loops: with {@code vector}, the vector loop over the
     * whole vectors of a pass of at least {@link #VECTOR_FROM} elements ({@code mainLoop} writes
     * it and leaves the index at the first element it did not do), else the index at 0; the
     * scalar loop the caller writes next finishes the pass.
     */
    static void startLoops(CodeBuilder code, boolean vector, int lenSlot, int iSlot, Runnable mainLoop) {
        if (!vector) {
            code.iconst_0().istore(iSlot);
            return;
        }
        Label scalarOnly = code.newLabel();
        Label scalar = code.newLabel();
        code.iload(lenSlot).loadConstant(VECTOR_FROM).if_icmplt(scalarOnly);
        mainLoop.run();
        code.goto_(scalar);
        code.labelBinding(scalarOnly);
        code.iconst_0().istore(iSlot);
        code.labelBinding(scalar);
    }

    /**
     * Defines a hidden class in this package implementing {@code kernel}, whose one method
     * {@code run} of type {@code run} has the code {@code body} writes, and returns an instance.
     */
    static <T> T define(Class<T> kernel, MethodTypeDesc run, String what, java.util.function.Consumer<CodeBuilder> body) {
        return define(kernel, "run", run, what, body);
    }

    /** As {@link #define(Class, MethodTypeDesc, String, java.util.function.Consumer)}, the one method named {@code method}. */
    static <T> T define(Class<T> kernel, String method, MethodTypeDesc run, String what, java.util.function.Consumer<CodeBuilder> body) {
        ClassDesc self = ClassDesc.of(KernelCompiler.class.getPackageName() + ".Generated" + kernel.getSimpleName());
        byte[] bytes = ClassFile.of().build(self, cb -> {
            cb.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC);
            cb.withInterfaceSymbols(ClassDesc.of(kernel.getName()));
            cb.withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC, code -> {
                code.aload(0);
                code.invokespecial(CD_Object, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void);
                code.return_();
            });
            cb.withMethodBody(method, run, ClassFile.ACC_PUBLIC, body);
        });
        try {
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(bytes, true);
            return kernel.cast(hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class)).invoke());
        } catch (Throwable e) {
            throw new IllegalStateException("cannot define the kernel of " + what + ": " + e, e);
        }
    }

    /** Pushes element {@code i} of the next input (an array read in place, or a block computed into a buffer). */
    private static void input(CodeBuilder code, int[] next, int arraySlot, int offSlot, int iSlot) {
        int k = next[0]++;
        code.aload(arraySlot + k).iload(offSlot + k).iload(iSlot).iadd().daload();
    }

    /** Pushes the value of {@code n} at element {@code i}. */
    private static void emit(CodeBuilder code, Node n, int[] next, int arraySlot, int offSlot, int constSlot, int fnSlot, int iSlot) {
        switch (n) {
            case Leaf l -> input(code, next, arraySlot, offSlot, iSlot);
            case Broadcast b -> input(code, next, arraySlot, offSlot, iSlot);
            case Compiled c -> input(code, next, arraySlot, offSlot, iSlot);
            case FromLong f -> input(code, next, arraySlot, offSlot, iSlot);
            case Reshape r -> emit(code, r.x, next, arraySlot, offSlot, constSlot, fnSlot, iSlot);
            case Unary u when u.vectorLoop() -> input(code, next, arraySlot, offSlot, iSlot);
            case Constant c -> {
                int k = next[1]++;
                code.dload(constSlot + 2 * k);
            }
            case Unary u -> {
                emit(code, u.x, next, arraySlot, offSlot, constSlot, fnSlot, iSlot);
                if (u.op == Unary.Op.NEG) {
                    code.dneg();
                } else {
                    code.invokestatic(CD_MATH, u.op.name().toLowerCase(Locale.ROOT), D_D);
                }
            }
            case Binary b -> {
                emit(code, b.x, next, arraySlot, offSlot, constSlot, fnSlot, iSlot);
                emit(code, b.y, next, arraySlot, offSlot, constSlot, fnSlot, iSlot);
                switch (b.op) {
                    case ADD -> code.dadd();
                    case SUB -> code.dsub();
                    case MUL -> code.dmul();
                    case DIV -> code.ddiv();
                    case POW, MIN, MAX -> code.invokestatic(CD_MATH, b.op.name().toLowerCase(Locale.ROOT), DD_D);
                    default -> code.invokestatic(CD_OPS, b.op.name().toLowerCase(Locale.ROOT), DD_D);
                }
            }
            case Select s -> {
                emit(code, s.cond, next, arraySlot, offSlot, constSlot, fnSlot, iSlot);
                emit(code, s.a, next, arraySlot, offSlot, constSlot, fnSlot, iSlot);
                emit(code, s.b, next, arraySlot, offSlot, constSlot, fnSlot, iSlot);
                code.invokestatic(CD_OPS, "select", DDD_D);
            }
            case Mapped m -> {
                int k = next[2]++;
                code.aload(fnSlot + k);
                emit(code, m.x, next, arraySlot, offSlot, constSlot, fnSlot, iSlot);
                code.invokeinterface(CD_FN, "applyAsDouble", D_D);
            }
        }
    }
}
