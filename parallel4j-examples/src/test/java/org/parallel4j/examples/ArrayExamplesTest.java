package org.parallel4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parallel4j.array.DoubleMatrix;
import org.parallel4j.examples.array.GoFast;
import org.parallel4j.examples.array.PrangeReduce;

/** The array examples give the Numba workshop's results. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ArrayExamplesTest {
    @ParameterizedTest(name = "{0} x {0}")
    @ValueSource(ints = {1000, 2500})
    void goFastAddsNMinusOneToEveryElement(int n) {
        DoubleMatrix a = DoubleMatrix.arange(n, n);
        DoubleMatrix r = GoFast.goFast(a);
        for (int i = 0; i < n; i += 7) {
            for (int j = 0; j < n; j += 3) {
                assertEquals(i * (double) n + j + (n - 1), r.get(i, j), "(" + i + ", " + j + ")");
            }
        }
        assertEquals(n - 1.0, r.get(n - 1, n - 1) - a.get(n - 1, n - 1));
    }

    @Test
    void prangeReduceDoublesEveryElementNTimes() {
        for (int n : new int[] {0, 1, 10, 60}) {
            DoubleMatrix r = PrangeReduce.productReduction(n);
            assertEquals(13, r.rows());
            assertEquals(17, r.cols());
            assertTrue(r.flat().eq(Math.pow(2, n + 1)).all(), "every element 2^" + (n + 1));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrangeReduce.main(new String[] {"x"}));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GoFast.main(new String[] {"1"}));
        assertTrue(e.getMessage().contains("'1'"), e.getMessage());
    }
}
