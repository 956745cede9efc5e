import org.parallel4j.array.*;
public class VF {
    public static void main(String[] args) {
        for (int cols : new int[] {32, 64, 96, 128, 256}) {
            int rows = 8192 / cols;
            DoubleMatrix A = DoubleMatrix.random(rows, cols + 2, 1), B = DoubleMatrix.random(rows, cols + 2, 2), O = DoubleMatrix.zeros(rows, cols + 2);
            DoubleMatrix a = A.slice(0, rows, 1, cols + 1), b = B.slice(0, rows, 1, cols + 1), o = O.slice(0, rows, 1, cols + 1);
            DoubleExpr e = a.expr().plus(b.expr().times(3.0)).minus(a.expr().times(b.expr()));
            double best = 1e9;
            for (int r = 0; r < 30000; r++) {
                long t0 = System.nanoTime();
                e.into(o);
                long t = System.nanoTime() - t0;
                if (r > 20000) best = Math.min(best, t);
            }
            System.out.printf("cols %d: %.3f ns/elem%n", cols, best / (rows * cols));
        }
    }
}
