package org.parallel4j.loop;

/** The code every thread of a parallel region runs ({@link Team#region}). */
@FunctionalInterface
public interface RegionBody {
    /**
     * Runs on one team thread.
     *
     * @param region the running region: the thread's id, the team size, barriers and worksharing
     */
    void run(Region region);
}
