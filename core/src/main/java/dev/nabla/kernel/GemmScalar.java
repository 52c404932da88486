package dev.nabla.kernel;

/**
 * Plain-Java gemm, used when the Vector API is absent (and for float64). Row i of C is computed as
 * {@code beta * c_i + sum_p (alpha * op(A)[i][p]) * op(B)[p][.]}, in p order, over contiguous rows of op(B),
 * a loop that C2 vectorizes by itself; op(B) is first transposed into scratch when given transposed. Rows are
 * split over threads in fixed chunks, and each row's arithmetic does not depend on the split.
 */
final class GemmScalar {
    /** K is walked in blocks of this many rows of op(B), so that they stay in cache across rows of C. */
    private static final int KB = 128;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[1][0]);

    private GemmScalar() {}

    static void sgemm(boolean tA, boolean tB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, boolean mayParallel) {
        sgemm(tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, null, beta, c, cOff, ldc, mayParallel);
    }

    /** As above; with bRows, stored row i of B (of B^T if tB) starts at b[bOff + bRows[i]]. */
    static void sgemm(boolean tA, boolean tB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, int[] bRows, float beta, float[] c, int cOff, int ldc, boolean mayParallel) {
        if (tB) {
            float[][] holder = SCRATCH.get();
            if (holder[0].length < k * n) holder[0] = new float[k * n];
            float[] t = holder[0];
            for (int j = 0; j < n; j++) {
                int s = bOff + (bRows == null ? j * ldb : bRows[j]);
                for (int p = 0; p < k; p++) t[p * n + j] = b[s + p];
            }
            b = t;
            bOff = 0;
            ldb = n;
            bRows = null;
        }
        float[] bb = b;
        int bo = bOff, lb = ldb;
        int[] br = bRows;
        long macs = (long) m * n * k;
        Parallel.RangeBody body = (i0, i1) -> rows(tA, i0, i1, n, k, alpha, a, aOff, lda, bb, bo, lb, br, beta, c,
                cOff, ldc);
        if (mayParallel && macs > Gemm.SERIAL_MAX_MACS) {
            Parallel.forRange(m, (int) Math.max(1, Gemm.SERIAL_MAX_MACS / ((long) n * k)), body);
        } else {
            body.run(0, m);
        }
    }

    private static void rows(boolean tA, int i0, int i1, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, int[] bRows, float beta, float[] c, int cOff, int ldc) {
        for (int i = i0; i < i1; i++) {
            int co = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, co, co + n, 0f);
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) c[co + j] *= beta;
            }
        }
        for (int p0 = 0; p0 < k; p0 += KB) {
            int p1 = Math.min(k, p0 + KB);
            for (int i = i0; i < i1; i++) {
                int co = cOff + i * ldc;
                for (int p = p0; p < p1; p++) {
                    float s = alpha * a[aOff + (tA ? p * lda + i : i * lda + p)];
                    int bp = bOff + (bRows == null ? p * ldb : bRows[p]);
                    for (int j = 0; j < n; j++) c[co + j] += s * b[bp + j];
                }
            }
        }
    }

    static void dgemm(boolean tA, boolean tB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
            double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        dgemm(tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, null, beta, c, cOff, ldc);
    }

    /** As above; with bRows, stored row i of B (of B^T if tB) starts at b[bOff + bRows[i]]. */
    static void dgemm(boolean tA, boolean tB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
            double[] b, int bOff, int ldb, int[] bRows, double beta, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int ci = cOff + i * ldc + j;
                if (k == 0 || alpha == 0.0) {
                    c[ci] = beta == 0.0 ? 0.0 : beta * c[ci];
                    continue;
                }
                double s = 0.0;
                for (int p = 0; p < k; p++) {
                    int bi = bRows != null ? (tB ? bRows[j] + p : bRows[p] + j) : tB ? j * ldb + p : p * ldb + j;
                    s += a[aOff + (tA ? p * lda + i : i * lda + p)] * b[bOff + bi];
                }
                c[ci] = beta == 0.0 ? alpha * s : alpha * s + beta * c[ci];
            }
        }
    }
}
