package org.parallel4j.mpi;

import java.net.URL;
import java.time.Duration;
import org.parallel4j.mpi.engine.Engines;

/**
 * The entry point of message passing: starting jobs, the world communicator, the clock and
 * MPI's constants.
 *
 * <pre>{@code
 * // inline, e.g. in a test or JShell: 4 ranks as threads of this JVM
 * Mpi.run(4, world -> System.out.println("rank " + world.rank() + " of " + world.size()));
 *
 * // in a program started by `p4j run -n 4 Hello`
 * public static void main(String[] args) {
 *     Comm world = Mpi.world();
 * }
 * }</pre>
 *
 * <p><b>Failure.</b> When a rank throws, every other rank's blocking call throws within a
 * fraction of a second and {@code run} throws an {@link MpiException} of class
 * {@link ErrorClass#PROC_FAILED} naming the rank, with its exception as the cause. A
 * deadlock ends the job with {@link ErrorClass#DEADLOCK} and a report of each rank's pending
 * operation; {@link Comm#abort(int)} with {@link ErrorClass#ABORTED} and the code.
 *
 * <p><b>Engines.</b> Ranks run on an engine: threads of this JVM (the default), or the system's
 * MPI library, one process per rank (module {@code org.parallel4j.engine.mpi}; see
 * {@code docs/mpi-engine.md}), where {@code Mpi.run(n, body)} runs {@code body} in the world the
 * launcher started, whose size must be {@code n}. The engine is chosen once: the system
 * property {@code p4j.engine} or the environment variable {@code P4J_ENGINE} if set, else the
 * engine whose launcher started this process, else threads. An unknown name is an
 * {@link ErrorClass#ARG} error listing the known ones.
 */
public final class Mpi {
    /** Receive from any source. */
    public static final int ANY_SOURCE = -1;
    /** Receive with any tag. */
    public static final int ANY_TAG = -1;
    /** The null process: sends to it and receives from it complete at once and move nothing. */
    public static final int PROC_NULL = -2;
    /**
     * The root of an intercommunicator collective, as {@code MPI.ROOT}: on the root's side the
     * root passes {@code ROOT}, its other members {@link #PROC_NULL}, and the other group the
     * root's rank in the root's group.
     */
    public static final int ROOT = -3;
    /** "No value": a split color that joins no communicator, a rank outside a group. */
    public static final int UNDEFINED = -32766;
    /**
     * Stands for a buffer that is both input and output, as {@code MPI.IN_PLACE}:
     * {@code world.allreduce(Mpi.IN_PLACE, buf, Op.SUM)} replaces {@code buf} with the sum.
     * Accepted as {@code sendBuf} of {@code allreduce}, {@code iallreduce}, {@code allgather},
     * {@code allgatherv}, {@code alltoall}, {@code alltoallv}, {@code scan}, {@code exscan} and
     * {@code reduceScatter} (the input is then read from {@code recvBuf}: for the gathers, this
     * rank's block of it), as the root's {@code sendBuf} of {@code reduce}, {@code gather} and
     * {@code gatherv} (the root's contribution is in {@code recvBuf}), and as the root's
     * {@code recvBuf} of {@code scatter} and {@code scatterv} (the root keeps its block where it
     * is). Anywhere else it is an {@link ErrorClass#BUFFER} error.
     */
    public static final Object IN_PLACE = org.parallel4j.mpi.internal.InPlace.INSTANCE;
    /** The largest tag. */
    public static final int TAG_UB = Integer.MAX_VALUE;

    private static volatile ObjectCodec codec;

    private Mpi() {
    }

    /**
     * Runs {@code body} on {@code ranks} ranks (threads of this JVM) and waits for all of them.
     *
     * @param ranks the number of ranks (at least 1)
     * @param body what each rank runs, given its world communicator
     */
    public static void run(int ranks, RankBody body) {
        Engines.current().run(ranks, 0, objectCodec(), body);
    }

    /**
     * Like {@link #run(int, RankBody)}, ending the job with {@link ErrorClass#TIMEOUT} and a report of each rank's pending operation after {@code timeout}.
     *
     * @param ranks the number of ranks (at least 1)
     * @param timeout how long to wait at most
     * @param body what each rank runs, given its world communicator
     */
    public static void run(int ranks, Duration timeout, RankBody body) {
        Engines.current().run(ranks, timeout.toNanos(), objectCodec(), body);
    }

    /**
     * Runs {@code mainClass.main(args)} on {@code ranks} ranks, each loading the classes of
     * {@code classPath} through its own class loader, so static fields are private to a rank
     * as they would be in separate processes. This is what {@code p4j run} does.
     *
     * @param timeout the job's time limit, or null for none
     * @param ranks the number of ranks (at least 1)
     * @param mainClass the name of the class whose {@code main} each rank runs
     * @param classPath the program's class path, loaded once per rank
     * @param args the program's arguments
     */
    public static void runMain(int ranks, String mainClass, URL[] classPath, String[] args, Duration timeout) {
        runMain(ranks, mainClass, classPath, args, timeout, false);
    }

