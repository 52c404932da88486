package dev.nabla.kernel;

/**
 * Reduction loops over contiguous float arrays laid out as rows. Rows are split over the shared pool;
 * each row (or column) is summed in one fixed order, so results do not depend on the thread count.
 */
public final class Reduce {
    private Reduce() {}

    /**
     * x[off..off+len) summed in double by eight interleaved accumulators (lane l takes the elements at l mod 8, in
     * order; the lanes are then added in a fixed tree), so the Vector API path and the scalar one give the same
     * bits. A single chain of dependent double adds would run at one element per add latency.
     */
    public static double sum(float[] x, int off, int len) {
        double[] acc = new double[8];
        int j = Simd.ENABLED ? ReduceSimd.sum(x, off, len, acc) : 0;
        for (; j < len; j++) acc[j & 7] += x[off + j];
        return combine(acc);
    }

    /** The sum of (x - m)^2 over x[off..off+len), in double, in {@link #sum}'s order (a fused multiply-add each). */
    public static double squaredDeviations(float[] x, int off, int len, double m) {
        double[] acc = new double[8];
        int j = Simd.ENABLED ? ReduceSimd.squaredDeviations(x, off, len, m, acc) : 0;
        for (; j < len; j++) {
            double d = x[off + j] - m;
            acc[j & 7] = Math.fma(d, d, acc[j & 7]);
        }
        return combine(acc);
    }

    /** The sum of g * (x - m) over g[gOff..gOff+len) and x[xOff..xOff+len), in double, in {@link #sum}'s order. */
    public static double dotDeviations(float[] g, int gOff, float[] x, int xOff, int len, double m) {
        double[] acc = new double[8];
        int j = Simd.ENABLED ? ReduceSimd.dotDeviations(g, gOff, x, xOff, len, m, acc) : 0;
        for (; j < len; j++) acc[j & 7] = Math.fma(g[gOff + j], x[xOff + j] - m, acc[j & 7]);
        return combine(acc);
    }

    private static double combine(double[] a) {
        return ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]));
    }

    /** out[i] = sum of x[off + i*len .. off + i*len + len), accumulated in double as {@link #sum} does. */
    public static void sumRows(float[] x, int off, int rows, int len, float[] out, int outOff) {
        Parallel.forRange(rows, Math.max(1, Elementwise.GRAIN / Math.max(len, 1)), (s, e) -> {
            for (int i = s; i < e; i++) out[outOff + i] = (float) sum(x, off + i * len, len);
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
