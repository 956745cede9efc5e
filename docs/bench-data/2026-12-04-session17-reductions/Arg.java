import org.parallel4j.array.*;
import org.parallel4j.loop.Team;
import java.util.function.DoubleSupplier;
public class Arg {
    static int serial(double[] a) { int best = 0; double max = a[0]; for (int i = 1; i < a.length; i++) { if (a[i] > max) { max = a[i]; best = i; } } return best; }
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        Team team = args[1].equals("1") ? Team.create(1) : Team.create(Integer.parseInt(args[1]));
        DoubleArray A = DoubleArray.random(n, 1);
        double[] a = A.toArray();
        DoubleExpr e = A.on(team);
        String[] names = {"argmax", "maxValue", "sum", "serial-loop"};
        DoubleSupplier[] cases = { () -> e.argmax(), () -> e.maxValue(), () -> e.sum(), () -> serial(a) };
        double[] best = new double[cases.length];
        java.util.Arrays.fill(best, 1e9);
        double sink = 0;
        int reps = Math.max(1, 40_000_000 / n);
        for (int round = 0; round < 10; round++) {
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
