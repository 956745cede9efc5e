package org.parallel4j.mpi.engine.threads;

import java.net.URL;
import java.util.List;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.ObjectCodec;
import org.parallel4j.mpi.RankBody;
import org.parallel4j.mpi.Request;
import org.parallel4j.mpi.ThreadLevel;
import org.parallel4j.mpi.engine.Engine;
import org.parallel4j.mpi.engine.EngineProvider;

/** The thread engine behind the SPI: always available, never started by a launcher of its own. */
public final class ThreadEngineProvider implements EngineProvider, Engine {
    /** The one instance. */
    public static final ThreadEngineProvider INSTANCE = new ThreadEngineProvider();
    private static final long START_NANOS = System.nanoTime();

    private ThreadEngineProvider() {
    }

    @Override
    public String name() {
        return "threads";
    }

    @Override
    public String describe() {
        return "every rank a thread of this JVM (deadlock and collective-mismatch detection, per-rank class loaders)";
    }

    @Override
    public Probe probe() {
        return new Probe(true, "built in");
    }

    @Override
    public boolean launchedThisProcess() {
        return false;
    }

    @Override
    public Engine engine() {
        return this;
    }

    @Override
    public String implementation() {
        return "parallel4j-threads";
    }

    @Override
    public Comm world() {
        return ThreadEngine.world();
    }

    @Override
    public Comm self() {
        return ThreadEngine.self();
    }

    @Override
    public boolean inJob() {
        return ThreadEngine.inJob();
    }

    @Override
    public ThreadLevel threadLevel() {
        return ThreadLevel.MULTIPLE;
    }

    @Override
    public void run(int ranks, long timeoutNanos, ObjectCodec codec, RankBody body) {
        ThreadEngine.run(ranks, timeoutNanos, codec, body);
    }

    @Override
    public void runMain(int ranks, long timeoutNanos, ObjectCodec codec, String mainClass, URL[] classPath, String[] args, boolean tagOutput) {
        ThreadEngine.runMain(ranks, timeoutNanos, codec, mainClass, classPath, args, tagOutput);
    }

    @Override
    public int waitAny(List<? extends Request> requests, long timeoutNanos) {
        return ThreadEngine.waitAny(requests, timeoutNanos);
    }

    @Override
    public double wtime() {
        return (System.nanoTime() - START_NANOS) * 1e-9;
    }

    @Override
    public double wtick() {
        return 1e-9;
    }

    @Override
    public int ranksInThisJvm() {
        return ThreadEngine.worldSizeHere();
    }

    @Override
    public int ranksOnThisNode() {
        return ThreadEngine.worldSizeHere(); // every rank of a thread-engine job is in this JVM
    }

    @Override
    public String processorName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    @Override
    public String libraryVersion() {
        String v = ThreadEngineProvider.class.getPackage().getImplementationVersion();
        return "parallel4j thread engine" + (v == null ? "" : " " + v) + " (ranks are threads of one JVM, Java "
                + Runtime.version() + ")";
    }

    @Override
    public boolean isThreadMain() {
        return ThreadEngine.isThreadMain();
    }

    @Override
    public void attachBuffer(int bytes) {
        ThreadEngine.currentRank("attachBuffer").bufferedSends.attach(bytes);
    }

    @Override
    public int detachBuffer() {
        RankContext me = ThreadEngine.currentRank("detachBuffer");
        return me.bufferedSends.detach(me);
    }

    @Override
    public org.parallel4j.mpi.Intercomm parent() {
        return ThreadEngine.parent();
    }
}
