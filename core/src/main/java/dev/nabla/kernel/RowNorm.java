package dev.nabla.kernel;

/**
 * Float32 kernels of layer normalization over the last m elements of each of {@code rows} contiguous
 * rows, with an optional elementwise affine (weight, bias of length m). Row statistics and the input
 * gradient run in parallel over rows; the weight and bias gradients over blocks of columns, each
 * summing the rows in order, so results do not depend on the thread count.
 */
public final class RowNorm {
    private RowNorm() {}

    private static final int GRAIN = 1 << 14;
    private static final int COLUMN_BLOCK = 64;

    /** y = (x - mean) * invStd * w + b per row; fills mean[r] and invStd[r]. w and b may be null. */
    public static void forward(float[] x, int off, int rows, int m, float[] w, float[] b, double eps, float[] y,
            double[] mean, double[] invStd) {
        Parallel.forRange(rows, Math.max(1, GRAIN / Math.max(1, m)), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int base = off + r * m;
                double sum = 0;
                for (int j = 0; j < m; j++) sum += x[base + j];
                double mu = sum / m;
                double sq = 0;
                for (int j = 0; j < m; j++) {
                    double d = x[base + j] - mu;
                    sq += d * d;
                }
                double is = 1 / Math.sqrt(sq / m + eps);
                mean[r] = mu;
                invStd[r] = is;
                float muf = (float) mu, isf = (float) is;
                int yb = r * m;
                for (int j = 0; j < m; j++) {
                    float v = (x[base + j] - muf) * isf;
                    if (w != null) v *= w[j];
                    if (b != null) v += b[j];
                    y[yb + j] = v;
                }
            }
        });
    }

    /** dx = invStd * (g - mean(g) - xhat * mean(g * xhat)) with g = dy * w (or dy without weight). */
    public static void inputGrad(float[] x, int off, float[] dy, int dyOff, int rows, int m, float[] w, double[] mean,
            double[] invStd, float[] dx) {
        Parallel.forRange(rows, Math.max(1, GRAIN / Math.max(1, m)), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int xb = off + r * m, gb = dyOff + r * m;
                double mu = mean[r], is = invStd[r];
                double sg = 0, sgx = 0;
                for (int j = 0; j < m; j++) {
                    double g = w == null ? dy[gb + j] : (double) dy[gb + j] * w[j];
                    sg += g;
                    sgx += g * (x[xb + j] - mu) * is;
                }
                float a = (float) (sg / m), c = (float) (sgx / m), isf = (float) is, muf = (float) mu;
                int ob = r * m;
                for (int j = 0; j < m; j++) {
                    float g = w == null ? dy[gb + j] : dy[gb + j] * w[j];
                    float xh = (x[xb + j] - muf) * isf;
                    dx[ob + j] = isf * (g - a - xh * c);
                }
            }
        });
    }

    /** dw[j] = sum over rows of dy * xhat, db[j] = sum of dy (either array may be null). */
    public static void affineGrad(float[] x, int off, float[] dy, int dyOff, int rows, int m, double[] mean,
            double[] invStd, float[] dw, float[] db) {
        int blocks = (m + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
        Parallel.run(blocks, blk -> {
            int j0 = blk * COLUMN_BLOCK, j1 = Math.min(m, j0 + COLUMN_BLOCK);
            double[] sw = new double[j1 - j0], sb = new double[j1 - j0];
            for (int r = 0; r < rows; r++) {
                int xb = off + r * m, gb = dyOff + r * m;
                double mu = mean[r], is = invStd[r];
                for (int j = j0; j < j1; j++) {
                    double g = dy[gb + j];
                    sb[j - j0] += g;
                    sw[j - j0] += g * (x[xb + j] - mu) * is;
                }
            }
            for (int j = j0; j < j1; j++) {
                if (dw != null) dw[j] = (float) sw[j - j0];
                if (db != null) db[j] = (float) sb[j - j0];
            }
        });
    }
}
