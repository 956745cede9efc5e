package org.parallel4j.mpi.engine.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a failing rank does to a job on the MPI engine, on each library: nothing hangs, the status is non-zero, the report names the cause. */
class MpiFailureTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"openmpi", "mpich"})
    @Timeout(90)
    void anUncaughtExceptionAbortsTheJobWithItsTraceWithinTwoSeconds(String library) throws Exception {
        MpiJobs.Result r = MpiJobs.run(MpiJobs.family(library), 2, 60, List.of(), FailurePrograms.Throws.class.getName());
        long end = System.currentTimeMillis();
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("p4j: rank 1 failed") && r.output().contains("boom on rank 1")
                && r.output().contains("FailurePrograms$Throws.main"), r.output());
        Matcher m = Pattern.compile("rank 1 throws at (\\d+)").matcher(r.output());
        assertTrue(m.find(), r.output());
        long seconds = (end - Long.parseLong(m.group(1))) / 1000;
        // Two seconds is the target (the launcher's teardown included); a loaded machine gets slack.
        assertTrue(seconds < 10, "the job ended " + seconds + " s after the exception");
        System.out.printf("%s: the job ended %d ms after the exception%n", library, end - Long.parseLong(m.group(1)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"openmpi", "mpich"})
    @Timeout(90)
    void aTimeoutPrintsEveryRanksPendingOperationThenEndsTheJob(String library) throws Exception {
        MpiJobs.Result r = MpiJobs.run(MpiJobs.family(library), 2, 60, List.of(), FailurePrograms.Stuck.class.getName());
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("time limit of 2.0 s ran out"), r.output());
        assertTrue(r.output().contains("rank 0, thread \"main\": blocked in recv(peer=1, tag=5, comm=world)")
                || r.output().contains("rank 1, thread \"main\": blocked in recv(peer=0, tag=5, comm=world)"), r.output());
        assertTrue(r.seconds() < 30, "took " + r.seconds() + " s");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"openmpi", "mpich"})
    @Timeout(90)
    void aSystemExitOnOneRankEndsTheJobInsteadOfHangingTheOthers(String library) throws Exception {
        MpiJobs.Result r = MpiJobs.run(MpiJobs.family(library), 2, 60, List.of(), FailurePrograms.Exits.class.getName());
        assertNotEquals(0, r.exitCode(), r.output());
        // Hydra may stop forwarding a rank's output as soon as the job aborts: the report is asked of Open MPI only.
        assertTrue(library.equals("mpich") || r.output().contains("p4j: rank 1 called System.exit(3); ending the job"), r.output());
        assertTrue(r.seconds() < 30, "took " + r.seconds() + " s");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"openmpi", "mpich"})
    @Timeout(90)
    void abortEndsEveryRankWithItsCode(String library) throws Exception {
        MpiJobs.Result r = MpiJobs.run(MpiJobs.family(library), 2, 60, List.of(), FailurePrograms.Aborts.class.getName());
        assertTrue(r.output().contains("rank 0 called abort(7) on world"), r.output());
        if (library.equals("openmpi")) {
            assertEquals(7, r.exitCode(), r.output());
        } else {
            assertNotEquals(0, r.exitCode(), r.output());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"openmpi", "mpich"})
    @Timeout(120)
    void communicatorsDroppedWithoutFreeAreFreedSoAProgramDoesNotRunOut(String library) throws Exception {
        MpiJobs.Result r = MpiJobs.run(MpiJobs.family(library), 2, 100, List.of(), FailurePrograms.ForgetsComms.class.getName(), "3000");
        assertEquals(0, r.exitCode(), r.output());
        Matcher m = Pattern.compile("rank 0: 3000 communicators used \\(6000 members\\), (\\d+) freed after they were dropped").matcher(r.output());
        assertTrue(m.find(), r.output());
        assertTrue(Long.parseLong(m.group(1)) > 1000, r.output());
    }
}
