package dev.nabla.openblas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.kernel.Gemm;
import dev.nabla.kernel.Parallel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OpenBlasSgemmTest {
    /** Hands every product to OpenBLAS, so that small shapes exercise the blocking and the argument mapping. */
    private final OpenBlasSgemm all = new OpenBlasSgemm(1);

    @Test
    void loadsOnThisMachineAndIsTheServiceGemmUses() {
        assertTrue(all.available(), all.name());
        assertTrue(Gemm.nativeProvider().orElseThrow() instanceof OpenBlasSgemm);
        assertTrue(Gemm.nativeProvider().orElseThrow().name().startsWith("OpenBLAS 0.3."));
    }

    @Test
    void matchesADoubleReferenceForEveryTransposeOffsetAndScaling() {
        SplittableRandom r = new SplittableRandom(7);
        // m > n cuts rows, n > m cuts columns; 37 and 50 leave ragged last blocks.
        int[][] shapes = {{37, 20, 13}, {20, 50, 9}, {64, 64, 64}, {3, 1, 5}};
        for (int[] s : shapes) {
            for (boolean tA : new boolean[] {false, true}) {
                for (boolean tB : new boolean[] {false, true}) {
                    for (float beta : new float[] {0f, 1f, -0.5f}) {
                        check(r, s[0], s[1], s[2], tA, tB, 1.5f, beta);
                    }
                }
            }
        }
    }

    @Test
    void betaZeroIgnoresNaNInC() {
        int m = 40, n = 24, k = 8;
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        java.util.Arrays.fill(a, 1f);
        java.util.Arrays.fill(b, 2f);
        java.util.Arrays.fill(c, Float.NaN);
        assertTrue(all.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n));
        for (float x : c) assertEquals(16f, x);
    }

    @Test
    void sameBitsOnOneOrTwoThreads() {
        SplittableRandom r = new SplittableRandom(3);
        int m = 300, n = 200, k = 150;
        float[] a = random(r, m * k), b = random(r, k * n);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[] c1 = new float[m * n];
            all.sgemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, c1, 0, n);
            Parallel.setThreads(2);
            float[] c2 = new float[m * n];
            all.sgemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, c2, 0, n);
            assertArrayEquals(c1, c2);
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void smallProductsAreLeftToJava() {
        OpenBlasSgemm service = new OpenBlasSgemm();
        float[] a = new float[64 * 64], c = new float[64 * 64];
        c[0] = 5f;
        assertFalse(service.sgemm(false, false, 64, 64, 64, 1f, a, 0, 64, a, 0, 64, 1f, c, 0, 64));
        assertEquals(5f, c[0]);
    }

    @Test
    void gemmHandsLargeProductsToOpenBlas() {
        // 1024^3 is the smallest product Gemm hands over: its result is OpenBLAS's to the bit, and right.
        int n = 1024;
        SplittableRandom r = new SplittableRandom(11);
        float[] a = random(r, n * n), b = random(r, n * n), viaGemm = new float[n * n], direct = new float[n * n];
        Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, viaGemm, 0, n);
        assertTrue(all.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, direct, 0, n));
        assertArrayEquals(direct, viaGemm);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < n; p++) s += (double) a[i * n + p] * b[p * n + j];
                assertEquals(s, viaGemm[i * n + j], 1e-3, "C[" + i + "," + j + "]");
            }
        }
    }

    private void check(SplittableRandom r, int m, int n, int k, boolean tA, boolean tB, float alpha, float beta) {
        // Operands sit at an offset inside larger arrays with padded leading dimensions.
        int aRows = tA ? k : m, aCols = tA ? m : k, bRows = tB ? n : k, bCols = tB ? k : n;
        int lda = aCols + 3, ldb = bCols + 2, ldc = n + 5, aOff = 7, bOff = 4, cOff = 9;
        float[] a = random(r, aOff + aRows * lda), b = random(r, bOff + bRows * ldb);
        float[] c = random(r, cOff + m * ldc);
        // The reference: Nabla's double-precision GEMM on the same layout.
        double[] expected = toDouble(c);
        Gemm.dgemm(tA, tB, m, n, k, alpha, toDouble(a), aOff, lda, toDouble(b), bOff, ldb, beta, expected, cOff, ldc);
        assertTrue(all.sgemm(tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc));
        String what = m + "x" + n + "x" + k + " tA=" + tA + " tB=" + tB + " beta=" + beta;
        for (int i = 0; i < c.length; i++) assertEquals(expected[i], c[i], 1e-4f, what + " at " + i);
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }

    private static float[] random(SplittableRandom r, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }
}
