package org.parallel4j.pool.internal;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.parallel4j.internal.Serialization;
import org.parallel4j.pool.PoolException;

/**
 * Starting worker JVMs, in one place: the same JDK as this JVM, a class path that holds what
 * this JVM can load ({@link WorkerClassPath}), the main class {@link WorkerMain}.
 *
 * <p>The protocol travels on a Unix-domain socket in a directory only this user can enter, not
 * on the worker's stdout: whatever user code writes to file descriptor 1 or 2 (a native
 * library, a child process with inherited I/O, {@code FileDescriptor.out}) is copied to this
 * JVM's {@code System.out} / {@code System.err}, optionally prefixed with the worker's number
 * ({@code -Dp4j.pool.tagOutput=true}), and cannot corrupt a message. A worker connects with a
 * random token given on its command line; one that exits before connecting is reported with
 * the last lines it printed (the JVM's own reason, such as a conflicting option). Every worker
 * is registered so that a shutdown hook (JVM exit, Ctrl-C) kills what is left; a worker also
 * exits on its own when the socket closes or its parent dies.
 */
final class WorkerJvm {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final long CONNECT_NANOS = TimeUnit.SECONDS.toNanos(Long.getLong("p4j.pool.startSeconds", 60));
    private static final boolean TAG_OUTPUT = Boolean.getBoolean("p4j.pool.tagOutput");

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
    private final SocketChannel channel;

    private WorkerJvm(Process process, SocketChannel channel) {
        this.process = process;
        this.channel = channel;
        this.out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
        this.pipe = new PipeInput(Channels.newInputStream(channel));
        this.in = new DataInputStream(pipe);
    }

