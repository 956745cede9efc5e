package org.parallel4j.mpi.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.function.Supplier;

/**
 * What {@code mpirun --tag-output} and {@code srun --label} give: every line a rank prints
 * starts with its rank, {@code "[2] "}. The stream is replaced for the job by one that
 * collects each thread's bytes up to a line end, then writes the whole line with the tag of
 * the rank the thread belongs to; lines of different threads never interleave. Threads of no
 * rank are tagged {@code "[-] "}.
 */
public final class TaggedOutput extends OutputStream {
    private final PrintStream target;
    private final Supplier<String> rankOfThread;
    private final ThreadLocal<ByteArrayOutputStream> line = ThreadLocal.withInitial(() -> new ByteArrayOutputStream(128));

    private TaggedOutput(PrintStream target, Supplier<String> rankOfThread) {
        this.target = target;
        this.rankOfThread = rankOfThread;
    }

    /** A print stream tagging the lines written to {@code target} with {@code rankOfThread}'s answer on the writing thread (null: none). */
    public static PrintStream over(PrintStream target, Supplier<String> rankOfThread) {
        return new PrintStream(new TaggedOutput(target, rankOfThread), true, Charset.defaultCharset());
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
        String rank = rankOfThread.get();
        byte[] tag = ("[" + (rank == null ? "-" : rank) + "] ").getBytes(Charset.defaultCharset());
        synchronized (target) {
            target.write(tag, 0, tag.length);
            target.write(l.toByteArray(), 0, l.size());
            target.flush();
        }
        l.reset();
    }
}
