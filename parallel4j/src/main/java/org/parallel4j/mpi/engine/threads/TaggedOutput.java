package org.parallel4j.mpi.engine.threads;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * What {@code mpirun --tag-output} and {@code srun --label} give: every line a rank prints
 * starts with its rank, {@code "[2] "}. Ranks are threads of one JVM and share
 * {@code System.out}, so the stream is replaced for the job by one that collects each
 * thread's bytes up to a line end, then writes the whole line with its rank's tag; lines of
 * different ranks never interleave. Threads of no rank are tagged {@code "[-] "}.
 */
final class TaggedOutput extends OutputStream {
    private final PrintStream target;
    private final ThreadLocal<ByteArrayOutputStream> line = ThreadLocal.withInitial(() -> new ByteArrayOutputStream(128));

    private TaggedOutput(PrintStream target) {
        this.target = target;
    }

    /** A print stream tagging the lines written to {@code target}. */
    static PrintStream over(PrintStream target) {
        return new PrintStream(new TaggedOutput(target), true, Charset.defaultCharset());
    }

    @Override
    public void write(int b) {
        ByteArrayOutputStream l = line.get();
        l.write(b);
        if (b == '\n') {
            emit(l);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ByteArrayOutputStream l = line.get();
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                l.write(b, start, i + 1 - start);
                emit(l);
                start = i + 1;
            }
        }
        l.write(b, start, off + len - start);
    }

    @Override
    public void flush() {
        // A partial line waits for its end, so that it is tagged once; the target is flushed per line.
    }

    private void emit(ByteArrayOutputStream l) {
        String rank = ThreadEngine.rankOfCurrentThread();
        byte[] tag = ("[" + (rank == null ? "-" : rank) + "] ").getBytes(Charset.defaultCharset());
        synchronized (target) {
            target.write(tag, 0, tag.length);
            target.write(l.toByteArray(), 0, l.size());
            target.flush();
        }
        l.reset();
    }
}
