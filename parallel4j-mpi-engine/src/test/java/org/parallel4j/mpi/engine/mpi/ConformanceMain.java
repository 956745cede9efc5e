package org.parallel4j.mpi.engine.mpi;

import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.Mpi;

/**
 * One rank of the engine-bound conformance suite under a real launcher: runs the core
 * module's {@code org.parallel4j.mpi.*Test} classes (the same on every rank, in the same
 * order) in this process's world, prints a one-line summary per rank ({@code conformance:
 * rank 0 of 3: 120 succeeded, 0 failed, 31 skipped}) and every failure, and exits non-zero
 * on any failure. A test running longer than {@value #TEST_LIMIT_SECONDS} s is reported with
 * the rank's pending operations and the job aborted, so a stuck test cannot hang the build.
 * An argument is a class-name pattern (a regular expression) to run fewer; with
 * {@code P4J_CONFORMANCE_VERBOSE} set, every test's outcome is printed.
 */
public final class ConformanceMain {
    static final int TEST_LIMIT_SECONDS = 60;

    private ConformanceMain() {
    }

    public static void main(String[] args) {
        Comm world = Mpi.world();
        boolean verbose = System.getenv("P4J_CONFORMANCE_VERBOSE") != null;
        AtomicReference<String> running = new AtomicReference<>();
        AtomicLong since = new AtomicLong();
        Thread.ofPlatform().daemon(true).name("conformance-watchdog").start(() -> {
            while (true) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                String t = running.get();
                if (t != null && System.nanoTime() - since.get() > TEST_LIMIT_SECONDS * 1_000_000_000L) {
                    System.err.println("conformance: rank " + world.rank() + ": test " + t + " has run for over " + TEST_LIMIT_SECONDS
                            + " s; pending operations:\n" + MpiEngine.get().pendingReport());
                    MpiEngine.get().abortJob(3);
                }
            }
        });
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage("org.parallel4j.mpi"))
                .filters(includeClassNamePatterns(args.length > 0 ? args[0] : "org\\.parallel4j\\.mpi\\.[A-Z][A-Za-z]*Test"))
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        TestExecutionListener watch = new TestExecutionListener() {
            @Override
            public void executionStarted(TestIdentifier id) {
                if (id.isTest()) {
                    since.set(System.nanoTime());
                    running.set(id.getLegacyReportingName() + " in " + id.getUniqueId());
                    if (verbose && world.rank() == 0) {
                        System.out.println("conformance: started " + id.getUniqueId());
                    }
                }
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest()) {
                    running.set(null);
                    if (verbose && (world.rank() == 0 || result.getStatus() != TestExecutionResult.Status.SUCCESSFUL)) {
                        System.out.println("conformance: rank " + world.rank() + ": " + result.getStatus() + " " + id.getUniqueId()
                                + result.getThrowable().map(t -> ": " + t + (t.getCause() == null ? "" : " caused by " + t.getCause())).orElse(""));
                    }
                }
            }
        };
        launcher.execute(request, summary, watch);
        TestExecutionSummary s = summary.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        if (s.getTotalFailureCount() > 0) {
            s.printFailuresTo(out, 25);
        }
        out.println("conformance: rank " + world.rank() + " of " + world.size() + " on " + Native.ABI.family.label + ": "
                + s.getTestsSucceededCount() + " succeeded, " + s.getTotalFailureCount() + " failed, "
                + (s.getTestsSkippedCount() + s.getTestsAbortedCount()) + " skipped");
        out.flush();
        System.exit(s.getTotalFailureCount() == 0 && s.getTestsSucceededCount() > 0 ? 0 : 1);
    }
}
