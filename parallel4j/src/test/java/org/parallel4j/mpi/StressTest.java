package org.parallel4j.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Many concurrent nonblocking messages with ANY_SOURCE: each arrives exactly once, in order per sender. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StressTest {

    @ParameterizedTest(name = "{0} ranks, {1}")
    @MethodSource("org.parallel4j.mpi.CommMatrix#cells")
    void everyMessageArrivesOnceAndInOrderPerSender(int ranks, String kind) {
        CommMatrix.run(ranks, kind, c -> {
            int n = c.size();
            int perPair = 300;
            SplittableRandom random = new SplittableRandom(c.rank() * 7919L + n);
            // Sends in random interleaving over destinations, random sizes (eager and rendezvous).
            List<Request> sends = new ArrayList<>();
            int[] nextSeq = new int[n];
            int remaining = perPair * n;
            while (remaining > 0) {
                int dest = random.nextInt(n);
                if (nextSeq[dest] == perPair) {
                    continue;
                }
                int size = random.nextInt(10) == 0 ? 5000 : 1 + random.nextInt(8);
                long[] msg = new long[size];
                msg[0] = ((long) c.rank() << 32) | nextSeq[dest]++;
                sends.add(c.isend(msg, dest, random.nextInt(3)));
                remaining--;
                if (random.nextInt(4) == 0) {
                    drain(c, 1);
                }
            }
            drainAll(c, perPair * n);
            Request.waitAll(sends);
            c.barrier();
        });
    }

    private static int received;
    private static int[] expectedSeq;

    private static void drain(Comm c, int max) {
        // Receive what has arrived, without blocking.
        for (int i = 0; i < max; i++) {
            Status st = c.iprobe(Mpi.ANY_SOURCE, Mpi.ANY_TAG);
            if (st == null) {
                return;
            }
            receiveOne(c, st.source());
        }
    }

    private static final ThreadLocal<int[]> SEQ = new ThreadLocal<>();
    private static final ThreadLocal<int[]> COUNT = new ThreadLocal<>();

    private static void receiveOne(Comm c, int fromProbe) {
        int[] seq = SEQ.get();
        if (seq == null) {
            seq = new int[c.size()];
            SEQ.set(seq);
            COUNT.set(new int[1]);
        }
        long[] buf = new long[5000];
        Status st = Status.create();
        c.recv(buf, Mpi.ANY_SOURCE, Mpi.ANY_TAG, st);
        int sender = (int) (buf[0] >>> 32);
        int s = (int) buf[0];
        assertEquals(st.source(), sender);
        assertEquals(seq[sender], s, "message from " + sender + " out of order or duplicated");
        seq[sender]++;
        COUNT.get()[0]++;
    }

    private static void drainAll(Comm c, int total) {
        if (COUNT.get() == null) {
            SEQ.set(new int[c.size()]);
            COUNT.set(new int[1]);
        }
        while (COUNT.get()[0] < total) {
            receiveOne(c, -1);
        }
        SEQ.remove();
        COUNT.remove();
    }
}
