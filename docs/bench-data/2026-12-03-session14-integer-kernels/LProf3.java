import org.parallel4j.array.*;
import org.parallel4j.loop.Team;
import java.util.function.LongSupplier;
public class LProf3 {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        Team team = args[1].equals("1") ? Team.create(1) : Team.common();
        long[] a = new long[n], b = new long[n], c = new long[n], o = new long[n];
        int[] u = new int[n], v = new int[n], w = new int[n];
        for (int i = 0; i < n; i++) { a[i] = i * 31L; b[i] = i ^ 0x5555; c[i] = -i; u[i] = i * 7; v[i] = i ^ 0x333; }
        LongArray A = LongArray.of(a), B = LongArray.of(b), C = LongArray.of(c), O = LongArray.of(o);
        IntArray U = IntArray.of(u), V = IntArray.of(v), W = IntArray.of(w);
        String[] names = {"sum(a)", "a*b+c into", "count((a&255)==3)", "max(a,b).min(c) into", "a*3+b into", "max(a)", "sum(a*b)", "int32 u*v+u into int32", "where(a<b,a,b*2) into"};
        LongSupplier[] cases = {
            () -> A.on(team).sum(),
            () -> { A.on(team).times(B).plus(C).into(O); return o[n - 1]; },
            () -> A.on(team).and(255).eq(3).count(),
            () -> { A.on(team).max(B).min(C).into(O); return o[n - 1]; },
            () -> { A.on(team).times(3).plus(B).into(O); return o[n - 1]; },
            () -> A.on(team).maxValue(),
            () -> A.on(team).times(B).sum(),
            () -> { U.on(team).times(V).plus(U).into(W); return w[n - 1]; },
            () -> { LongExpr.where(A.on(team).lt(B), A, B.times(2)).into(O); return o[n - 1]; },
        };
        double[] best = new double[cases.length];
        java.util.Arrays.fill(best, 1e9);
        long sink = 0;
        int reps = Math.max(1, 40_000_000 / n);
        for (int round = 0; round < 12; round++) {
            for (int k = 0; k < cases.length; k++) {
                long t0 = System.nanoTime();
                for (int r = 0; r < reps; r++) sink += cases[k].getAsLong();
                best[k] = Math.min(best[k], (System.nanoTime() - t0) / (double) reps / n);
            }
        }
        StringBuilder s = new StringBuilder("n=" + n + " threads=" + team.size() + ":");
        for (int k = 0; k < cases.length; k++) s.append(String.format(" %s %.3f;", names[k], best[k]));
        System.out.println(s + " ns/elem (" + (sink & 1) + ")");
    }
}
