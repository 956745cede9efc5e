package org.parallel4j.mpi;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * An ordered set of processes, as in MPI: {@link Comm#group()} gives a communicator's,
 * {@link #incl}/{@link #excl} and the set operations make new ones, and
 * {@link Comm#create(Group)} turns one into a communicator.
 *
 * <p>A group is an immutable value. Members are identified by their world rank; a group's
 * own ranks run from 0 to {@code size() - 1} in member order.
 */
public final class Group {
    /** The empty group. */
    public static final Group EMPTY = new Group(new int[0], -1);

    private final int[] worldRanks;
    private final int callerWorldRank;

    static {
        org.parallel4j.mpi.internal.GroupAccess.install(Group::new);
    }

    /**
     * A group of the given world ranks, in order, seen from the process with world rank
     * {@code callerWorldRank} (which decides {@link #rank()}). Engines make groups through
     * {@code GroupAccess}; users get them from a communicator ({@code comm.group()}).
     */
    private Group(int[] worldRanks, int callerWorldRank) {
        this.worldRanks = worldRanks.clone();
        this.callerWorldRank = callerWorldRank;
        Set<Integer> seen = new LinkedHashSet<>();
        for (int r : this.worldRanks) {
            if (!seen.add(r)) {
                throw new MpiException(ErrorClass.GROUP, "group lists world rank " + r + " twice: "
                        + Arrays.toString(worldRanks));
            }
        }
    }

    /**
     * The number of members.
     *
     * @return the number of members
     */
    public int size() {
        return worldRanks.length;
    }

    /**
     * The caller's rank in this group, or {@link Mpi#UNDEFINED} when it is not a member.
     *
     * @return the caller's rank in this group, or {@link Mpi#UNDEFINED} when it is not a member
     */
    public int rank() {
        return indexOf(callerWorldRank);
    }

    /**
     * The world rank of the member with group rank {@code rank}.
     *
     * @param rank a rank of this group
     * @return the world rank of the member with group rank {@code rank}
     */
    public int worldRank(int rank) {
        checkRank(rank, "worldRank");
        return worldRanks[rank];
    }

    /**
     * The world ranks of all members, in group order.
     *
     * @return the world ranks of all members, in group order
     */
    public int[] worldRanks() {
        return worldRanks.clone();
    }

    /**
     * A group of the members with the given ranks, in the given order.
     *
     * @param ranks ranks of this group
     * @return a group of the members with the given ranks, in the given order
     */
    public Group incl(int... ranks) {
        int[] members = new int[ranks.length];
        for (int i = 0; i < ranks.length; i++) {
            checkRank(ranks[i], "incl");
            members[i] = worldRanks[ranks[i]];
        }
        return new Group(members, callerWorldRank);
    }

    /**
     * A group of the members not listed, in this group's order.
     *
     * @param ranks ranks of this group
     * @return a group of the members not listed, in this group's order
     */
    public Group excl(int... ranks) {
        boolean[] drop = new boolean[worldRanks.length];
        for (int r : ranks) {
            checkRank(r, "excl");
            if (drop[r]) {
                throw new MpiException(ErrorClass.GROUP, "excl lists rank " + r + " twice: " + Arrays.toString(ranks));
            }
            drop[r] = true;
        }
        return new Group(filter(i -> !drop[i]), callerWorldRank);
    }

    /**
     * For each of {@code ranks} (ranks in this group), its rank in {@code other}, or
     * {@link Mpi#UNDEFINED} where the process is not a member of {@code other}.
     *
     * @param ranks ranks of this group
     * @param other another group
     * @return for each of {@code ranks}, its rank in {@code other} or {@link Mpi#UNDEFINED}
     */
    public int[] translateRanks(int[] ranks, Group other) {
        int[] out = new int[ranks.length];
        for (int i = 0; i < ranks.length; i++) {
            if (ranks[i] == Mpi.PROC_NULL) {
                out[i] = Mpi.PROC_NULL;
                continue;
            }
            checkRank(ranks[i], "translateRanks");
            out[i] = other.indexOf(worldRanks[ranks[i]]);
        }
        return out;
    }

    /**
     * How this group compares with another: IDENT (same members, same order), SIMILAR or UNEQUAL.
     *
     * @param other another group
     * @return how this group compares with another: IDENT (same members, same order), SIMILAR or UNEQUAL
     */
    public Comparison compare(Group other) {
        if (Arrays.equals(worldRanks, other.worldRanks)) {
            return Comparison.IDENT;
        }
        int[] a = worldRanks.clone();
        int[] b = other.worldRanks.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        return Arrays.equals(a, b) ? Comparison.SIMILAR : Comparison.UNEQUAL;
    }

    /**
     * The members of this group, then those of {@code other} not in this one.
     *
     * @param other another group
     * @return the members of this group, then those of {@code other} not in this one
     */
    public Group union(Group other) {
        Set<Integer> all = new LinkedHashSet<>();
        for (int r : worldRanks) {
            all.add(r);
        }
        for (int r : other.worldRanks) {
            all.add(r);
        }
        return new Group(all.stream().mapToInt(Integer::intValue).toArray(), callerWorldRank);
    }

    /**
     * The members of this group that are also in {@code other}, in this group's order.
     *
     * @param other another group
     * @return the members of this group that are also in {@code other}, in this group's order
     */
    public Group intersection(Group other) {
        return new Group(filter(i -> other.indexOf(worldRanks[i]) != Mpi.UNDEFINED), callerWorldRank);
    }

    /**
     * The members of this group that are not in {@code other}, in this group's order.
     *
     * @param other another group
     * @return the members of this group that are not in {@code other}, in this group's order
     */
    public Group difference(Group other) {
        return new Group(filter(i -> other.indexOf(worldRanks[i]) == Mpi.UNDEFINED), callerWorldRank);
    }

    private int[] filter(java.util.function.IntPredicate keep) {
        return java.util.stream.IntStream.range(0, worldRanks.length).filter(keep).map(i -> worldRanks[i]).toArray();
    }

    private int indexOf(int worldRank) {
        for (int i = 0; i < worldRanks.length; i++) {
            if (worldRanks[i] == worldRank) {
                return i;
            }
        }
        return Mpi.UNDEFINED;
    }

    private void checkRank(int rank, String what) {
        if (rank < 0 || rank >= worldRanks.length) {
            throw new MpiException(ErrorClass.RANK, what + ": rank " + rank + " is not in a group of size "
                    + worldRanks.length + " (valid ranks: 0.." + (worldRanks.length - 1) + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Group g && Arrays.equals(worldRanks, g.worldRanks);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(worldRanks);
    }

    @Override
    public String toString() {
        return "Group" + Arrays.toString(worldRanks);
    }
}
