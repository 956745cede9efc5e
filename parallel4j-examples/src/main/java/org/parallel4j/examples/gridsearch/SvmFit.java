package org.parallel4j.examples.gridsearch;

import java.util.function.Function;
import libsvm.svm;
import libsvm.svm_model;
import libsvm.svm_node;
import libsvm.svm_parameter;
import libsvm.svm_problem;

/**
 * One LIBSVM C-SVC fit and its test accuracy, with scikit-learn's {@code SVC} settings. It
 * refers to nothing but the JDK and LIBSVM, so that {@link Svm} can load a private copy of it
 * and of LIBSVM per thread (LIBSVM's random generator and print hook are static): arguments and
 * results are plain arrays, {@code {x, y, train, test, C, kernel, gamma, probability}} in and
 * {@code {correct, tested, probA, probB, supportVectors}} out.
 */
public final class SvmFit implements Function<Object[], Object> {
    static {
        svm.svm_set_print_string_function(s -> { }); // LIBSVM prints its progress to stdout unless told not to
    }

    /** A fitter; {@link Svm} makes them, one per thread. */
    public SvmFit() {
    }

    @Override
    public Object apply(Object[] a) {
        double[][] x = (double[][]) a[0];
        int[] y = (int[]) a[1];
        int[] train = (int[]) a[2];
        int[] test = (int[]) a[3];
        svm_parameter p = new svm_parameter();
        p.svm_type = svm_parameter.C_SVC;
        p.kernel_type = switch ((String) a[5]) {
            case "rbf" -> svm_parameter.RBF;
            case "poly" -> svm_parameter.POLY;
            case "linear" -> svm_parameter.LINEAR;
            case "sigmoid" -> svm_parameter.SIGMOID;
            default -> throw new IllegalArgumentException("unknown kernel '" + a[5] + "': expected rbf, poly, linear or sigmoid");
        };
        p.C = (Double) a[4];
        p.gamma = (Double) a[6];
        p.degree = 3;
        p.coef0 = 0;
        p.eps = 1e-3;
        p.cache_size = 200;
        p.shrinking = 1;
        p.probability = (Boolean) a[7] ? 1 : 0;
        p.nu = 0.5;
        p.p = 0.1;
        p.nr_weight = 0;
        p.weight_label = new int[0];
        p.weight = new double[0];
        svm_problem prob = new svm_problem();
        prob.l = train.length;
        prob.y = new double[train.length];
        prob.x = new svm_node[train.length][];
        for (int i = 0; i < train.length; i++) {
            prob.y[i] = y[train[i]];
            prob.x[i] = nodes(x[train[i]]);
        }
        String bad = svm.svm_check_parameter(prob, p);
        if (bad != null) {
            throw new IllegalArgumentException("LIBSVM refuses C=" + p.C + ", kernel=" + a[5] + ": " + bad);
        }
        svm.rand.setSeed(0); // each fit draws the same numbers (probability estimates), whatever ran before it
        svm_model m = svm.svm_train(prob, p);
        int correct = 0;
        for (int i : test) {
            if (svm.svm_predict(m, nodes(x[i])) == y[i]) {
                correct++;
            }
        }
        double probA = m.probA == null ? Double.NaN : m.probA[0];
        double probB = m.probB == null ? Double.NaN : m.probB[0];
        return new double[] {correct, test.length, probA, probB, m.l};
    }

    private static svm_node[] nodes(double[] row) {
        svm_node[] n = new svm_node[row.length];
        for (int k = 0; k < row.length; k++) {
            n[k] = new svm_node();
            n[k].index = k + 1;
            n[k].value = row[k];
        }
        return n;
    }
}
