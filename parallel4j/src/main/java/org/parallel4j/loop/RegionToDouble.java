package org.parallel4j.loop;

/** A region body that returns this thread's contribution to a reduction ({@link Team#regionReduce}). */
@FunctionalInterface
public interface RegionToDouble {
    /**
     * Runs on one team thread and returns its contribution.
     *
     * @param region the running region: the thread's id, the team size, barriers and worksharing
     * @return its contribution
     */
    double run(Region region);
}
