package org.parallel4j.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parallel4j.RandomTries;

/**
 * Random sequences of a region's constructs (worksharing loops with and without their barrier,
 * ordered loops, single, master, critical, reductions, barriers), every thread of the region
 * meeting the same sequence, on 1 to 5 threads of a team of 3: every iteration once, ordered
 * sections in iteration order, single bodies once with every thread seeing the result, master
 * bodies on thread 0, critical sections never overlapping, reductions exact, and after a barrier
 * every thread sees what every other wrote before it.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RandomRegionTest {
    private static final Team TEAM = Team.create(3);

    private static Schedule schedule(SplittableRandom r) {
        int chunk = 1 + r.nextInt(r.nextBoolean() ? 4 : 500);
        return switch (r.nextInt(4)) {
            case 0 -> Schedule.staticBlocks();
            case 1 -> Schedule.staticChunks(chunk);
            case 2 -> Schedule.dynamic(chunk);
            default -> Schedule.guided(chunk);
        };
    }

    /** One construct of the sequence, drawn before the region runs so that every thread meets the same ones. */
    private record Step(int kind, int lo, int hi, Schedule schedule) {
    }

    @Test
    void randomSequencesOfConstructsBehaveAsOpenMpSays() {
        RandomTries.run(150, r -> {
            int threads = 1 + r.nextInt(5);
            List<Step> steps = new ArrayList<>();
            for (int k = 0; k < 1 + r.nextInt(12); k++) {
                int lo = r.nextInt(-100, 100);
                int n = r.nextInt(5) == 0 ? r.nextInt(3) : r.nextInt(5000);
                steps.add(new Step(r.nextInt(9), lo, lo + n, schedule(r)));
            }
            int stepCount = steps.size();
            AtomicIntegerArray[] hits = new AtomicIntegerArray[stepCount];
            List<ConcurrentLinkedQueue<Integer>> ordered = new ArrayList<>();
            AtomicInteger[] runs = new AtomicInteger[stepCount];
            int[] plainInCritical = new int[stepCount];
            long[][] written = new long[stepCount][threads];
            for (int k = 0; k < stepCount; k++) {
                hits[k] = new AtomicIntegerArray(Math.max(0, steps.get(k).hi - steps.get(k).lo));
                ordered.add(new ConcurrentLinkedQueue<>());
                runs[k] = new AtomicInteger();
            }
            ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
            TEAM.region(threads, region -> {
                int me = region.threadId();
                if (region.numThreads() != threads) {
                    wrong.add("numThreads " + region.numThreads() + " for " + threads);
                }
                for (int k = 0; k < stepCount; k++) {
                    Step s = steps.get(k);
                    int at = k;
                    switch (s.kind) {
                        case 0 -> region.forLoop(s.lo, s.hi, s.schedule, i -> hits[at].incrementAndGet(i - s.lo));
                        case 1 -> {
                            region.forLoopNowait(s.lo, s.hi, s.schedule, i -> hits[at].incrementAndGet(i - s.lo));
                            region.barrier();
                        }
                        case 2 -> region.forRange(s.lo, s.hi, s.schedule, (a, b) -> {
                            for (int i = a; i < b; i++) {
                                hits[at].incrementAndGet(i - s.lo);
                            }
                        });
                        case 3 -> region.forOrdered(s.lo, s.hi, s.schedule, (i, o) -> {
                            hits[at].incrementAndGet(i - s.lo);
                            o.run(() -> ordered.get(at).add(i));
                        });
                        case 4 -> {
                            int got = region.single(() -> runs[at].incrementAndGet() * 1000 + at);
                            if (got != 1000 + at) {
                                wrong.add("single gave " + got + " at step " + at);
                            }
                        }
                        case 5 -> {
                            region.master(() -> {
                                runs[at].incrementAndGet();
                                if (region.threadId() != 0) {
                                    wrong.add("master ran on thread " + region.threadId());
                                }
                            });
                            region.barrier();
                        }
                        case 6 -> {
                            for (int rep = 0; rep < 50; rep++) {
                                region.critical(() -> plainInCritical[at]++); // a plain int: lost updates if sections overlap
                            }
                            region.barrier();
                        }
                        case 7 -> {
                            long sum = region.reduce(Reduction.SUM, (long) me + 1);
                            double max = region.reduce(Reduction.MAX, (double) me);
                            if (sum != (long) threads * (threads + 1) / 2 || max != threads - 1) {
                                wrong.add("reductions gave " + sum + ", " + max + " on " + threads + " threads");
                            }
                        }
                        default -> {
                            written[at][me] = 31L * at + me + 1;
                            region.barrier();
                            for (int t = 0; t < threads; t++) {
                                if (written[at][t] != 31L * at + t + 1) {
                                    wrong.add("after a barrier thread " + me + " saw " + written[at][t] + " from thread " + t);
                                }
                            }
                            region.barrier();
                        }
                    }
                }
            });
            assertTrue(wrong.isEmpty(), String.join("; ", wrong));
            for (int k = 0; k < stepCount; k++) {
                Step s = steps.get(k);
                String what = "step " + k + " of " + steps + ", " + threads + " threads";
                switch (s.kind) {
                    case 0, 1, 2, 3 -> {
                        for (int i = 0; i < hits[k].length(); i++) {
                            assertEquals(1, hits[k].get(i), "iteration " + (s.lo + i) + " ran " + hits[k].get(i) + " times, " + what);
                        }
                        if (s.kind == 3) {
                            List<Integer> expected = new ArrayList<>();
                            for (int i = s.lo; i < s.hi; i++) {
                                expected.add(i);
                            }
                            assertEquals(expected, new ArrayList<>(ordered.get(k)), "ordered sections out of order, " + what);
                        }
                    }
                    case 4, 5 -> assertEquals(1, runs[k].get(), "single/master bodies run, " + what);
                    case 6 -> assertEquals(50 * threads, plainInCritical[k], "critical sections overlapped, " + what);
                    default -> { }
                }
            }
        });
    }
}
