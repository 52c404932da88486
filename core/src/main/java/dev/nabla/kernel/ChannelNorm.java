package dev.nabla.kernel;

/**
 * Float32 kernels of batch normalization over a contiguous [N, C, S] array (S = product of the spatial
 * dims): per-channel statistics, the per-channel affine map, and the sums its gradient needs. Sums run
 * in double, one channel at a time in a fixed order, so results do not depend on the thread count; each
 * plane is summed by {@link Reduce}'s eight interleaved (vectorized) accumulators (a single chain of dependent
 * double adds ran at one element per add latency and made the statistics most of a batch-norm step).
 */
public final class ChannelNorm {
    private ChannelNorm() {}

    private static final int PLANE_GRAIN = 1 << 14;

    private static int grain(int s, int n) {
        return Math.max(1, PLANE_GRAIN / Math.max(1, s * n));
    }

    /**
     * mean[c] and biased var[c] over n and s, in one pass over memory: each plane's mean, then its squared
     * deviations while the plane is still in cache, combined over the planes exactly (Chan et al.):
     * sum (x - m)^2 = sum over planes of [sum (x - m_p)^2 + s (m_p - m)^2].
     */
    public static void stats(float[] x, int off, int n, int c, int s, double[] mean, double[] var) {
        Parallel.forRange(c, grain(s, n), (c0, c1) -> {
            double[] planeMean = new double[n];
            for (int ch = c0; ch < c1; ch++) {
                double sum = 0, sq = 0;
                for (int i = 0; i < n; i++) {
                    int b = off + (i * c + ch) * s;
                    double ps = Reduce.sum(x, b, s), pm = ps / s;
                    planeMean[i] = pm;
                    sum += ps;
                    sq += Reduce.squaredDeviations(x, b, s, pm);
                }
                double m = sum / ((double) n * s);
                for (int i = 0; i < n; i++) {
                    double d = planeMean[i] - m;
                    sq += s * d * d;
                }
                mean[ch] = m;
                var[ch] = sq / ((double) n * s);
            }
        });
    }

    /** y = (x - center[ch]) * scale[ch] + shift[ch] (y contiguous from 0). */
    public static void affine(float[] x, int off, int n, int c, int s, float[] center, float[] scale, float[] shift, float[] y) {
        Parallel.forRange(n * c, Math.max(1, PLANE_GRAIN / Math.max(1, s)), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int ch = p % c;
                float m = center[ch], a = scale[ch], b = shift[ch];
                int xb = off + p * s, yb = p * s;
                for (int j = 0; j < s; j++) y[yb + j] = (x[xb + j] - m) * a + b;
            }
        });
    }

    /** sumDy[c] = sum of dy; sumDyXhat[c] = sum of dy * (x - mean[c]) * invStd[c]. */
    public static void gradSums(float[] x, int xOff, float[] dy, int dyOff, int n, int c, int s, double[] mean,
            double[] invStd, double[] sumDy, double[] sumDyXhat) {
        Parallel.forRange(c, grain(s, n), (c0, c1) -> {
            for (int ch = c0; ch < c1; ch++) {
                double sd = 0, sdx = 0;
                double m = mean[ch];
                for (int i = 0; i < n; i++) {
                    int xb = xOff + (i * c + ch) * s, gb = dyOff + (i * c + ch) * s;
                    sd += Reduce.sum(dy, gb, s);
                    sdx += Reduce.dotDeviations(dy, gb, x, xb, s, m);
                }
                sumDy[ch] = sd;
                sumDyXhat[ch] = sdx * invStd[ch];
            }
        });
    }

    /**
     * Input gradient of training-mode batch norm: dx = k[c] * (dy - sumDy[c]/M - xhat * sumDyXhat[c]/M) with
     * xhat = (x - mean[c]) * invStd[c], M = n * s and k[c] = weight[c] * invStd[c].
     */
    public static void inputGrad(float[] x, int xOff, float[] dy, int dyOff, int n, int c, int s, double[] mean,
            double[] invStd, double[] k, double[] sumDy, double[] sumDyXhat, float[] dx) {
        double count = (double) n * s;
        Parallel.forRange(n * c, Math.max(1, PLANE_GRAIN / Math.max(1, s)), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int ch = p % c;
                double kk = k[ch];
                // dx = a * dy + b * (x - mean) + d
                float a = (float) kk;
                float b = (float) (-kk * invStd[ch] * sumDyXhat[ch] / count);
                float d = (float) (-kk * sumDy[ch] / count);
                float m = (float) mean[ch];
                int xb = xOff + p * s, gb = dyOff + p * s, ob = p * s;
                for (int j = 0; j < s; j++) dx[ob + j] = a * dy[gb + j] + b * (x[xb + j] - m) + d;
            }
        });
    }
}
