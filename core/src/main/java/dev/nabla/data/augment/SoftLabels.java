package dev.nabla.data.augment;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;

/** Targets as label distributions [N, classes]: class indices [N] become one-hot rows, [N, classes] rows pass. */
final class SoftLabels {
    private SoftLabels() {}

    /** The targets as a row-major double array of N x classes label masses. */
    static double[] of(String op, Tensor y, int n, int classes) {
        if (y.rank() == 1 && y.dim(0) == n) {
            double[] idx = y.toDoubleArray();
            double[] out = new double[n * classes];
            for (int i = 0; i < n; i++) {
                double c = idx[i];
                if (!(c >= 0 && c < classes) || c != Math.rint(c)) {
                    throw new IllegalArgumentException(op + ": target " + c + " of sample " + i + " is not a class index in [0, " + classes + ")");
                }
                out[i * classes + (int) c] = 1;
            }
            return out;
        }
        if (y.rank() == 2 && y.dim(0) == n && y.dim(1) == classes) return y.toDoubleArray();
        throw new IllegalArgumentException(op + ": targets " + y.shape() + " must be class indices [" + n + "] or label rows [" + n + ", "
                + classes + "]");
    }

    /** Mixes label rows: out[i] = lam[i] * a[i] + (1 - lam[i]) * a[perm[i]], as a FLOAT32 tensor [N, classes]. */
    static Tensor mix(double[] a, int[] perm, double[] lam, int classes) {
        int n = perm.length;
        double[] out = new double[n * classes];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < classes; k++) {
                out[i * classes + k] = lam[i] * a[i * classes + k] + (1 - lam[i]) * a[perm[i] * classes + k];
            }
        }
        return Tensor.fromArray(out, DType.FLOAT32, n, classes);
    }

    static void checkPermutation(String op, int[] perm, int n) {
        Images.perSample(op, "permutation", perm.length, n);
        boolean[] seen = new boolean[n];
        for (int p : perm) {
            if (p < 0 || p >= n || seen[p]) throw new IllegalArgumentException(op + ": partner indices must be a permutation of 0.." + (n - 1));
            seen[p] = true;
        }
    }
}
