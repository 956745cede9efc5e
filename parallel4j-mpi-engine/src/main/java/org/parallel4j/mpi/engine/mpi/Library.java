package org.parallel4j.mpi.engine.mpi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.MpiException;

/**
 * Finds the system's MPI library and its ABI, at run time and without starting it, as
 * mpi4py 4 does: an explicit choice ({@value #PROPERTY} or {@value #ENV}: a path, a file name,
 * or {@code openmpi} / {@code mpich}), else the library of the launcher that started this
 * process (Open MPI's {@code mpirun} sets {@code OMPI_*}, MPICH's Hydra {@code PMI_*}), else the
 * first found of {@code libmpi.so.40} (Open MPI), {@code libmpich.so.12} (Debian's MPICH) and
 * {@code libmpi.so.12} (MPICH elsewhere, Intel MPI, MVAPICH). The ABI is told by the library
 * itself: Open MPI's exports {@code ompi_mpi_comm_world}.
 */
final class Library {
    /** The system property choosing the library. */
    static final String PROPERTY = "p4j.mpi.library";
    /** The environment variable choosing the library. */
    static final String ENV = "P4J_MPI_LIBRARY";
    /** The Debian packages to install for each library, for the message when none is found. */
    static final String PACKAGES = "install Open MPI (Debian: apt-get install openmpi-bin libopenmpi-dev) or MPICH "
            + "(apt-get install mpich libmpich-dev), or name the library with -D" + PROPERTY + "=/path/to/libmpi.so";

    private static final List<String> SEARCH_DIRS = List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/usr/lib64", "/usr/lib", "/usr/local/lib", "/opt/openmpi/lib", "/usr/lib64/openmpi/lib", "/usr/lib64/mpich/lib");
    private static final Map<String, List<String>> BY_NAME = Map.of(
            "openmpi", List.of("libmpi.so.40"),
            "mpich", List.of("libmpich.so.12", "libmpi.so.12"));

    private static volatile Library current;

    private final String path;
    private final SymbolLookup lookup;
    private final Abi abi;
    private final String version;
    private final String why;

    private Library(String path, SymbolLookup lookup, Abi abi, String version, String why) {
        this.path = path;
        this.lookup = lookup;
        this.abi = abi;
        this.version = version;
        this.why = why;
    }

    /** What {@link #find()} would load, without loading it: the path and why, or an error message. */
    record Choice(String path, String why, String error) {
    }

    /** The library to use here, found (and loaded) on first call; an {@link ErrorClass#ARG} error when there is none. */
    static Library current() {
        Library l = current;
        if (l == null) {
            synchronized (Library.class) {
                if (current == null) {
                    Choice c = choose();
                    if (c.error() != null) {
                        throw new MpiException(ErrorClass.ARG, c.error());
                    }
                    current = load(c.path(), c.why());
                }
                l = current;
            }
        }
        return l;
    }

    /** Which library would be used, and why, without loading anything. */
    static Choice choose() {
        return choose(System.getProperty(PROPERTY), System.getenv(ENV), Launcher.detectFamily());
    }

    static Choice choose(String property, String env, Abi.Family launchedBy) {
        if (property != null && !property.isBlank()) {
            return resolve(property.trim(), "-D" + PROPERTY + "=" + property.trim());
        }
        if (env != null && !env.isBlank()) {
            return resolve(env.trim(), ENV + "=" + env.trim());
        }
        if (launchedBy != null) {
            Choice c = resolve(launchedBy == Abi.Family.OPEN_MPI ? "openmpi" : "mpich", "started by " + launchedBy.label + "'s launcher");
            if (c.error() == null) {
                return c;
            }
        }
        for (String name : List.of("openmpi", "mpich")) {
            Choice c = resolve(name, "the first MPI library found");
            if (c.error() == null) {
                return c;
            }
        }
        return new Choice(null, null, "no MPI library found (looked for libmpi.so.40, libmpich.so.12 and libmpi.so.12 in "
                + String.join(", ", SEARCH_DIRS) + "): " + PACKAGES);
    }

    private static Choice resolve(String spec, String why) {
        List<String> files = BY_NAME.get(spec.toLowerCase(Locale.ROOT));
        if (files == null) {
            if (spec.contains("/")) {
                return Files.isReadable(Path.of(spec)) ? new Choice(spec, why, null)
                        : new Choice(null, null, why + ": no such library file " + spec + "; " + PACKAGES);
            }
            files = List.of(spec);
        }
        List<String> looked = new ArrayList<>();
        for (String file : files) {
            for (String dir : SEARCH_DIRS) {
                Path p = Path.of(dir, file);
                looked.add(p.toString());
                if (Files.isReadable(p)) {
                    return new Choice(p.toString(), why, null);
                }
            }
        }
        return new Choice(null, null, why + ": " + spec + " not found (looked at " + String.join(", ", looked.subList(0, Math.min(3, looked.size())))
                + ", ...); " + PACKAGES);
    }

