package dev.nabla.data;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/** Per-feature loops over inputs [N, ...] (every position after the first dimension is a feature). */
final class FeatureStats {
    private FeatureStats() {}

    /** The values as a float array and the index of the first one (no copy for contiguous FLOAT32). */
    record Flat(float[] data, int offset, int rows, int features, int[] featureShape) {}

    static Flat flat(Tensor x, String op) {
        if (x.rank() < 1) throw new IllegalArgumentException(op + ": inputs must be [N, ...], got a 0-d tensor");
        if (!x.dtype().isFloating()) throw new IllegalArgumentException(op + ": inputs must be floating point, got " + x.dtype());
        int rows = x.dim(0);
        int[] fs = Arrays.copyOfRange(x.dims(), 1, x.rank());
        int features = 1;
        for (int s : fs) features *= s;
        if (x.dtype() == DType.FLOAT32 && x.isContiguous()) return new Flat(x.floatData(), x.dataOffset(), rows, features, fs);
        return new Flat(x.toFloatArray(), 0, rows, features, fs);
    }

    static Flat flatFor(Tensor x, int[] featureShape, String op) {
        Flat f = flat(x, op);
        if (!Arrays.equals(f.featureShape(), featureShape)) {
            throw new IllegalArgumentException(op + ": inputs " + x.shape() + " have features " + Arrays.toString(f.featureShape())
                    + " but the statistics were fitted on features " + Arrays.toString(featureShape));
        }
        return f;
    }

    static int[] withRows(int rows, int[] featureShape) {
        int[] s = new int[featureShape.length + 1];
        s[0] = rows;
        System.arraycopy(featureShape, 0, s, 1, featureShape.length);
        return s;
    }

    static void requireRows(Flat f, String op) {
        if (f.rows() == 0) throw new IllegalArgumentException(op + ": cannot fit statistics on 0 samples");
    }

    static void requireFinite(float v, int row, int feature, String op) {
        if (!Float.isFinite(v)) {
            throw new IllegalArgumentException(op + ": sample " + row + ", feature " + feature + " is " + v + " (statistics need finite values)");
        }
    }
}
