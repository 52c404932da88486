package dev.nabla.train;

import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * Counts of (true class, predicted class) pairs, streamed batch by batch: rows are true classes,
 * columns predicted ones, as scikit-learn's confusion_matrix. Built with a class count it checks
 * every label against it; built without, it grows to the largest label (or score column) seen.
 * Per-class and averaged precision, recall and F1 are read from it (see {@link Average}).
 */
public final class ConfusionMatrix {
    public enum Score { PRECISION, RECALL, F1 }

    private final boolean fixed;
    private long[][] counts;

    /** A matrix that grows with the classes seen. */
    public ConfusionMatrix() {
        this.fixed = false;
        this.counts = new long[0][0];
    }

    /** A matrix over classes 0..numClasses-1; other labels are errors. */
    public ConfusionMatrix(int numClasses) {
        if (numClasses < 1) throw new IllegalArgumentException("ConfusionMatrix: numClasses must be >= 1, got " + numClasses);
        this.fixed = true;
        this.counts = new long[numClasses][numClasses];
    }

    public void reset() {
        for (long[] row : counts) Arrays.fill(row, 0);
    }

    /** Adds a batch of model outputs and targets (shapes as for {@link Metric}). */
    public void update(Tensor output, Tensor target) {
        Outputs.checkRows(output, target, "ConfusionMatrix");
        if (output.rank() == 2 && output.dim(1) > 1) ensure(output.dim(1), "score columns");
        update(Outputs.predictedLabels(output, "ConfusionMatrix"), Outputs.targetLabels(target, "ConfusionMatrix"));
    }

    /** Adds pairs of predicted and true class labels. */
    public void update(int[] predicted, int[] actual) {
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException("ConfusionMatrix: " + predicted.length + " predictions for " + actual.length + " targets");
        }
        int max = -1;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] < 0 || actual[i] < 0) {
                throw new IllegalArgumentException("ConfusionMatrix: negative label at sample " + i + " (predicted "
                        + predicted[i] + ", true " + actual[i] + ")");
            }
            max = Math.max(max, Math.max(predicted[i], actual[i]));
        }
        ensure(max + 1, "label " + max);
        for (int i = 0; i < predicted.length; i++) counts[actual[i]][predicted[i]]++;
    }

    private void ensure(int classes, String what) {
        if (classes <= counts.length) return;
        if (fixed) throw new IllegalArgumentException("ConfusionMatrix: " + what + " out of range for " + counts.length + " classes");
        long[][] grown = new long[classes][classes];
        for (int i = 0; i < counts.length; i++) System.arraycopy(counts[i], 0, grown[i], 0, counts.length);
        counts = grown;
    }

    public int numClasses() {
        return counts.length;
    }

    /** A copy of the counts: [true class][predicted class]. */
    public long[][] matrix() {
        long[][] out = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) out[i] = counts[i].clone();
        return out;
    }

    public long count(int trueClass, int predictedClass) {
        return counts[trueClass][predictedClass];
    }

    public long total() {
        long n = 0;
        for (long[] row : counts) for (long v : row) n += v;
        return n;
    }

    /** Share of samples on the diagonal; NaN if empty. */
    public double accuracy() {
        long n = total();
        return n == 0 ? Double.NaN : (double) diagonal() / n;
    }

    private long diagonal() {
        long d = 0;
        for (int i = 0; i < counts.length; i++) d += counts[i][i];
        return d;
    }

    /** True samples of each class (row sums). */
    public long[] support() {
        long[] s = new long[counts.length];
        for (int i = 0; i < counts.length; i++) for (long v : counts[i]) s[i] += v;
        return s;
    }

    /** Predictions of each class (column sums). */
    public long[] predicted() {
        long[] s = new long[counts.length];
        for (long[] row : counts) for (int j = 0; j < row.length; j++) s[j] += row[j];
        return s;
    }

    public double[] precision() {
        return perClass(Score.PRECISION);
    }

    public double[] recall() {
        return perClass(Score.RECALL);
    }

    public double[] f1() {
        return perClass(Score.F1);
    }

    /** The score of every class; 0 where its denominator is 0 (scikit-learn's zero_division=0). */
    public double[] perClass(Score score) {
        long[] sup = support();
        long[] pred = predicted();
        double[] out = new double[counts.length];
        for (int k = 0; k < out.length; k++) out[k] = score(score, counts[k][k], pred[k], sup[k]);
        return out;
    }

    private static double score(Score score, long tp, long predicted, long support) {
        long den = switch (score) {
            case PRECISION -> predicted;
            case RECALL -> support;
            case F1 -> predicted + support;
        };
        long num = score == Score.F1 ? 2 * tp : tp;
        return den == 0 ? 0 : (double) num / den;
    }

    /** A score averaged over classes; NaN if nothing was seen. {@link Average#NONE} is refused (use {@link #perClass}). */
    public double score(Score score, Average average) {
        long n = total();
        if (n == 0) return Double.NaN;
        long[] sup = support();
        long[] pred = predicted();
        double[] per = perClass(score);
        return switch (average) {
            case MICRO -> score(score, diagonal(), n, n);
            case BINARY -> per.length > 1 ? per[1] : 0;
            case MACRO -> {
                double s = 0;
                int k = 0;
                for (int c = 0; c < per.length; c++) {
                    if (sup[c] > 0 || pred[c] > 0) {
                        s += per[c];
                        k++;
                    }
                }
                yield s / k;
            }
            case WEIGHTED -> {
                double s = 0;
                for (int c = 0; c < per.length; c++) s += per[c] * sup[c];
                yield s / n;
            }
            case NONE -> throw new IllegalArgumentException("ConfusionMatrix.score: Average.NONE has one value per class; use perClass");
        };
    }

    /**
     * The matrix as a table: true classes down, predicted across, with each class's support, precision,
     * recall and F1, e.g.
     * <pre>
     * true\pred    0    1  | support precision recall     f1
     *         0    3    1  |       4    0.7500 0.7500 0.7500
     * </pre>
     */
    @Override
    public String toString() {
        int k = counts.length;
        long max = Math.max(10, total());
        int w = Math.max(Long.toString(max).length(), Integer.toString(k - 1).length()) + 1;
        w = Math.max(w, 4);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "confusion matrix: %d classes, %d samples, accuracy %.4f%n", k, total(), accuracy()));
        sb.append("true\\pred");
        for (int j = 0; j < k; j++) sb.append(pad(Integer.toString(j), w));
        sb.append("  | support precision   recall       f1\n");
        double[] p = precision();
        double[] r = recall();
        double[] f = f1();
        long[] sup = support();
        for (int i = 0; i < k; i++) {
            sb.append(pad(Integer.toString(i), 9));
            for (int j = 0; j < k; j++) sb.append(pad(Long.toString(counts[i][j]), w));
            sb.append(String.format(Locale.ROOT, "  | %7d %9.4f %8.4f %8.4f%n", sup[i], p[i], r[i], f[i]));
        }
        return sb.toString();
    }

    private static String pad(String s, int w) {
        return " ".repeat(Math.max(0, w - s.length())) + s;
    }
}
