package org.parallel4j.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
}
