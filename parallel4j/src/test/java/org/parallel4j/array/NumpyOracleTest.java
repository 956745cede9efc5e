package org.parallel4j.array;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.parallel4j.loop.Team;

/**
 * Every operation against NumPy's values for the same inputs ({@code array/numpy_expected.txt},
 * made by {@code make_numpy_expected.py} beside it): exact for what IEEE 754 fixes (+ - * /,
 * sqrt, floor, ceil, min, max, where, comparisons), a few ulps for the transcendental functions
 * (libm and the JDK may round differently), and a relative 1e-12 for reductions (NumPy sums
 * pairwise, parallel4j block by block), at sizes on both sides of the block size and the serial
 * cut-off, on teams of 1, 2, 3 and 8 threads.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NumpyOracleTest {
    record Expected(String name, int n, double[] values) {
    }

    static Map<String, Expected> expected() throws Exception {
        Map<String, Expected> out = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                NumpyOracleTest.class.getResourceAsStream("/array/numpy_expected.txt"), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split("\t");
                String[] v = f[2].split(" ");
                double[] values = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    values[i] = switch (v[i]) {
                        case "inf" -> Double.POSITIVE_INFINITY;
                        case "-inf" -> Double.NEGATIVE_INFINITY;
                        case "nan" -> Double.NaN;
                        default -> Double.parseDouble(v[i]);
                    };
                }
                out.put(f[0] + "@" + f[1], new Expected(f[0], Integer.parseInt(f[1]), values));
            }
        }
        return out;
    }

    static DoubleArray x(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = ((i * 7919L) % 10007) / 1024.0 - 4.0;
        }
        return DoubleArray.of(v);
    }

    static DoubleArray y(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = ((i * 104729L) % 9973) / 512.0 - 9.0;
        }
        return DoubleArray.of(v);
    }

    static void near(double expected, double got, double ulps, String what) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(got), what + ": expected NaN, got " + got);
            return;
        }
        assertEquals(expected, got, ulps * Math.ulp(expected), what);
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3, 8})
    void elementWiseOperationsGiveNumpysValues(int threads) throws Exception {
        Map<String, Expected> all = expected();
        int n = 1000;
        try (Team team = Team.create(threads)) {
            DoubleExpr x = x(n).on(team);
            DoubleArray y = y(n);
            Map<String, Object[]> cases = new LinkedHashMap<>();
            cases.put("add", new Object[] {x.plus(y), 0.0});
            cases.put("sub", new Object[] {x.minus(y.times(3.5)), 0.0});
            cases.put("mul", new Object[] {x.times(y), 0.0});
            cases.put("div", new Object[] {x.div(y), 0.0});
            cases.put("sqrt", new Object[] {x.abs().sqrt(), 0.0});
            cases.put("exp", new Object[] {x.exp(), 2.0});
            cases.put("log", new Object[] {y.abs().log(), 2.0});
            cases.put("sin", new Object[] {y.sin(), 2.0});
            cases.put("cos", new Object[] {y.cos(), 2.0});
            cases.put("tan", new Object[] {x.tan(), 2.0});
            cases.put("tanh", new Object[] {x.tanh(), 2.0});
            cases.put("floor", new Object[] {y.floor(), 0.0});
            cases.put("ceil", new Object[] {y.ceil(), 0.0});
            cases.put("pow", new Object[] {x.abs().pow(1.5), 2.0});
            cases.put("minimum", new Object[] {x.min(y), 0.0});
            cases.put("maximum", new Object[] {x.max(y), 0.0});
            cases.put("where", new Object[] {DoubleExpr.where(x.lt(y), x, y.neg()), 0.0});
            cases.put("hypot", new Object[] {x.times(x).plus(y.times(y)).sqrt(), 0.0});
            cases.put("poly3", new Object[] {x.times(2.0).plus(y.times(3.0).times(x)).minus(y), 0.0});
            for (var c : cases.entrySet()) {
                Expected e = all.get(c.getKey() + "@" + n);
                DoubleArray got = ((DoubleExpr) c.getValue()[0]).eval();
                double ulps = (double) c.getValue()[1];
                for (int i = 0; i < n; i++) {
                    if (ulps == 0) {
                        assertEquals(e.values()[i], got.get(i), c.getKey() + "[" + i + "] must equal NumPy's exactly");
                    } else {
                        near(e.values()[i], got.get(i), ulps, c.getKey() + "[" + i + "]");
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3, 8})
    void reductionsGiveNumpysValues(int threads) throws Exception {
        Map<String, Expected> all = expected();
        try (Team team = Team.create(threads)) {
            for (int n : new int[] {1, 4095, 4097, 40000, 200001}) {
                DoubleExpr x = x(n).on(team);
                DoubleExpr y = y(n).on(team);
                Map<String, Function<Void, Double>> cases = new LinkedHashMap<>();
                cases.put("sum", v -> x.sum());
                cases.put("prod", v -> x.div(1e5).plus(1.0).prod());
                cases.put("min", v -> y.minValue());
                cases.put("max", v -> y.maxValue());
                cases.put("mean", v -> x.mean());
                cases.put("var", v -> x.var());
                cases.put("std", v -> y.std());
                cases.put("argmax", v -> (double) y.argmax());
                cases.put("argmin", v -> (double) x.argmin());
                cases.put("dot", v -> x.dot(y));
                cases.put("norm", v -> x.norm());
                cases.put("count", v -> (double) x.gt(0).count());
                for (var c : cases.entrySet()) {
                    double want = all.get(c.getKey() + "@" + n).values()[0];
                    double got = c.getValue().apply(null);
                    assertEquals(want, got, 1e-12 * Math.max(1, Math.abs(want)) * Math.sqrt(n),
                            c.getKey() + " of " + n + " elements on " + threads + " threads");
                }
            }
        }
    }
}
