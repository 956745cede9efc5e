/**
 * parallel4j: the parallel-programming models Python scientists learn, for Java.
 *
 * <p>Exported: {@code org.parallel4j.mpi}, the message-passing API (mpi4py for Java).
 * Everything below {@code org.parallel4j.mpi.internal} and {@code org.parallel4j.mpi.engine}
 * is implementation and is not exported.
 */
module org.parallel4j {
    exports org.parallel4j.mpi;
}