    /**
     * Environment for the library, set in this process before the library is loaded (UCX reads it then) (a variable
     * the user set wins): UCX, under MPICH's ch4 device and Open MPI's UCX transport, catches
     * SIGSEGV by default, and the JVM raises SIGSEGV on purpose (implicit null checks,
     * safepoint polls), so UCX would kill the process on the first one.
     */
    static void prepareEnvironment() {
        try {
            setenv("UCX_ERROR_SIGNALS", "", false);
        } catch (Throwable e) {
            System.getLogger("org.parallel4j.mpi").log(System.Logger.Level.WARNING, "p4j: could not set UCX_ERROR_SIGNALS for the MPI library ("
                    + e + "); set UCX_ERROR_SIGNALS= (empty) yourself if the JVM crashes in UCX's signal handler");
        }
    }

    /** libc's setenv in this process (what the library reads at load and MPI_Init); true when it was set. */
    private static boolean setenv(String name, String value, boolean overwrite) throws Throwable {
        try (Arena a = Arena.ofConfined()) {
            MethodHandle setenv = Linker.nativeLinker().downcallHandle(Linker.nativeLinker().defaultLookup().find("setenv").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            return (int) setenv.invokeExact(a.allocateFrom(name), a.allocateFrom(value), overwrite ? 1 : 0) == 0;
        }
    }

    private static Library load(String path, String why) {
        prepareEnvironment();
        SymbolLookup lookup;
        try {
            lookup = SymbolLookup.libraryLookup(Path.of(path), Arena.global());
        } catch (IllegalArgumentException e) {
            throw new MpiException(ErrorClass.ARG, "cannot load the MPI library " + path + " (" + why + "): " + e.getMessage() + "; " + PACKAGES, e);
        }
        Abi abi = lookup.find("ompi_mpi_comm_world").isPresent() ? Abi.openMpi(lookup) : Abi.mpich();
        String version = "(unknown version)";
        try {
            MethodHandle mh = Linker.nativeLinker().downcallHandle(lookup.find("MPI_Get_library_version").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
            try (Arena a = Arena.ofConfined()) {
                MemorySegment text = a.allocate(8192);
                MemorySegment len = a.allocate(4);
                if ((int) mh.invokeExact(text, len) == 0) {
                    version = text.getString(0).lines().findFirst().orElse("").strip();
                }
            }
        } catch (Throwable e) {
            version = "(MPI_Get_library_version failed: " + e + ")";
        }
        return new Library(path, lookup, abi, version, why);
    }

    /** The address of {@code name}, or an error naming the library (an MPI older than MPI-3 lacks some). */
    MemorySegment symbol(String name) {
        return lookup.find(name).orElseThrow(() -> new MpiException(ErrorClass.INTERNAL, "the MPI library " + path
                + " has no function " + name + ": parallel4j needs an MPI-3 library (Open MPI 4 or later, MPICH 3.2 or later)"));
    }

    Abi abi() {
        return abi;
    }

    String path() {
        return path;
    }

    /** The first line of MPI_Get_library_version. */
    String version() {
        return version;
    }

    /** Why this library: "started by Open MPI's launcher", "-Dp4j.mpi.library=mpich". */
    String why() {
        return why;
    }

    /** {@code -Dp4j.mpi.osc=ucx}: on Open MPI, the one-sided components sm and ucx instead of the library's choice. */
    static final String OSC_PROPERTY = "p4j.mpi.osc";

    /**
     * Before MPI_Init, on Open MPI with {@code -Dp4j.mpi.osc=ucx}: sets {@code OMPI_MCA_osc=sm,ucx}
     * (shared-memory windows on sm, the others on ucx) when the ucx component is installed and
     * the environment does not set {@code OMPI_MCA_osc} already. Open MPI 4.1's default within a
     * node, osc/rdma, crashes in MPI_Compare_and_swap (see {@link NativeWin}); sm and ucx do
     * not, but are slower at the rest here. Returns what was chosen, for {@code p4j info}, or
     * null when nothing was changed.
     */
    String chooseOneSidedComponents() {
        if (abi.family != Abi.Family.OPEN_MPI || System.getenv("OMPI_MCA_osc") != null
                || !"ucx".equals(System.getProperty(OSC_PROPERTY))) {
            return null;
        }
        Path lib;
        try {
            lib = Path.of(path).toRealPath().getParent();
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
        boolean ucx = false;
        // the component directory: prefix/lib/openmpi upstream, lib/openmpi/lib/openmpi3 on Debian
        for (String dir : new String[] {"openmpi", "openmpi3", "openmpi/lib/openmpi3", "openmpi/lib/openmpi"}) {
            ucx |= Files.isReadable(lib.resolve(dir).resolve("mca_osc_ucx.so"));
        }
        if (!ucx) {
            return null;
        }
        try {
            return setenv("OMPI_MCA_osc", "sm,ucx", false) ? "sm,ucx" : null;
        } catch (Throwable t) {
            return null;
        }
    }
}
