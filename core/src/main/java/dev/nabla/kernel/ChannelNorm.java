package dev.nabla.kernel;

/**
 * Float32 kernels of batch normalization over a contiguous [N, C, S] array (S = product of the spatial
 * dims): per-channel statistics, the per-channel affine map, and the sums its gradient needs. Sums run
 * in double, one channel at a time in a fixed order, so results do not depend on the thread count; each
 * plane is summed by four interleaved accumulators (a single chain of dependent double adds ran at one
 * element per add latency and made the statistics most of a batch-norm step).
 */
public final class ChannelNorm {
    private ChannelNorm() {}

    private static final int PLANE_GRAIN = 1 << 14;

    private static int grain(int s, int n) {
        return Math.max(1, PLANE_GRAIN / Math.max(1, s * n));
    }

    /** mean[c] and biased var[c] over n and s (two passes). */
    public static void stats(float[] x, int off, int n, int c, int s, double[] mean, double[] var) {
        Parallel.forRange(c, grain(s, n), (c0, c1) -> {
            for (int ch = c0; ch < c1; ch++) {
                double sum = 0;
                for (int i = 0; i < n; i++) sum += Reduce.sum(x, off + (i * c + ch) * s, s);
                double m = sum / ((double) n * s);
                double sq = 0;
                for (int i = 0; i < n; i++) sq += squaredDeviations(x, off + (i * c + ch) * s, s, m);
                mean[ch] = m;
                var[ch] = sq / ((double) n * s);
            }
        });
    }

    /** Sum of (x - m)^2 over x[b..b+len), in double. */
    private static double squaredDeviations(float[] x, int b, int len, double m) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 4 <= len; j += 4) {
            double d0 = x[b + j] - m, d1 = x[b + j + 1] - m, d2 = x[b + j + 2] - m, d3 = x[b + j + 3] - m;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; j < len; j++) {
            double d = x[b + j] - m;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Sum of g * (x - m) over g[gb..gb+len) and x[xb..xb+len), in double. */
    private static double dotDeviations(float[] g, int gb, float[] x, int xb, int len, double m) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 4 <= len; j += 4) {
            s0 += g[gb + j] * (x[xb + j] - m);
            s1 += g[gb + j + 1] * (x[xb + j + 1] - m);
            s2 += g[gb + j + 2] * (x[xb + j + 2] - m);
            s3 += g[gb + j + 3] * (x[xb + j + 3] - m);
        }
        for (; j < len; j++) s0 += g[gb + j] * (x[xb + j] - m);
        return (s0 + s1) + (s2 + s3);
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
                    sdx += dotDeviations(dy, gb, x, xb, s, m);
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
