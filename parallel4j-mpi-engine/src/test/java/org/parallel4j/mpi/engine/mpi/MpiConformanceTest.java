package org.parallel4j.mpi.engine.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The engine-bound conformance suite of {@code org.parallel4j} ({@code CommMatrix}'s tests),
 * unchanged, on the MPI engine under each library's own launcher at 2, 3 and 4 processes
 * (3 and 4 oversubscribe a 2-core machine: the engine's polled waits), once more with the
 * collective checking mode on, and once with the library granting only SERIALIZED (every call
 * then takes one lock, and the threads-at-once tests still pass). Skipped, with the reason, where a library is not installed.
 */
class MpiConformanceTest {
    private static final Pattern SUMMARY = Pattern.compile("conformance: rank (\\d+) of (\\d+) on [^:]+: (\\d+) succeeded, (\\d+) failed");

    @ParameterizedTest(name = "{0}, {1} processes{2}")
    @CsvSource({"openmpi, 2, ''", "openmpi, 3, ''", "openmpi, 4, ''", "mpich, 2, ''", "mpich, 3, ''", "mpich, 4, ''",
            "openmpi, 3, ' -Dp4j.mpi.check=true'", "mpich, 2, ' -Dp4j.mpi.threadLevel=SERIALIZED'"})
    @Timeout(400)
    void theConformanceSuitePassesUnderTheRealLauncher(String library, int processes, String options) throws Exception {
        Abi.Family family = MpiJobs.family(library);
        List<String> jvm = options.isBlank() ? List.of() : List.of(options.trim());
        MpiJobs.Result r = MpiJobs.run(family, processes, 360, jvm, ConformanceMain.class.getName());
        Matcher m = SUMMARY.matcher(r.output());
        int ranksReporting = 0;
        while (m.find()) {
            ranksReporting++;
            assertEquals(processes, Integer.parseInt(m.group(2)), m.group());
            assertEquals(0, Integer.parseInt(m.group(4)), m.group() + "\n" + tail(r.output()));
            assertTrue(Integer.parseInt(m.group(3)) >= 100, "too few tests ran: " + m.group());
        }
        assertEquals(processes, ranksReporting, "every rank reports its summary:\n" + tail(r.output()));
        assertEquals(0, r.exitCode(), tail(r.output()));
        System.out.printf("conformance on %s, %d processes%s: %.1f s%n", library, processes, options, r.seconds());
    }

    /**
     * The one-sided tests once more on Open MPI with the components {@code -Dp4j.mpi.osc=ucx}
     * chooses: the library's default refuses (here, with a clear error) the compareAndSwap and the
     * one-process windows that these run.
     */
    @ParameterizedTest(name = "{0} processes")
    @CsvSource({"2"})
    @Timeout(200)
    void theOneSidedTestsPassOnOpenMpisUcxComponents(int processes) throws Exception {
        MpiJobs.Result r = MpiJobs.run(MpiJobs.family("openmpi"), processes, 180, List.of("-Dp4j.mpi.osc=ucx"),
                ConformanceMain.class.getName(), "org\\.parallel4j\\.mpi\\.OneSidedTest");
        Matcher m = SUMMARY.matcher(r.output());
        int ranksReporting = 0;
        while (m.find()) {
            ranksReporting++;
            assertEquals(0, Integer.parseInt(m.group(4)), m.group() + "\n" + tail(r.output()));
            assertTrue(Integer.parseInt(m.group(3)) >= 15, "too few tests ran: " + m.group());
        }
        assertEquals(processes, ranksReporting, "every rank reports its summary:\n" + tail(r.output()));
        assertEquals(0, r.exitCode(), tail(r.output()));
    }

    static String tail(String s) {
        return s.length() <= 6000 ? s : "...\n" + s.substring(s.length() - 6000);
    }
}
