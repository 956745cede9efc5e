import org.parallel4j.array.*;
import org.parallel4j.loop.Team;
import java.util.function.DoubleSupplier;
public class Red {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        Team team = args[1].equals("1") ? Team.create(1) : Team.common();
        long[] a = new long[n], b = new long[n], c = new long[n];
        double[] x = new double[n], y = new double[n], z = new double[n];
        for (int i = 0; i < n; i++) { a[i] = i * 31L; b[i] = i ^ 0x5555; c[i] = -i; x[i] = Math.sin(i); y[i] = i * 1e-3; z[i] = Math.cos(i); }
        LongArray A = LongArray.of(a), B = LongArray.of(b), C = LongArray.of(c);
        DoubleArray X = DoubleArray.of(x), Y = DoubleArray.of(y), Z = DoubleArray.of(z);
        String[] names = {"L sum(a*b)", "L count((a&255)==3)", "L max(a+b)", "L sum(a*b+c)", "D sum(x+y)", "D sum(x*y+z)", "D max(x*y)", "D count(x<y)", "D mean(x*y)"};
        DoubleSupplier[] cases = {
            () -> A.on(team).times(B).sum(),
            () -> A.on(team).and(255).eq(3).count(),
            () -> A.on(team).plus(B).maxValue(),
            () -> A.on(team).times(B).plus(C).sum(),
            () -> X.on(team).plus(Y).sum(),
            () -> X.on(team).times(Y).plus(Z).sum(),
            () -> X.on(team).times(Y).maxValue(),
            () -> X.on(team).lt(Y).count(),
            () -> X.on(team).times(Y).mean(),
        };
        double[] best = new double[cases.length];
        java.util.Arrays.fill(best, 1e9);
        double sink = 0;
        int reps = Math.max(1, 40_000_000 / n);
        for (int round = 0; round < 12; round++) {
            for (int k = 0; k < cases.length; k++) {
                long t0 = System.nanoTime();
                for (int r = 0; r < reps; r++) sink += cases[k].getAsDouble();
                best[k] = Math.min(best[k], (System.nanoTime() - t0) / (double) reps / n);
            }
        }
        StringBuilder s = new StringBuilder("n=" + n + " threads=" + team.size() + ":");
        for (int k = 0; k < cases.length; k++) s.append(String.format(" %s %.3f;", names[k], best[k]));
        System.out.println(s + " ns/elem (" + sink + ")");
    }
}
