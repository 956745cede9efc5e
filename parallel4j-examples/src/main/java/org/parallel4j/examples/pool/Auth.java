package org.parallel4j.examples.pool;

import java.util.List;
import java.util.Map;
import org.parallel4j.pool.MapOptions;
import org.parallel4j.pool.Pool;

/**
 * The workshop's thread-pool exercise: looking up users, each lookup a slow (sleeping) call,
 * serially and on a pool of threads, which overlaps the waits. {@code p4j example auth
 * [seconds per lookup]} (default 0.5).
 */
public final class Auth {
    /** The names looked up. */
    public static final List<String> NAMES = List.of("alice", "bob", "carol", "dave", "erin", "frank");
    private static final Map<String, Integer> IDS = Map.of("alice", 1001, "bob", 1002, "carol", 1003, "dave", 1004,
            "erin", 1005, "frank", 1006);

    private Auth() {
    }

    /**
     * The user id of {@code name}, after a wait of {@code seconds} (a remote directory's latency).
     *
     * @param name the user name
     * @param seconds how long the lookup sleeps
     * @return the user's id
     */
    public static int lookup(String name, double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up " + name, e);
        }
        Integer id = IDS.get(name);
        if (id == null) {
            throw new IllegalArgumentException("no user called '" + name + "'");
        }
        return id;
    }

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 0.5;
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("seconds per lookup must be at least 0, got " + args[0]);
        }
        long t0 = System.nanoTime();
        List<Integer> serial = NAMES.stream().map(n -> lookup(n, seconds)).toList();
        System.out.printf("serial:            %s in %.2f s%n", serial, (System.nanoTime() - t0) * 1e-9);
        try (Pool pool = Pool.threads(NAMES.size())) {
            t0 = System.nanoTime();
            List<Integer> pooled = pool.map(n -> lookup(n, seconds), NAMES, MapOptions.defaults().chunksize(1));
            System.out.printf("pool of %d threads: %s in %.2f s%n", pool.workers(), pooled, (System.nanoTime() - t0) * 1e-9);
        }
    }
}
