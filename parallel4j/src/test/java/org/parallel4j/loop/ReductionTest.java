package org.parallel4j.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reductions equal the serial result (exactly, in deterministic mode, for any thread count). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReductionTest {
    private static final Team TEAM = Team.create(7);
    private static final Schedule[] SCHEDULES = {Schedule.staticBlocks(), Schedule.staticChunks(3), Schedule.dynamic(5), Schedule.guided(2)};

    @AfterAll
    static void close() {
        TEAM.close();
    }

    @Test
    void integerReductionsEqualSerial() {
        int n = 12_345;
        for (int t : LoopCoverageTest.THREADS) {
            for (Schedule s : SCHEDULES) {
                ParallelFor loop = TEAM.range(0, n).threads(t).schedule(s);
                assertEquals((long) n * (n - 1) / 2, loop.reduceLong(Reduction.SUM, i -> i));
                assertEquals(-7L, loop.reduceLong(Reduction.MIN, i -> i == 4000 ? -7 : i));
                assertEquals(n - 1, loop.reduceInt(Reduction.MAX, i -> i));
                assertEquals(0L, loop.reduceLong(Reduction.BAND, i -> i));
                assertEquals(16383L, loop.reduceLong(Reduction.BOR, i -> i));
                long xor = 0;
                for (int i = 0; i < n; i++) {
                    xor ^= i * 31L;
                }
                assertEquals(xor, loop.reduceLong(Reduction.BXOR, i -> i * 31L));
                int wrapped = 0;
                for (int i = 0; i < n; i++) {
                    wrapped += i * 100_000;
                }
                assertEquals(wrapped, loop.reduceInt(Reduction.SUM, i -> i * 100_000));
                assertEquals(1L << 20, TEAM.range(0, 20).threads(t).schedule(s).reduceLong(Reduction.PROD, i -> 2));
                assertEquals((n + 2) / 3, loop.count(i -> i % 3 == 0));
                assertTrue(loop.anyMatch(i -> i == n - 1));
                assertFalse(loop.anyMatch(i -> i < 0));
                assertTrue(loop.allMatch(i -> i >= 0));
                assertFalse(loop.allMatch(i -> i != 17));
            }
        }
    }

    @Test
    void emptyRangesGiveTheIdentity() {
        assertEquals(0.0, TEAM.range(5, 5).sum(i -> 1));
        assertEquals(Double.POSITIVE_INFINITY, TEAM.range(5, 5).reduceDouble(Reduction.MIN, i -> 1));
        assertEquals(Integer.MAX_VALUE, TEAM.range(5, 5).reduceInt(Reduction.MIN, i -> 1));
        assertEquals(-1L, TEAM.range(5, 5).reduceLong(Reduction.BAND, i -> 1));
        assertEquals(-1, TEAM.range(5, 5).argMax(i -> i));
        assertTrue(TEAM.range(5, 5).allMatch(i -> false));
    }

    @Test
    void doubleReductionsMatchSerialWithinRounding() {
        int n = 100_000;
        double serial = 0;
        for (int i = 0; i < n; i++) {
            serial += Math.sin(i);
        }
        for (int t : LoopCoverageTest.THREADS) {
            for (Schedule s : SCHEDULES) {
                assertEquals(serial, TEAM.range(0, n).threads(t).schedule(s).sum(Math::sin), 1e-9);
                assertEquals(-1.0, TEAM.range(0, n).threads(t).schedule(s).reduceDouble(Reduction.MIN, i -> Math.cos(i * Math.PI)), 1e-12);
                assertEquals(1.0, TEAM.range(0, 50).threads(t).schedule(s).reduceDouble(Reduction.PROD, i -> 1.0), 0.0);
            }
        }
    }

    @Test
    void deterministicModeGivesTheSameBitsForAnyThreadCountAndSchedule() {
        int n = 1_000_003;
        double reference = TEAM.range(0, n).threads(1).deterministic().sum(i -> 1.0 / (1 + i) * (i % 2 == 0 ? 1 : -1.0000001));
        long refBits = Double.doubleToRawLongBits(reference);
        StringBuilder acc = new StringBuilder();
        for (int t : LoopCoverageTest.THREADS) {
            for (Schedule s : SCHEDULES) {
                double v = TEAM.range(0, n).threads(t).schedule(s).deterministic().sum(i -> 1.0 / (1 + i) * (i % 2 == 0 ? 1 : -1.0000001));
                assertEquals(refBits, Double.doubleToRawLongBits(v), t + " threads, " + s);
                String joined = TEAM.range(0, 5000).threads(t).schedule(s).deterministic()
                        .reduce(StringBuilder::new, (sb, a, b) -> sb.append(a).append('-'), (x, y) -> x.append(y)).toString();
                if (acc.isEmpty()) {
                    acc.append(joined);
                }
                assertEquals(acc.toString(), joined);
            }
        }
    }

    @Test
    void argMinAndArgMaxPickTheLowestIndexOnTies() {
        for (int t : LoopCoverageTest.THREADS) {
            for (Schedule s : SCHEDULES) {
                ParallelFor loop = TEAM.range(0, 10_000).threads(t).schedule(s);
                assertEquals(3000, loop.argMax(i -> i % 3000 == 0 && i > 0 ? 5 : 1));
                assertEquals(0, loop.argMin(i -> 7));
                assertEquals(9999, loop.argMin(i -> -i));
                assertEquals(42, loop.argMax(i -> i == 42 ? 1 : (i % 2 == 0 ? Double.NaN : 0)));
            }
        }
    }

    @Test
    void userDefinedReductionCombinesInThreadOrder() {
        for (int t : LoopCoverageTest.THREADS) {
            long[] histogram = TEAM.range(0, 10_000).threads(t).schedule(Schedule.dynamic(17)).reduce(() -> new long[10],
                    (h, a, b) -> {
                        for (int i = a; i < b; i++) {
                            h[i % 10]++;
                        }
                        return h;
                    }, (x, y) -> {
                        for (int k = 0; k < 10; k++) {
                            x[k] += y[k];
                        }
                        return x;
                    });
            for (long c : histogram) {
                assertEquals(1000, c);
            }
            double chunked = TEAM.range(0, 1000).threads(t).reduceDoubleRange(Reduction.SUM, (a, b) -> {
                double s = 0;
                for (int i = a; i < b; i++) {
                    s += i;
                }
                return s;
            });
            assertEquals(499_500.0, chunked);
        }
    }
}
