package org.parallel4j.examples.mpi;

import java.util.LinkedHashMap;
import java.util.Map;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.Mpi;

/** Rank 0 sends a small map {a: 7, b: 3.14} to rank 1, which prints it. {@code p4j example -n 2 mpi-p2p} */
public final class MpiP2p {
    private MpiP2p() {
    }

    /** Rank 0 sends, rank 1 returns what it received; other ranks return null. */
    public static Map<String, Object> exchange(Comm world) {
        if (world.size() < 2) {
            throw new IllegalArgumentException("mpi-p2p needs at least 2 ranks, got " + world.size() + ": run it with -n 2");
        }
        if (world.rank() == 0) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("a", 7);
            data.put("b", 3.14);
            world.sendObject(data, 1, 11);
            return null;
        }
        if (world.rank() == 1) {
            return world.recvObject(0, 11);
        }
        return null;
    }

    public static void main(String[] args) {
        Map<String, Object> data = exchange(Mpi.world());
        if (data != null) {
            System.out.println("rank 1 received " + data);
        }
    }
}
