/**
 * parallel4j: the parallel-programming models Python scientists learn, for Java.
 *
 * <p>Exported: {@code org.parallel4j.mpi}, the message-passing API (mpi4py for Java), and
 * {@code org.parallel4j.loop}, parallel loops on a thread team (prange / OpenMP for Java), and
 * {@code org.parallel4j.pool}, task pools over threads or worker JVMs (multiprocessing for Java), and
 * {@code org.parallel4j.array}, fused parallel array expressions (Numba / numexpr for Java).
 * Every {@code internal} and {@code engine} package is implementation: not exported, but for
 * the seam the MPI engine (module {@code org.parallel4j.engine.mpi}, a service provider) builds on.
 */
module org.parallel4j {
    exports org.parallel4j.mpi;
    exports org.parallel4j.loop;
    exports org.parallel4j.pool;
    exports org.parallel4j.array;
    // The engine seam and the shared communicator code, for the MPI engine's module only.
    exports org.parallel4j.mpi.engine to org.parallel4j.engine.mpi;
    exports org.parallel4j.mpi.internal to org.parallel4j.engine.mpi;
    uses org.parallel4j.mpi.engine.EngineProvider;

    requires java.logging; // to hear of a rank's System.exit (mpi.internal.RuntimeExits, for both engines)
    requires static me.tongfei.progressbar;
    requires static com.esotericsoftware.kryo;
    // SIMD loops of the arrays (array.internal.VectorLoops) when the JVM runs with --add-modules jdk.incubator.vector
    requires static jdk.incubator.vector; // the compact serialization of standard types (internal.CompactForm), when present
}
