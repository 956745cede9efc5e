package org.parallel4j.array;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parallel4j.RandomTries;
import org.parallel4j.loop.Team;

/**
 * Expressions written into a view of the very array they read, against NumPy's rule that the
 * right-hand side is read whole before anything is written: random views with steps, overlapping
 * the target forwards, backwards, with another step or not at all, one- and two-dimensional,
 * over heap arrays and segments, at lengths and widths on both sides of the evaluator's
 * thresholds, on 1, 2 and 3 threads. The reference is the same arithmetic over a copy taken
 * before the assignment; every element of the array, inside the target or not, is checked.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RandomAliasingTest {
    private static final Team[] TEAMS = {Team.create(1), Team.create(2), Team.create(3)};

    /** A view of {@code n} elements of an array of {@code length}: its start and step. */
    record View(int from, int step) {
        static View draw(SplittableRandom r, int length, int n) {
            int maxStep = n <= 1 ? 3 : Math.max(1, Math.min(3, (length - 1) / (n - 1)));
            int step = 1 + r.nextInt(maxStep);
            int from = r.nextInt(length - (n - 1) * step);
            return new View(from, step);
        }

        int at(int i) {
            return from + i * step;
        }
    }

    /** {@code out = a * 2 + b - c * 0.5} with a, b, c views of the array itself or of a copy. */
    static double formula(double a, double b, double c) {
        return a * 2 + b - c * 0.5;
    }

    @Test
    void oneDimensionalAssignmentsReadEverythingBeforeWriting() {
        RandomTries.run(150, r -> {
            int length = RandomTries.arrayLength(r);
            int n = 1 + r.nextInt(length);
            if (r.nextInt(3) == 0) {
                n = Math.min(length, new int[] {1023, 1024, 1025, 4096, 8193}[r.nextInt(5)]);
            }
            double[] start = new double[length];
            for (int i = 0; i < length; i++) {
                start[i] = r.nextInt(2000) - 1000;
            }
            View out = View.draw(r, length, n), va = View.draw(r, length, n), vb = View.draw(r, length, n), vc = View.draw(r, length, n);
            boolean segment = r.nextInt(3) == 0;
            Team team = TEAMS[r.nextInt(3)];
            String what = "length " + length + ", " + n + " elements into " + out + " from " + va + ", " + vb + ", " + vc
                    + (segment ? " (segment)" : "") + ", " + team.size() + " threads";
            double[] expected = start.clone();
            for (int i = 0; i < n; i++) {
                expected[out.at(i)] = formula(start[va.at(i)], start[vb.at(i)], start[vc.at(i)]);
            }
            try (Arena arena = Arena.ofConfined()) {
                DoubleArray base;
                MemorySegment mem = null;
                if (segment) {
                    mem = arena.allocate(8L * length, 8);
                    MemorySegment.copy(start, 0, mem, ValueLayout.JAVA_DOUBLE, 0, length);
                    base = DoubleArray.of(mem);
                } else {
                    base = DoubleArray.of(start.clone());
                }
                DoubleExpr a = base.slice(va.from(), va.from() + (n - 1) * va.step() + 1, va.step()).on(team);
                DoubleArray b = base.slice(vb.from(), vb.from() + (n - 1) * vb.step() + 1, vb.step());
                DoubleArray c = base.slice(vc.from(), vc.from() + (n - 1) * vc.step() + 1, vc.step());
                a.times(2).plus(b).minus(c.times(0.5)).into(base.slice(out.from(), out.from() + (n - 1) * out.step() + 1, out.step()));
                double[] got = base.toArray();
                for (int i = 0; i < length; i++) {
                    if (Double.compare(expected[i], got[i]) != 0) {
                        throw new AssertionError("element " + i + " is " + got[i] + ", expected " + expected[i] + ": " + what);
                    }
                }
            }
        });
    }

    @Test
    void twoDimensionalAssignmentsReadEverythingBeforeWriting() {
        RandomTries.run(120, r -> {
            int rows = 1 + r.nextInt(r.nextBoolean() ? 12 : 90);
            int cols = 1 + r.nextInt(r.nextInt(3) == 0 ? 300 : 40);
            if (r.nextInt(4) == 0) {
                cols = new int[] {127, 128, 129, 257}[r.nextInt(4)];
            }
            double[] start = new double[rows * cols];
            for (int i = 0; i < start.length; i++) {
                start[i] = r.nextInt(2000) - 1000;
            }
            int sr = 1 + r.nextInt(rows), sc = 1 + r.nextInt(cols);
            View outR = View.draw(r, rows, sr), outC = View.draw(r, cols, sc);
            View[] inR = new View[3], inC = new View[3];
            for (int k = 0; k < 3; k++) {
                inR[k] = View.draw(r, rows, sr);
                inC[k] = View.draw(r, cols, sc);
            }
            Team team = TEAMS[r.nextInt(3)];
            String what = rows + "x" + cols + ", a " + sr + "x" + sc + " slice at rows " + outR + " cols " + outC + " from rows "
                    + java.util.Arrays.toString(inR) + " cols " + java.util.Arrays.toString(inC) + ", " + team.size() + " threads";
            double[] expected = start.clone();
            for (int i = 0; i < sr; i++) {
                for (int j = 0; j < sc; j++) {
                    expected[outR.at(i) * cols + outC.at(j)] = formula(start[inR[0].at(i) * cols + inC[0].at(j)],
                            start[inR[1].at(i) * cols + inC[1].at(j)], start[inR[2].at(i) * cols + inC[2].at(j)]);
                }
            }
            DoubleMatrix m = DoubleMatrix.of(rows, cols, start.clone());
            DoubleExpr[] in = new DoubleExpr[3];
            for (int k = 0; k < 3; k++) {
                in[k] = slice(m, inR[k], inC[k], sr, sc).expr();
            }
            in[0].on(team).times(2).plus(in[1]).minus(in[2].times(0.5)).into(slice(m, outR, outC, sr, sc));
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    if (Double.compare(expected[i * cols + j], m.get(i, j)) != 0) {
                        throw new AssertionError("(" + i + ", " + j + ") is " + m.get(i, j) + ", expected " + expected[i * cols + j] + ": " + what);
                    }
                }
            }
        });
    }

    private static DoubleMatrix slice(DoubleMatrix m, View r, View c, int sr, int sc) {
        return m.slice(r.from(), r.from() + (sr - 1) * r.step() + 1, r.step(), c.from(), c.from() + (sc - 1) * c.step() + 1, c.step());
    }
}
