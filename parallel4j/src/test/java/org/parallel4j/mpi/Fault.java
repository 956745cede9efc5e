package org.parallel4j.mpi;

/**
 * A try's first failed check on this rank. A rank goes on after a failed check, so that the
 * others are not left waiting in a collective call it would skip; at the end of the try all
 * ranks learn whether one failed.
 */
final class Fault {
    private String first;

    void add(String what) {
        if (first == null) {
            first = what;
        }
    }

    void expect(long expected, long actual, java.util.function.Supplier<String> what) {
        if (expected != actual) {
            add(what.get() + ": expected " + expected + ", was " + actual);
        }
    }

    void agree(Comm c) {
        int failed = c.allreduce(first == null ? 0 : 1, Op.MAX);
        if (first != null) {
            throw new AssertionError(first);
        }
        if (failed != 0) {
            throw new AssertionError("another rank's check failed (this one, " + c.rank() + ", passed): see that rank's report");
        }
    }
}
