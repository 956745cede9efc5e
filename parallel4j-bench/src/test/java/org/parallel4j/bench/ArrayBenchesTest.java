package org.parallel4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The arrays and stream suites print the peers' cases and metrics, one figure a line (small sizes here). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ArrayBenchesTest {
    private static List<String[]> lines(java.util.function.Consumer<PrintStream> bench) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bench.accept(new PrintStream(bytes, true));
        return bytes.toString().lines().map(l -> l.split("\t")).toList();
    }

    @Test
    void arraysPrintsEveryCaseOfThePeerWithBothMetrics() {
        List<String[]> got = lines(out -> ArraysBench.run(2, 50_000, out));
        List<String> cases = List.of("triad", "hypot", "poly3", "sincos", "triad_out", "poly3_out", "sum_ab", "dot", "mean", "std", "argmax");
        assertEquals(2 * cases.size(), got.size());
        for (int i = 0; i < got.size(); i++) {
            String[] f = got.get(i);
            assertEquals(5, f.length, String.join("|", f));
            assertEquals("arrays", f[0]);
            assertEquals(cases.get(i / 2), f[1]);
            assertEquals("parallel4j", f[2]);
            assertEquals(i % 2 == 0 ? "time_ms" : "bandwidth_MBps", f[3]);
            assertTrue(Double.parseDouble(f[4]) > 0, String.join("|", f));
        }
    }

    @Test
    void streamPrintsTheFiveKernelsBandwidths() {
        List<String[]> got = lines(out -> StreamBench.run(2, 100_000, out));
        assertEquals(List.of("copy", "scale", "add", "triad", "dot"), got.stream().map(f -> f[1]).toList());
        for (String[] f : got) {
            assertEquals("stream", f[0]);
            assertEquals("bandwidth_MBps", f[3]);
            assertTrue(Double.parseDouble(f[4]) > 0, String.join("|", f));
        }
    }
}
