package org.parallel4j.examples.gridsearch;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.function.Function;

/**
 * LIBSVM fits that cannot disturb each other. LIBSVM keeps a static print hook (set once, to
 * silence, before any fit) and a static random generator, which only probability estimates draw
 * from: two such fits on two threads of one JVM would share it. A fit without probability
 * estimates touches no other static state and runs on the one shared copy of LIBSVM. A fit with
 * them runs on a copy of LIBSVM and of {@link SvmFit} of its own, in a class loader of its own,
 * and reseeds that copy's generator first, so its result does not depend on which thread ran it
 * or on what ran beside or before it. Copies are kept and reused (as many as such fits ever ran at
 * once, the most recently used first): a fresh copy runs in the interpreter until the JIT has
 * compiled it again (one copy per thread, with new pool threads per search, measured as slow as
 * running the fits one after the other). Where the classes cannot be copied (no code source to
 * load them from), fits with probability estimates take one lock instead.
 */
public final class Svm {
    /** The copy of the application's class loader, for fits that draw no random numbers. */
    private static final SvmFit SHARED = new SvmFit();
    /** Private copies not in use, the most recently used first. */
    private static final java.util.concurrent.ConcurrentLinkedDeque<Function<Object[], Object>> FREE =
            new java.util.concurrent.ConcurrentLinkedDeque<>();
    private static final Object SHARED_LOCK = new Object();

    private Svm() {
    }

    /**
     * The outcome of one fit.
     *
     * @param correct test samples classified right
     * @param tested test samples
     * @param probA Platt scaling's A (NaN without probability estimates)
     * @param probB Platt scaling's B (NaN without probability estimates)
     * @param supportVectors the model's support vectors
     */
    public record Result(int correct, int tested, double probA, double probB, int supportVectors) {
        /**
         * The test accuracy.
         *
         * @return correct / tested
         */
        public double accuracy() {
            return (double) correct / tested;
        }
    }

    /**
     * Fits a C-SVC on the {@code train} rows of {@code data} and scores it on the {@code test}
     * rows, with scikit-learn's {@code SVC(gamma='auto')} settings: gamma 1 / features, degree
     * 3, coef0 0, tolerance 1e-3, a 200 MB kernel cache, shrinking.
     *
     * @param data the data set
     * @param train the training rows
     * @param test the test rows
     * @param c the penalty C, above 0
     * @param kernel rbf, poly, linear or sigmoid
     * @param probability whether to fit Platt scaling too (as {@code SVC(probability=True)})
     * @return the accuracy and the model's figures
     */
    public static Result fit(Dataset data, int[] train, int[] test, double c, String kernel, boolean probability) {
        if (!(c > 0)) {
            throw new IllegalArgumentException("C must be above 0, got " + c);
        }
        Object[] args = {data.x(), data.y(), train, test, c, kernel, 1.0 / data.features(), probability};
        if (!probability) {
            return result((double[]) SHARED.apply(args));
        }
        Function<Object[], Object> f = FREE.pollFirst();
        if (f == null) {
            f = isolated();
        }
        double[] r;
        try {
            if (f instanceof SvmFit) {
                synchronized (SHARED_LOCK) {
                    r = (double[]) f.apply(args);
                }
            } else {
                r = (double[]) f.apply(args);
            }
        } finally {
            FREE.addFirst(f);
        }
        return result(r);
    }

    /** {@link SvmFit}'s {@code {correct, tested, probA, probB, supportVectors}}. */
    private static Result result(double[] r) {
        return new Result((int) r[0], (int) r[1], r[2], r[3], (int) r[4]);
    }

    @SuppressWarnings("unchecked")
    private static Function<Object[], Object> isolated() {
        try {
            URL ours = SvmFit.class.getProtectionDomain().getCodeSource().getLocation();
            URL lib = libsvm.svm.class.getProtectionDomain().getCodeSource().getLocation();
            // parent: the platform loader, so that SvmFit and LIBSVM are defined again here, not found in the application's
            ClassLoader loader = new URLClassLoader("p4j-libsvm", new URL[] {ours, lib},
                    ClassLoader.getPlatformClassLoader());
            return (Function<Object[], Object>) loader.loadClass(SvmFit.class.getName()).getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return new SvmFit();
        }
    }
}
