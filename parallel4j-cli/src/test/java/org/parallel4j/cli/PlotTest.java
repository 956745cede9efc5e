package org.parallel4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code p4j plot}: figures in the peers' format become one PNG of bar charts, a chart per suite and metric. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PlotTest {
    @TempDir
    Path tmp;

    @Test
    void oursAndThePeersFiguresBecomeOneChartPerSuiteAndMetric() throws Exception {
        Path peers = Files.writeString(tmp.resolve("peers.tsv"), """
                pingpong\t8B\topenmpi-c\tlatency_us\t0.257
                pingpong\t8B\topenmpi-c\tbandwidth_MBps\t31.1
                pingpong\t1024B\topenmpi-c\tlatency_us\t0.414
                a note that is not a figure
                allreduce\t1double\tmpi4py\ttime_us\t3.5
                """);
        Path ours = Files.writeString(tmp.resolve("ours.tsv"), """
                pingpong\t8B\tparallel4j-threads\tlatency_us\t0.61
                pingpong\t1024B\tparallel4j-threads\tlatency_us\t1.2
                allreduce\t1double\tparallel4j-threads\ttime_us\t0.8
                """);
        P4jTest.Outcome r = P4jTest.p4j("plot", peers.toString(), ours.toString(), "-o", tmp.resolve("charts/mpi").toString());
        assertEquals(0, r.code(), r.toString());
        Path png = tmp.resolve("charts/mpi.png");
        assertTrue(r.out().contains("chart written to " + png), r.out());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(900, image.getWidth());
        assertEquals(3 * 520, image.getHeight(), "pingpong latency, pingpong bandwidth, allreduce time");
        assertEquals(List.of("latency_us", "bandwidth_MBps", "latency_us", "time_us"),
                Charts.parse(Files.readAllLines(peers)).stream().map(Charts.Figure::metric).toList().subList(0, 4));
    }

    @Test
    void nothingToDrawOrAFileThatIsNotThereIsAUsageError() throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty.tsv"), "no figures here\n");
        P4jTest.Outcome r = P4jTest.p4j("plot", empty.toString(), "-o", tmp.resolve("x.png").toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("no figures to draw"), r.err());
        r = P4jTest.p4j("plot", tmp.resolve("missing.tsv").toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("cannot read figures from " + tmp.resolve("missing.tsv")), r.err());
        r = P4jTest.p4j("bench", "omp", "--peers", empty.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--peers goes with --plot"), r.err());
    }
}
