package org.parallel4j.mpi.engine.threads;

import java.util.ArrayList;
import java.util.List;
import org.parallel4j.mpi.internal.RuntimeExits;

/**
 * Reports a rank that ends the whole JVM with {@code System.exit} while other ranks still run,
 * as {@code mpirun} reports a process that exits early, and makes the exit status non-zero.
 *
 * <p>Implementation note: {@link RuntimeExits} tells, on the exiting thread and before shutdown
 * starts, the status of the exit; this records it and which rank exited. A shutdown hook then checks the
 * jobs still running: if any rank other than the exiting one had not finished, it prints the
 * report and halts with the status, or 1 for a status of 0. Installed once, by the launcher of
 * {@code p4j run}, which owns the JVM; inline jobs ({@code Mpi.run}) leave the JVM's exit alone.
 */
final class ExitWatch {
    private static boolean installed;
    private static volatile int exitStatus = Integer.MIN_VALUE;
    private static volatile String exitingRank;

    private ExitWatch() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        RuntimeExits.listen(status -> {
            exitStatus = status;
            exitingRank = ThreadEngine.rankOfCurrentThread();
        });
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
