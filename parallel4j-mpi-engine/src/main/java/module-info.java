/**
 * The MPI engine of parallel4j: the {@code org.parallel4j.mpi} API over the system's MPI
 * library, called through {@code java.lang.foreign} (no JNI, nothing compiled here). It
 * exports nothing: {@code org.parallel4j} finds it as an
 * {@link org.parallel4j.mpi.engine.EngineProvider} service. Programs using it run with
 * {@code --enable-native-access=org.parallel4j.engine.mpi} (or {@code ALL-UNNAMED} on the class path).
 */
module org.parallel4j.engine.mpi {
    requires org.parallel4j;
    requires java.management;

    provides org.parallel4j.mpi.engine.EngineProvider with org.parallel4j.mpi.engine.mpi.MpiEngineProvider;
}
