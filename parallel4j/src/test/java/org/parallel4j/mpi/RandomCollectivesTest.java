package org.parallel4j.mpi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parallel4j.RandomTries;

/**
 * Collectives against a serial reference: random sequences of bcast, reduce, allreduce (in
 * place too), gather, scatter, allgather, alltoall, scan, exscan and reduceScatterBlock, each
 * blocking or started (several started ones outstanding at once, completed in a random order,
 * blocking ones issued meanwhile), with random roots, operations, element types and counts on
 * both sides of the engines' staging and eager limits, over the world, a dup and a split. Every
 * member of a communicator draws the same sequence from the seed; the contributions are known
 * to all, so each rank checks its own results against a plain fold.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RandomCollectivesTest {
    private static final int TRIES = 10;

    enum Kind { BCAST, REDUCE, ALLREDUCE, ALLREDUCE_IN_PLACE, GATHER, SCATTER, ALLGATHER, ALLTOALL, SCAN, EXSCAN, REDUCE_SCATTER_BLOCK }

    private static final Element[] TYPES = {Element.INT, Element.LONG,
            Element.DOUBLE};

    /** A collective not yet checked: what to check once it completes. */
    record Pending(Request request, Runnable check) {
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void everyCollectiveGivesWhatASerialFoldGives(int ranks) {
        CommMatrix.launch(ranks, Duration.ofSeconds(150), world -> RandomTries.run(TRIES, r -> {
            int how = r.nextInt(3);
            Comm c = switch (how) {
                case 0 -> world;
                case 1 -> world.dup();
                default -> world.split(world.rank() % 2, -world.rank());
            };
            SplittableRandom mine = r.split(); // the same for every member of c: drawn by all in the same order
            Fault fault = new Fault();
            sequence(c, mine, fault);
            if (c != world) {
                c.free();
            }
            fault.agree(world);
        }));
    }

    /** Contribution element {@code i} of rank {@code rank} to operation {@code k}: small whole numbers, so sums are exact. */
    static long value(int k, int rank, int i) {
        return Math.floorMod(k * 31L + rank * 17L + i * 7L, 201) - 100;
    }

    static int count(SplittableRandom r, int esize) {
        int[] bytes = {0, 8, 2040, 2048, 2056, 16384, 16392, 65536};
        return r.nextInt(3) == 0 ? bytes[r.nextInt(bytes.length)] / esize : r.nextInt(4) == 0 ? r.nextInt(20_000) : r.nextInt(40);
    }

    static long fold(Op op, long a, long b) {
        if (op == Op.SUM) {
            return a + b;
        } else if (op == Op.MAX) {
            return Math.max(a, b);
        } else if (op == Op.MIN) {
            return Math.min(a, b);
        } else if (op == Op.BXOR) {
            return a ^ b;
        }
        return a | b; // BOR
    }

    private static void sequence(Comm c, SplittableRandom r, Fault fault) {
        int n = c.size(), me = c.rank();
        List<Pending> outstanding = new ArrayList<>();
        int steps = 1 + r.nextInt(8);
        for (int k = 0; k < steps; k++) {
            Kind kind = Kind.values()[r.nextInt(Kind.values().length)];
            Element e = TYPES[r.nextInt(3)];
            boolean integral = e != Element.DOUBLE;
            Op op = new Op[] {Op.SUM, Op.MAX, Op.MIN, integral ? Op.BXOR : Op.SUM, integral ? Op.BOR : Op.MAX}[r.nextInt(5)];
            int root = r.nextInt(n);
            int cnt = count(r, e.size);
            boolean started = r.nextBoolean();
            int step = k;
            String what = kind + " of " + cnt + " " + e + (kind.name().contains("REDUCE") || kind.name().contains("SCAN") ? " " + op : "")
                    + " at root " + root + (started ? ", started," : "") + " step " + k + " on " + n + " ranks";
            Object send, recv;
            Runnable check;
            Request req = null;
            switch (kind) {
                case BCAST -> {
                    Object buf = e.array(cnt);
                    if (me == root) {
                        fill(e, buf, 0, k, root, 0, cnt);
                    }
                    if (started) {
                        req = c.ibcast(buf, root);
                    } else {
                        c.bcast(buf, root);
                    }
                    check = () -> expect(fault, e, buf, 0, cnt, i -> value(step, root, i), what);
                }
                case REDUCE, ALLREDUCE, ALLREDUCE_IN_PLACE -> {
                    send = contribution(e, k, me, cnt);
                    recv = kind == Kind.ALLREDUCE_IN_PLACE ? contribution(e, k, me, cnt) : e.array(cnt);
                    Object in = kind == Kind.ALLREDUCE_IN_PLACE ? Mpi.IN_PLACE : send;
                    if (kind == Kind.REDUCE) {
                        if (started) {
                            req = c.ireduce(in, recv, op, root);
                        } else {
                            c.reduce(in, recv, op, root);
                        }
                    } else if (started) {
                        req = c.iallreduce(in, recv, op);
                    } else {
                        c.allreduce(in, recv, op);
                    }
                    Object out = recv;
                    check = () -> {
                        if (kind == Kind.REDUCE && me != root) {
                            return;
                        }
                        expect(fault, e, out, 0, cnt, i -> foldRanks(op, step, 0, n, i), what);
                    };
                }
                case GATHER, ALLGATHER -> {
                    send = contribution(e, k, me, cnt);
                    recv = e.array(n * cnt);
                    if (kind == Kind.GATHER) {
                        if (started) {
                            req = c.igather(send, recv, root);
                        } else {
                            c.gather(send, recv, root);
                        }
                    } else if (started) {
                        req = c.iallgather(send, recv);
                    } else {
                        c.allgather(send, recv);
                    }
                    Object out = recv;
                    check = () -> {
                        if (kind == Kind.GATHER && me != root) {
                            return;
                        }
                        expect(fault, e, out, 0, n * cnt, i -> value(step, i / Math.max(1, cnt), i % Math.max(1, cnt)), what);
                    };
                }
                case SCATTER -> {
                    send = e.array(n * cnt);
                    if (me == root) {
                        for (int q = 0; q < n; q++) {
                            fill(e, send, q * cnt, k, q, 0, cnt);
                        }
                    }
                    recv = e.array(cnt);
                    if (started) {
                        req = c.iscatter(send, recv, root);
                    } else {
                        c.scatter(send, recv, root);
                    }
                    Object out = recv;
                    check = () -> expect(fault, e, out, 0, cnt, i -> value(step, me, i), what);
                }
                case ALLTOALL -> {
                    // block q of rank p's send: value(k, p, q * cnt + i); it lands in block p of rank q
                    send = contribution(e, k, me, n * cnt);
                    recv = e.array(n * cnt);
                    if (started) {
                        req = c.ialltoall(send, recv);
                    } else {
                        c.alltoall(send, recv);
                    }
                    Object out = recv;
                    check = () -> expect(fault, e, out, 0, n * cnt, i -> value(step, i / Math.max(1, cnt), me * cnt + i % Math.max(1, cnt)), what);
                }
                case SCAN, EXSCAN -> {
                    send = contribution(e, k, me, cnt);
                    recv = e.array(cnt);
                    if (kind == Kind.SCAN) {
                        if (started) {
                            req = c.iscan(send, recv, op);
                        } else {
                            c.scan(send, recv, op);
                        }
                    } else if (started) {
                        req = c.iexscan(send, recv, op);
                    } else {
                        c.exscan(send, recv, op);
                    }
                    Object out = recv;
                    int upTo = kind == Kind.SCAN ? me + 1 : me;
                    check = () -> {
                        if (upTo == 0) {
                            return; // exscan at rank 0: undefined
                        }
                        expect(fault, e, out, 0, cnt, i -> foldRanks(op, step, 0, upTo, i), what);
                    };
                }
                default -> { // REDUCE_SCATTER_BLOCK: block q of the fold goes to rank q
                    send = contribution(e, k, me, n * cnt);
                    recv = e.array(cnt);
                    if (started) {
                        req = c.ireduceScatterBlock(send, recv, cnt, op);
                    } else {
                        c.reduceScatterBlock(send, recv, cnt, op);
                    }
                    Object out = recv;
                    check = () -> expect(fault, e, out, 0, cnt, i -> foldRanks(op, step, 0, n, me * cnt + i), what);
                }
            }
            if (req == null) {
                check.run();
            } else {
                outstanding.add(new Pending(req, check));
            }
            // now and then complete some of the started ones, in a random order
            while (!outstanding.isEmpty() && r.nextInt(3) == 0) {
                Pending p = outstanding.remove(r.nextInt(outstanding.size()));
                p.request().await();
                p.check().run();
            }
        }
        while (!outstanding.isEmpty()) {
            Pending p = outstanding.remove(r.nextInt(outstanding.size()));
            p.request().await();
            p.check().run();
        }
    }

    static long foldRanks(Op op, int k, int from, int to, int i) {
        long acc = value(k, from, i);
        for (int q = from + 1; q < to; q++) {
            acc = fold(op, acc, value(k, q, i));
        }
        return acc;
    }

    static Object contribution(Element e, int k, int rank, int n) {
        Object a = e.array(n);
        fill(e, a, 0, k, rank, 0, n);
        return a;
    }

    static void fill(Element e, Object a, int at, int k, int rank, int from, int n) {
        for (int i = 0; i < n; i++) {
            e.set(a, at + i, value(k, rank, from + i));
        }
    }

    /** Checks {@code n} elements of {@code a} from {@code at} against {@code expected}; the first difference is the fault. */
    static void expect(Fault fault, Element e, Object a, int at, int n,
            java.util.function.IntToLongFunction expected, String what) {
        Object want = e.array(1);
        for (int i = 0; i < n; i++) {
            e.set(want, 0, expected.applyAsLong(i));
            if (e.bits(a, at + i) != e.bits(want, 0)) {
                fault.add(what + ": element " + i + " is " + e.bits(a, at + i) + ", expected " + e.bits(want, 0));
                return;
            }
        }
    }
}
