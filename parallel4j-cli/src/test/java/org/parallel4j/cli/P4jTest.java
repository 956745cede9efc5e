package org.parallel4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The command line as a user meets it: exit codes and messages for bad input, help, options after the main class. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class P4jTest {
    record Outcome(int code, String out, String err) {
    }

    /** Runs {@code p4j args} in this JVM, capturing what it prints. */
    static Outcome p4j(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        StringWriter picoOut = new StringWriter();
        StringWriter picoErr = new StringWriter();
        try {
            System.setOut(new PrintStream(o, true));
            System.setErr(new PrintStream(e, true));
            var cli = P4j.commandLine();
            cli.setOut(new PrintWriter(picoOut, true));
            cli.setErr(new PrintWriter(picoErr, true));
            int code = cli.execute(args);
            return new Outcome(code, o + picoOut.toString(), e + picoErr.toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void badCountsAreUsageErrorsNamingTheValue() {
        for (String[] args : new String[][] {{"run", "-n", "0", "Hello"}, {"run", "-n", "-3", "Hello"}, {"bench", "mpi", "-n", "0"},
            {"demo", "-n", "0"}, {"example", "-n", "0", "cfd"}}) {
            Outcome r = p4j(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r);
            assertTrue(r.err().contains("-n ") && r.err().contains("give at least 1") && !r.err().contains("Exception"), r.err());
        }
    }

    @Test
    void theDemoListsItsSectionsRefusesAnUnknownOneAndRunsOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Outcome list = p4j("demo", "--list");
        assertEquals(0, list.code(), list.toString());
        for (String s : new String[] {"mpi", "pool", "loop", "arrays", "cfd", "grid-search", "safety"}) {
            assertTrue(list.out().lines().anyMatch(l -> l.startsWith(s + " ")), s + " in\n" + list.out());
        }
        Outcome bad = p4j("demo", "nosuch");
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().contains("no section 'nosuch'") && bad.err().contains("grid-search"), bad.err());
        Outcome safety = p4j("demo", "-n", "2", "--out", dir.toString(), "safety", "cfd");
        assertEquals(2, safety.code(), "one section at a time: " + safety);
        Outcome one = p4j("demo", "-n", "2", "--out", dir.toString(), "safety");
        assertEquals(0, one.code(), one.toString());
        assertTrue(one.out().contains("DEADLOCK") && one.out().contains("blocked in recv(source=1, tag=0)"), one.out());
        assertTrue(one.out().contains("[0, 1, 4, 9, 16, 25, 36, 49, 64, 81]"), one.out());
        Outcome cfd = p4j("demo", "-n", "2", "--out", dir.toString(), "cfd");
        assertEquals(0, cfd.code(), cfd.toString());
        assertTrue(cfd.out().contains("agree bit for bit") && cfd.out().contains("== Summary"), cfd.out());
        assertTrue(java.nio.file.Files.exists(dir.resolve("demo-speedups.png")), "the chart is written");
    }

    @Test
    void anUnknownEngineListsTheKnownOnes() {
        Outcome r = p4j("run", "--engine", "foo", "-n", "2", "Hello");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown engine 'foo' (known: threads, mpi)"), r.err());
    }

    @Test
    void anExamplesBadArgumentIsAUsageError() {
        Outcome r = p4j("example", "cfd", "1", "-5");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("iterations must be an integer of at least 0, got '-5'") && !r.err().contains("at org."), r.err());
    }

    @Test
    void optionsAfterTheMainClassAreTheProgramsAndEverySubcommandHasHelp() {
        // --size belongs to the program: p4j must not parse it (the class does not exist, so the job reports that instead).
        Outcome r = p4j("run", "-n", "1", "-cp", ".", "NoSuchMainClass", "--size", "3");
        assertTrue(!r.err().contains("Unknown option") && r.err().contains("NoSuchMainClass"), r.toString());
        for (String sub : new String[] {"run", "example", "examples", "bench", "plot", "info", "demo", "test"}) {
            Outcome h = p4j(sub, "--help");
            assertEquals(0, h.code(), sub + ": " + h);
            assertTrue(h.out().contains("Usage: p4j " + sub), sub + ": " + h.out());
        }
    }

    @Test
    void examplesAreListedOnceEachUnderTheirModelWithWhatRunsThem() {
        Outcome r = p4j("examples");
        assertEquals(0, r.code(), r.toString());
        java.util.List<String> lines = r.out().lines().toList();
        var all = org.parallel4j.examples.Examples.all();
        assertEquals(all.size(), all.stream().map(org.parallel4j.examples.Examples.Example::name).distinct().count(), "names must be unique");
        for (var e : all) {
            int heading = lines.indexOf(e.model().title());
            java.util.List<String> rows = lines.stream().filter(l -> l.startsWith("  " + e.name() + " ")).toList();
            assertEquals(1, rows.size(), e.name() + " in " + r.out());
            int at = lines.indexOf(rows.getFirst());
            assertTrue(heading >= 0 && heading < at && lines.subList(heading, at).stream().noneMatch(String::isEmpty),
                    e.name() + " is not under '" + e.model().title() + "':\n" + r.out());
            assertTrue(rows.getFirst().contains(e.runsOn()), rows.getFirst());
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  primes-queue ") && l.contains("worker JVMs")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  mpi-hello ") && l.contains("4 ranks")), r.out());
    }

    @Test
    void infoListsTheEnginesAndTheOneInUse() {
        Outcome r = p4j("info");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("engine:       threads  available") && r.out().contains("engine used:  threads"), r.out());
        // p4j ships Kryo, so its programs get the compact form of standard types.
        assertTrue(r.out().contains("objects:      compact (Kryo) for standard types"), r.out());
        // The build's tests run with the Vector API, as p4j runs: info says which loops the arrays use.
        assertTrue(r.out().contains("vector api:   " + org.parallel4j.array.DoubleExpr.simd()), r.out());
    }
}
