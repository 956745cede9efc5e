package org.parallel4j.examples.mpi;

import java.util.LinkedHashMap;
import java.util.Map;
import org.parallel4j.mpi.Comm;
import org.parallel4j.mpi.Mpi;

/**
 * The workshop's point-to-point example (mpi4py {@code send_recv.py}): rank 0 sends a small
 * map {'a': 7, 'b': 3.14} to rank 1, which prints it as the workshop does,
 * "On process 1, data is {'a': 7, 'b': 3.14}". {@code p4j example -n 2 mpi-p2p}
 */
public final class MpiP2p {
    private MpiP2p() {
    }

    /**
     * Rank 0 sends, rank 1 returns what it received; other ranks return null.
     *
     * @param world the world communicator
     * @return the map rank 1 received; null on the other ranks
     */
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

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        Map<String, Object> data = exchange(Mpi.world());
        if (data != null) {
            System.out.println("On process 1, data is " + pythonDict(data));
        }
    }

    /**
     * A map as Python prints a dict: {'a': 7, 'b': 3.14}.
     *
     * @param m the map
     * @return the map as Python prints a dict
     */
    public static String pythonDict(Map<String, Object> m) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (b.length() > 1) {
                b.append(", ");
            }
            b.append('\'').append(e.getKey()).append("': ").append(e.getValue() instanceof String s ? "'" + s + "'" : e.getValue());
        }
        return b.append('}').toString();
    }
}
