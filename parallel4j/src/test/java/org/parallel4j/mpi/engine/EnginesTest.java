package org.parallel4j.mpi.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parallel4j.mpi.ErrorClass;
import org.parallel4j.mpi.Mpi;
import org.parallel4j.mpi.MpiException;

/** The one selection rule: explicit choice, then the launcher that started this process, then threads. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EnginesTest {
    /** An engine whose launcher (pretend) started this process. */
    private static EngineProvider launched(String name) {
        return new EngineProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String describe() {
                return "a test engine";
            }

            @Override
            public Probe probe() {
                return new Probe(false, "not really here");
            }

            @Override
            public boolean launchedThisProcess() {
                return true;
            }

            @Override
            public Engine engine() {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void explicitChoiceThenLauncherThenThreads() {
        EngineProvider threads = Engines.byName("threads");
        EngineProvider mpirun = launched("fake");
        List<EngineProvider> both = List.of(threads, mpirun);
        assertSame(threads, Engines.choose(null, null, List.of(threads)).provider());
        assertEquals("the default", Engines.choose(null, null, List.of(threads)).reason());
        assertSame(mpirun, Engines.choose(null, null, both).provider(), "the launcher's engine wins over the default");
        assertSame(threads, Engines.choose("threads", null, both).provider(), "an explicit choice wins over the launcher");
        assertSame(threads, Engines.choose(null, " THREADS ", both).provider());
        assertTrue(Engines.choose(null, "threads", both).reason().contains(Engines.ENV));
        assertTrue(Engines.choose("threads", "bogus", both).reason().contains("-D" + Engines.PROPERTY), "the property before the variable");
    }

    @Test
    void anUnknownEngineNamesTheKnownOnes() {
        MpiException e = assertThrows(MpiException.class, () -> Engines.choose("mpich-typo", null, Engines.all()));
        assertEquals(ErrorClass.ARG, e.errorClass());
        assertTrue(e.getMessage().contains("unknown engine 'mpich-typo'") && e.getMessage().contains("known: threads"), e.getMessage());
    }

    @Test
    void everyEngineIsListedAndProbedWithoutStarting() {
        for (EngineProvider p : Engines.all()) {
            assertTrue(!p.name().isBlank() && !p.describe().isBlank() && p.probe() != null, p.name());
        }
        assertEquals("threads", Engines.current().name());
        assertEquals("parallel4j-threads", Engines.current().implementation());
        assertTrue(Mpi.wtick() > 0 && Mpi.wtime() >= 0);
    }
}
