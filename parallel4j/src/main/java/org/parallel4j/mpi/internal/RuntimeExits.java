package org.parallel4j.mpi.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Hears of {@code System.exit}, for both engines: since JDK 21 {@code Runtime.exit} logs its
 * status, on the exiting thread and before shutdown starts, to the {@code java.lang.Runtime}
 * logger at FINE. One handler there tells every listener the status (1 if it cannot be read).
 */
public final class RuntimeExits {
    private static final List<IntConsumer> LISTENERS = new CopyOnWriteArrayList<>();
    /** Held strongly: java.util.logging keeps loggers only weakly, and with them the level and handler. */
    private static Logger runtimeLogger;

    private RuntimeExits() {
    }

    /**
     * Calls {@code onExit} with the status of every {@code System.exit} from now on, on the exiting thread.
     *
     * @param onExit told the status
     */
    public static synchronized void listen(IntConsumer onExit) {
        LISTENERS.add(onExit);
        if (runtimeLogger != null) {
            return;
        }
        Logger logger = Logger.getLogger("java.lang.Runtime");
        logger.setLevel(Level.FINE);
        logger.setUseParentHandlers(false);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                Throwable t = record.getThrown();
                String m = t == null ? null : t.getMessage();
                if (m != null && m.startsWith("Runtime.exit(") && m.endsWith(")")) {
                    int status;
                    try {
                        status = Integer.parseInt(m.substring("Runtime.exit(".length(), m.length() - 1));
                    } catch (NumberFormatException unreadable) {
                        status = 1;
                    }
                    for (IntConsumer l : LISTENERS) {
                        l.accept(status);
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        runtimeLogger = logger;
    }
}
