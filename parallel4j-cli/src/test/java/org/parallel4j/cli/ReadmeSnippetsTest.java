package org.parallel4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's complete snippets run as written: the inline message-passing block in JShell
 * (as the README says it can), and the {@code Hello} program compiled against the library and
 * run with {@code p4j run}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReadmeSnippetsTest {
    @TempDir
    Path tmp;

    private static List<String> javaBlocks() throws Exception {
        Path readme = Path.of("../README.md");
        if (!Files.exists(readme)) {
            readme = Path.of("README.md");
        }
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(readme));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private static String block(String containing) throws Exception {
        return javaBlocks().stream().filter(b -> b.contains(containing)).findFirst()
                .orElseThrow(() -> new AssertionError("no java block of the README contains " + containing));
    }

    private static String library() throws Exception {
        return Path.of(org.parallel4j.mpi.Mpi.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void theArraysBlockRunsInJShell() throws Exception {
        String out = runInJShell(block("DoubleArray.random(10_000_000, 1)") + "System.out.println(h.length() + \" \" + (dot > 0));\n");
        assertTrue(out.contains("10000000 true"), out);
    }

    @Test
    void theInlineMessagePassingBlockRunsInJShell() throws Exception {
        String out = runInJShell(block("Mpi.run(4, world ->"));
        assertTrue(out.contains("a=7") && out.contains("b=3.14"), "rank 1 prints the map: " + out);
    }

    /** Evaluates {@code code} snippet by snippet in JShell, in this JVM, failing on any snippet that is not valid or throws; what it printed. */
    private static String runInJShell(String code) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        // The local execution engine runs snippets in this JVM: what they print goes to System.out.
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            shell.addToClasspath(library());
            String rest = code;
            while (!rest.isBlank()) {
                var info = shell.sourceCodeAnalysis().analyzeCompletion(rest);
                for (SnippetEvent e : shell.eval(info.source())) {
                    assertTrue(e.status() == Snippet.Status.VALID && e.exception() == null,
                            "the README's snippet fails in JShell at: " + info.source() + " -> " + e.status() + " "
                                    + e.exception() + " " + shell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).toList());
                }
                rest = info.remaining();
            }
        } finally {
            System.setOut(stdout);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theHelloProgramCompilesAsWrittenAndRunsOnRanks() throws Exception {
        Path src = Files.writeString(tmp.resolve("Hello.java"), block("public class Hello"));
        Path classes = tmp.resolve("classes");
        ByteArrayOutputStream javac = new ByteArrayOutputStream();
        int status = ToolProvider.getSystemJavaCompiler().run(null, javac, javac, "-cp", library(), "-d", classes.toString(), src.toString());
        assertEquals(0, status, "the README's Hello does not compile: " + javac);
        P4jTest.Outcome r = P4jTest.p4j("run", "-n", "3", "-cp", classes.toString(), "Hello");
        assertEquals(0, r.code(), r.toString());
        assertEquals(List.of("Hello from rank 0 of 3", "Hello from rank 1 of 3", "Hello from rank 2 of 3"),
                r.out().lines().sorted().toList(), r.out());
        // The same class with the library on the module path (a class-path program using the module), outside a job: one rank.
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "--module-path", library(), "--add-modules", "org.parallel4j", "-cp", classes.toString(), "Hello")
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), said);
        assertEquals(0, p.exitValue(), said);
        assertEquals("Hello from rank 0 of 1", said.strip(), said);
    }
}
