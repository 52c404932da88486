package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * sgemm, sgemmBatched and dgemm against a double-precision reference computed from the same float inputs, on
 * every path (the dispatching entry point, the packed Vector API kernels with both tile heights, the thin-shape
 * Vector API kernels, the scalar fallback), plus the layout rules (offsets, leading dimensions, untouched
 * neighbours), BLAS alpha/beta semantics, broadcasting batches and independence from the thread count.
 *
 * <p>Tolerance: |got - want| <= 1e-5 * sqrt(k + 1) * (|alpha| * sum_p |a_ip b_pj| + |beta c_ij|), i.e. relative
 * to the magnitude of the terms, which is what float32 accumulation error scales with.
 */
class GemmTest {
    private static final int[] ODD = {1, 3, 7, 17, 63, 65, 129};

    /** One way to compute C = alpha op(A) op(B) + beta C. */
    @FunctionalInterface
    interface Impl {
        void sgemm(boolean tA, boolean tB, int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b,
                int bOff, int ldb, float beta, float[] c, int cOff, int ldc);
    }

    private static final Impl DISPATCH = Gemm::sgemm;
    private static final Impl SCALAR = (tA, tB, m, n, k, al, a, ao, lda, b, bo, ldb, be, c, co, ldc) ->
            GemmScalar.sgemm(tA, tB, m, n, k, al, a, ao, lda, b, bo, ldb, be, c, co, ldc, true);

    /** A problem with guard space around every operand, padded leading dimensions and offsets. */
    private record Case(boolean tA, boolean tB, int m, int n, int k, float alpha, float beta, int pad, long seed) {
        int lda() { return (tA ? m : k) + pad; }
        int ldb() { return (tB ? k : n) + pad; }
        int ldc() { return n + pad; }
        int aOff() { return pad == 0 ? 0 : 5; }
        int bOff() { return pad == 0 ? 0 : 3; }
        int cOff() { return pad == 0 ? 0 : 7; }

        float[] a() { return random(aOff() + lda() * (tA ? k : m) + pad, seed); }
        float[] b() { return random(bOff() + ldb() * (tB ? n : k) + pad, seed + 1); }
        float[] c() { return random(cOff() + ldc() * m + pad, seed + 2); }

        @Override
        public String toString() {
            return (tA ? "T" : "N") + (tB ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k + " alpha=" + alpha
                    + " beta=" + beta + " pad=" + pad;
        }
    }

