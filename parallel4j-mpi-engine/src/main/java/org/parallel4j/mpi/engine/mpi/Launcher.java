package org.parallel4j.mpi.engine.mpi;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the MPI launchers tell a process through its environment, and the command lines that
 * start a job with them. Open MPI's {@code mpirun} sets {@code OMPI_COMM_WORLD_SIZE} (and, in
 * 5.x, {@code PMIX_RANK}); MPICH's Hydra ({@code mpiexec.mpich}) sets {@code PMI_RANK} and
 * {@code PMI_SIZE}; Slurm's {@code srun} sets {@code SLURM_PROCID} with {@code SLURM_STEP_ID}.
 */
final class Launcher {
    /** Set by {@code p4j} on the processes it starts under a launcher, so that they know it started them. */
    static final String STARTED_BY_P4J = "P4J_MPI_LAUNCHED";

    private Launcher() {
    }

    /** True when a launcher started this process as a rank of a job. */
    static boolean inJob() {
        return inJob(System.getenv());
    }

    static boolean inJob(Map<String, String> env) {
        return env.containsKey("OMPI_COMM_WORLD_SIZE") || env.containsKey("PMI_SIZE") || env.containsKey("PMI_RANK")
                || env.containsKey("PMIX_RANK") || (env.containsKey("SLURM_PROCID") && env.containsKey("SLURM_STEP_ID"));
    }

    /** The number of processes of the job a launcher started this process in, or -1 when it does not say. */
    static int worldSize(Map<String, String> env) {
        for (String k : List.of("OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "SLURM_NTASKS")) {
            String v = env.get(k);
            if (v != null) {
                try {
                    return Integer.parseInt(v.trim());
                } catch (NumberFormatException e) {
                    // not a count: try the next
                }
            }
        }
        return -1;
    }

    /** The library family whose launcher started this process, or null (none, or srun, which serves either). */
    static Abi.Family detectFamily() {
        return detectFamily(System.getenv());
    }

    static Abi.Family detectFamily(Map<String, String> env) {
        if (env.containsKey("OMPI_COMM_WORLD_SIZE") || env.keySet().stream().anyMatch(k -> k.startsWith("OMPI_MCA_"))) {
            return Abi.Family.OPEN_MPI;
        }
        if (env.containsKey("PMI_RANK") || env.containsKey("PMI_SIZE") || env.containsKey("HYDI_CONTROL_FD")) {
            return Abi.Family.MPICH;
        }
        return null;
    }

    /** {@code -Dp4j.mpi.interop=true} or {@code P4J_MPI_INTEROP=1}: this job has ranks that are not parallel4j's. */
    static final String INTEROP_PROPERTY = "p4j.mpi.interop";

    /**
     * True when other programs (C, Fortran) share this job's world (MPMD: {@code mpirun -n 1 ./c
     * : -n 1 java Main}): Open MPI says so ({@code OMPI_NUM_APP_CTX} above 1); with other
     * launchers, the property or variable says so.
     */
    static boolean sharedWorld() {
        if (Boolean.getBoolean(INTEROP_PROPERTY) || "1".equals(System.getenv("P4J_MPI_INTEROP"))
                || "true".equalsIgnoreCase(System.getenv("P4J_MPI_INTEROP"))) {
            return true;
        }
        try {
            return Integer.parseInt(System.getenv().getOrDefault("OMPI_NUM_APP_CTX", "1").trim()) > 1;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The launcher's name for how many of the job's processes run on this node, or 1. */
    static int ranksOnThisNode() {
        for (String k : List.of("OMPI_COMM_WORLD_LOCAL_SIZE", "MPI_LOCALNRANKS", "SLURM_NTASKS_PER_NODE")) {
            String v = System.getenv(k);
            if (v != null) {
                try {
                    return Math.max(1, Integer.parseInt(v.trim()));
                } catch (NumberFormatException ignored) {
                    // not a plain count (Slurm can say "2(x3)"): try the next
                }
            }
        }
        return 1;
    }

    /** Open MPI's {@code --hostfile F} and {@code --host a,b} as MPICH's Hydra spells them ({@code -f F}, {@code -hosts a,b}). */
    static List<String> hydraSpelling(List<String> args) {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            out.add(switch (a) {
                case "--hostfile" -> "-f";
                case "--host" -> "-hosts";
                default -> a;
            });
        }
        return out;
    }

    /**
     * The cores of this node: {@code /sys/devices/system/cpu/online}, not
     * {@code availableProcessors()}, which a launcher that binds each rank to a core (Open
     * MPI does) reduces to 1.
     */
    static int nodeCores() {
        try {
            String online = Files.readString(Path.of("/sys/devices/system/cpu/online")).trim();
            int n = 0;
            for (String part : online.split(",")) {
                String[] range = part.split("-");
                n += range.length == 1 ? 1 : Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
            }
            return Math.max(n, 1);
        } catch (java.io.IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /** The launcher program of {@code family} on this machine's PATH, or null. */
    static String program(Abi.Family family) {
        List<String> names = family == Abi.Family.OPEN_MPI ? List.of("mpirun.openmpi", "mpirun")
                : List.of("mpiexec.mpich", "mpiexec.hydra", "mpiexec");
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String name : names) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return null;
    }

    /**
     * The command that runs {@code processes} copies of {@code command} under {@code family}'s
     * launcher: as root, Open MPI's needs {@code --allow-run-as-root}; with more processes than
     * cores, {@code --oversubscribe} and a progress engine that yields
     * ({@code mpi_yield_when_idle}). {@code launcherArgs} (a hostfile, {@code --host}) come
     * before the program.
     */
    static List<String> command(Abi.Family family, String program, int processes, List<String> launcherArgs, List<String> command) {
        List<String> out = new ArrayList<>();
        out.add(program);
        boolean oversubscribed = processes > nodeCores();
        if (family == Abi.Family.OPEN_MPI) {
            if ("root".equals(System.getProperty("user.name"))) {
                out.add("--allow-run-as-root");
            }
            out.add("--oversubscribe");
            if (oversubscribed) {
                out.addAll(List.of("--mca", "mpi_yield_when_idle", "1"));
            }
        }
        out.addAll(List.of("-n", String.valueOf(processes)));
        out.addAll(family == Abi.Family.OPEN_MPI ? launcherArgs : hydraSpelling(launcherArgs));
        out.addAll(command);
        return out;
    }
}
