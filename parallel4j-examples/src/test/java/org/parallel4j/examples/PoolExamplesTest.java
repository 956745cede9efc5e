package org.parallel4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parallel4j.examples.pool.PoolPi;
import org.parallel4j.examples.pool.PrimesPool;
import org.parallel4j.examples.pool.PrimesQueue;
import org.parallel4j.examples.pool.SharedValue;
import org.parallel4j.examples.pool.ThreadpoolIo;
import org.parallel4j.pool.Pool;

/** The pool examples give the workshop's results, on threads and on worker JVMs. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PoolExamplesTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"threads", "processes"})
    void primesPoolFinds5411WithTheWorkshopsEnds(String kind) {
        try (Pool pool = kind.equals("threads") ? Pool.threads(2) : Pool.processes(2)) {
            List<Integer> primes = PrimesPool.primes(pool);
            assertEquals(5411, primes.size());
            assertEquals(100000007, primes.getFirst());
            assertEquals(100099981, primes.getLast());
        }
    }

    @Test
    void primesQueueFinds5411InAnyOrder() {
        List<Integer> primes = PrimesQueue.primes(2);
        assertEquals(5411, primes.size());
        assertEquals(5411, new HashSet<>(primes).size());
    }

    @Test
    void poolPiIsTheSameOnAnyPool() {
        double one;
        try (Pool pool = Pool.threads(1)) {
            one = PoolPi.estimate(pool, 200_000);
        }
        try (Pool pool = Pool.processes(2)) {
            assertEquals(one, PoolPi.estimate(pool, 200_000));
        }
        assertEquals(Math.PI, one, 0.01);
    }

    @Test
    void sharedValueIsSeenByTheParent() {
        Object[] r = SharedValue.run();
        assertEquals(3.1415927, (double) r[0]);
        assertArrayEquals(new int[] {0, -1, -2, -3, -4, -5, -6, -7, -8, -9}, (int[]) r[1]);
    }

    @Test
    void threadpoolIoSquaresTheInputs() {
        assertEquals(List.of(1.0, 64.0, 2.25, 4.0), ThreadpoolIo.onPool(0.01));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "range {0}: {1} primes")
    @org.junit.jupiter.params.provider.CsvSource({"A, 551", "B, 5411", "D, 4832"})
    void primesSerialFindsTheWorkshopsCounts(String range, int count) {
        List<Long> p = org.parallel4j.examples.pool.PrimesSerial.primes(org.parallel4j.examples.pool.PrimesSerial.range(range));
        assertEquals(count, p.size());
        for (long n : p.subList(0, 10)) {
            assertTrue(java.math.BigInteger.valueOf(n).isProbablePrime(50), n + " is not prime");
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> org.parallel4j.examples.pool.PrimesSerial.range("F"));
    }

    @Test
    void cythonBaselinesGiveTheWorkshopsValues() {
        assertEquals(List.of(2, 3, 5, 7, 11, 13, 17, 19, 23, 29), org.parallel4j.examples.loop.CythonBaselines.primes(10));
        assertEquals(832040.0, org.parallel4j.examples.loop.CythonBaselines.fib(30));
        assertEquals(0.0, org.parallel4j.examples.loop.CythonBaselines.fib(0));
        assertEquals(1.0, org.parallel4j.examples.loop.CythonBaselines.fib(2));
    }

    @Test
    void mapGivesSquaresAndCubesOnWorkerJvms() {
        List<Integer> squares = List.of(0, 1, 4, 9, 16, 25, 36, 49, 64, 81);
        assertEquals(squares, org.parallel4j.examples.pool.MapExample.byLoop(x -> x * x));
        assertEquals(List.of(squares, List.of(0, 1, 8, 27, 64, 125, 216, 343, 512, 729)), org.parallel4j.examples.pool.MapExample.byPool(2));
    }

    @Test
    void gilCpuCountdownsGiveTheSameResultsEverywhere() {
        long unit = 100_000;
        List<Long> serial = org.parallel4j.examples.pool.GilCpu.UNITS.stream()
                .map(u -> org.parallel4j.examples.pool.GilCpu.countdown(u, unit)).toList();
        assertEquals(List.of(50_000L, 400_000L, 75_000L, 100_000L), serial);
        try (Pool pool = Pool.threads(2)) {
            assertEquals(serial, pool.map(u -> org.parallel4j.examples.pool.GilCpu.countdown(u, unit), org.parallel4j.examples.pool.GilCpu.UNITS));
        }
    }

    @Test
    void authLooksUpEveryUserAndNamesAnUnknownOne() {
        try (Pool pool = Pool.threads(3)) {
            assertEquals(List.of(1001, 1002, 1003, 1004, 1005, 1006),
                    pool.map(n -> org.parallel4j.examples.pool.Auth.lookup(n, 0.01), org.parallel4j.examples.pool.Auth.NAMES));
        }
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> org.parallel4j.examples.pool.Auth.lookup("mallory", 0));
        assertTrue(e.getMessage().contains("mallory"));
    }

    @Test
    void oversubscriptionGivesTheSameAnswersBothWaysAndSaysSo() {
        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            System.setOut(new java.io.PrintStream(bytes, true));
            org.parallel4j.examples.pool.Oversubscription.main(new String[] {"20"});
        } finally {
            System.setOut(out);
        }
        String said = bytes.toString();
        int cores = Runtime.getRuntime().availableProcessors();
        int workers = Math.max(2, cores);
        assertTrue(said.contains("a pool of " + workers + " worker JVMs"), said);
        assertTrue(said.contains("sized by parallel4j (" + Math.max(1, cores / workers) + " thread"), said);
        assertTrue(said.contains("on all the cores (" + cores + " threads, " + cores * workers + " in all)"), said);
        assertTrue(said.contains("same answers both ways"), said);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> org.parallel4j.examples.pool.Oversubscription.main(new String[] {"0"}));
        assertTrue(e.getMessage().contains("'0'"), e.getMessage());
    }

    @Test
    void theKernelsAnswerDoesNotDependOnTheTeamSize() {
        double[] mine = org.parallel4j.examples.pool.Oversubscription.kernel(30);
        double[][] serial;
        try (org.parallel4j.loop.Team one = org.parallel4j.loop.Team.create(1)) {
            serial = org.parallel4j.examples.loop.Cfd.solve(one, org.parallel4j.examples.pool.Oversubscription.SCALE, 30);
        }
        double sum = 0;
        for (double[] row : serial) {
            for (double v : row) {
                sum += v;
            }
        }
        assertEquals(sum, mine[0]);
    }

    @Test
    void speedupScanTimesEveryWorkerCountOfBothKindsAndRefusesBadWork() {
        assertEquals(0L + 0 + 1 + 4 + 9, org.parallel4j.examples.pool.SpeedupScan.spin(4));
        String said = printed(() -> org.parallel4j.examples.pool.SpeedupScan.main(new String[] {"1000"}), "2");
        java.util.List<String> rows = said.lines().filter(l -> l.matches("\\d+ +\\d+\\.\\d+ +\\d+\\.\\d+x")).toList();
        assertEquals(List.of("1", "2", "1", "2"), rows.stream().map(l -> l.split(" +")[0]).toList(), said);
        assertTrue(said.contains("threads") && said.contains("processes"), said);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> org.parallel4j.examples.pool.SpeedupScan.main(new String[] {"lots"}));
        assertTrue(e.getMessage().contains("lots"), e.getMessage());
    }

    /** What {@code body} prints with {@code p4j.numThreads} set to {@code threads} (as {@code p4j example -n} sets it). */
    static String printed(Runnable body, String threads) {
        java.io.PrintStream out = System.out;
        String before = System.getProperty("p4j.numThreads");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            System.setProperty("p4j.numThreads", threads);
            System.setOut(new java.io.PrintStream(bytes, true));
            body.run();
        } finally {
            System.setOut(out);
            if (before == null) {
                System.clearProperty("p4j.numThreads");
            } else {
                System.setProperty("p4j.numThreads", before);
            }
        }
        return bytes.toString();
    }
}