    /**
     * Like {@link #runMain(int, String, URL[], String[], Duration)}; with {@code tagOutput}, every
     * line printed to {@code System.out} or {@code System.err} during the job starts with the
     * rank that printed it, {@code "[2] "}, as {@code mpirun --tag-output} ({@code p4j run
     * --tag-output}).
     *
     * <p>Ranks are threads of one JVM: JVM-wide state ({@code System.out}, system properties,
     * the default locale, {@code System.exit}) is shared between them, unlike separate processes.
     * Only the user's own classes are loaded per rank.
     *
     * @param ranks the number of ranks (at least 1)
     * @param mainClass the name of the class whose {@code main} each rank runs
     * @param classPath the program's class path, loaded once per rank
     * @param args the program's arguments
     * @param timeout how long to wait at most
     * @param tagOutput whether each line a rank prints starts with its rank
     */
    public static void runMain(int ranks, String mainClass, URL[] classPath, String[] args, Duration timeout, boolean tagOutput) {
        Engines.current().runMain(ranks, timeout == null ? 0 : timeout.toNanos(), objectCodec(), mainClass, classPath, args, tagOutput);
    }

    /**
     * The world communicator of the calling rank; outside a job, a world of one rank. Threads
     * a rank starts belong to it. On a thread of no rank (a parallel stream's or
     * {@code CompletableFuture}'s pool thread) while a job runs in this JVM, it throws
     * {@link ErrorClass#COMM} rather than guess: call it on the rank's thread and hand the
     * communicator to the task.
     *
     * @return the calling rank's world communicator
     */
    public static Comm world() {
        return Engines.current().world();
    }

    /**
     * A communicator holding only the calling rank.
     *
     * @return a communicator holding only the calling rank
     */
    public static Comm self() {
        return Engines.current().self();
    }

    /**
     * The thread support the engine grants: {@link ThreadLevel#MULTIPLE} on the thread engine,
     * as mpi4py's default, so threads a rank starts may all send and receive.
     *
     * @return the thread level the engine grants
     */
    public static ThreadLevel threadLevel() {
        return Engines.current().threadLevel();
    }

    /**
     * The intercommunicator to the ranks that spawned this one ({@link Comm#spawn}), as
     * {@code MPI_Comm_get_parent}; null in a rank nobody spawned.
     *
     * @return the parent intercommunicator, or null
     */
    public static Intercomm parent() {
        return Engines.current().parent();
    }

    /**
     * The thread support granted, as {@code MPI_Query_thread} reports it: the same as
     * {@link #threadLevel()}.
     *
     * @return the thread level the engine grants
     */
    public static ThreadLevel queryThread() {
        return Engines.current().threadLevel();
    }

    /**
     * Whether the calling thread is the rank's main thread ({@code MPI_Is_thread_main}): on
     * the thread engine, the thread that runs the rank's body or {@code main}; on the MPI
     * engine, the thread that started the library.
     *
     * @return whether the calling thread is the rank's main thread
     */
    public static boolean isThreadMain() {
        return Engines.current().isThreadMain();
    }

    /**
     * The name of the machine the calling rank runs on ({@code MPI_Get_processor_name}).
     *
     * @return the name of the machine the calling rank runs on
     */
    public static String processorName() {
        return Engines.current().processorName();
    }

    /**
     * The version of what carries the messages ({@code MPI_Get_library_version}): the MPI
     * library's own text on the MPI engine, parallel4j's thread engine and version otherwise.
     *
     * @return the version text
     */
    public static String libraryVersion() {
        return Engines.current().libraryVersion();
    }

    /**
     * Gives the calling rank a buffer of {@code bytes} for {@link Comm#bsend} ({@code MPI_Buffer_attach}).
     * A rank has at most one; each buffered message takes its size plus {@link #BSEND_OVERHEAD}
     * until it is received.
     *
     * @param bytes the buffer's size in bytes, not negative
     */
    public static void attachBuffer(int bytes) {
        Engines.current().attachBuffer(bytes);
    }

    /**
     * Waits until every buffered message of the calling rank has been received, then removes
     * its buffer ({@code MPI_Buffer_detach}).
     *
     * @return the size of the buffer removed, in bytes
     */
    public static int detachBuffer() {
        return Engines.current().detachBuffer();
    }

    /** The bytes each buffered message takes in the attached buffer beyond its data (at least the libraries' {@code MPI_BSEND_OVERHEAD}). */
    public static final int BSEND_OVERHEAD = 128;

    /**
     * True when called from a rank of a running job.
     *
     * @return true when called from a rank of a running job
     */
    public static boolean inJob() {
        return Engines.current().inJob();
    }

    /**
     * Seconds since an arbitrary fixed point, for timing (MPI_Wtime).
     *
     * @return seconds since an arbitrary fixed point, for timing (MPI_Wtime)
     */
    public static double wtime() {
        return Engines.current().wtime();
    }

    /**
     * The resolution of {@link #wtime()} in seconds.
     *
     * @return the resolution of {@link #wtime()} in seconds
     */
    public static double wtick() {
        return Engines.current().wtick();
    }

    /**
     * The codec of the object tier for jobs started from now on.
     *
     * @return the codec of the object tier for jobs started from now on
     */
    public static ObjectCodec objectCodec() {
        ObjectCodec c = codec;
        if (c == null) {
            String name = System.getProperty("p4j.mpi.codec");
            if (name == null) {
                c = ObjectCodec.standard();
            } else {
                try {
                    c = (ObjectCodec) Class.forName(name).getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException | ClassCastException e) {
                    throw new MpiException(ErrorClass.ARG, "p4j.mpi.codec=" + name + " is not an ObjectCodec with a public no-argument constructor", e);
                }
            }
            codec = c;
        }
        return c;
    }

    /**
     * Sets the codec of the object tier for jobs started from now on.
     *
     * @param objectCodec the codec of object messages
     */
    public static void setObjectCodec(ObjectCodec objectCodec) {
        codec = java.util.Objects.requireNonNull(objectCodec, "objectCodec");
    }
}
