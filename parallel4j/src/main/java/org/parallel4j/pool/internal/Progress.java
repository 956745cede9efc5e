package org.parallel4j.pool.internal;

/**
 * The terminal progress bar of {@code MapOptions.progress(true)}: the progressbar library
 * (an optional dependency) when it is on the class path, else one plain line on stderr
 * rewritten in place.
 */
abstract class Progress implements AutoCloseable {
    private boolean closed;

    static Progress terminal(long total) {
        try {
            return new LibraryBar(total);
        } catch (NoClassDefFoundError e) {
            return new PlainBar(total);
        }
    }

    abstract void update(long completed);

    /** Ends the bar once, however many times it is called. */
    @Override
    public final synchronized void close() {
        if (!closed) {
            closed = true;
            end();
        }
    }

    abstract void end();

    /** me.tongfei.progressbar. */
    private static final class LibraryBar extends Progress {
        private final me.tongfei.progressbar.ProgressBar bar;

        LibraryBar(long total) {
            var builder = new me.tongfei.progressbar.ProgressBarBuilder().setTaskName("tasks").setInitialMax(total)
                    .setStyle(me.tongfei.progressbar.ProgressBarStyle.ASCII).continuousUpdate();
            if (System.console() == null) {
                // Not a terminal: draw on the current System.err (which the program may have redirected).
                builder.setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err));
            }
            bar = builder.build();
        }

        @Override
        synchronized void update(long completed) {
            bar.stepTo(completed);
        }

        @Override
        synchronized void end() {
            bar.close();
        }
    }

    /** Fallback: "tasks 120/1000" on stderr. */
    private static final class PlainBar extends Progress {
        private final long total;
        private long last = -1;

        PlainBar(long total) {
            this.total = total;
        }

        @Override
        synchronized void update(long completed) {
            if (completed != last) {
                last = completed;
                System.err.print("\rtasks " + completed + (total >= 0 ? "/" + total : ""));
            }
        }

        @Override
        synchronized void end() {
            System.err.println();
        }
    }
}
