package dev.nabla.train;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;

/** Turns model outputs and targets into class labels and scores for the classification metrics. */
final class Outputs {
    private Outputs() {}

    /** Number of samples (the first dimension; 1 for a scalar). */
    static int rows(Tensor t) {
        return t.rank() == 0 ? 1 : t.dim(0);
    }

    /** Values per sample. */
    static int perRow(Tensor t) {
        int c = 1;
        for (int d = 1; d < t.rank(); d++) c *= t.dim(d);
        return c;
    }

    static void checkRows(Tensor output, Tensor target, String who) {
        if (rows(output) != rows(target)) {
            throw new IllegalArgumentException(who + ": outputs " + output.shape() + " and targets " + target.shape()
                    + " hold different numbers of samples");
        }
    }

    /**
     * Predicted class per sample: INT64 outputs with one value per sample are the labels themselves;
     * one float per sample is a binary score (probabilities when all lie in [0, 1], class 1 above 0.5;
     * otherwise logits, class 1 above 0); [N, C] scores give the argmax of each row (the first on ties).
     */
    static int[] predictedLabels(Tensor output, String who) {
        int n = rows(output);
        int c = perRow(output);
        if (c == 1) {
            if (output.dtype() == DType.INT64) return output.toIntArray();
            double[] v = output.toDoubleArray();
            double threshold = allProbabilities(v) ? 0.5 : 0;
            int[] out = new int[n];
            for (int i = 0; i < n; i++) out[i] = v[i] > threshold ? 1 : 0;
            return out;
        }
        if (output.rank() != 2) {
            throw new IllegalArgumentException(who + ": expects outputs [N], [N, 1] or [N, C], got " + output.shape());
        }
        return argmaxRows(output.toDoubleArray(), n, c);
    }

    /**
     * True class per sample: class indices (INT64, or floats holding whole numbers as for binary
     * cross-entropy), one per sample; or one-hot / probability rows [N, C], read by their argmax.
     */
    static int[] targetLabels(Tensor target, String who) {
        int n = rows(target);
        int c = perRow(target);
        if (c == 1) {
            double[] v = target.toDoubleArray();
            int[] out = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                if (!(v[i] >= 0) || v[i] != Math.rint(v[i]) || v[i] > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(who + ": target " + v[i] + " at sample " + i + " is not a class index");
                }
                out[i] = (int) v[i];
            }
            return out;
        }
        if (target.rank() != 2) {
            throw new IllegalArgumentException(who + ": expects targets [N] class indices or [N, C] one-hot rows, got " + target.shape());
        }
        return argmaxRows(target.toDoubleArray(), n, c);
    }

    static int[] argmaxRows(double[] v, int n, int c) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            double bv = v[i * c];
            for (int j = 1; j < c; j++) {
                double x = v[i * c + j];
                if (x > bv || (Double.isNaN(x) && !Double.isNaN(bv))) {
                    best = j;
                    bv = x;
                }
            }
            out[i] = best;
        }
        return out;
    }

    static boolean allProbabilities(double[] v) {
        for (double x : v) if (!(x >= 0 && x <= 1)) return false;
        return true;
    }

    /** Row-wise softmax of [n, c] values, in place. */
    static void softmaxRows(double[] v, int n, int c) {
        for (int i = 0; i < n; i++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) m = Math.max(m, v[i * c + j]);
            double s = 0;
            for (int j = 0; j < c; j++) s += v[i * c + j] = StrictMath.exp(v[i * c + j] - m);
            for (int j = 0; j < c; j++) v[i * c + j] /= s;
        }
    }
}
