package org.parallel4j.examples.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.parallel4j.pool.Pool;

/**
 * The workshop's first map lesson ({@code map.py}): the squares of 0..9 by a loop, by the
 * built-in map (here a stream) and by a pool's {@code map}, then the exercise, cubes.
 * {@code p4j example map}
 */
public final class MapExample {
    private MapExample() {
    }

    static int square(int x) {
        return x * x;
    }

    static int cube(int x) {
        return x * x * x;
    }

    /**
     * {@code f} over 0..9 by a loop.
     *
     * @param f the function, as {@code x -> x * x}
     * @return {@code f} of 0..9, in order
     */
    public static List<Integer> byLoop(java.util.function.IntUnaryOperator f) {
        List<Integer> out = new ArrayList<>();
        for (int x = 0; x < 10; x++) {
            out.add(f.applyAsInt(x));
        }
        return out;
    }

    /**
     * Squares and cubes of 0..9 on a pool of {@code workers} worker JVMs.
     *
     * @param workers the number of worker JVMs
     * @return the squares and the cubes of 0..9
     */
    public static List<List<Integer>> byPool(int workers) {
        List<Integer> inputs = IntStream.range(0, 10).boxed().toList();
        try (Pool pool = Pool.processes(workers)) {
            return List.of(pool.map(MapExample::square, inputs), pool.map(MapExample::cube, inputs));
        }
    }

    /**
     * Runs the example from the command line: {@code p4j example NAME [arguments]}, the arguments as
     * the class comment describes them.
     *
     * @param args the example's arguments
     */
    public static void main(String[] args) {
        System.out.println("loop:   " + byLoop(MapExample::square));
        System.out.println("stream: " + IntStream.range(0, 10).map(MapExample::square).boxed().toList());
        List<List<Integer>> pooled = byPool(2);
        System.out.println("pool:   " + pooled.get(0));
        System.out.println("cubes:  " + pooled.get(1));
    }
}
