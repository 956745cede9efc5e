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
        int kernel = switch ((String) a[5]) {
            case "rbf" -> svm_parameter.RBF;
            case "poly" -> svm_parameter.POLY;
            case "linear" -> svm_parameter.LINEAR;
            case "sigmoid" -> svm_parameter.SIGMOID;
            default -> throw new IllegalArgumentException("unknown kernel '" + a[5] + "': expected rbf, poly, linear or sigmoid");
        };
        svm_parameter p = parameters(kernel, (Double) a[4], (Double) a[6], (Boolean) a[7]);
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
        DenseDecision dense = p.probability == 0 ? DenseDecision.of(m, x[0].length) : null;
        for (int i : test) {
            double label = dense != null ? dense.predict(x[i]) : svm.svm_predict(m, nodes(x[i]));
            if (label == y[i]) {
                correct++;
            }
        }
        double probA = m.probA == null ? Double.NaN : m.probA[0];
        double probB = m.probB == null ? Double.NaN : m.probB[0];
        return new double[] {correct, test.length, probA, probB, m.l};
    }

    /**
     * scikit-learn's {@code SVC} settings for LIBSVM: C-SVC, degree 3, coef0 0, tolerance 1e-3, a
     * 200 MB kernel cache, shrinking, no class weights.
     */
    static svm_parameter parameters(int kernel, double c, double gamma, boolean probability) {
        svm_parameter p = new svm_parameter();
        p.svm_type = svm_parameter.C_SVC;
        p.kernel_type = kernel;
        p.C = c;
        p.gamma = gamma;
        p.degree = 3;
        p.coef0 = 0;
        p.eps = 1e-3;
        p.cache_size = 200;
        p.shrinking = 1;
        p.probability = probability ? 1 : 0;
        p.nu = 0.5;
        p.p = 0.1;
        p.nr_weight = 0;
        p.weight_label = new int[0];
        p.weight = new double[0];
        return p;
    }

    /** A dense row as LIBSVM's nodes: every feature, numbered from 1. */
    static svm_node[] nodes(double[] row) {
        svm_node[] n = new svm_node[row.length];
        for (int k = 0; k < row.length; k++) {
            n[k] = new svm_node();
            n[k].index = k + 1;
            n[k].value = row[k];
        }
        return n;
    }

    /**
     * LIBSVM's {@code svm_predict} for a C-SVC model without probability estimates, on dense rows:
     * the support vectors copied once into one array, instead of a walk over a sparse node list
     * per kernel value (scikit-learn predicts with a dense LIBSVM too). Every operation is
     * LIBSVM's, in LIBSVM's order (the kernels of its {@code Kernel.k_function}, the one-against-one
     * sums and votes of {@code svm_predict_values}), so each decision value is the same double and
     * each label the same (tested against {@code svm_predict}). Measured on the workshop's data,
     * 6500 test rows: see {@code docs/gridsearch.md}.
     */
    static final class DenseDecision {
        private final svm_model model;
        private final int dims;
        private final double[] sv;
        private final double[] kvalue;
        private final int[] start;

        private DenseDecision(svm_model model, int dims, double[] sv) {
            this.model = model;
            this.dims = dims;
            this.sv = sv;
            this.kvalue = new double[model.l];
            this.start = new int[model.nr_class];
            for (int i = 1; i < model.nr_class; i++) {
                start[i] = start[i - 1] + model.nSV[i - 1];
            }
        }

        /**
         * The dense form of {@code model}, or null where it would not be LIBSVM's own result: a
         * support vector that is not exactly the features 1 to {@code dims} in order, or a kernel
         * other than linear, poly, rbf and sigmoid.
         */
        static DenseDecision of(svm_model model, int dims) {
            int kernel = model.param.kernel_type;
            if (model.param.svm_type != svm_parameter.C_SVC || kernel > svm_parameter.SIGMOID) { // PRECOMPUTED is the one above
                return null;
            }
            double[] sv = new double[model.l * dims];
            for (int k = 0; k < model.l; k++) {
                svm_node[] v = model.SV[k];
                if (v.length != dims) {
                    return null;
                }
                for (int f = 0; f < dims; f++) {
                    if (v[f].index != f + 1) {
                        return null;
                    }
                    sv[k * dims + f] = v[f].value;
                }
            }
            return new DenseDecision(model, dims, sv);
        }

        /** The label {@code svm_predict} gives {@code row}. */
        double predict(double[] row) {
            return predict(row, null);
        }

        /** The label, and into {@code decisions} (when not null) the values {@code svm_predict_values} gives. */
        double predict(double[] row, double[] decisions) {
            kernels(row);
            int classes = model.nr_class;
            int[] vote = new int[classes];
            int pair = 0;
            for (int i = 0; i < classes; i++) {
                for (int j = i + 1; j < classes; j++) {
                    double sum = 0;
                    int si = start[i];
                    int sj = start[j];
                    double[] coef1 = model.sv_coef[j - 1];
                    double[] coef2 = model.sv_coef[i];
                    for (int k = 0; k < model.nSV[i]; k++) {
                        sum += coef1[si + k] * kvalue[si + k];
                    }
                    for (int k = 0; k < model.nSV[j]; k++) {
                        sum += coef2[sj + k] * kvalue[sj + k];
                    }
                    sum -= model.rho[pair];
                    if (decisions != null) {
                        decisions[pair] = sum;
                    }
                    pair++;
                    if (sum > 0) {
                        vote[i]++;
                    } else {
                        vote[j]++;
                    }
                }
            }
            int best = 0;
            for (int i = 1; i < classes; i++) {
                if (vote[i] > vote[best]) {
                    best = i;
                }
            }
            return model.label[best];
        }

        /**
         * {@code kvalue[k]}: the kernel of {@code row} and support vector {@code k}, one loop per
         * kernel (the worker JVMs run the client compiler, which does not move a switch out of a
         * loop: with the switch inside, poly predicted slower than LIBSVM there).
         */
        private void kernels(double[] row) {
            svm_parameter p = model.param;
            double[] v = sv;
            double[] out = kvalue;
            int n = dims;
            double gamma = p.gamma;
            double coef0 = p.coef0;
            switch (p.kernel_type) {
                case svm_parameter.RBF -> {
                    for (int k = 0, o = 0; k < out.length; k++, o += n) {
                        double sum = 0;
                        for (int f = 0; f < n; f++) {
                            double d = row[f] - v[o + f];
                            sum += d * d;
                        }
                        out[k] = Math.exp(-gamma * sum);
                    }
                }
                case svm_parameter.POLY -> {
                    int degree = p.degree;
                    for (int k = 0, o = 0; k < out.length; k++, o += n) {
                        out[k] = powi(gamma * dot(row, v, o, n) + coef0, degree);
                    }
                }
                case svm_parameter.LINEAR -> {
                    for (int k = 0, o = 0; k < out.length; k++, o += n) {
                        out[k] = dot(row, v, o, n);
                    }
                }
                default -> {
                    for (int k = 0, o = 0; k < out.length; k++, o += n) {
                        out[k] = Math.tanh(gamma * dot(row, v, o, n) + coef0);
                    }
                }
            }
        }

        /** LIBSVM's {@code dot}: the products of the row and the vector at {@code o}, summed in feature order. */
        private static double dot(double[] row, double[] v, int o, int n) {
            double sum = 0;
            for (int f = 0; f < n; f++) {
                sum += row[f] * v[o + f];
            }
            return sum;
        }

        /** LIBSVM's {@code powi}: {@code base^times} by squaring, in its order. */
        private static double powi(double base, int times) {
            double tmp = base;
            double ret = 1.0;
            for (int t = times; t > 0; t /= 2) {
                if (t % 2 == 1) {
                    ret *= tmp;
                }
                tmp = tmp * tmp;
            }
            return ret;
        }
    }
}
