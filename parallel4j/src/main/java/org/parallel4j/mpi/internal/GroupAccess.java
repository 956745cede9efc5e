package org.parallel4j.mpi.internal;

import org.parallel4j.mpi.Group;

/**
 * How engines make a {@link Group}, whose constructor users cannot call (users get groups from
 * a communicator). {@code Group} installs the factory from its static initializer, as
 * {@link StatusAccess} does for {@code Status}.
 */
public final class GroupAccess {
    /** Makes a group of world ranks seen from one caller. */
    @FunctionalInterface
    public interface Factory {
        Group create(int[] worldRanks, int callerWorldRank);
    }

    private static volatile Factory factory;

    private GroupAccess() {
    }

    /** Called once, by {@code Group}'s static initializer. */
    public static void install(Factory f) {
        if (factory != null) {
            throw new IllegalStateException("the group factory is installed by org.parallel4j.mpi.Group only");
        }
        factory = f;
    }

    /** The group of {@code worldRanks} (in order) as the process with world rank {@code callerWorldRank} sees it. */
    public static Group create(int[] worldRanks, int callerWorldRank) {
        Factory f = factory;
        if (f == null) {
            Group.EMPTY.size(); // initializes Group, which installs the factory
            f = factory;
        }
        return f.create(worldRanks, callerWorldRank);
    }
}
