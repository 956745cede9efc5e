package org.parallel4j.mpi.engine.mpi;

/** MPI's four send modes, and the names calls report in each (blocking, nonblocking). */
enum SendMode {
    STANDARD("send", "isend"),
    SYNCHRONOUS("ssend", "issend"),
    BUFFERED("bsend", "ibsend"),
    READY("rsend", "irsend");

    final String blocking;
    final String started;

    SendMode(String blocking, String started) {
        this.blocking = blocking;
        this.started = started;
    }
}
