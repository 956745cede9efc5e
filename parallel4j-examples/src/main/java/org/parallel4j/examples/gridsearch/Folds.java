package org.parallel4j.examples.gridsearch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Unshuffled cross-validation splits, with exactly scikit-learn's fold assignment: each sample's
 * test fold, from which the test and training indices of every fold follow.
 */
public enum Folds {
    /** scikit-learn's {@code KFold(k)}: consecutive blocks, the first {@code n % k} one sample longer. */
    KFOLD,
    /**
     * scikit-learn's unshuffled {@code StratifiedKFold(k)}, what {@code GridSearchCV(cv=k)} uses
     * for a classifier: each class's samples, in order, are dealt to the folds in consecutive
     * runs whose lengths make every fold's class counts as even as the sorted labels allow.
     */
    STRATIFIED;

    /**
     * The test fold of every sample.
     *
     * @param y the class labels
     * @param k the number of folds, at least 2
     * @return {@code fold[i]}, in {@code [0, k)}
     */
    public int[] assign(int[] y, int k) {
        int n = y.length;
        if (k < 2 || k > n) {
            throw new IllegalArgumentException("cross-validation needs 2 <= folds <= samples: " + k + " folds of " + n + " samples");
        }
        int[] fold = new int[n];
        if (this == KFOLD) {
            int start = 0;
            for (int f = 0; f < k; f++) {
                int size = n / k + (f < n % k ? 1 : 0);
                Arrays.fill(fold, start, start + size, f);
                start += size;
            }
            return fold;
        }
        // classes numbered by first appearance (scikit-learn's y_encoded)
        Map<Integer, Integer> code = new LinkedHashMap<>();
        int[] encoded = new int[n];
        for (int i = 0; i < n; i++) {
            encoded[i] = code.computeIfAbsent(y[i], key -> code.size());
        }
        int classes = code.size();
        int[] counts = new int[classes];
        for (int e : encoded) {
            counts[e]++;
        }
        for (int c = 0; c < classes; c++) {
            if (counts[c] < k) {
                // scikit-learn raises only when every class is too small, and warns otherwise
                System.err.println("warning: the least populated class has only " + counts[c] + " members, fewer than the " + k + " folds");
                break;
            }
        }
        // allocation[f][c]: how many of class c the sorted labels y_order[f::k] hold
        int[] order = encoded.clone();
        Arrays.sort(order);
        int[][] allocation = new int[k][classes];
        for (int i = 0; i < n; i++) {
            allocation[i % k][order[i]]++;
        }
        int[] next = new int[classes];
        int[] left = new int[classes];
        for (int i = 0; i < n; i++) {
            int c = encoded[i];
            while (left[c] == 0) {
                left[c] = allocation[next[c]][c];
                if (left[c] == 0) {
                    next[c]++;
                } else {
                    break;
                }
            }
            fold[i] = next[c];
            if (--left[c] == 0) {
                next[c]++;
            }
        }
        return fold;
    }

    /**
     * The sample indices of each fold, in order: {@code indices(fold, f)} tests on fold {@code f}.
     *
     * @param fold every sample's test fold, from {@link #assign}
     * @param f the fold
     * @param test true for the fold's own samples, false for the rest (its training set)
     * @return the indices, ascending
     */
    public static int[] indices(int[] fold, int f, boolean test) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < fold.length; i++) {
            if ((fold[i] == f) == test) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
