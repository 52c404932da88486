package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** sgemm against a double-precision reference: all transposes, odd sizes, offsets, alpha/beta, threads. */
class GemmCorrectnessTest {
    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextDouble() * 2 - 1);
        return a;
    }

    private static double[] reference(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int ao, int lda,
                                      float[] b, int bo, int ldb, float beta, float[] c, int co, int ldc) {
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a[ao + p * lda + i] : a[ao + i * lda + p];
                    double bv = tb ? b[bo + j * ldb + p] : b[bo + p * ldb + j];
                    s += av * bv;
                }
                out[i * n + j] = alpha * s + (beta == 0 ? 0 : beta * c[co + i * ldc + j]);
            }
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "3,7,5", "17,63,65", "64,64,64", "65,129,33", "128,256,784", "200,10,300", "1,300,200", "300,1,200", "7,9,0"})
    void allTransposeCombinationsMatchReference(int m, int n, int k) {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                int lda = (ta ? m : k) + 3;
                int ldb = (tb ? k : n) + 2;
                int ldc = n + 1;
                float[] a = random(5 + lda * (ta ? k : m), 1);
                float[] b = random(7 + ldb * (tb ? n : k), 2);
                float[] c = random(ldc * m, 3);
                float alpha = 1.5f;
                float beta = 0.5f;
                double[] want = reference(ta, tb, m, n, k, alpha, a, 5, lda, b, 7, ldb, beta, c, 0, ldc);
                Gemm.sgemm(ta, tb, m, n, k, alpha, a, 5, lda, b, 7, ldb, beta, c, 0, ldc);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double w = want[i * n + j];
                        assertEquals(w, c[i * ldc + j], 1e-5 * Math.sqrt(k + 1) * (1 + Math.abs(w)),
                                "m=" + m + " n=" + n + " k=" + k + " ta=" + ta + " tb=" + tb + " at " + i + "," + j);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"64,64,64", "96,200,150", "512,512,512"})
    void betaZeroIgnoresNaNAndResultIsThreadIndependent(int m, int n, int k) {
        float[] a = random(m * k, 4);
        float[] b = random(k * n, 5);
        float[] one = new float[m * n];
        float[] two = new float[m * n];
        java.util.Arrays.fill(one, Float.NaN);
        java.util.Arrays.fill(two, Float.NaN);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, one, 0, n);
            Parallel.setThreads(2);
            Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, two, 0, n);
        } finally {
            Parallel.setThreads(before);
        }
        assertArrayEquals(one, two);
        for (float v : one) assertEquals(false, Float.isNaN(v));
    }

    @ParameterizedTest
    @CsvSource({"3,5,4,7", "2,64,64,64", "1,17,9,33"})
    void batchedWithBroadcastOperand(int batch, int m, int n, int k) {
        float[] a = random(batch * m * k, 6);
        float[] b = random(k * n, 7);
        float[] c = new float[batch * m * n];
        Gemm.sgemmBatched(batch, false, false, m, n, k, 1f, a, 0, m * k, k, b, 0, 0, n, 0f, c, 0, m * n, n);
        for (int q = 0; q < batch; q++) {
            double[] want = reference(false, false, m, n, k, 1f, a, q * m * k, k, b, 0, n, 0f, c, 0, n);
            for (int i = 0; i < m * n; i++) assertEquals(want[i], c[q * m * n + i], 1e-5 * Math.sqrt(k) * (1 + Math.abs(want[i])));
        }
    }

    @ParameterizedTest
    @CsvSource({"5,6,7", "33,17,65"})
    void doublePrecisionGemm(int m, int n, int k) {
        double[] a = new double[m * k];
        double[] b = new double[k * n];
        SplittableRandom r = new SplittableRandom(8);
        for (int i = 0; i < a.length; i++) a[i] = r.nextDouble();
        for (int i = 0; i < b.length; i++) b[i] = r.nextDouble();
        double[] c = new double[m * n];
        Gemm.dgemm(false, true, m, n, k, 1.0, a, 0, k, transpose(b, k, n), 0, k, 0.0, c, 0, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
                assertEquals(s, c[i * n + j], 1e-12 * k);
            }
        }
    }

    private static double[] transpose(double[] x, int rows, int cols) {
        double[] t = new double[x.length];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j * rows + i] = x[i * cols + j];
        return t;
    }
}
