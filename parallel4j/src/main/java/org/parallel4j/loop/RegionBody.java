package org.parallel4j.loop;

/** The code every thread of a parallel region runs ({@link Team#region}). */
@FunctionalInterface
public interface RegionBody {
    /** Runs on one team thread. */
    void run(Region region);
}
