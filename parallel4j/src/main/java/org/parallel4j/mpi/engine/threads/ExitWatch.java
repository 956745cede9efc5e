package org.parallel4j.mpi.engine.threads;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Reports a rank that ends the whole JVM with {@code System.exit} while other ranks still run,
 * as {@code mpirun} reports a process that exits early, and makes the exit status non-zero.
 *
 * <p>Implementation note: since JDK 21 {@code Runtime.exit} logs its status, on the exiting
 * thread, to the {@code java.lang.Runtime} logger at DEBUG (FINE) before shutdown starts; a
 * handler there records which rank exited with what status. A shutdown hook then checks the
 * jobs still running: if any rank other than the exiting one had not finished, it prints the
 * report and halts with the status, or 1 for a status of 0. Installed once, by the launcher of
 * {@code p4j run}, which owns the JVM; inline jobs ({@code Mpi.run}) leave the JVM's exit alone.
 */
final class ExitWatch {
    /** Held strongly: java.util.logging keeps loggers only weakly. */
    private static Logger runtimeLogger;
    private static volatile int exitStatus = Integer.MIN_VALUE;
    private static volatile String exitingRank;

    private ExitWatch() {
    }

    static synchronized void install() {
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
                    try {
                        exitStatus = Integer.parseInt(m.substring("Runtime.exit(".length(), m.length() - 1));
                    } catch (NumberFormatException ignored) {
                        exitStatus = Integer.MIN_VALUE;
                    }
                    exitingRank = ThreadEngine.rankOfCurrentThread();
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
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("p4j-exit-report").unstarted(ExitWatch::report));
    }

    private static void report() {
        List<String> running = new ArrayList<>();
        int size = 0;
        for (Job job : ThreadEngine.runningJobs()) {
            size = Math.max(size, job.size);
            for (RankContext r : job.ranks) {
                String name = String.valueOf(r.worldRank);
                if (!r.finished && !name.equals(exitingRank)) {
                    running.add(name);
                }
            }
        }
        if (running.isEmpty()) {
            return; // the job had finished: the exit is the program's own business
        }
        int status = exitStatus;
        String who = exitingRank == null ? "a thread of no rank" : "rank " + exitingRank;
        String how = status == Integer.MIN_VALUE ? "System.exit" : "System.exit(" + status + ")";
        System.out.flush();
        System.err.println("p4j: " + who + " of " + size + " called " + how + " while rank" + (running.size() == 1 ? " " : "s ")
                + String.join(", ", running) + (running.size() == 1 ? " was" : " were") + " still running: the job did not finish"
                + " (end a rank by returning from main; end the job with world.abort(code))");
        System.err.flush();
        Runtime.getRuntime().halt(status == Integer.MIN_VALUE || status == 0 ? 1 : status);
    }
}
