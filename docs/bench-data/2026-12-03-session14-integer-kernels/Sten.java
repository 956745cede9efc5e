import org.parallel4j.array.*;
import org.parallel4j.loop.Team;
public class Sten {
    public static void main(String[] args) {
        int m = Integer.parseInt(args[0]);
        Team team = args[1].equals("1") ? Team.create(1) : Team.common();
        DoubleMatrix psi = DoubleMatrix.zeros(m + 2, m + 2);
        for (int i = 0; i < m + 2; i++) for (int j = 0; j < m + 2; j++) psi.set(i, j, (i * 31 + j * 17) % 101);
        DoubleMatrix next = psi.copy();
        DoubleMatrix interior = psi.slice(1, m + 1, 1, m + 1), ni = next.slice(1, m + 1, 1, m + 1);
        int reps = Math.max(100, 200_000_000 / (m * m * 10));
        double bs = 1e9, bc = 1e9;
        for (int round = 0; round < 15; round++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                psi.slice(0, m, 1, m + 1).expr().on(team).plus(psi.slice(2, m + 2, 1, m + 1).expr())
                    .plus(psi.slice(1, m + 1, 0, m).expr()).plus(psi.slice(1, m + 1, 2, m + 2).expr()).times(0.25).into(ni);
            }
            long t1 = System.nanoTime();
            for (int r = 0; r < reps; r++) ni.expr().on(team).into(interior);
            long t2 = System.nanoTime();
            bs = Math.min(bs, (t1 - t0) / 1e3 / reps); bc = Math.min(bc, (t2 - t1) / 1e3 / reps);
        }
        System.out.printf("m=%d threads=%d stencil %.2f us, copy %.2f us%n", m, team.size(), bs, bc);
    }
}
