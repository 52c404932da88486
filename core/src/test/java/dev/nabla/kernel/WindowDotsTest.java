package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The window dot products (a convolution's weight gradient) against sums in double: SIMD and scalar paths, rows
 * of whole vectors, with a tail, and shorter than a vector; channel and row counts that leave partial blocks.
 */
class WindowDotsTest {
    private static void check(int og, int c, int h, int w, int kh, int kw, int ns, long seed) {
        int oh = h - kh + 1, ow = w - kw + 1, nv = (oh - 1) * w + ow, plane = h * w, imgStride = c * plane + 3;
        int[] rows = new int[c * kh * kw];
        for (int ch = 0, r = 0; ch < c; ch++) {
            for (int i = 0; i < kh; i++) for (int j = 0; j < kw; j++) rows[r++] = ch * plane + i * w + j;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int vOff = 2, vStride = og * nv + 1, imgOff = 5;
        float[] v = new float[vOff + ns * vStride], img = new float[imgOff + ns * imgStride];
        for (int i = 0; i < v.length; i++) v[i] = (float) rnd.nextGaussian();
        for (int i = 0; i < img.length; i++) img[i] = (float) rnd.nextGaussian();
        int k = rows.length;
        float[] simd = new float[1 + og * k], scalar = new float[1 + og * k];
        simd[0] = scalar[0] = 7; // outOff 1: the element before must stay
        for (int i = 1; i < simd.length; i++) simd[i] = scalar[i] = (float) rnd.nextGaussian(); // added to, not set
        float[] start = simd.clone();
        WindowDotsSimd.accumulate(v, vOff, vStride, og, nv, img, imgOff, imgStride, rows, ns, simd, 1);
        WindowDots.scalar(v, vOff, vStride, og, nv, img, imgOff, imgStride, rows, ns, scalar, 1);
        assertEquals(7f, simd[0]);
        for (int o = 0; o < og; o++) {
            for (int r = 0; r < k; r++) {
                double exact = start[1 + o * k + r];
                for (int s = 0; s < ns; s++) {
                    for (int t = 0; t < nv; t++) {
                        exact += (double) v[vOff + s * vStride + o * nv + t] * img[imgOff + s * imgStride + rows[r] + t];
                    }
                }
                double tol = 1e-5 * Math.sqrt(ns * nv) * 4;
                String at = "og " + og + " nv " + nv + " o " + o + " r " + r;
                assertEquals(exact, simd[1 + o * k + r], tol, "simd " + at);
                assertEquals(exact, scalar[1 + o * k + r], tol, "scalar " + at);
            }
        }
    }

    @Test
    void simdAndScalarMatchDoubleSums() {
        assertTrue(Simd.ENABLED, "tests run with jdk.incubator.vector, so the SIMD path must be active");
        check(6, 1, 32, 32, 5, 5, 3, 1);   // LeNet's conv1 (padded 28x28): 892 columns, a tail of 12
        check(16, 6, 14, 14, 5, 5, 2, 2);  // LeNet's conv2: 136 columns, a tail of 8
        check(5, 2, 8, 18, 3, 3, 2, 3);    // 106 columns; 5 channels and 18 rows: partial blocks
        check(3, 1, 5, 5, 2, 2, 4, 4);     // 19 columns
        check(2, 2, 4, 4, 3, 3, 3, 5);     // 6 columns, shorter than a vector
        check(4, 1, 6, 16, 2, 1, 2, 6);    // 80 columns: whole vectors only
    }
}
