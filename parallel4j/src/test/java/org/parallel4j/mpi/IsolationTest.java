package org.parallel4j.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.parallel4j.testprograms.PrintingProgram;
import org.parallel4j.testprograms.StaticRankProgram;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each rank loads the user's classes through its own loader: static state is per rank. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IsolationTest {
    /** Filled by {@link StaticRankProgram} through a class every rank shares (the JDK's). */
    static final String RESULTS = "p4j.test.isolation";

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    @Requires({Capability.INLINE_JOBS, Capability.RANK_CLASS_ISOLATION})
    void aProgramThatKeepsItsRankInAStaticFieldWorks(int ranks) throws Exception {
        ConcurrentHashMap<Integer, Integer> results = new ConcurrentHashMap<>();
        System.getProperties().put(RESULTS, results);
        URL testClasses = StaticRankProgram.class.getProtectionDomain().getCodeSource().getLocation();
        Mpi.runMain(ranks, StaticRankProgram.class.getName(), new URL[] {testClasses}, new String[0], Duration.ofSeconds(30));
        assertEquals(ranks, results.size());
        for (int r = 0; r < ranks; r++) {
            assertEquals(r, results.get(r), "rank " + r + " saw another rank's static field");
        }
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 3, 7})
    @Requires({Capability.INLINE_JOBS})
    void tagOutputStartsEveryLineWithItsRank(int ranks) throws Exception {
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream outBytes = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream errBytes = new java.io.ByteArrayOutputStream();
        URL testClasses = PrintingProgram.class.getProtectionDomain().getCodeSource().getLocation();
        try {
            System.setOut(new java.io.PrintStream(outBytes, true));
            System.setErr(new java.io.PrintStream(errBytes, true));
            Mpi.runMain(ranks, PrintingProgram.class.getName(), new URL[] {testClasses}, new String[0], Duration.ofSeconds(30), true);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        java.util.List<String> lines = outBytes.toString().lines().toList();
        assertEquals(2 * ranks, lines.size(), lines.toString());
        for (int r = 0; r < ranks; r++) {
            assertTrue(lines.contains("[" + r + "] hello from " + r), lines.toString());
            assertTrue(lines.contains("[" + r + "] in pieces " + r), lines.toString());
            assertTrue(errBytes.toString().lines().toList().contains("[" + r + "] err " + r), errBytes.toString());
        }
        assertEquals(out, System.out);
    }
}
