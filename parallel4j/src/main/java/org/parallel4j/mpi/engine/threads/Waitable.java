package org.parallel4j.mpi.engine.threads;

/** Something a rank can block on: a request or a barrier phase. */
interface Waitable {
    /** True once the wait is over (completed, failed or cancelled). Monotonic. */
    boolean isDone();

    /** Records the thread about to park (null to clear), so that completion can unpark it. */
    void setParkedWaiter(Thread thread);

    /** What is awaited, for deadlock and timeout reports: "recv(source=1, tag=7) on world". */
    String describe();
}
