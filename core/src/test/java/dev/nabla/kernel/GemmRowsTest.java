package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * sgemmRows / dgemmRows, where B (or B^T) is given by the offsets of its rows in one array, against the plain
 * product on the materialized matrix. The rows overlap, as the shifted windows of a convolution's padded image do.
 */
class GemmRowsTest {
    private static final int[][] SHAPES = {{1, 1, 1}, {5, 7, 3}, {12, 32, 9}, {13, 33, 17}, {64, 838, 576},
        {64, 576, 300}, {6, 150, 25}, {30, 70, 260}};

    /** Overlapping row offsets: row i starts at base + (i / 3) * stride + (i % 3) * 2. */
    private static int[] rows(int count, int stride, int base) {
        int[] r = new int[count];
        for (int i = 0; i < count; i++) r[i] = base + (i / 3) * stride + (i % 3) * 2;
        return r;
    }

    private static float[] random(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    /** Checks sgemmRows (dispatch, then the scalar path) and dgemmRows against dgemm on the materialized B. */
    private static void check(boolean tA, boolean tB, int m, int n, int k, float beta) {
        int stored = tB ? n : k, len = tB ? k : n;
        int[] r = rows(stored, len + 1, 4);
        float[] b = random(r[stored - 1] + len + 3, 11);
        float[] a = random(m * k, 12);
        float[] c0 = random(m * n, 13);
        // materialized op(B) as stored (k x n, or n x k when transposed), and the double reference
        double[] bd = new double[stored * len];
        for (int i = 0; i < stored; i++) for (int j = 0; j < len; j++) bd[i * len + j] = b[r[i] + j];
        double[] ad = new double[a.length];
        for (int i = 0; i < a.length; i++) ad[i] = a[i];
        double[] want = new double[m * n];
        for (int i = 0; i < want.length; i++) want[i] = c0[i];
        int lda = tA ? m : k;
        Gemm.dgemm(tA, tB, m, n, k, 0.5, ad, 0, lda, bd, 0, len, beta, want, 0, n);

        float[] c = c0.clone();
        Gemm.sgemmRows(tA, tB, m, n, k, 0.5f, a, 0, lda, b, 0, r, beta, c, 0, n);
        assertClose(want, c, k, "dispatch " + tA + tB + " " + m + "x" + n + "x" + k);
        c = c0.clone();
        GemmScalar.sgemm(tA, tB, m, n, k, 0.5f, a, 0, lda, b, 0, 0, r, beta, c, 0, n, true);
        assertClose(want, c, k, "scalar " + tA + tB + " " + m + "x" + n + "x" + k);
        double[] bdd = new double[b.length];
        for (int i = 0; i < b.length; i++) bdd[i] = b[i];
        double[] cd = new double[m * n];
        for (int i = 0; i < cd.length; i++) cd[i] = c0[i];
        Gemm.dgemmRows(tA, tB, m, n, k, 0.5, ad, 0, lda, bdd, 0, r, beta, cd, 0, n);
        for (int i = 0; i < cd.length; i++) assertEquals(want[i], cd[i], 1e-9 * (k + 1));
    }

    private static void assertClose(double[] want, float[] got, int k, String what) {
        for (int i = 0; i < want.length; i++) {
            double tol = 2e-5 * Math.sqrt(k + 1) * (Math.abs(want[i]) + k * 0.25 + 1);
            assertEquals(want[i], got[i], tol, what + " at " + i);
        }
    }

    @Test
    void rowsOfBMatchTheMaterializedProduct() {
        for (int[] s : SHAPES) {
            check(false, false, s[0], s[1], s[2], 0f);
            check(true, false, s[0], s[1], s[2], 1f);
        }
    }

    @Test
    void rowsOfTransposedBMatchTheMaterializedProduct() {
        for (int[] s : SHAPES) {
            check(false, true, s[0], s[1], s[2], 0f);
            check(false, true, s[0], s[1], s[2], 1f);
        }
    }

    @Test
    void rowsOutsideTheArrayFailLoudly() {
        float[] x = new float[20];
        var e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemmRows(false, false, 2, 4, 2, 1f, x, 0, 2, x, 0, new int[] {0, 17}, 0f, x, 0, 4));
        assertTrue(e.getMessage().contains("row 1 of B"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemmRows(false, true, 2, 3, 2, 1f, x, 0, 2, x, 0, new int[] {0, 1}, 0f, x, 0, 3));
        assertTrue(e.getMessage().contains("2 row offsets for the 3 rows of B^T"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemmRows(false, false, 2, 2, 2, 1f, x, 0, 2, x, 0, new int[] {-1, 0}, 0f, x, 0, 2));
    }
}
