package org.parallel4j.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.Op;

/**
 * {@code p4j bench mpi}: the cases of {@code shared/peers/mpi_bench.c} and
 * {@code mpi4py_bench.py} with the same names, iteration counts and best-of-5 timing, on the
 * engine {@code p4j} chose (implementation {@code parallel4j-threads} or {@code parallel4j-mpi});
 * the one-sided cases (suite {@code rma}) are {@link RmaBench}'s, the file cases (suite {@code io}) {@link IoBench}'s.
 */
public final class MpiBench {
    /** The least time each case runs untimed before it is timed. */
    static final double WARMUP_SECONDS = 1.0;
    static final String IMPL = org.parallel4j.mpi.engine.Engines.current().implementation();

    private MpiBench() {
    }

    /**
     * Runs every case on {@code ranks} ranks and prints the figures. A first, silent pass over
     * every case lets the JIT compile the paths the timed pass measures (the C peer is
     * compiled ahead of time); the timed pass is the peers' best of five.
     *
     * @param ranks the number of ranks
     * @param out where the figures are printed
     */
    public static void run(int ranks, PrintStream out) {
        PrintStream silent = new PrintStream(java.io.OutputStream.nullOutputStream());
        Mpi.run(ranks, world -> {
            cases(world, silent);
            cases(world, out);
        });
    }

    private static void cases(Comm world, PrintStream out) {
        {
            for (int bytes : new int[] {8, 1024, 65536, 1 << 20, 16 << 20}) {
                pingpong(world, bytes, out);
            }
            objectPingpong(world, out);
            for (int count : new int[] {1, 1024, 1 << 20}) {
                allreduce(world, count, out);
            }
            bcast(world, 1 << 20, out);
            barrier(world, out);
            RmaBench.cases(world, out);
            IoBench.cases(world, out);
        }
    }

    @FunctionalInterface
    private interface Body {
        void run();
    }

    /**
     * Best of {@code reps} timed repetitions of {@code iters} operations, as the C peer times
     * them, after untimed ones (as many, and at least {@link #WARMUP_SECONDS}): a JVM compiles
     * a path only once it has run for a while (the first few hundred thousand 1-double
     * allreduces take several times as long as the rest), and the peer has nothing to compile.
     */
    private static double bestOf(Comm world, int reps, int iters, Body body) {
        // Untimed: at least the timed work again, and at least a second (rank 0 decides, so all stop together).
        double start = Mpi.wtime();
        for (boolean more = true; more; ) {
            world.barrier();
            for (int i = 0; i < iters * reps; i++) {
                body.run();
            }
            more = world.allreduce(world.rank() == 0 && Mpi.wtime() - start < WARMUP_SECONDS ? 1 : 0, Op.MAX) == 1;
        }
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < reps; rep++) {
            world.barrier();
            double t0 = Mpi.wtime();
            for (int i = 0; i < iters; i++) {
                body.run();
            }
            best = Math.min(best, (Mpi.wtime() - t0) / iters);
        }
        return best;
    }

    static void emit(Comm world, PrintStream out, String suite, String kase, String metric, double value) {
        if (world.rank() == 0) {
            out.printf("%s\t%s\t%s\t%s\t%.3f%n", suite, kase, IMPL, metric, value);
            out.flush();
        }
    }

    private static void pingpong(Comm world, int bytes, PrintStream out) {
        byte[] buf = new byte[bytes];
        Arrays.fill(buf, (byte) 1);
        int iters = bytes <= 4096 ? 20000 : bytes <= (1 << 20) ? 1000 : 50;
        int rank = world.rank();
        double t = bestOf(world, 5, iters, () -> {
            if (rank == 0) {
                world.send(buf, 1, 0);
                world.recv(buf, 1, 0);
            } else if (rank == 1) {
                world.recv(buf, 0, 0);
                world.send(buf, 0, 0);
            }
        }) / 2;
        emit(world, out, "pingpong", bytes + "B", "latency_us", t * 1e6);
        emit(world, out, "pingpong", bytes + "B", "bandwidth_MBps", bytes / t / 1e6);
    }

    /** The mpi4py peer's {"step": 1, "values": list(range(100)), "name": "halo"}, as mutable Java collections. */
    private static void objectPingpong(Comm world, PrintStream out) {
        Map<String, Object> obj = new HashMap<>();
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            values.add(i);
        }
        obj.put("step", 1);
        obj.put("values", values);
        obj.put("name", "halo");
        int rank = world.rank();
        double t = bestOf(world, 5, 20000, () -> {
            if (rank == 0) {
                world.sendObject(obj, 1, 0);
                world.recvObject(1, 0);
            } else if (rank == 1) {
                Object o = world.recvObject(0, 0);
                world.sendObject(o, 0, 0);
            }
        }) / 2;
        emit(world, out, "pingpong", "object-dict100", "latency_us", t * 1e6);
    }

    private static void allreduce(Comm world, int count, PrintStream out) {
        double[] in = new double[count];
        double[] result = new double[count];
        for (int i = 0; i < count; i++) {
            in[i] = world.rank() + i;
        }
        int iters = count <= 1024 ? 20000 : 50;
        double t = bestOf(world, 5, iters, () -> world.allreduce(in, result, Op.SUM));
        emit(world, out, "allreduce", count + "doubles", "time_us", t * 1e6);
    }

    private static void bcast(Comm world, int count, PrintStream out) {
        double[] buf = new double[count];
        for (int i = 0; i < count; i++) {
            buf[i] = i;
        }
        int iters = count <= 1024 ? 20000 : 50;
        double t = bestOf(world, 5, iters, () -> world.bcast(buf, 0));
        emit(world, out, "bcast", count + "doubles", "time_us", t * 1e6);
    }

    private static void barrier(Comm world, PrintStream out) {
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 5; rep++) {
            double t0 = Mpi.wtime();
            for (int i = 0; i < 20000; i++) {
                world.barrier();
            }
            best = Math.min(best, (Mpi.wtime() - t0) / 20000);
        }
        emit(world, out, "barrier", "-", "time_us", best * 1e6);
    }
}
