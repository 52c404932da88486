package dev.nabla.data;

import dev.nabla.tensor.Tensor;

/**
 * Z-score scaling per feature, (x - mean) / std, as scikit-learn's StandardScaler: the population
 * standard deviation (divisor N), and a std of 1 for constant features. Fit it on the training
 * split only, then apply it to every split:
 * {@code var s = Standardize.fit(train.x()); train = s.applyTo(train); val = s.applyTo(val);}
 * Results are FLOAT32.
 */
public final class Standardize implements Transform {
    private final int[] featureShape;
    private final double[] mean;
    private final double[] std;

    private Standardize(int[] featureShape, double[] mean, double[] std) {
        this.featureShape = featureShape;
        this.mean = mean;
        this.std = std;
    }

    /** Fits the per-feature mean and std of inputs [N, ...] (computed in double precision). */
    public static Standardize fit(Tensor x) {
        FeatureStats.Flat f = FeatureStats.flat(x, "Standardize.fit");
        FeatureStats.requireRows(f, "Standardize.fit");
        int n = f.rows(), m = f.features();
        float[] d = f.data();
        double[] mean = new double[m];
        for (int i = 0; i < n; i++) {
            int base = f.offset() + i * m;
            for (int j = 0; j < m; j++) {
                float v = d[base + j];
                FeatureStats.requireFinite(v, i, j, "Standardize.fit");
                mean[j] += v;
            }
        }
        for (int j = 0; j < m; j++) mean[j] /= n;
        double[] var = new double[m];
        for (int i = 0; i < n; i++) {
            int base = f.offset() + i * m;
            for (int j = 0; j < m; j++) {
                double dv = d[base + j] - mean[j];
                var[j] += dv * dv;
            }
        }
        double[] std = new double[m];
        for (int j = 0; j < m; j++) {
            double s = Math.sqrt(var[j] / n);
            std[j] = s == 0 ? 1 : s;
        }
        return new Standardize(f.featureShape().clone(), mean, std);
    }

    /** Fits on a dataset's inputs. */
    public static Standardize fit(TensorDataset train) {
        return fit(train.x());
    }

    @Override
    public Tensor apply(Tensor x) {
        FeatureStats.Flat f = FeatureStats.flatFor(x, featureShape, "Standardize.apply");
        int n = f.rows(), m = f.features();
        float[] mu = new float[m], sd = new float[m];
        for (int j = 0; j < m; j++) {
            mu[j] = (float) mean[j];
            sd[j] = (float) std[j];
        }
        float[] in = f.data();
        float[] out = new float[n * m];
        for (int i = 0; i < n; i++) {
            int b = f.offset() + i * m, o = i * m;
            for (int j = 0; j < m; j++) out[o + j] = (in[b + j] - mu[j]) / sd[j];
        }
        return Tensor.wrap(out, FeatureStats.withRows(n, featureShape));
    }

    /** Undoes {@link #apply}: z * std + mean. */
    public Tensor inverse(Tensor z) {
        FeatureStats.Flat f = FeatureStats.flatFor(z, featureShape, "Standardize.inverse");
        int n = f.rows(), m = f.features();
        float[] in = f.data();
        float[] out = new float[n * m];
        for (int i = 0; i < n; i++) {
            int b = f.offset() + i * m, o = i * m;
            for (int j = 0; j < m; j++) out[o + j] = (float) (in[b + j] * std[j] + mean[j]);
        }
        return Tensor.wrap(out, FeatureStats.withRows(n, featureShape));
    }

    /** Fitted means, shaped like one sample. */
    public Tensor mean() {
        return Tensor.fromArray(mean, dev.nabla.tensor.DType.FLOAT32, featureShape);
    }

    /** Fitted standard deviations (1 where a feature is constant), shaped like one sample. */
    public Tensor std() {
        return Tensor.fromArray(std, dev.nabla.tensor.DType.FLOAT32, featureShape);
    }
}
