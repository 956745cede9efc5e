package org.parallel4j.mpi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parallel4j.RandomTries;

/**
 * Point-to-point traffic against MPI's matching rules: every rank sends a random sequence of
 * messages (random destinations, three tags, sizes on both sides of the thread engine's 2 KiB
 * staging and 16 KiB eager limits and up to 320 KiB, random buffer offsets; isend, issend, and
 * from a sender thread send, ssend and isend), and receives what is addressed to it with a
 * random mixture of blocking receives, matched probes, probe-then-receive and batches of posted
 * receives, through exact sources and tags and through wildcards. Every message must arrive
 * once, intact, and as the earliest one not yet received from its sender that matches the
 * receive (MPI's non-overtaking rule); afterwards no message is left. Every rank draws every
 * rank's traffic from the same seed, so each knows what it must receive.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RandomPointToPointTest {
    private static final int TRIES = 12;
    private static final int TAGS = 3;

    /** One message: sender, receiver, tag, its place in the sender's sequence, and its buffer's shape. */
    record Msg(int source, int dest, int tag, int seq, int count, int offset, int slack) {
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4})
    void everyMessageArrivesOnceIntactAndInMatchingOrder(int ranks) {
        CommMatrix.launch(ranks, Duration.ofSeconds(150), c -> RandomTries.run(TRIES, r -> oneTry(c, r)));
    }

    /** A size in elements of {@code esize} bytes: a third of the time one at a limit of the engines. */
    static int size(SplittableRandom r, int esize) {
        int[] bytes = {0, 8, 2040, 2048, 2056, 16376, 16384, 16392, 65536, 327_680};
        if (r.nextInt(3) == 0) {
            return bytes[r.nextInt(bytes.length)] / esize;
        }
        return r.nextInt(4) == 0 ? r.nextInt(40_000 / esize) : r.nextInt(64);
    }

    private static void oneTry(Comm c, SplittableRandom r) throws Exception {
        int n = c.size(), me = c.rank();
        Element e = Element.values()[r.nextInt(4)];
        List<List<Msg>> sent = new ArrayList<>(); // per sender, in sending order
        for (int q = 0; q < n; q++) {
            List<Msg> mine = new ArrayList<>();
            int count = r.nextInt(13);
            for (int j = 0; j < count; j++) {
                mine.add(new Msg(q, r.nextInt(n), r.nextInt(TAGS), j, size(r, e.size), r.nextInt(3) == 0 ? r.nextInt(4) : 0,
                        r.nextInt(3) == 0 ? r.nextInt(4) : 0));
            }
            sent.add(mine);
        }
        boolean senderThread = r.nextBoolean();
        int[] modes = new int[sent.get(me).size()];
        for (int j = 0; j < modes.length; j++) {
            modes[j] = r.nextInt(3);
        }
        // what this rank receives, per sender in order; the receives are drawn below, as they go
        List<List<Msg>> pending = new ArrayList<>();
        int expected = 0;
        int largest = 0;
        for (int q = 0; q < n; q++) {
            List<Msg> from = new ArrayList<>();
            for (Msg m : sent.get(q)) {
                if (m.dest() == me) {
                    from.add(m);
                    largest = Math.max(largest, m.count());
                }
            }
            expected += from.size();
            pending.add(from);
        }
        SplittableRandom mineR = r.split(); // this rank's receive choices: its own, drawn the same on every run
        Fault fault = new Fault();
        List<Request> sends = new ArrayList<>();
        Thread sender = null;
        Throwable[] senderFailure = new Throwable[1];
        if (senderThread) {
            sender = new Thread(() -> {
                try {
                    for (int j = 0; j < modes.length; j++) {
                        Msg m = sent.get(me).get(j);
                        Object buf = payload(e, m);
                        switch (modes[j]) {
                            case 0 -> c.send(buf, m.offset(), m.count(), m.dest(), m.tag());
                            case 1 -> c.ssend(buf, m.offset(), m.count(), m.dest(), m.tag());
                            default -> c.isend(buf, m.offset(), m.count(), m.dest(), m.tag()).await();
                        }
                    }
                } catch (Throwable t) {
                    senderFailure[0] = t;
                }
            }, "sender of rank " + me);
            sender.start();
        } else {
            for (int j = 0; j < modes.length; j++) {
                Msg m = sent.get(me).get(j);
                Object buf = payload(e, m);
                sends.add(modes[j] == 1 ? c.issend(exact(e, m), m.dest(), m.tag()) : c.isend(buf, m.offset(), m.count(), m.dest(), m.tag()));
            }
        }
        int received = 0;
        Object buf = e.array(largest + 3);
        while (received < expected) {
            // a receive's pattern generalizes a message still to come, so that it always matches one
            Msg target = pick(mineR, pending);
            // with blocking sends a receive that waits for a later message could deadlock (its sender
            // stuck in an earlier send), so then every receive takes any source and any tag
            int how = mineR.nextInt(senderThread ? 4 : 5);
            if (how == 4) { // a batch of posted receives of exact sources and tags
                List<Msg> batch = new ArrayList<>();
                int k = 1 + mineR.nextInt(4);
                List<List<Msg>> left = copy(pending);
                for (int j = 0; j < k && received + batch.size() < expected; j++) {
                    Msg m = pick(mineR, left);
                    left.get(m.source()).remove(firstOf(left.get(m.source()), m.source(), m.tag()));
                    batch.add(m);
                }
                List<Request> posted = new ArrayList<>();
                List<Object> bufs = new ArrayList<>();
                for (Msg m : batch) {
                    Object b = e.array(largest + 3);
                    bufs.add(b);
                    posted.add(c.irecv(b, 1, largest, m.source(), m.tag()));
                }
                for (int j = 0; j < batch.size(); j++) {
                    Status s = posted.get(j).await();
                    check(fault, e, pending, batch.get(j).source(), batch.get(j).tag(), s, bufs.get(j), 1, "posted irecv " + j + " of " + batch.size());
                    received++;
                }
                continue;
            }
            int source = !senderThread && mineR.nextBoolean() ? target.source() : Mpi.ANY_SOURCE;
            int tag = !senderThread && mineR.nextBoolean() ? target.tag() : Mpi.ANY_TAG;
            Status s;
            String form;
            switch (how) {
                case 0 -> {
                    s = Status.create();
                    c.recv(buf, 2, largest, source, tag, s);
                    form = "recv";
                }
                case 1 -> {
                    Message m = mineR.nextBoolean() ? c.mprobe(source, tag) : improbe(c, source, tag);
                    int probed = m.status().count(e.type);
                    s = m.recv(buf, 2, largest);
                    if (probed != s.count()) {
                        fault.add("a matched probe said " + probed + " elements from " + s.source() + ", its receive got " + s.count());
                    }
                    form = "mprobe and recv";
                }
                case 2 -> {
                    Status p = c.probe(source, tag);
                    s = Status.create();
                    c.recv(buf, 2, largest, p.source(), p.tag(), s);
                    form = "probe and recv";
                    if (p.count(e.type) != s.count() || p.source() != s.source() || p.tag() != s.tag()) {
                        fault.add("probe said " + p.count(e.type) + " elements from " + p.source() + " tag " + p.tag() + ", the receive got "
                                + s.count() + " from " + s.source() + " tag " + s.tag());
                    }
                }
                default -> {
                    s = c.irecv(buf, 2, largest, source, tag).await();
                    form = "irecv";
                }
            }
            check(fault, e, pending, source, tag, s, buf, 2, form + " from " + source + " tag " + tag);
            received++;
        }
        Request.waitAll(sends);
        if (sender != null) {
            sender.join();
            if (senderFailure[0] != null) {
                throw new AssertionError("rank " + me + "'s sender thread failed", senderFailure[0]);
            }
        }
        c.barrier();
        Status left = c.iprobe(Mpi.ANY_SOURCE, Mpi.ANY_TAG);
        if (left != null) {
            fault.add("a message from " + left.source() + " tag " + left.tag() + " of " + left.count() + " elements was left after all "
                    + expected + " arrived");
        }
        c.barrier();
        fault.agree(c);
    }

    private static Message improbe(Comm c, int source, int tag) throws InterruptedException {
        for (;;) {
            Message m = c.improbe(source, tag);
            if (m != null) {
                return m;
            }
            Thread.onSpinWait();
        }
    }

    /** A message still to come, at random. */
    private static Msg pick(SplittableRandom r, List<List<Msg>> pending) {
        int total = 0;
        for (List<Msg> l : pending) {
            total += l.size();
        }
        int k = r.nextInt(total);
        for (List<Msg> l : pending) {
            if (k < l.size()) {
                return l.get(k);
            }
            k -= l.size();
        }
        throw new IllegalStateException();
    }

    private static List<List<Msg>> copy(List<List<Msg>> pending) {
        List<List<Msg>> out = new ArrayList<>();
        for (List<Msg> l : pending) {
            out.add(new ArrayList<>(l));
        }
        return out;
    }

    /** The first of {@code from}'s messages (in sending order) that a receive of {@code source}, {@code tag} matches, or null. */
    private static Msg firstOf(List<Msg> from, int source, int tag) {
        for (Msg m : from) {
            if ((source == Mpi.ANY_SOURCE || source == m.source()) && (tag == Mpi.ANY_TAG || tag == m.tag())) {
                return m;
            }
        }
        return null;
    }

    /** The buffer of a message: its data at its offset, values that must not travel around it. */
    static Object payload(Element e, Msg m) {
        Object buf = e.array(m.offset() + m.count() + m.slack());
        for (int i = 0; i < m.offset() + m.count() + m.slack(); i++) {
            e.set(buf, i, i >= m.offset() && i < m.offset() + m.count() ? value(m, i - m.offset()) : -77);
        }
        return buf;
    }

    /** The message's data alone. */
    static Object exact(Element e, Msg m) {
        Object buf = e.array(m.count());
        for (int i = 0; i < m.count(); i++) {
            e.set(buf, i, value(m, i));
        }
        return buf;
    }

    static long value(Msg m, int i) {
        return m.source() * 1_000_003L + m.seq() * 10_007L + i + 1;
    }

    /**
     * A receive of {@code source}, {@code tag} got {@code s}: the earliest message not yet received
     * from that sender that the receive matches, its data at {@code at} in {@code buf}, nothing
     * written before it.
     */
    private static void check(Fault fault, Element e, List<List<Msg>> pending, int source, int tag,
            Status s, Object buf, int at, String form) {
        if (s.source() < 0 || s.source() >= pending.size()) {
            fault.add(form + ": the status names source " + s.source());
            return;
        }
        Msg m = firstOf(pending.get(s.source()), source, tag);
        if (m == null) {
            fault.add(form + ": a message from " + s.source() + " tag " + s.tag() + " that was not to come");
            return;
        }
        pending.get(s.source()).remove(m);
        if (s.tag() != m.tag() || s.count() != m.count()) {
            fault.add(form + ": got tag " + s.tag() + ", " + s.count() + " elements from " + s.source() + " where the earliest matching"
                    + " message from it is " + m);
            return;
        }
        Object data = exact(e, m);
        for (int i = 0; i < m.count(); i++) {
            if (e.bits(buf, at + i) != e.bits(data, i)) {
                fault.add(form + ": element " + i + " of " + m + " is " + e.bits(buf, at + i) + ", expected " + e.bits(data, i));
                return;
            }
        }
        for (int i = 0; i < at; i++) {
            if (e.bits(buf, i) != 0) {
                fault.add(form + ": element " + i + ", before the receive's region, was written: " + e.bits(buf, i));
                return;
            }
        }
    }
}
