package org.parallel4j.examples.pool;

import java.util.ArrayList;
import java.util.List;
import org.parallel4j.examples.loop.PrimesLoop;

/**
 * The serial baseline of the workshop's primes exercise: the primes of one of its five ranges
 * by trial division, printing their count, the first ten and the last ten, as the workshop's
 * program does. {@code p4j example primes-serial [A|B|C|D|E]} (default A):
 * A [10^8, 10^8 + 10^4) 551 primes; B [10^8, 10^8 + 10^5) 5411; C [10^8, 1.01 x 10^8) 54208;
 * D [10^9, 10^9 + 10^5) 4832; E [10^11, 10^11 + 10^5) 4019.
 */
public final class PrimesSerial {
    /**
     * One of the workshop's ranges, [start, end).
     *
     * @param name the workshop's letter, A to E
     * @param start the first number of the range
     * @param end the end of the range (exclusive)
     */
    public record Range(String name, long start, long end) implements java.io.Serializable {
    }

    /** The workshop's five ranges. */
    public static final List<Range> RANGES = List.of(new Range("A", 100_000_000L, 100_010_000L),
            new Range("B", 100_000_000L, 100_100_000L), new Range("C", 100_000_000L, 101_000_000L),
            new Range("D", 1_000_000_000L, 1_000_100_000L), new Range("E", 100_000_000_000L, 100_000_100_000L));

    private PrimesSerial() {
    }

    /**
     * The range called {@code name} (A to E), or a usage error listing them.
     *
     * @param name the workshop's letter, A to E
     * @return the range
     */
    public static Range range(String name) {
        for (Range r : RANGES) {
            if (r.name().equalsIgnoreCase(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no range '" + name + "': the workshop's ranges are A, B, C, D and E");
    }

    /**
     * The primes in the range, in order, one number after the other.
     *
     * @param r the range
     * @return the primes of the range, in order
     */
    public static List<Long> primes(Range r) {
        List<Long> out = new ArrayList<>();
        for (long n = r.start(); n < r.end(); n++) {
            if (PrimesLoop.isPrime(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        Range r = range(args.length > 0 ? args[0] : "A");
        long t0 = System.nanoTime();
        List<Long> p = primes(r);
        double s = (System.nanoTime() - t0) * 1e-9;
        System.out.println(p.size());
        System.out.println(p.subList(0, Math.min(10, p.size())));
        System.out.println(p.subList(Math.max(0, p.size() - 10), p.size()));
        System.out.printf("range %s [%d, %d): %d primes, serially in %.3f s%n", r.name(), r.start(), r.end(), p.size(), s);
    }
}
