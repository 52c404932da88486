package dev.nabla.data;

import dev.nabla.tensor.Tensor;

/** Class-label tensors read as int arrays, with the checks every label-driven tool needs. */
final class Labels {
    private Labels() {}

    /** The labels of a 1-d tensor of non-negative integers (any dtype holding whole numbers). */
    static int[] of(Tensor y, String op) {
        if (y.rank() != 1) throw new IllegalArgumentException(op + ": labels must be 1-d [N], got " + y.shape());
        double[] v = y.toDoubleArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            double x = v[i];
            if (!(x >= 0) || x != Math.rint(x) || x > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(op + ": label " + x + " at index " + i + " is not a class index (a non-negative integer)");
            }
            out[i] = (int) x;
        }
        return out;
    }

    static int numClasses(int[] labels) {
        int max = -1;
        for (int l : labels) max = Math.max(max, l);
        return max + 1;
    }

    static int[] counts(int[] labels, int numClasses) {
        int[] c = new int[numClasses];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " at index " + i + " out of range for " + numClasses + " classes");
            }
            c[labels[i]]++;
        }
        return c;
    }

    /** Sample indices grouped by class: byClass[c] lists the positions holding label c, ascending. */
    static int[][] byClass(int[] labels, int numClasses) {
        int[] c = counts(labels, numClasses);
        int[][] out = new int[numClasses][];
        for (int k = 0; k < numClasses; k++) out[k] = new int[c[k]];
        int[] fill = new int[numClasses];
        for (int i = 0; i < labels.length; i++) out[labels[i]][fill[labels[i]]++] = i;
        return out;
    }

    static int[] shuffledCopy(int[] a, dev.nabla.tensor.Rng rng) {
        int[] p = rng.permutation(a.length);
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[p[i]];
        return out;
    }
}
