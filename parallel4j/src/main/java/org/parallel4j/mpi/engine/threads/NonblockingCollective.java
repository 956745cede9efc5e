package org.parallel4j.mpi.engine.threads;

import java.util.concurrent.atomic.AtomicInteger;
import org.parallel4j.mpi.Op;
import org.parallel4j.mpi.internal.Datatype;

/**
 * One nonblocking collective in progress. Each rank publishes its arguments and request, then
 * arrives; the last rank to arrive does the whole operation for everyone and completes every
 * request, so no progress thread is needed. The arrival counter orders each rank's writes
 * before the last arriver's reads.
 */
final class NonblockingCollective {
    final String kind;
    final long sequence;
    final AtomicInteger arrived = new AtomicInteger();
    final CollectiveRequest[] requests;
    final String[] kinds;
    final int[] roots;
    final Op[] ops;
    final int[] counts;
    final Datatype[] types;
    final Object[] send;
    final Object[] recv;

    NonblockingCollective(String kind, long sequence, int size) {
        this.kind = kind;
        this.sequence = sequence;
        requests = new CollectiveRequest[size];
        kinds = new String[size];
        roots = new int[size];
        ops = new Op[size];
        counts = new int[size];
        types = new Datatype[size];
        send = new Object[size];
        recv = new Object[size];
    }
}
