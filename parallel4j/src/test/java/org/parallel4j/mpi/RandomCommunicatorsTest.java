package org.parallel4j.mpi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parallel4j.RandomTries;

/**
 * Groups, splits and Cartesian grids against a serial model of MPI's definitions: random
 * incl/excl lists and set operations (union keeps the first group's order then the second's
 * new members, intersection and difference the first's order), rank translation and
 * comparison; splits by random colours (UNDEFINED too) and keys with ties (broken by the old
 * rank), then a collective on each part to show it is the right set of ranks; grids of random
 * shape and periodicity, the row-major rank of every coordinate, shifts of every displacement
 * with and without wrap-around, and sub-grids. Every rank draws the same cases from the seed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RandomCommunicatorsTest {

    /** A group as the model sees it: world ranks in group-rank order. */
    private static List<Integer> ranksOf(Group g) {
        List<Integer> l = new ArrayList<>();
        for (int w : g.worldRanks()) {
            l.add(w);
        }
        return l;
    }

    private static Group draw(SplittableRandom r, Group world) {
        int n = world.size();
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        java.util.Collections.shuffle(all, new java.util.Random(r.nextLong()));
        int k = r.nextInt(n + 1);
        int[] pick = all.subList(0, k).stream().mapToInt(Integer::intValue).toArray();
        return r.nextBoolean() ? world.incl(pick) : world.excl(pick);
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 5, 7})
    void groupOperationsFollowMpisDefinitions(int ranks) {
        CommMatrix.launch(ranks, Duration.ofSeconds(60), c -> RandomTries.run(60, r -> {
            Group world = c.group();
            Group a = draw(r, world), b = draw(r, world);
            List<Integer> la = ranksOf(a), lb = ranksOf(b);
            String what = "a = " + la + ", b = " + lb;
            List<Integer> union = new ArrayList<>(la);
            for (int x : lb) {
                if (!union.contains(x)) {
                    union.add(x);
                }
            }
            List<Integer> inter = new ArrayList<>(), diff = new ArrayList<>();
            for (int x : la) {
                (lb.contains(x) ? inter : diff).add(x);
            }
            expect(union, ranksOf(a.union(b)), "union, " + what);
            expect(inter, ranksOf(a.intersection(b)), "intersection, " + what);
            expect(diff, ranksOf(a.difference(b)), "difference, " + what);
            int[] mine = new int[la.size()];
            Arrays.setAll(mine, i -> i);
            int[] translated = a.translateRanks(mine, b);
            for (int i = 0; i < la.size(); i++) {
                int expected = lb.indexOf(la.get(i));
                expect(expected < 0 ? Mpi.UNDEFINED : expected, translated[i], "translateRanks of " + i + ", " + what);
            }
            Comparison cmp = la.equals(lb) ? Comparison.IDENT
                    : la.size() == lb.size() && la.containsAll(lb) ? Comparison.SIMILAR : Comparison.UNEQUAL;
            expect(cmp, a.compare(b), "compare, " + what);
            expect(la.indexOf(c.rank()) < 0 ? Mpi.UNDEFINED : la.indexOf(c.rank()), a.rank(), "this rank in a, " + what);
            // incl by this group's ranks in a random order, and excl of some
            if (!la.isEmpty()) {
                int[] order = new int[la.size()];
                Arrays.setAll(order, i -> i);
                for (int i = order.length - 1; i > 0; i--) {
                    int j = r.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                int[] part = Arrays.copyOf(order, r.nextInt(order.length + 1));
                List<Integer> included = new ArrayList<>(), excluded = new ArrayList<>(la);
                for (int p : part) {
                    included.add(la.get(p));
                    excluded.remove(la.get(p));
                }
                expect(included, ranksOf(a.incl(part)), "a.incl(" + Arrays.toString(part) + "), " + what);
                expect(excluded, ranksOf(a.excl(part)), "a.excl(" + Arrays.toString(part) + "), " + what);
            }
        }));
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    void splitsAndCreatedCommunicatorsHoldTheRightRanksInTheRightOrder(int ranks) {
        CommMatrix.launch(ranks, Duration.ofSeconds(60), c -> RandomTries.run(20, r -> {
            int n = c.size(), me = c.rank();
            int colours = 1 + r.nextInt(3);
            int[] colour = new int[n], key = new int[n];
            for (int q = 0; q < n; q++) {
                colour[q] = r.nextInt(5) == 0 ? Mpi.UNDEFINED : r.nextInt(colours);
                key[q] = r.nextInt(3) - 1; // ties: broken by the rank here
            }
            String what = "colours " + Arrays.toString(colour) + ", keys " + Arrays.toString(key);
            Comm part = c.split(colour[me], key[me]);
            if (colour[me] == Mpi.UNDEFINED) {
                expect(true, part == null, "an UNDEFINED colour gets no communicator, " + what);
            } else {
                List<Integer> members = new ArrayList<>();
                for (int q = 0; q < n; q++) {
                    if (colour[q] == colour[me]) {
                        members.add(q);
                    }
                }
                members.sort(Comparator.<Integer>comparingInt(q -> key[q]).thenComparingInt(q -> q));
                expect(members.size(), part.size(), "size, " + what);
                expect(members.indexOf(me), part.rank(), "rank, " + what);
                expect(members, ranksOf(part.group()), "group, " + what);
                // a collective over the part sees exactly its members
                long sum = part.allreduce((long) me, Op.SUM);
                expect(members.stream().mapToLong(Integer::longValue).sum(), sum, "allreduce over the part, " + what);
                part.free();
            }
            // create from a random group of this communicator
            Group g = draw(r, c.group());
            List<Integer> lg = ranksOf(g);
            Comm made = c.create(g);
            if (!lg.contains(me)) {
                expect(true, made == null, "create: not a member, " + lg);
            } else {
                expect(lg.indexOf(me), made.rank(), "create: rank, " + lg);
                expect(lg, ranksOf(made.group()), "create: group, " + lg);
                expect(lg.stream().mapToLong(Integer::longValue).sum(), made.allreduce((long) me, Op.SUM), "create: allreduce, " + lg);
                made.free();
            }
        }));
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4, 6, 8})
    void cartesianGridsMapCoordinatesAndShiftsAsMpiDefinesThem(int ranks) {
        CommMatrix.launch(ranks, Duration.ofSeconds(60), c -> RandomTries.run(12, r -> {
            int n = c.size(), me = c.rank();
            int d = 1 + r.nextInt(3);
            int[] dims = new int[d];
            if (r.nextBoolean()) {
                // zeros for dimsCreate to choose, maybe one fixed divisor of n
                if (d > 1 && r.nextBoolean()) {
                    List<Integer> divisors = new ArrayList<>();
                    for (int q = 1; q <= n; q++) {
                        if (n % q == 0) {
                            divisors.add(q);
                        }
                    }
                    dims[r.nextInt(d)] = divisors.get(r.nextInt(divisors.size()));
                }
                CartComm.dimsCreate(n, dims);
            } else {
                // a random factorization of n
                Arrays.fill(dims, 1);
                int left = n;
                for (int p = 2; left > 1; ) {
                    if (left % p == 0) {
                        dims[r.nextInt(d)] *= p;
                        left /= p;
                    } else {
                        p++;
                    }
                }
            }
            boolean[] periods = new boolean[d];
            for (int i = 0; i < d; i++) {
                periods[i] = r.nextBoolean();
            }
            String what = "dims " + Arrays.toString(dims) + ", periods " + Arrays.toString(periods);
            expect(n, Arrays.stream(dims).reduce(1, (x, y) -> x * y), "the product of the dims, " + what);
            CartComm cart = c.createCart(dims, periods, false);
            expect(me, cart.rank(), "no reorder keeps the rank, " + what);
            for (int q = 0; q < n; q++) {
                int[] coords = new int[d];
                for (int i = d - 1, rest = q; i >= 0; i--) { // row-major: the last dimension moves fastest
                    coords[i] = rest % dims[i];
                    rest /= dims[i];
                }
                expect(Arrays.toString(coords), Arrays.toString(cart.coords(q)), "coords of " + q + ", " + what);
                expect(q, cart.rank(coords), "rank of " + Arrays.toString(coords) + ", " + what);
            }
            int[] mine = cart.coords(me);
            for (int dir = 0; dir < d; dir++) {
                for (int disp = -dims[dir] - 1; disp <= dims[dir] + 1; disp++) {
                    CartComm.Shift s = cart.shift(dir, disp);
                    expect(neighbour(mine, dims, periods, dir, -disp), s.source(), "source of shift(" + dir + ", " + disp + ") at "
                            + Arrays.toString(mine) + ", " + what);
                    expect(neighbour(mine, dims, periods, dir, disp), s.dest(), "dest of shift(" + dir + ", " + disp + ") at "
                            + Arrays.toString(mine) + ", " + what);
                }
            }
            // a sub-grid keeping random dimensions: the ranks that differ only there, ordered by them
            boolean[] keep = new boolean[d];
            for (int i = 0; i < d; i++) {
                keep[i] = r.nextBoolean();
            }
            CartComm sub = cart.sub(keep);
            List<Integer> members = new ArrayList<>();
            for (int q = 0; q < n; q++) {
                int[] cq = cart.coords(q);
                boolean same = true;
                for (int i = 0; i < d; i++) {
                    same &= keep[i] || cq[i] == mine[i];
                }
                if (same) {
                    members.add(q);
                }
            }
            expect(members, ranksOf(sub.group()).stream().map(w -> ranksOf(c.group()).indexOf(w)).toList(),
                    "sub(" + Arrays.toString(keep) + ") at " + Arrays.toString(mine) + ", " + what);
            sub.free();
            cart.free();
        }));
    }

    /** The rank {@code disp} steps from {@code at} along {@code dir}, or PROC_NULL off a non-periodic edge. */
    private static int neighbour(int[] at, int[] dims, boolean[] periods, int dir, int disp) {
        int[] c = at.clone();
        c[dir] += disp;
        if (c[dir] < 0 || c[dir] >= dims[dir]) {
            if (!periods[dir]) {
                return Mpi.PROC_NULL;
            }
            c[dir] = Math.floorMod(c[dir], dims[dir]);
        }
        int rank = 0;
        for (int i = 0; i < c.length; i++) {
            rank = rank * dims[i] + c[i];
        }
        return rank;
    }

    private static void expect(Object expected, Object actual, String what) {
        if (!expected.equals(actual)) {
            throw new AssertionError(what + ": expected " + expected + ", was " + actual);
        }
    }
}