    /**
     * {@code options} with the worker's default loop-team size set to its share of the cores,
     * {@code cores / workers} (at least 1), so that a pool of workers each running a parallel
     * loop does not put {@code workers x cores} threads on the cores. A size the user chose wins:
     * a {@code -Dp4j.numThreads} among the options, or {@code P4J_NUM_THREADS} /
     * {@code OMP_NUM_THREADS} in the environment the worker inherits.
     */
    static List<String> withTeamShare(List<String> options, int workers) {
        if (options.stream().anyMatch(o -> o.startsWith("-Dp4j.numThreads="))
                || System.getenv("P4J_NUM_THREADS") != null || System.getenv("OMP_NUM_THREADS") != null) {
            return List.copyOf(options);
        }
        List<String> with = new ArrayList<>(options);
        with.add("-Dp4j.numThreads=" + Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, workers)));
        return List.copyOf(with);
    }

    /** Starts a worker and waits until it has connected; a worker that cannot start is a {@link PoolException} with its reason. */
    static WorkerJvm start(List<String> jvmOptions, int id) {
        Rendezvous r = Rendezvous.get();
        long token = r.random.nextLong();
        CompletableFuture<SocketChannel> connected = new CompletableFuture<>();
        r.waiting.put(token, connected);
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.addAll(jvmOptions);
        if (jvmOptions.stream().noneMatch(o -> o.matches("-XX:[+]Use\\w*GC"))) {
            cmd.add("-XX:+UseSerialGC"); // small heaps, no GC threads per worker; a collector the user chose wins
        }
        // The parent's settings for what crosses the socket hold in the worker too.
        for (String property : new String[] {Serialization.FILTER_PROPERTY, "p4j.pool.maxMessageBytes"}) {
            String v = System.getProperty(property);
            if (v != null) {
                cmd.add("-D" + property + "=" + v);
            }
        }
        cmd.add("-cp");
        cmd.add(WorkerClassPath.get());
        cmd.add(WorkerMain.class.getName());
        cmd.add(r.address.getPath().toString());
        cmd.add(Long.toString(token));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            r.waiting.remove(token);
            throw new PoolException("cannot start a worker JVM (" + cmd.getFirst() + "): " + e, e, -1, null);
        }
        LIVE.add(p);
        p.onExit().thenRun(() -> LIVE.remove(p));
        String tag = TAG_OUTPUT ? "[worker " + id + "] " : "";
        // The JVM reports a bad option on stdout, the launcher on stderr: the report of a failed start quotes both.
        Tail outTail = new Tail();
        Tail errTail = new Tail();
        copy(p.getInputStream(), () -> System.out, tag, outTail, "p4j-worker-" + id + "-stdout");
        copy(p.getErrorStream(), () -> System.err, tag, errTail, "p4j-worker-" + id + "-stderr");
        long deadline = System.nanoTime() + CONNECT_NANOS;
        try {
            while (true) {
                try {
                    return new WorkerJvm(p, connected.get(50, TimeUnit.MILLISECONDS));
                } catch (TimeoutException notYet) {
                    if (!p.isAlive() || System.nanoTime() > deadline) {
                        p.destroyForcibly();
                        int status = p.waitFor();
                        outTail.awaitEnd();
                        errTail.awaitEnd();
                        String said = (outTail.text() + "\n" + errTail.text()).strip();
                        throw new PoolException("a worker JVM " + (System.nanoTime() > deadline ? "did not connect within "
                                + TimeUnit.NANOSECONDS.toSeconds(CONNECT_NANOS) + " s" : "exited with status " + status + " before it could start")
                                + "; it said: " + (said.isEmpty() ? "nothing" : "\"" + said + "\"") + " (its options: "
                                + (jvmOptions.isEmpty() ? "none" : String.join(" ", jvmOptions)) + ")", null, -1, null);
                    }
                }
            }
        } catch (InterruptedException | ExecutionException e) {
            p.destroyForcibly();
            throw new PoolException("interrupted while a worker JVM started", e, -1, null);
        } finally {
            r.waiting.remove(token);
        }
    }

    /** Copies a worker's output to this JVM's stream (looked up per chunk, so {@code System.setOut} is followed). */
    private static void copy(InputStream from, Supplier<PrintStream> to, String tag, Tail tail, String name) {
        Thread.ofPlatform().daemon().name(name).start(() -> {
            byte[] buf = new byte[8192];
            boolean lineStart = true;
            try {
                int n;
                while ((n = from.read(buf)) > 0) {
                    if (tail != null) {
                        tail.add(buf, n);
                    }
                    PrintStream s = to.get();
                    if (tag.isEmpty()) {
                        s.write(buf, 0, n);
                    } else {
                        int start = 0;
                        for (int i = 0; i < n; i++) {
                            if (lineStart) {
                                s.write(buf, start, i - start);
                                s.print(tag);
                                start = i;
                                lineStart = false;
                            }
                            if (buf[i] == '\n') {
                                lineStart = true;
                            }
                        }
                        s.write(buf, start, n - start);
                    }
                    s.flush();
                }
            } catch (IOException ignored) {
                // the worker is gone
            } finally {
                if (tail != null) {
                    tail.end();
                }
            }
        });
    }

    /** The last few kilobytes a worker wrote to stderr, for the report of a worker that could not start. */
    private static final class Tail {
        private final byte[] ring = new byte[4096];
        private long written;
        private boolean ended;

        synchronized void add(byte[] b, int n) {
            for (int i = 0; i < n; i++) {
                ring[(int) (written++ % ring.length)] = b[i];
            }
        }

        synchronized void end() {
            ended = true;
            notifyAll();
        }

        synchronized void awaitEnd() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (!ended && System.nanoTime() < deadline) {
                wait(50);
            }
        }

        synchronized String text() {
            int n = (int) Math.min(written, ring.length);
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = ring[(int) ((written - n + i) % ring.length)];
            }
            return new String(b, java.nio.charset.StandardCharsets.UTF_8).strip();
        }
    }

    /** The socket this JVM's workers connect to: one per JVM, in a private directory deleted at exit. */
    private static final class Rendezvous {
        private static volatile Rendezvous instance;
        final UnixDomainSocketAddress address;
        final Map<Long, CompletableFuture<SocketChannel>> waiting = new ConcurrentHashMap<>();
        final SecureRandom random = new SecureRandom();
        private final ServerSocketChannel server;

        private Rendezvous() throws IOException {
            sweepDeadParents();
            Path dir = Files.createTempDirectory("p4j-pool-" + ProcessHandle.current().pid() + "-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path socket = dir.resolve("s");
            address = UnixDomainSocketAddress.of(socket);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(address);
            dir.toFile().deleteOnExit();
            socket.toFile().deleteOnExit(); // deleted first (reverse order of registration)
            Thread.ofPlatform().daemon().name("p4j-pool-accept").start(this::accept);
        }

        /** Deletes the socket directories of JVMs that died without their exit hooks (kill -9): named after their pid. */
        private static void sweepDeadParents() {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            try (var dirs = Files.newDirectoryStream(tmp, "p4j-pool-*-*")) {
                for (Path d : dirs) {
                    String rest = d.getFileName().toString().substring("p4j-pool-".length());
                    long pid = Long.parseLong(rest.substring(0, rest.indexOf('-')));
                    if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
                        Files.deleteIfExists(d.resolve("s"));
                        Files.deleteIfExists(d);
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // best effort: another user's directory, an old name, a racing deletion
            }
        }

        static Rendezvous get() {
            Rendezvous r = instance;
            if (r == null) {
                synchronized (Rendezvous.class) {
                    if (instance == null) {
                        try {
                            instance = new Rendezvous();
                        } catch (IOException e) {
                            throw new PoolException("cannot open the socket worker JVMs connect to: " + e, e, -1, null);
                        }
                    }
                    r = instance;
                }
            }
            return r;
        }

        private void accept() {
            while (true) {
                try {
                    SocketChannel ch = server.accept();
                    Thread.ofPlatform().daemon().name("p4j-pool-handshake").start(() -> handshake(ch));
                } catch (IOException e) {
                    return; // closed at exit
                }
            }
        }

        /** The first 8 bytes are the worker's token: a connection with an unknown token is closed. */
        private void handshake(SocketChannel ch) {
            try {
                ByteBuffer b = ByteBuffer.allocate(8);
                while (b.hasRemaining()) {
                    if (ch.read(b) < 0) {
                        ch.close();
                        return;
                    }
                }
                CompletableFuture<SocketChannel> f = waiting.remove(b.flip().getLong());
                if (f == null || !f.complete(ch)) {
                    ch.close();
                }
            } catch (IOException e) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // gone
                }
            }
        }
    }

    long pid() {
        return process.pid();
    }

    /** Ends the worker's input; it exits once its work is done. Results still arrive. */
    void endInput() {
        try {
            out.flush();
            channel.shutdownOutput();
        } catch (IOException ignored) {
            // already gone
        }
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
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
