package org.parallel4j.pool.internal;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.parallel4j.internal.Serialization;

/**
 * Starting worker JVMs, in one place: the same JDK and class path as this JVM, the main class
 * {@link WorkerMain}, pipes for stdin and stdout, stderr shared with this JVM. Every worker is
 * registered so that a shutdown hook (JVM exit, Ctrl-C) kills what is left; a worker also
 * exits on its own when its stdin closes, so even a killed parent leaves no orphan.
 */
final class WorkerJvm {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            for (Process p : LIVE) {
                p.destroyForcibly();
            }
        }));
    }

    final Process process;
    final DataOutputStream out;
    final DataInputStream in;
    final PipeInput pipe;

    private WorkerJvm(Process process) {
        this.process = process;
        this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        this.pipe = new PipeInput(process.getInputStream());
        this.in = new DataInputStream(pipe);
    }

    static WorkerJvm start(List<String> jvmOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.addAll(jvmOptions);
        cmd.add("-XX:+UseSerialGC");
        // The parent's settings for what crosses the pipe hold in the worker too.
        for (String property : new String[] {Serialization.FILTER_PROPERTY, "p4j.pool.maxMessageBytes"}) {
            String v = System.getProperty(property);
            if (v != null) {
                cmd.add("-D" + property + "=" + v);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(WorkerMain.class.getName());
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            LIVE.add(p);
            p.onExit().thenRun(() -> LIVE.remove(p));
            return new WorkerJvm(p);
        } catch (IOException e) {
            throw new org.parallel4j.pool.PoolException("cannot start a worker JVM (" + cmd.getFirst() + "): " + e, e, -1, null);
        }
    }

    long pid() {
        return process.pid();
    }

    /** The exit status, waiting for the process to end; 128 + n for death by signal n, as a shell reports it. */
    int exitStatus() {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    void kill() {
        process.destroyForcibly();
    }
}