    static float[] random(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    /** Runs impl on the case and checks C against the reference, and that nothing outside C changed. */
    private static void check(Case q, Impl impl) {
        float[] a = q.a(), b = q.b(), c = q.c();
        float[] c0 = c.clone();
        if (q.beta == 0f) {
            for (int i = 0; i < q.m; i++) Arrays.fill(c, q.cOff() + i * q.ldc(), q.cOff() + i * q.ldc() + q.n, Float.NaN);
        }
        float[] a0 = a.clone(), b0 = b.clone();
        impl.sgemm(q.tA, q.tB, q.m, q.n, q.k, q.alpha, a, q.aOff(), q.lda(), b, q.bOff(), q.ldb(), q.beta, c,
                q.cOff(), q.ldc());
        assertArrayEquals(a0, a, "A modified: " + q);
        assertArrayEquals(b0, b, "B modified: " + q);
        boolean[] inC = new boolean[c.length];
        for (int i = 0; i < q.m; i++) {
            for (int j = 0; j < q.n; j++) {
                int ci = q.cOff() + i * q.ldc() + j;
                inC[ci] = true;
                double s = 0, mag = 0;
                for (int p = 0; p < q.k; p++) {
                    double t = (double) a[q.aOff() + (q.tA ? p * q.lda() + i : i * q.lda() + p)]
                            * b[q.bOff() + (q.tB ? j * q.ldb() + p : p * q.ldb() + j)];
                    s += t;
                    mag += Math.abs(t);
                }
                double old = q.beta == 0f ? 0 : (double) q.beta * c0[ci];
                double want = q.alpha * s + old;
                double tol = 1e-5 * Math.sqrt(q.k + 1) * (Math.abs(q.alpha) * mag + Math.abs(old)) + 1e-30;
                float got = c[ci];
                if (!(Math.abs(got - want) <= tol)) {
                    throw new AssertionError(q + ": C[" + i + "][" + j + "] = " + got + ", want " + want + " +- " + tol);
                }
            }
        }
        for (int i = 0; i < c.length; i++) {
            if (!inC[i] && Float.floatToRawIntBits(c[i]) != Float.floatToRawIntBits(c0[i])) {
                throw new AssertionError(q + ": element " + i + " outside C was written");
            }
        }
    }

    private static void forAllTransposes(Consumer<boolean[]> body) {
        for (boolean tA : new boolean[] {false, true}) for (boolean tB : new boolean[] {false, true}) body.accept(new boolean[] {tA, tB});
    }

    /** Odd sizes in every position, all transposes, on the dispatching entry point. */
    @Test
    void oddSizesAllTransposes() {
        forAllTransposes(t -> {
            for (int m : ODD) for (int n : ODD) for (int k : new int[] {1, 7, 65, 129}) {
                if ((long) m * n * k > 129L * 65 * 65) continue;
                check(new Case(t[0], t[1], m, n, k, 1f, 0f, 0, m * 31L + n * 7L + k), DISPATCH);
            }
        });
    }

    /** Shapes around the tile and block edges (12 x 32 tiles, K blocks of 256) and thin shapes. */
    static List<int[]> shapes() {
        List<int[]> s = new ArrayList<>();
        int[][] fixed = {
            {12, 32, 256}, {13, 33, 257}, {11, 31, 255}, {24, 64, 512}, {25, 65, 513}, {100, 100, 300},
            {129, 65, 600}, {200, 300, 70}, {64, 64, 64}, {48, 48, 48}, {40, 56, 72}, {96, 17, 130},
            {1, 300, 200}, {300, 1, 200}, {2, 70, 90}, {70, 3, 90}, {300, 200, 2}, {5, 5, 5}, {9, 9, 9},
            {16, 10, 10}, {10, 10, 16}, {128, 10, 784}, {1, 1, 1000}, {20, 20, 20}, {33, 700, 9}
        };
        s.addAll(Arrays.asList(fixed));
        return s;
    }

    private static void allShapes(Impl impl, float alpha, float beta, int pad) {
        forAllTransposes(t -> {
            for (int[] sh : shapes()) check(new Case(t[0], t[1], sh[0], sh[1], sh[2], alpha, beta, pad, 11), impl);
        });
    }

    @Test
    void dispatchAlphaBetaOffsetsAndPaddedLeadingDimensions() {
        allShapes(DISPATCH, 1f, 0f, 0);
        allShapes(DISPATCH, 1.5f, 0.5f, 3);
        allShapes(DISPATCH, -2f, 1f, 1);
        allShapes(DISPATCH, 1f, 0f, 17);
    }

    @Test
    void packedSimdKernelsBothTileHeights() {
        assumeTrue(Gemm.simd(), "Vector API not available");
        for (int mr : new int[] {12, 6}) {
            for (boolean par : new boolean[] {false, true}) {
                Impl packed = (tA, tB, m, n, k, al, a, ao, lda, b, bo, ldb, be, c, co, ldc) ->
                        GemmSimd.sgemm(tA, tB, m, n, k, al, a, ao, lda, b, bo, ldb, be, c, co, ldc, par, mr);
                allShapes(packed, 1f, 0f, 0);
                allShapes(packed, 0.75f, -1.25f, 2);
            }
        }
    }

    @Test
    void packedSimdInSeveralPackingBlocks() {
        assumeTrue(Gemm.simd(), "Vector API not available");
        Impl packed = (tA, tB, m, n, k, al, a, ao, lda, b, bo, ldb, be, c, co, ldc) ->
                GemmSimd.sgemm(tA, tB, m, n, k, al, a, ao, lda, b, bo, ldb, be, c, co, ldc, true);
        // A deep K (several K blocks, a ragged last one) in one packing block...
        forAllTransposes(t -> check(new Case(t[0], t[1], 131, 97, 1100, 1.5f, 1f, 1, 5), packed));
        // ...and C cut into several row and column blocks by a small packing budget.
        long cap = GemmSimd.packCap;
        try {
            GemmSimd.packCap = 300L * 40;
            forAllTransposes(t -> check(new Case(t[0], t[1], 150, 300, 300, 1.5f, 0.5f, 2, 6), packed));
        } finally {
            GemmSimd.packCap = cap;
        }
    }

    @Test
    void thinShapeSimdKernels() {
        assumeTrue(Gemm.simd(), "Vector API not available");
        for (boolean par : new boolean[] {false, true}) {
            Impl small = (tA, tB, m, n, k, al, a, ao, lda, b, bo, ldb, be, c, co, ldc) ->
                    GemmSimdSmall.sgemm(tA, tB, m, n, k, al, a, ao, lda, b, bo, ldb, be, c, co, ldc, par);
            allShapes(small, 1f, 0f, 0);
            allShapes(small, 1.5f, 0.5f, 2);
        }
    }

    @Test
    void scalarFallback() {
        allShapes(SCALAR, 1f, 0f, 0);
        allShapes(SCALAR, 1.5f, 0.5f, 2);
    }

    @Test
    void simdAndScalarAgree() {
        assumeTrue(Gemm.simd(), "Vector API not available");
        Case q = new Case(false, true, 77, 91, 333, 1f, 0f, 0, 3);
        float[] a = q.a(), b = q.b(), simd = new float[q.m * q.n], scalar = new float[q.m * q.n];
        Gemm.sgemm(q.tA, q.tB, q.m, q.n, q.k, 1f, a, 0, q.lda(), b, 0, q.ldb(), 0f, simd, 0, q.n);
        GemmScalar.sgemm(q.tA, q.tB, q.m, q.n, q.k, 1f, a, 0, q.lda(), b, 0, q.ldb(), 0f, scalar, 0, q.n, true);
        for (int i = 0; i < simd.length; i++) assertEquals(scalar[i], simd[i], 1e-4f * (1 + Math.abs(scalar[i])));
    }

    @Test
    void betaZeroIgnoresNaNAndAlphaZeroIgnoresAB() {
        int m = 70, n = 40, k = 30;
        float[] a = random(m * k, 1), b = random(k * n, 2);
        float[] c = new float[m * n];
        Arrays.fill(c, Float.NaN);
        Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
        for (float v : c) assertTrue(Float.isFinite(v));

        float[] nanA = new float[m * k];
        Arrays.fill(nanA, Float.NaN);
        float[] c2 = random(m * n, 3), want = c2.clone();
        for (int i = 0; i < want.length; i++) want[i] *= 2f;
        Gemm.sgemm(false, false, m, n, k, 0f, nanA, 0, k, b, 0, n, 2f, c2, 0, n);
        assertArrayEquals(want, c2);
        Gemm.sgemm(true, true, m, n, 0, 1f, new float[0], 0, m, new float[0], 0, 1, 0.5f, c2, 0, n);
        for (int i = 0; i < want.length; i++) assertEquals(want[i] * 0.5f, c2[i]);
        Arrays.fill(c2, Float.NaN);
        Gemm.sgemm(false, false, m, n, 0, 1f, new float[0], 0, 1, new float[0], 0, n, 0f, c2, 0, n);
        for (float v : c2) assertEquals(0f, v);
    }

    /** Products large enough to run on several threads give the same bits on 1, 2 and 3 threads. */
    @Test
    void resultDoesNotDependOnThreadCount() {
        int[][] shapes = {{300, 200, 600}, {1000, 40, 70}, {64, 64, 64}, {37, 500, 300}, {2, 2000, 300},
            {2000, 3, 300}, {513, 257, 129}};
        int before = Parallel.threads();
        try {
            forAllTransposes(t -> {
                for (int[] s : shapes) {
                    Case q = new Case(t[0], t[1], s[0], s[1], s[2], 1f, 0f, 0, 9);
                    float[] a = q.a(), b = q.b();
                    float[] first = null;
                    for (int threads : new int[] {1, 2, 3}) {
                        Parallel.setThreads(threads);
                        float[] c = new float[q.m * q.n];
                        Gemm.sgemm(q.tA, q.tB, q.m, q.n, q.k, 1f, a, 0, q.lda(), b, 0, q.ldb(), 0f, c, 0, q.n);
                        if (first == null) first = c;
                        else assertArrayEquals(first, c, q + " on " + threads + " threads");
                    }
                }
            });
            float[] a = random(16 * 50 * 40, 1), b = random(40 * 60, 2);
            float[] one = new float[16 * 50 * 60], two = new float[16 * 50 * 60];
            Parallel.setThreads(1);
            Gemm.sgemmBatched(16, false, false, 50, 60, 40, 1f, a, 0, 50 * 40, 40, b, 0, 0, 60, 0f, one, 0, 50 * 60, 60);
            Parallel.setThreads(2);
            Gemm.sgemmBatched(16, false, false, 50, 60, 40, 1f, a, 0, 50 * 40, 40, b, 0, 0, 60, 0f, two, 0, 50 * 60, 60);
            assertArrayEquals(one, two);
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void batchedMatchesOneByOneWithBroadcastOperands() {
        int batch = 5, m = 33, n = 21, k = 17;
        for (int[] strides : new int[][] {{m * k, k * n}, {0, k * n}, {m * k, 0}}) {
            forAllTransposes(t -> {
                int lda = t[0] ? m : k, ldb = t[1] ? k : n;
                float[] a = random(2 + Math.max(1, strides[0] * batch) + m * k, 1), b = random(1 + Math.max(1, strides[1] * batch) + k * n, 2);
                float[] c = random(batch * m * n + 4, 3), want = c.clone();
                Gemm.sgemmBatched(batch, t[0], t[1], m, n, k, 1.25f, a, 2, strides[0], lda, b, 1, strides[1], ldb,
                        0.5f, c, 4, m * n, n);
                for (int q = 0; q < batch; q++) {
                    Gemm.sgemm(t[0], t[1], m, n, k, 1.25f, a, 2 + q * strides[0], lda, b, 1 + q * strides[1], ldb, 0.5f,
                            want, 4 + q * m * n, n);
                }
                assertArrayEquals(want, c);
            });
        }
        // Larger products take the one-after-another path; strideC == 0 accumulates in batch order.
        float[] a = random(3 * 200 * 300, 4), b = random(300 * 100, 5);
        float[] acc = new float[200 * 100], want = new float[200 * 100];
        Gemm.sgemmBatched(3, false, false, 200, 100, 300, 1f, a, 0, 200 * 300, 300, b, 0, 0, 100, 1f, acc, 0, 0, 100);
        for (int q = 0; q < 3; q++) Gemm.sgemm(false, false, 200, 100, 300, 1f, a, q * 200 * 300, 300, b, 0, 100, 1f, want, 0, 100);
        assertArrayEquals(want, acc);
    }

    @Test
    void dgemmMatchesReferenceAllTransposes() {
        forAllTransposes(t -> {
            for (int[] s : new int[][] {{1, 1, 1}, {5, 6, 7}, {33, 17, 65}, {8, 1, 40}}) {
                int m = s[0], n = s[1], k = s[2], lda = (t[0] ? m : k) + 1, ldb = (t[1] ? k : n) + 2, ldc = n + 3;
                SplittableRandom r = new SplittableRandom(m + n + k);
                double[] a = r.doubles(2 + lda * (t[0] ? k : m)).toArray(), b = r.doubles(1 + ldb * (t[1] ? n : k)).toArray();
                double[] c = r.doubles(ldc * m).toArray(), c0 = c.clone();
                Gemm.dgemm(t[0], t[1], m, n, k, 0.5, a, 2, lda, b, 1, ldb, 2.0, c, 0, ldc);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double x = 0;
                        for (int p = 0; p < k; p++) {
                            x += a[2 + (t[0] ? p * lda + i : i * lda + p)] * b[1 + (t[1] ? j * ldb + p : p * ldb + j)];
                        }
                        assertEquals(0.5 * x + 2.0 * c0[i * ldc + j], c[i * ldc + j], 1e-12 * (k + 1));
                    }
                }
            }
        });
        double[] nan = {Double.NaN, Double.NaN};
        Gemm.dgemm(false, false, 1, 2, 1, 1.0, new double[] {2}, 0, 1, new double[] {3, 4}, 0, 2, 0.0, nan, 0, 2);
        assertArrayEquals(new double[] {6, 8}, nan);
    }

    @Test
    void badArgumentsFailLoudly() {
        float[] x = new float[100];
        assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(false, false, -1, 2, 2, 1f, x, 0, 2, x, 0, 2, 0f, x, 0, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(false, false, 4, 4, 5, 1f, x, 0, 4, x, 0, 4, 0f, x, 0, 4));
        assertTrue(e.getMessage().contains("lda"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(false, false, 10, 10, 10, 1f, x, 5, 10, x, 0, 10, 0f, x, 0, 10));
        assertTrue(e.getMessage().contains("A"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(false, true, 2, 2, 2, 1f, x, 0, 2, x, 99, 2, 0f, x, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(false, false, 2, 2, 2, 1f, x, 0, 2, x, 0, 2, 0f, x, -1, 2));
        assertThrows(IllegalArgumentException.class, () -> Gemm.sgemmBatched(3, false, false, 2, 2, 2, 1f, x, 0, 60, 2, x, 0, 0, 2, 0f, x, 0, 4, 2));
        assertThrows(IllegalArgumentException.class, () -> Gemm.sgemmBatched(-1, false, false, 2, 2, 2, 1f, x, 0, 4, 2, x, 0, 0, 2, 0f, x, 0, 4, 2));
    }
}
