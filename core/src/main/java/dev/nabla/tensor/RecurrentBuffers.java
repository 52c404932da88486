package dev.nabla.tensor;

import dev.nabla.kernel.Gemm;

/** Small helpers of the recurrent kernels ({@link RecurrentSteps}) on {@link Storage}s of either floating dtype. */
final class RecurrentBuffers {
    private RecurrentBuffers() {}

    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[0]);

    /** A per-thread row buffer of at least n doubles (reused across steps; no allocation per element or step). */
    static double[] scratch(int n) {
        double[] s = SCRATCH.get();
        if (s.length < n) {
            s = new double[n];
            SCRATCH.set(s);
        }
        return s;
    }

    static void copy(Storage src, int so, Storage dst, int d0, int n) {
        if (src.f != null && dst.f != null) System.arraycopy(src.f, so, dst.f, d0, n);
        else if (src.d != null && dst.d != null) System.arraycopy(src.d, so, dst.d, d0, n);
        else for (int i = 0; i < n; i++) dst.set(d0 + i, src.get(so + i));
    }

    /** C = op(A) op(B) + beta C on storages of one dtype: the vectorized sgemm for FLOAT32, plain loops otherwise. */
    static void gemm(boolean tA, boolean tB, int m, int n, int k, Storage a, int aOff, int lda, Storage b, int bOff,
            int ldb, float beta, Storage c, int cOff, int ldc) {
        if (a.f != null) {
            Gemm.sgemm(tA, tB, m, n, k, 1f, a.f, aOff, lda, b.f, bOff, ldb, beta, c.f, cOff, ldc);
            return;
        }
        double[] x = a.d, y = b.d, z = c.d;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += x[aOff + (tA ? p * lda + i : i * lda + p)] * y[bOff + (tB ? j * ldb + p : p * ldb + j)];
                }
                int ci = cOff + i * ldc + j;
                z[ci] = beta == 0f ? s : beta * z[ci] + s;
            }
        }
    }
}
