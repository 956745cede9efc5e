package org.parallel4j.mpi.engine.mpi;

import org.parallel4j.mpi.MpiException;
import org.parallel4j.mpi.engine.Engine;
import org.parallel4j.mpi.engine.EngineProvider;

/**
 * The MPI engine behind the SPI ({@code --engine mpi}): available where an MPI library is
 * found ({@link Library}), chosen without a flag when a launcher started this process.
 * Found by {@link java.util.ServiceLoader}, so only programs with this module see it.
 */
public final class MpiEngineProvider implements EngineProvider {
    /** The engine's name. */
    static final String NAME = "mpi";

    /** For the service loader. */
    public MpiEngineProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String describe() {
        return "one process per rank over the system's MPI library (Open MPI or MPICH, through java.lang.foreign)";
    }

    @Override
    public Probe probe() {
        Library.Choice c = Library.choose();
        if (c.error() != null) {
            return new Probe(false, c.error());
        }
        if (MpiEngine.started()) {
            MpiEngine e = MpiEngine.get();
            return new Probe(true, Native.LIB.path() + ": " + Native.LIB.version() + "; " + Native.ABI.family.label + " ABI; thread level "
                    + e.threadLevel + (e.polled ? "; polled waits (more ranks than cores)" : "")
                    + (MpiEngine.oneSidedComponents == null ? "" : "; one-sided components " + MpiEngine.oneSidedComponents));
        }
        try {
            Library l = Library.current();
            return new Probe(true, l.path() + ": " + l.version() + "; " + l.abi().family.label + " ABI (" + l.why() + ")");
        } catch (MpiException e) {
            return new Probe(false, e.getMessage());
        }
    }

    @Override
    public boolean launchedThisProcess() {
        return Launcher.inJob();
    }

    @Override
    public Engine engine() {
        return MpiEngine.get();
    }

    /**
     * The size of the job a launcher started this process in ({@code mpirun -n N p4j run Main}
     * runs one rank per process, N of them), or -1 outside such a job.
     *
     * @return the number of processes the launcher started, or -1
     */
    public static int launchedWorldSize() {
        return Launcher.inJob() ? Launcher.worldSize(System.getenv()) : -1;
    }

    /** The launcher command for {@code p4j run -n N --engine mpi}: the library's launcher running {@code command} N times. */
    public static java.util.List<String> launchCommand(int processes, java.util.List<String> launcherArgs, java.util.List<String> command) {
        Library l = Library.current();
        String program = Launcher.program(l.abi().family);
        if (program == null) {
            throw new MpiException(org.parallel4j.mpi.ErrorClass.ARG, "no launcher for " + l.abi().family.label + " on the PATH (looked for "
                    + (l.abi().family == Abi.Family.OPEN_MPI ? "mpirun.openmpi, mpirun" : "mpiexec.mpich, mpiexec.hydra, mpiexec")
                    + "): " + Library.PACKAGES);
        }
        return Launcher.command(l.abi().family, program, processes, launcherArgs, command);
    }

    /**
     * Prints the thread level the library grants ({@code p4j info} runs this as a one-process
     * job): "MULTIPLE (requested MULTIPLE)", or the lower level and that calls are then serialized.
     */
    public static void main(String[] args) {
        MpiEngine e = MpiEngine.get();
        System.out.println(e.threadLevel + (e.threadLevel == org.parallel4j.mpi.ThreadLevel.MULTIPLE ? " (MULTIPLE requested)"
                : " (less than MULTIPLE: parallel4j serializes every MPI call behind one lock and waits by polling,"
                + " so any thread of a rank may still call it)"));
    }

    /** The library file the engine would load here (for the ranks a launcher starts: they load the same one). */
    public static String libraryPath() {
        return Library.current().path();
    }
}
