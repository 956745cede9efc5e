import libsvm.*;
import org.parallel4j.examples.gridsearch.*;
public class Pred2 {
    static svm_node[] nodes(double[] row) { svm_node[] n = new svm_node[row.length]; for (int k = 0; k < row.length; k++) { n[k] = new svm_node(); n[k].index = k + 1; n[k].value = row[k]; } return n; }
    public static void main(String[] args) throws Exception {
        svm.svm_set_print_string_function(s -> { });
        Dataset d = Dataset.bundled();
        double[][] x = d.x(); int[] y = d.y();
        int n = x.length, half = n / 2;
        for (String kernel : new String[] {"rbf", "poly"}) {
            svm_parameter p = new svm_parameter();
            p.svm_type = svm_parameter.C_SVC; p.kernel_type = kernel.equals("rbf") ? svm_parameter.RBF : svm_parameter.POLY;
            p.C = 0.001; p.gamma = 0.25; p.degree = 3; p.coef0 = 0; p.eps = 1e-3; p.cache_size = 200; p.shrinking = 1; p.probability = 0;
            p.nr_weight = 0; p.weight_label = new int[0]; p.weight = new double[0];
            svm_problem prob = new svm_problem(); prob.l = half; prob.y = new double[half]; prob.x = new svm_node[half][];
            for (int i = 0; i < half; i++) { prob.y[i] = y[i]; prob.x[i] = nodes(x[i]); }
            svm_model m = svm.svm_train(prob, p);
            var c = Class.forName("org.parallel4j.examples.gridsearch.SvmFit$DenseDecision");
            var of = c.getDeclaredMethod("of", svm_model.class, int.class); of.setAccessible(true);
            var pr = c.getDeclaredMethod("predict", double[].class); pr.setAccessible(true);
            Object dense = of.invoke(null, m, 4);
            for (int rep = 0; rep < 4; rep++) {
                long t0 = System.nanoTime(); int a = 0;
                for (int i = half; i < n; i++) if (svm.svm_predict(m, nodes(x[i])) == y[i]) a++;
                long t1 = System.nanoTime(); int b = 0;
                for (int i = half; i < n; i++) if ((double) pr.invoke(dense, (Object) x[i]) == y[i]) b++;
                long t2 = System.nanoTime();
                System.out.printf("%s SVs %d: libsvm %.3f s (%d), dense %.3f s (%d)%n", kernel, m.l, (t1 - t0) * 1e-9, a, (t2 - t1) * 1e-9, b);
            }
        }
    }
}
