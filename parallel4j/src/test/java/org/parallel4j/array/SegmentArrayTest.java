package org.parallel4j.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parallel4j.loop.Team;

/**
 * Arrays over memory outside the heap, against the same values in a {@code double[]}: read,
 * written, in place and shifted in place, sliced with steps, reduced to the same bits, at
 * lengths on both sides of the serial cut-off and the block size, on 1 and 3 threads.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SegmentArrayTest {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private static MemorySegment filled(Arena arena, double[] values) {
        MemorySegment s = arena.allocate((long) values.length * Double.BYTES, 8);
        MemorySegment.copy(values, 0, s, D, 0, values.length);
        return s;
    }

    @Test
    void segmentsComputeAsArraysDo() {
        for (int n : new int[] {0, 1, 7, 4096, 8191, 8192, 3 * 4096 + 5, 40_000, 40_001}) {
            for (int threads : new int[] {1, 3}) {
                String at = n + " elements, " + threads + " threads";
                double[] x = DoubleArray.random(n, 1).array();
                double[] y = DoubleArray.random(n, 2).array();
                // A shared arena's memory is read by the team; a confined one's only by its thread (the evaluation runs there).
                try (Arena arena = n % 2 == 0 ? Arena.ofShared() : Arena.ofConfined(); Team team = Team.create(threads)) {
                    DoubleArray a = DoubleArray.of(filled(arena, x));
                    DoubleArray b = DoubleArray.of(filled(arena, y));
                    DoubleArray ha = DoubleArray.of(x.clone());
                    DoubleArray hb = DoubleArray.of(y.clone());
                    assertArrayEquals(ha.on(team).times(ha).plus(hb.times(3)).sqrt().eval().array(),
                            a.on(team).times(a).plus(b.times(3)).sqrt().eval().array(), "expression, " + at);
                    assertEquals(ha.on(team).times(hb).sum(), a.on(team).times(b).sum(), 0.0, "sum, " + at);
                    assertEquals(ha.on(team).std(), a.on(team).std(), 0.0, "std, " + at);
                    if (n > 0) {
                        assertEquals(ha.on(team).argmax(), a.on(team).argmax(), "argmax, " + at);
                    }
                    MemorySegment out = arena.allocate((long) n * Double.BYTES, 8);
                    a.on(team).plus(b).into(DoubleArray.of(out));
                    for (int i = 0; i < n; i++) {
                        assertEquals(x[i] + y[i], out.getAtIndex(D, i), 0.0, "into a segment, element " + i + ", " + at);
                    }
                    a.on(team).times(2).plus(1).into(a); // in place
                    if (n > 1) {
                        a.slice(1, n).on(team).minus(b.slice(0, n - 1)).into(a.slice(0, n - 1)); // shifted: through a temporary
                        DoubleArray every3 = a.slice(0, n, 3);
                        every3.on(team).neg().into(every3);
                    }
                    double[] expected = new double[n];
                    for (int i = 0; i < n; i++) {
                        expected[i] = x[i] * 2 + 1;
                    }
                    for (int i = 0; i + 1 < n; i++) {
                        expected[i] = expected[i + 1] - y[i];
                    }
                    for (int i = 0; n > 1 && i < n; i += 3) {
                        expected[i] = -expected[i];
                    }
                    assertArrayEquals(expected, a.toArray(), "in place, shifted, with steps, " + at);
                }
            }
        }
    }

    @Test
    void aSegmentOfAnArrayIsAViewOfItAndBadSizesAreErrors() {
        double[] backing = {1, 2, 3, 4, 5};
        DoubleArray view = DoubleArray.of(MemorySegment.ofArray(backing).asSlice(8, 24));
        assertArrayEquals(new double[] {2, 3, 4}, view.toArray());
        view.times(10).into(view);
        assertArrayEquals(new double[] {1, 20, 30, 40, 5}, backing, "written through to the array");
        assertEquals(24, view.asSegment().byteSize());
        try (Arena arena = Arena.ofConfined()) {
            var e = assertThrows(IllegalArgumentException.class, () -> DoubleArray.of(arena.allocate(12)));
            assertTrue(e.getMessage().contains("12 bytes"), e.getMessage());
            MemorySegment s = filled(arena, new double[] {1, 2, 3, 4});
            assertEquals(s.address(), DoubleArray.of(s).asSegment().address(), "no copy");
            e = assertThrows(IllegalArgumentException.class, () -> DoubleArray.of(s).slice(0, 4, 2).asSegment());
            assertTrue(e.getMessage().contains("step 2"), e.getMessage());
        }
    }
}
