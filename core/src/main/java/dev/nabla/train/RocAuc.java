package dev.nabla.train;

import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Area under the ROC curve, streamed (all scores are kept until {@link #reset()}).
 * <ul>
 * <li>Binary: outputs with one score per sample (any monotone score: logits or probabilities), or
 * [N, 2] outputs (probabilities: column 1; logits: their difference, the same order as the softmax);
 * targets 0 or 1. The value is the Mann-Whitney statistic: the chance that a random positive scores
 * above a random negative, ties counting one half (average ranks), which equals scikit-learn's
 * roc_auc_score. NaN when only one class has been seen.</li>
 * <li>Multiclass, [N, C] outputs with C &gt; 2: one-vs-rest, each class's AUC from its column of
 * probabilities, then the unweighted mean (roc_auc_score with multi_class="ovr", average="macro").
 * Outputs outside [0, 1] are taken for logits and go through a softmax first (as torchmetrics does).
 * A class with no positive or no negative sample has no AUC and is left out of the mean.</li>
 * </ul>
 */
public final class RocAuc implements Metric {
    private int columns = -1;
    private double[] scores = new double[256];
    private int[] labels = new int[256];
    private int n;

    @Override
    public String name() {
        return "roc_auc";
    }

    @Override
    public void reset() {
        columns = -1;
        n = 0;
    }

    @Override
    public void update(Tensor output, Tensor target) {
        Outputs.checkRows(output, target, "roc_auc");
        int rows = Outputs.rows(output);
        int c = Outputs.perRow(output);
        if (c != 1 && output.rank() != 2) throw new IllegalArgumentException("roc_auc: expects scores [N], [N, 1] or [N, C], got " + output.shape());
        int cols = c <= 2 ? 1 : c;
        if (columns >= 0 && cols != columns) {
            throw new IllegalArgumentException("roc_auc: a batch of " + c + " scores per sample after batches of " + columns);
        }
        columns = cols;
        double[] v = output.toDoubleArray();
        int[] t = Outputs.targetLabels(target, "roc_auc");
        double[] s;
        if (c == 2) {
            s = new double[rows];
            boolean probs = Outputs.allProbabilities(v);
            for (int i = 0; i < rows; i++) s[i] = probs ? v[2 * i + 1] : v[2 * i + 1] - v[2 * i];
        } else {
            s = v;
            if (c > 2 && !Outputs.allProbabilities(v)) Outputs.softmaxRows(s, rows, c);
        }
        int limit = cols == 1 ? 2 : cols;
        for (int i = 0; i < rows; i++) {
            if (t[i] >= limit) throw new IllegalArgumentException("roc_auc: target class " + t[i] + " at sample " + i + " but " + limit + " classes");
        }
        grow(n + rows);
        System.arraycopy(s, 0, scores, n * cols, rows * cols);
        System.arraycopy(t, 0, labels, n, rows);
        n += rows;
    }

    private void grow(int need) {
        int cols = Math.max(columns, 1);
        if (labels.length < need) labels = Arrays.copyOf(labels, Math.max(need, 2 * labels.length));
        if (scores.length < need * cols) scores = Arrays.copyOf(scores, Math.max(need * cols, 2 * scores.length));
    }

    @Override
    public double compute() {
        if (n == 0) return Double.NaN;
        if (columns == 1) {
            boolean[] pos = new boolean[n];
            for (int i = 0; i < n; i++) pos[i] = labels[i] == 1;
            return binary(Arrays.copyOf(scores, n), pos);
        }
        double sum = 0;
        int classes = 0;
        double[] col = new double[n];
        boolean[] pos = new boolean[n];
        for (int k = 0; k < columns; k++) {
            for (int i = 0; i < n; i++) {
                col[i] = scores[i * columns + k];
                pos[i] = labels[i] == k;
            }
            double auc = binary(col, pos);
            if (!Double.isNaN(auc)) {
                sum += auc;
                classes++;
            }
        }
        return classes == 0 ? Double.NaN : sum / classes;
    }

    /**
     * The AUC of scores against positive flags: (sum of the positives' ranks - P(P+1)/2) / (P N), with
     * tied scores sharing their average rank; NaN without positives or negatives or with a NaN score.
     */
    public static double binary(double[] scores, boolean[] positive) {
        int n = scores.length;
        if (positive.length != n) throw new IllegalArgumentException("roc_auc: " + n + " scores for " + positive.length + " labels");
        long p = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(scores[i])) return Double.NaN;
            if (positive[i]) p++;
        }
        long neg = n - p;
        if (p == 0 || neg == 0) return Double.NaN;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSum = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) j++;
            double avgRank = (i + j) / 2.0 + 1; // ranks are 1-based
            for (int k = i; k <= j; k++) if (positive[order[k]]) rankSum += avgRank;
            i = j + 1;
        }
        return (rankSum - p * (p + 1) / 2.0) / ((double) p * neg);
    }
}
