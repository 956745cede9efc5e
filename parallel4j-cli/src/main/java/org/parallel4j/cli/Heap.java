package org.parallel4j.cli;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --heap SIZE}, for the commands that run a job: every rank of a thread-engine job is a
 * thread of one JVM, so the job's ranks share its heap; this sizes it ({@code java -Xmx}). The
 * JVM's heap is fixed when it starts, so p4j starts itself again with {@code -Xmx SIZE} and the
 * same arguments, and returns that JVM's exit status. Under the MPI engine every rank's JVM gets
 * the size. {@code P4J_HEAP} in the environment is the default.
 */
final class Heap {
    /** Set in the JVM that p4j started with the heap, so it does not start another. */
    static final String APPLIED = "p4j.heap";

    private static final Pattern SIZE = Pattern.compile("[1-9][0-9]*[kKmMgGtT]?");

    @Option(names = "--heap", paramLabel = "SIZE",
            description = "the JVM's heap, which a thread-engine job's ranks share (java -Xmx: 512m, 8g; default: P4J_HEAP, else the JVM's default)")
    String heap;

    /**
     * Null when this JVM already has the heap asked for (or none was asked for); otherwise the
     * exit status of the same command run in a JVM started with it.
     */
    Integer relaunch(CommandLine.Model.CommandSpec spec) {
        String size = heap != null ? heap : System.getenv("P4J_HEAP");
        if (size == null || size.isBlank() || size.equals(System.getProperty(APPLIED))) {
            return null;
        }
        if (!SIZE.matcher(size).matches()) {
            System.err.println("p4j: --heap '" + size + "'" + (heap == null ? " (from P4J_HEAP)" : "")
                    + ": give a size as java -Xmx takes it, such as 512m or 8g");
            return 2;
        }
        List<String> args = new ArrayList<>(spec.root().commandLine().getParseResult().originalArgs());
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--heap") && i + 1 < args.size()) {
                args.remove(i + 1);
                args.remove(i);
                break;
            }
            if (args.get(i).startsWith("--heap=")) {
                args.remove(i);
                break;
            }
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-Xmx") && !option.startsWith("-XX:MaxHeapSize") && !option.startsWith("-D" + APPLIED + "=")) {
                command.add(option);
            }
        }
        command.add("-Xmx" + size);
        command.add("-D" + APPLIED + "=" + size);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), P4j.class.getName()));
        command.addAll(args);
        try {
            return new ProcessBuilder(command).inheritIO().start().waitFor();
        } catch (java.io.IOException e) {
            System.err.println("p4j: cannot start " + command.getFirst() + " with the heap " + size + ": " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** The options a rank's JVM gets for the heap this JVM was started with, for the MPI launcher. */
    static List<String> rankOptions() {
        String size = System.getProperty(APPLIED);
        return size == null ? List.of() : List.of("-Xmx" + size, "-D" + APPLIED + "=" + size);
    }
}
