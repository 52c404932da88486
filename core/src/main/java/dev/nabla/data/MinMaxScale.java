package dev.nabla.data;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;

/**
 * Per-feature scaling of the fitted range [min, max] onto [low, high] (default [0, 1]), as
 * scikit-learn's MinMaxScaler: x * scale + shift with scale = (high - low) / (max - min) and a
 * range of 1 for constant features. Values outside the fitted range map outside [low, high] (no
 * clipping). Fit on the training split only. Results are FLOAT32.
 */
public final class MinMaxScale implements Transform {
    private final int[] featureShape;
    private final double[] min;
    private final double[] max;
    private final double[] scale;
    private final double[] shift;

    private MinMaxScale(int[] featureShape, double[] min, double[] max, double low, double high) {
        this.featureShape = featureShape;
        this.min = min;
        this.max = max;
        int m = min.length;
        this.scale = new double[m];
        this.shift = new double[m];
        for (int j = 0; j < m; j++) {
            double range = max[j] - min[j];
            scale[j] = (high - low) / (range == 0 ? 1 : range);
            shift[j] = low - min[j] * scale[j];
        }
    }

    /** Fits onto [0, 1]. */
    public static MinMaxScale fit(Tensor x) {
        return fit(x, 0, 1);
    }

    public static MinMaxScale fit(TensorDataset train) {
        return fit(train.x());
    }

    /** Fits the per-feature minimum and maximum of inputs [N, ...], to map them onto [low, high]. */
    public static MinMaxScale fit(Tensor x, double low, double high) {
        if (!(low < high) || !Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("MinMaxScale.fit: target range [" + low + ", " + high + "] must be finite with low < high");
        }
        FeatureStats.Flat f = FeatureStats.flat(x, "MinMaxScale.fit");
        FeatureStats.requireRows(f, "MinMaxScale.fit");
        int n = f.rows(), m = f.features();
        float[] d = f.data();
        double[] lo = new double[m], hi = new double[m];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            int base = f.offset() + i * m;
            for (int j = 0; j < m; j++) {
                float v = d[base + j];
                FeatureStats.requireFinite(v, i, j, "MinMaxScale.fit");
                if (v < lo[j]) lo[j] = v;
                if (v > hi[j]) hi[j] = v;
            }
        }
        return new MinMaxScale(f.featureShape().clone(), lo, hi, low, high);
    }

    @Override
    public Tensor apply(Tensor x) {
        FeatureStats.Flat f = FeatureStats.flatFor(x, featureShape, "MinMaxScale.apply");
        int n = f.rows(), m = f.features();
        float[] in = f.data();
        float[] out = new float[n * m];
        for (int i = 0; i < n; i++) {
            int b = f.offset() + i * m, o = i * m;
            for (int j = 0; j < m; j++) out[o + j] = (float) (in[b + j] * scale[j] + shift[j]);
        }
        return Tensor.wrap(out, FeatureStats.withRows(n, featureShape));
    }

    /** Undoes {@link #apply}. */
    public Tensor inverse(Tensor z) {
        FeatureStats.Flat f = FeatureStats.flatFor(z, featureShape, "MinMaxScale.inverse");
        int n = f.rows(), m = f.features();
        float[] in = f.data();
        float[] out = new float[n * m];
        for (int i = 0; i < n; i++) {
            int b = f.offset() + i * m, o = i * m;
            for (int j = 0; j < m; j++) out[o + j] = (float) ((in[b + j] - shift[j]) / scale[j]);
        }
        return Tensor.wrap(out, FeatureStats.withRows(n, featureShape));
    }

    /** Fitted per-feature minimum, shaped like one sample. */
    public Tensor dataMin() {
        return Tensor.fromArray(min, DType.FLOAT32, featureShape);
    }

    /** Fitted per-feature maximum, shaped like one sample. */
    public Tensor dataMax() {
        return Tensor.fromArray(max, DType.FLOAT32, featureShape);
    }
}
