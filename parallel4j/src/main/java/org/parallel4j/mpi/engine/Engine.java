package org.parallel4j.mpi.engine;

import java.net.URL;
import java.util.List;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.ObjectCodec;
import org.parallel4j.mpi.RankBody;
import org.parallel4j.mpi.Request;
import org.parallel4j.mpi.ThreadLevel;

/** What an engine supplies behind {@code Mpi}'s static methods and {@code Request}'s helpers. */
public interface Engine {
    /** The one "no time limit" of every timeout in nanoseconds across the seam; a real limit is at least 1. */
    long NO_TIMEOUT = 0L;

    /** The engine's name, as its provider's. */
    String name();

    /** The implementation name benchmarks report ({@code parallel4j-threads}). */
    String implementation();

    /** The calling rank's world communicator (outside a job: a world of one rank, or an error where guessing would be wrong). */
    Comm world();

    /** A communicator of the calling rank alone. */
    Comm self();

    /** True on a rank of a running job. */
    boolean inJob();

    /** The thread support granted. */
    ThreadLevel threadLevel();

    /** Runs {@code body} on {@code ranks} ranks and waits for all (or {@link #NO_TIMEOUT}). */
    void run(int ranks, long timeoutNanos, ObjectCodec codec, RankBody body);

    /** Runs {@code mainClass.main(args)} on {@code ranks} ranks, each with its own loader over {@code classPath}. */
    void runMain(int ranks, long timeoutNanos, ObjectCodec codec, String mainClass, URL[] classPath, String[] args, boolean tagOutput);

    /** Waits for one of {@code requests} (all of this engine, all active); its index, or -1 when {@code timeoutNanos} ran out ({@link #NO_TIMEOUT}: never). */
    int waitAny(List<? extends Request> requests, long timeoutNanos);

    /** Seconds since a fixed point (MPI_Wtime). */
    double wtime();

    /** The resolution of {@link #wtime()}. */
    double wtick();

    /** How many ranks share this JVM with the calling one (1 outside a job). */
    int ranksInThisJvm();

    /** How many ranks share this machine's cores with the calling one (1 outside a job). */
    int ranksOnThisNode();

    /** The intercommunicator to the ranks that spawned the calling one, or null (MPI_Comm_get_parent). */
    org.parallel4j.mpi.Intercomm parent();

    /** The name of the machine the calling rank runs on (MPI_Get_processor_name). */
    String processorName();

    /** The engine's or library's version text (MPI_Get_library_version). */
    String libraryVersion();

    /** Whether the calling thread is the rank's main thread (MPI_Is_thread_main). */
    boolean isThreadMain();

    /** Attaches a buffer of {@code bytes} for the calling rank's buffered sends (MPI_Buffer_attach). */
    void attachBuffer(int bytes);

    /** Waits until the buffered messages are delivered, then detaches the buffer; its size (MPI_Buffer_detach). */
    int detachBuffer();
}
