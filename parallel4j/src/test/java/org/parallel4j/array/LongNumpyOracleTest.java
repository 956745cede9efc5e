package org.parallel4j.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parallel4j.loop.Team;

/**
 * Every {@code long} operation against NumPy's int64 values for the same inputs
 * ({@code array/numpy_expected_int64.txt}, made by {@code make_numpy_expected_int64.py} beside
 * it), exactly, wrap-around included, at sizes on both sides of the block size and the serial
 * cut-off, on teams of 1, 2, 3 and 8 threads; two-dimensional slices with steps, row and column
 * broadcasting, sums along each axis and an in-place stencil included.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LongNumpyOracleTest {
    private static Map<String, long[]> expected() throws Exception {
        Map<String, long[]> out = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                LongNumpyOracleTest.class.getResourceAsStream("/array/numpy_expected_int64.txt"), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split("\t");
                String[] v = f[2].split(" ");
                long[] values = new long[v.length];
                for (int i = 0; i < v.length; i++) {
                    values[i] = Long.parseLong(v[i]);
                }
                out.put(f[0] + "@" + f[1], values);
            }
        }
        return out;
    }

    private static LongArray x(int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = ((i * 7919L) % 10007 - 5000) * 1_000_000_007L;
        }
        return LongArray.of(v);
    }

    private static LongArray y(int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            long y = (i * 104729L) % 9973 - 4986;
            v[i] = y == 0 ? 7 : y;
        }
        return LongArray.of(v);
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3, 8})
    void everyOperationGivesNumpysInt64Values(int threads) throws Exception {
        Map<String, long[]> want = expected();
        try (Team team = Team.create(threads)) {
            LongExpr x = x(1000).on(team);
            LongArray y = y(1000);
            assertArrayEquals(want.get("add@1000"), x.plus(y.times(3)).eval().toArray(), "add");
            assertArrayEquals(want.get("mul@1000"), x.times(x).times(y).eval().toArray(), "mul (wrapping)");
            assertArrayEquals(want.get("floor_divide@1000"), x.floorDiv(y).eval().toArray(), "floor_divide");
            assertArrayEquals(want.get("mod@1000"), x.mod(y).eval().toArray(), "mod");
            assertArrayEquals(want.get("minimum@1000"), x.min(y.times(1_000_000_000)).eval().toArray(), "minimum");
            assertArrayEquals(want.get("maximum@1000"), x.max(y.times(1_000_000_000)).eval().toArray(), "maximum");
            assertArrayEquals(want.get("where@1000"), LongExpr.where(x.lt(y.times(1_000_000_000)), x.neg(), y.abs()).eval().toArray(), "where");
            assertArrayEquals(want.get("bitwise@1000"), concat(x.and(y), x.or(y), x.xor(y.times(12345)), x.not()), "& | ^ ~");
            LongExpr count = y.mod(70).minus(3);
            assertArrayEquals(want.get("shifts@1000"), concat(x.shiftLeft(count), x.shiftRight(count), y.shiftLeft(58)),
                    "<< and >> with counts from -3 to 66");
            int[] u = new int[1000];
            int[] v = new int[1000];
            for (int i = 0; i < 1000; i++) {
                u[i] = (int) (((i * 7919L) % 10007 - 5000) * 429_497L); // astype(np.int32): the low 32 bits
                v[i] = (int) ((i * 104729L) % 9973 - 4986);
            }
            IntArray iu = IntArray.of(u);
            IntArray iv = IntArray.of(v);
            int[] got = iu.on(team).times(iv).plus(iu).minus(iv.times(3)).evalInts().toArray();
            long[] wide = new long[got.length];
            for (int i = 0; i < got.length; i++) {
                wide[i] = got[i];
            }
            assertArrayEquals(want.get("int32_arith@1000"), wide, "int32 + - * (wrapping at 32 bits)");
            assertEquals(want.get("int32_sum@1000")[0], iu.on(team).sum(), "int32 sum, in int64");
            for (int n : new int[] {1, 4095, 4097, 40000, 200001}) {
                LongExpr a = x(n).on(team);
                LongArray b = y(n);
                String at = " at " + n;
                assertEquals(want.get("sum@" + n)[0], a.times(a).sum(), "sum" + at);
                assertEquals(want.get("prod@" + n)[0], oddProd(b, team), "prod" + at);
                assertEquals(want.get("min@" + n)[0], a.minValue(), "min" + at);
                assertEquals(want.get("max@" + n)[0], b.on(team).maxValue(), "max" + at);
                assertEquals(want.get("argmax@" + n)[0], a.argmax(), "argmax" + at);
                assertEquals(want.get("argmin@" + n)[0], b.on(team).argmin(), "argmin" + at);
                assertEquals(want.get("count@" + n)[0], a.gt(0).count(), "count" + at);
            }
        }
    }

    private static IntArray u(int n) {
        int[] u = new int[n];
        for (int i = 0; i < n; i++) {
            u[i] = (int) (((i * 7919L) % 10007 - 5000) * 429_497L); // astype(np.int32): the low 32 bits
        }
        return IntArray.of(u);
    }

    private static IntArray v(int n) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = (int) ((i * 104729L) % 9973 - 4986);
        }
        return IntArray.of(v);
    }

    private static long[] concat(LongExpr... parts) {
        return java.util.Arrays.stream(parts).flatMapToLong(p -> java.util.Arrays.stream(p.eval().toArray())).toArray();
    }

    private static long[] widened(IntArray a) {
        int[] got = a.toArray();
        long[] wide = new long[got.length];
        for (int i = 0; i < got.length; i++) {
            wide[i] = got[i];
        }
        return wide;
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3, 8})
    void int32ResultsWrapAfterEveryOperationAsNumpysDo(int threads) throws Exception {
        Map<String, long[]> want = expected();
        try (Team team = Team.create(threads)) {
            LongExpr u = u(1000).on(team);
            IntArray v = v(1000);
            LongExpr p = u.times(v);
            assertArrayEquals(want.get("int32_floor_divide@1000"), p.floorDiv(7).eval().toArray(), "(u * v) // 7");
            assertArrayEquals(want.get("int32_mod@1000"), p.mod(1000).eval().toArray(), "(u * v) % 1000");
            assertArrayEquals(want.get("int32_minimum@1000"), u.times(3).min(v.times(1000)).eval().toArray(), "minimum");
            assertArrayEquals(want.get("int32_maximum@1000"), widened(u.times(3).max(v.times(1000)).evalInts()), "maximum, into int32");
            LongExpr where = LongExpr.where(u.times(2).lt(v), u.times(2).neg(), v.times(1_000_000).abs());
            assertArrayEquals(want.get("int32_where@1000"), where.eval().toArray(), "where after an overflow");
            assertEquals(want.get("int32_count@1000")[0], u.plus(u).gt(0).count(), "count of u + u > 0");
            assertEquals(want.get("int32_sum_of_products@1000")[0], p.sum(), "sum of wrapped products, in int64");
            assertEquals(want.get("int32_prod@1000")[0], v(1000).slice(0, 40, 1).on(team).times(9).prod(), "prod, in int64");
            LongExpr twice = u.plus(u);
            assertArrayEquals(want.get("int32_min_max_of_sums@1000"),
                    new long[] {twice.minValue(), twice.maxValue(), twice.argmin(), twice.argmax()}, "min, max, argmin, argmax of u + u");
            assertArrayEquals(want.get("int32_big_scalar@1000"), u.times(3).plus(1L << 40).eval().toArray(), "a scalar beyond int32 makes int64");
            assertArrayEquals(want.get("int32_with_int64@1000"), u.times(LongArray.of(v.asLong().eval().toArray())).eval().toArray(),
                    "int32 with an int64 array is int64");
            assertEquals(want.get("int32_as_int64_sum@1000")[0], u.asLong().times(v).sum(), "astype(np.int64) first: no wrapping");
            assertArrayEquals(want.get("int32_bitwise@1000"), concat(u.and(v), u.or(v.times(1000)), u.xor(v), u.not(), u.shiftLeft(v.mod(40)),
                    u.shiftRight(v.mod(40).minus(3)), u.shiftLeft(3).floorDiv(5)), "int32 & | ^ ~ << >>");
            LongExpr m = IntArray.of(Integer.MIN_VALUE, 7, -7, Integer.MAX_VALUE).on(team);
            long[] edges = new long[20];
            LongExpr[] parts = {m.floorDiv(-1), m.neg(), m.abs(), m.plus(1), m.times(m)};
            for (int k = 0; k < parts.length; k++) {
                System.arraycopy(parts[k].eval().toArray(), 0, edges, 4 * k, 4);
            }
            assertArrayEquals(want.get("int32_edges@4"), edges, "// -1, -, abs, + 1, * at the int32 edges");
            for (int n : new int[] {1, 4095, 4097, 40000, 200001}) {
                LongExpr a = u(n).on(team);
                IntArray b = v(n);
                LongExpr q = a.times(b);
                LongExpr w = LongExpr.where(a.times(2).lt(b), a.times(2).neg(), b.times(1_000_000).abs());
                long[] got = {q.floorDiv(7).sum(), q.mod(1000).sum(), a.plus(a).gt(0).count(), w.sum(), a.times(3).minValue(), a.plus(a).argmax()};
                assertArrayEquals(want.get("int32_reductions@" + n), got, "int32 reductions at " + n);
            }
        }
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3, 8})
    void twoDimensionalSlicesBroadcastsAndAxisSumsGiveNumpysValues(int threads) throws Exception {
        Map<String, long[]> want = expected();
        try (Team team = Team.create(threads)) {
            for (int[] shape : new int[][] {{7, 9}, {70, 130}, {250, 201}}) {
                int rows = shape[0];
                int cols = shape[1];
                int n = rows * cols;
                String at = "@" + rows + "x" + cols;
                // a[1::2, 2::3]: a slice with steps of each input
                LongMatrix xs = LongMatrix.of(rows, cols, x(n).toArray()).slice(1, rows, 2, 2, cols, 3);
                LongMatrix ys = LongMatrix.of(rows, cols, y(n).toArray()).slice(1, rows, 2, 2, cols, 3);
                LongExpr x = xs.expr().on(team);
                LongExpr y = ys.expr();
                assertArrayEquals(want.get("2d_broadcast" + at), x.times(y).plus(xs.row(0)).minus(ys.col(0).asColumn()).evalMatrix().flat().toArray(),
                        "xs * ys + xs[0] - ys[:, 0:1]" + at);
                assertArrayEquals(want.get("2d_floor_mod" + at), x.floorDiv(y).plus(x.mod(7)).eval().toArray(), "xs // ys + xs % 7" + at);
                assertArrayEquals(want.get("2d_where" + at), LongExpr.where(x.gt(y.times(1_000_000_000)), xs.row(0), y.neg()).eval().toArray(),
                        "where with a row" + at);
                assertArrayEquals(want.get("2d_axis_sums" + at), concat(xs.rowSums(), xs.colSums()), "sums along each axis" + at);
                long[] reductions = {x.times(y).sum(), x.maxValue(), x.argmax(), y.on(team).minValue(), y.on(team).argmin(), x.gt(0).count()};
                assertArrayEquals(want.get("2d_reductions" + at), reductions, "sum, max, argmax, min, argmin, count" + at);
                IntMatrix us = IntMatrix.of(rows, cols, u(n).toArray()).slice(1, rows, 2, 2, cols, 3);
                IntMatrix vs = IntMatrix.of(rows, cols, v(n).toArray()).slice(1, rows, 2, 2, cols, 3);
                LongExpr u = us.expr().on(team);
                assertArrayEquals(want.get("2d_int32" + at),
                        widened(u.times(vs.expr()).plus(us.row(0)).minus(vs.expr().times(3)).floorDiv(7).evalIntMatrix().flat()),
                        "int32 (us * vs + us[0] - vs * 3) // 7" + at);
                assertArrayEquals(want.get("2d_int32_int64_column" + at), u.times(2).minus(vs.col(0).asLong().asColumn()).eval().toArray(),
                        "int32 with an int64 column" + at);
                assertArrayEquals(want.get("2d_int32_axis_sums" + at), concat(us.rowSums(), us.colSums()), "int32 sums along each axis" + at);
                IntMatrix w = IntMatrix.of(rows, cols, u(n).toArray());
                w.slice(0, rows - 2, 1, cols - 1).expr().plus(w.slice(2, rows, 1, cols - 1).expr()).plus(w.slice(1, rows - 1, 0, cols - 2).expr())
                        .plus(w.slice(1, rows - 1, 2, cols).expr()).minus(w.slice(1, rows - 1, 1, cols - 1).expr().times(4)).on(team)
                        .into(w.slice(1, rows - 1, 1, cols - 1));
                assertArrayEquals(want.get("2d_int32_stencil" + at), widened(w.flat()), "int32 stencil into a shifted slice in place" + at);
            }
        }
    }

    /** {@code np.prod(y | 1)}: the inputs made odd here (there are no bitwise operations), their product by the library. */
    private static long oddProd(LongArray y, Team team) {
        long[] v = y.toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] |= 1;
        }
        return LongArray.of(v).on(team).prod();
    }
}
