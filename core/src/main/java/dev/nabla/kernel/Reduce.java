package dev.nabla.kernel;

/**
 * Reduction loops over contiguous float arrays laid out as rows. Rows are split over the shared pool;
 * each row (or column) is summed in one fixed order, so results do not depend on the thread count.
 */
public final class Reduce {
    private Reduce() {}

    /**
     * x[off..off+len) summed in double by four interleaved accumulators, in a fixed order: a single chain of
     * dependent double adds runs at one element per add latency (4 cycles), four times slower.
     */
    public static double sum(float[] x, int off, int len) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 4 <= len; j += 4) {
            s0 += x[off + j];
            s1 += x[off + j + 1];
            s2 += x[off + j + 2];
            s3 += x[off + j + 3];
        }
        for (; j < len; j++) s0 += x[off + j];
        return (s0 + s1) + (s2 + s3);
    }

    /** out[i] = sum of x[off + i*len .. off + i*len + len), accumulated in double. */
    public static void sumRows(float[] x, int off, int rows, int len, float[] out, int outOff) {
        Parallel.forRange(rows, Math.max(1, Elementwise.GRAIN / Math.max(len, 1)), (s, e) -> {
            for (int i = s; i < e; i++) {
                int base = off + i * len;
                double acc = 0;
                for (int j = 0; j < len; j++) acc += x[base + j];
                out[outOff + i] = (float) acc;
            }
        });
    }

    /** out[j] = sum over r of x[off + r*cols + j]: the column sums of a rows x cols matrix, in row order. */
    public static void sumColumns(float[] x, int off, int rows, int cols, float[] out, int outOff) {
        Parallel.forRange(cols, Math.max(16, Elementwise.GRAIN / Math.max(rows, 1)), (s, e) -> {
            int w = e - s;
            double[] acc = new double[w];
            for (int r = 0; r < rows; r++) {
                int base = off + r * cols + s;
                for (int j = 0; j < w; j++) acc[j] += x[base + j];
            }
            for (int j = 0; j < w; j++) out[outOff + s + j] = (float) acc[j];
        });
    }

    /** Row-wise softmax (or log-softmax) of a rows x len matrix, stable (max subtracted first). */
    public static void softmaxRows(float[] x, int off, int rows, int len, float[] y, boolean log) {
        Parallel.forRange(rows, Math.max(1, Elementwise.GRAIN / Math.max(len, 1) / 4), (s, e) -> {
            for (int i = s; i < e; i++) {
                int b = off + i * len;
                int o = i * len;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < len; j++) max = Math.max(max, x[b + j]);
                if (max == Float.NEGATIVE_INFINITY || Float.isNaN(max)) max = Float.isNaN(max) ? max : 0f;
                double sum = 0;
                for (int j = 0; j < len; j++) {
                    float ex = (float) StrictMath.exp(x[b + j] - max);
                    if (!log) y[o + j] = ex;
                    sum += ex;
                }
                if (log) {
                    float lse = (float) (max + StrictMath.log(sum));
                    for (int j = 0; j < len; j++) y[o + j] = x[b + j] - lse;
                } else {
                    float inv = (float) (1.0 / sum);
                    for (int j = 0; j < len; j++) y[o + j] *= inv;
                }
            }
        });
    }
}
