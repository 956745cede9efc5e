package org.parallel4j.pool.internal;

import java.io.IOException;
import java.io.InputStream;

/**
 * A buffered pipe reader for one thread: no locks on the byte-at-a-time path, and a hook run
 * just before it would block for more bytes. The hook is where the other direction is flushed
 * (a worker sends its results only when it has no task left to read), which costs no system
 * call per message, where asking the pipe how many bytes wait ({@code available()}) would.
 */
final class PipeInput extends InputStream {
    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private Runnable beforeBlock = () -> { };

    PipeInput(InputStream in) {
        this.in = in;
    }

    void beforeBlock(Runnable hook) {
        this.beforeBlock = hook;
    }

    /** True when the next read goes to the pipe. */
    boolean bufferEmpty() {
        return pos >= limit;
    }

    private boolean fill() throws IOException {
        beforeBlock.run();
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    @Override
    public int read() throws IOException {
        if (pos >= limit && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos >= limit && !fill()) {
            return -1;
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return limit - pos;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
