package org.parallel4j.examples.gridsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.TimeUnit;
import libsvm.svm;
import libsvm.svm_model;
import libsvm.svm_node;
import libsvm.svm_parameter;
import libsvm.svm_problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The dense prediction gives LIBSVM's own decision values and labels, bit for bit. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SvmFitTest {
    static {
        svm.svm_set_print_string_function(s -> { });
    }


    private static svm_model train(double[][] x, int[] y, int from, int to, int kernel, double c) {
        svm_parameter p = SvmFit.parameters(kernel, c, 1.0 / x[0].length, false);
        p.coef0 = kernel == svm_parameter.SIGMOID ? -0.5 : 0; // a sigmoid kernel that separates something
        p.cache_size = 50;
        svm_problem prob = new svm_problem();
        prob.l = to - from;
        prob.y = new double[prob.l];
        prob.x = new svm_node[prob.l][];
        for (int i = from; i < to; i++) {
            prob.y[i - from] = y[i];
            prob.x[i - from] = SvmFit.nodes(x[i]);
        }
        return svm.svm_train(prob, p);
    }

    /**
     * Every kernel, small and large C, two classes (the workshop's data) and three (its labels
     * split by the first feature's sign): every test row's decision values and label as
     * {@code svm_predict_values} gives them.
     */
    @Test
    void denseDecisionsAreLibsvmsBitForBit() {
        Dataset d = Dataset.bundled().head(1600);
        double[][] x = d.x();
        int[] two = d.y();
        int[] three = new int[two.length];
        for (int i = 0; i < three.length; i++) {
            three[i] = two[i] == 1 ? 1 : x[i][0] > 0 ? 2 : 0;
        }
        int rows = 0;
        for (int[] y : new int[][] {two, three}) {
            for (int kernel : new int[] {svm_parameter.RBF, svm_parameter.POLY, svm_parameter.LINEAR, svm_parameter.SIGMOID}) {
                for (double c : new double[] {0.001, 1, 10}) {
                    svm_model m = train(x, y, 0, 800, kernel, c);
                    SvmFit.DenseDecision dense = SvmFit.DenseDecision.of(m, x[0].length);
                    assertNotNull(dense, "kernel " + kernel);
                    int pairs = m.nr_class * (m.nr_class - 1) / 2;
                    for (int i = 800; i < x.length; i++) {
                        double[] expected = new double[pairs];
                        double label = svm.svm_predict_values(m, SvmFit.nodes(x[i]), expected);
                        double[] got = new double[pairs];
                        String what = "kernel " + kernel + ", C " + c + ", " + m.nr_class + " classes, row " + i;
                        assertEquals(label, dense.predict(x[i], got), what);
                        for (int k = 0; k < pairs; k++) {
                            assertEquals(Double.doubleToLongBits(expected[k]), Double.doubleToLongBits(got[k]), what + ", decision " + k);
                        }
                        rows++;
                    }
                }
            }
        }
        assertEquals(2 * 4 * 3 * 800, rows);
    }

    /** A model whose support vectors are not the dense features 1..n in order keeps LIBSVM's own prediction. */
    @Test
    void sparseSupportVectorsAreLeftToLibsvm() {
        Dataset d = Dataset.bundled().head(200);
        svm_model m = train(d.x(), d.y(), 0, 200, svm_parameter.RBF, 1);
        assertNull(SvmFit.DenseDecision.of(m, d.x()[0].length + 1), "one feature more than the vectors hold");
        m.SV[0] = new svm_node[] {m.SV[0][1], m.SV[0][0], m.SV[0][2], m.SV[0][3]};
        assertNull(SvmFit.DenseDecision.of(m, d.x()[0].length), "features out of order");
    }
}
