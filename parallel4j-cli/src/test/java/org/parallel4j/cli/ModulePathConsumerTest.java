package org.parallel4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own named module on the module path, compiled and run as a user would: every
 * exported model works from it (worker JVMs included), and an implementation package stays
 * out of reach, so the module descriptor's exports are what they say.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ModulePathConsumerTest {
    @TempDir
    Path tmp;

    /** Where org.parallel4j's classes are (its module-info.class beside them). */
    private static Path library() throws Exception {
        return Path.of(org.parallel4j.mpi.Mpi.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Compiles the consumer resource {@code name} against the library on the module path; javac's exit status and output. */
    private Object[] compile(String name, Path out) throws Exception {
        Path src = Path.of(ModulePathConsumerTest.class.getResource("/consumer/" + name + "/module-info.java").toURI()).getParent();
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "--module-path", library().toString()));
        try (Stream<Path> files = Files.walk(src)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
        int status = ToolProvider.getSystemJavaCompiler().run(null, said, said, args.toArray(String[]::new));
        return new Object[] {status, said.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void aNamedModuleUsesEveryModelFromTheModulePath() throws Exception {
        Path out = tmp.resolve("good");
        Object[] compiled = compile("good", out);
        assertEquals(0, compiled[0], "javac: " + compiled[1]);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Xss4m", "--module-path", library() + File.pathSeparator + out,
                "--module", "org.example.consumer/org.example.consumer.Main").directory(tmp.toFile()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "did not end: " + said);
        assertEquals(0, p.exitValue(), said);
        assertEquals(List.of("ranks: 6", "loop: 499500", "threads: [1, 4, 9]", "processes: [16, 25, 36]"),
                said.lines().filter(l -> !l.startsWith("WARNING")).toList(), said);
    }

    @Test
    void anImplementationPackageIsNotExported() throws Exception {
        Object[] compiled = compile("bad", tmp.resolve("bad"));
        assertNotEquals(0, compiled[0], "org.parallel4j.internal must not be visible to a user's module");
        assertTrue(((String) compiled[1]).contains("org.parallel4j.internal") && ((String) compiled[1]).contains("not"),
                (String) compiled[1]);
    }

}
