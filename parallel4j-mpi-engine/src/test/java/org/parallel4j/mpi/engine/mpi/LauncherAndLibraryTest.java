package org.parallel4j.mpi.engine.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a launcher is recognised and called, and how a library is chosen: no MPI job needed. */
class LauncherAndLibraryTest {
    @Test
    void eachLaunchersEnvironmentIsRecognised() {
        assertEquals(Abi.Family.OPEN_MPI, Launcher.detectFamily(Map.of("OMPI_COMM_WORLD_SIZE", "4")));
        assertEquals(Abi.Family.MPICH, Launcher.detectFamily(Map.of("PMI_RANK", "0", "PMI_SIZE", "2")));
        assertNull(Launcher.detectFamily(Map.of("SLURM_PROCID", "3", "SLURM_STEP_ID", "0")));
        assertTrue(Launcher.inJob(Map.of("SLURM_PROCID", "3", "SLURM_STEP_ID", "0")));
        assertTrue(!Launcher.inJob(Map.of("SLURM_PROCID", "3")), "a Slurm allocation without a step is not a job step");
        assertTrue(!Launcher.inJob(Map.of("PATH", "/usr/bin")));
    }

    @Test
    void eachLaunchersJobSizeIsRead() {
        assertEquals(3, Launcher.worldSize(java.util.Map.of("OMPI_COMM_WORLD_SIZE", "3", "OMPI_COMM_WORLD_RANK", "0")));
        assertEquals(5, Launcher.worldSize(java.util.Map.of("PMI_SIZE", "5", "PMI_RANK", "2")));
        assertEquals(4, Launcher.worldSize(java.util.Map.of("SLURM_NTASKS", "4", "SLURM_PROCID", "1", "SLURM_STEP_ID", "0")));
        assertEquals(-1, Launcher.worldSize(java.util.Map.of("PATH", "/bin")));
        assertEquals(-1, Launcher.worldSize(java.util.Map.of("PMI_SIZE", "many")));
    }

    @Test
    void hostsAndHostfilesAreSpelledForEachLauncher() {
        List<String> ompi = Launcher.command(Abi.Family.OPEN_MPI, "mpirun", 3, List.of("--hostfile", "/h", "--host", "a,b"), List.of("java", "Main"));
        assertEquals("mpirun", ompi.getFirst());
        assertTrue(ompi.contains("--oversubscribe"), ompi.toString());
        int n = ompi.indexOf("-n");
        assertEquals(List.of("-n", "3", "--hostfile", "/h", "--host", "a,b", "java", "Main"), ompi.subList(n, ompi.size()));
        List<String> mpich = Launcher.command(Abi.Family.MPICH, "mpiexec.mpich", 3, List.of("--hostfile", "/h", "--host", "a,b"), List.of("java", "Main"));
        assertEquals(List.of("mpiexec.mpich", "-n", "3", "-f", "/h", "-hosts", "a,b", "java", "Main"), mpich);
    }

    @Test
    void aLibraryThatIsNotThereIsOneMessageNamingThePackages() {
        Library.Choice c = Library.choose("/nowhere/libmpi.so", null, null);
        assertNull(c.path());
        assertTrue(c.error().contains("/nowhere/libmpi.so") && c.error().contains("openmpi-bin libopenmpi-dev")
                && c.error().contains("mpich libmpich-dev"), c.error());
        Library.Choice byEnv = Library.choose(null, "libnotmpi.so.99", null);
        assertTrue(byEnv.error().contains("P4J_MPI_LIBRARY=libnotmpi.so.99"), byEnv.error());
    }

    @Test
    void aThreadLevelThatIsNoneIsAnErrorNamingTheChoices() {
        String before = System.getProperty(MpiEngine.THREAD_LEVEL_PROPERTY);
        try {
            System.setProperty(MpiEngine.THREAD_LEVEL_PROPERTY, "several");
            var e = org.junit.jupiter.api.Assertions.assertThrows(org.parallel4j.mpi.MpiException.class, MpiEngine::requestedThreadLevel);
            assertTrue(e.getMessage().contains("several") && e.getMessage().contains("SERIALIZED or MULTIPLE"), e.getMessage());
            System.setProperty(MpiEngine.THREAD_LEVEL_PROPERTY, "serialized");
            assertEquals(org.parallel4j.mpi.ThreadLevel.SERIALIZED, MpiEngine.requestedThreadLevel());
        } finally {
            if (before == null) {
                System.clearProperty(MpiEngine.THREAD_LEVEL_PROPERTY);
            } else {
                System.setProperty(MpiEngine.THREAD_LEVEL_PROPERTY, before);
            }
        }
    }

    @Test
    void theNodesCoresAreCountedWhateverTheBinding() {
        assertTrue(Launcher.nodeCores() >= 1);
        assertTrue(Launcher.nodeCores() >= Runtime.getRuntime().availableProcessors());
    }
}
