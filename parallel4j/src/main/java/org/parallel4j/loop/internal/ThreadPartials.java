package org.parallel4j.loop.internal;

import java.util.function.BinaryOperator;
import java.util.function.Supplier;
import org.parallel4j.internal.CacheLines;
import org.parallel4j.loop.Reduction;

/**
 * The per-thread partial results of a team reduction: one slot per thread, each on its own
 * cache lines ({@link CacheLines}), combined in thread order. The one form of the pattern,
 * used by the loops' reductions and by a region's {@code reduce}.
 */
public final class ThreadPartials {
    private ThreadPartials() {
    }

    /** Partial {@code double} results. */
    public static final class Doubles {
        private final double[] slots;

        /**
         * Slots for {@code threads} threads, each starting at {@code identity}.
         *
         * @param threads the number of slots
         * @param identity the initial value of every slot
         */
        public Doubles(int threads, double identity) {
            slots = new double[CacheLines.length(threads, CacheLines.LONGS)];
            if (Double.doubleToRawLongBits(identity) != 0) { // not +0.0, which the array already holds
                java.util.Arrays.fill(slots, identity);
            }
        }

        /**
         * Thread {@code t}'s value.
         *
         * @param t the thread
         * @return its value
         */
        public double get(int t) {
            return slots[CacheLines.index(t, CacheLines.LONGS)];
        }

        /**
         * Sets thread {@code t}'s value.
         *
         * @param t the thread
         * @param value its value
         */
        public void set(int t, double value) {
            slots[CacheLines.index(t, CacheLines.LONGS)] = value;
        }

        /**
         * The first {@code used} slots combined with {@code op} in thread order, from its identity.
         *
         * @param used how many threads took part
         * @param op the reduction
         * @return the combined value
         */
        public double combine(int used, Reduction op) {
            double acc = op.identityDouble();
            for (int t = 0; t < used; t++) {
                acc = op.apply(acc, get(t));
            }
            return acc;
        }
    }

    /** Partial {@code long} results. */
    public static final class Longs {
        private final long[] slots;

        /**
         * Slots for {@code threads} threads, each starting at {@code identity}.
         *
         * @param threads the number of slots
         * @param identity the initial value of every slot
         */
        public Longs(int threads, long identity) {
            slots = new long[CacheLines.length(threads, CacheLines.LONGS)];
            if (identity != 0) {
                java.util.Arrays.fill(slots, identity);
            }
        }

        /**
         * Thread {@code t}'s value.
         *
         * @param t the thread
         * @return its value
         */
        public long get(int t) {
            return slots[CacheLines.index(t, CacheLines.LONGS)];
        }

        /**
         * Sets thread {@code t}'s value.
         *
         * @param t the thread
         * @param value its value
         */
        public void set(int t, long value) {
            slots[CacheLines.index(t, CacheLines.LONGS)] = value;
        }

        /**
         * The first {@code used} slots combined with {@code op} in thread order, from its identity.
         *
         * @param used how many threads took part
         * @param op the reduction
         * @return the combined value
         */
        public long combine(int used, Reduction op) {
            long acc = op.identityLong();
            for (int t = 0; t < used; t++) {
                acc = op.apply(acc, get(t));
            }
            return acc;
        }
    }

    /**
     * Partial results of any type; a slot is null until its thread sets it.
     *
     * @param <A> the type of a partial result
     */
    public static final class Objects<A> {
        private final Object[] slots;

        /**
         * Empty slots for {@code threads} threads.
         *
         * @param threads the number of slots
         */
        public Objects(int threads) {
            slots = new Object[CacheLines.length(threads, CacheLines.REFS)];
        }

        /**
         * Thread {@code t}'s value, or null.
         *
         * @param t the thread
         * @return its value
         */
        @SuppressWarnings("unchecked")
        public A get(int t) {
            return (A) slots[CacheLines.index(t, CacheLines.REFS)];
        }

        /**
         * Sets thread {@code t}'s value.
         *
         * @param t the thread
         * @param value its value
         */
        public void set(int t, A value) {
            slots[CacheLines.index(t, CacheLines.REFS)] = value;
        }

        /**
         * The non-null values of the first {@code used} slots combined in thread order, starting from {@code identity.get()}.
         *
         * @param used how many threads took part
         * @param identity the starting value
         * @param combine combines two partial results
         * @return the combined value
         */
        public A combine(int used, Supplier<A> identity, BinaryOperator<A> combine) {
            A acc = identity.get();
            for (int t = 0; t < used; t++) {
                A p = get(t);
                if (p != null) {
                    acc = combine.apply(acc, p);
                }
            }
            return acc;
        }
    }
}
