package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The attention softmax row kernels: the polynomial exp, the scalar path against doubles, and SIMD against scalar. */
class SoftmaxRowsTest {
    @Test
    void expIsWithinTwoUlpOnTheNegativeAxis() {
        double worst = 0;
        for (float x = -87.3f; x <= 0f; x += 0.00731f) {
            double e = Math.exp(x);
            worst = Math.max(worst, Math.abs(SoftmaxRows.exp(x) - e) / Math.ulp((float) e));
        }
        assertTrue(worst <= 2, "worst error " + worst + " ulp");
        assertEquals(1f, SoftmaxRows.exp(0f));
        assertEquals(0f, SoftmaxRows.exp(Float.NEGATIVE_INFINITY));
        assertEquals(0f, SoftmaxRows.exp(-200f));
        assertTrue(Float.isNaN(SoftmaxRows.exp(Float.NaN)));
    }

    @Test
    void scalarRowsMatchDoublePrecision() {
        Random r = new Random(3);
        int len = 37;
        float[] x = new float[len];
        float[] mask = new float[len];
        for (int j = 0; j < len; j++) {
            x[j] = (float) r.nextGaussian() * 4;
            mask[j] = j % 5 == 0 ? Float.NEGATIVE_INFINITY : (float) r.nextGaussian();
        }
        float[] y = new float[len];
        SoftmaxRows.scalarForward(x, 0, 0.5f, mask, 30, len, y, 0, new float[len + SoftmaxRows.SCRATCH]);
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < 30; j++) max = Math.max(max, 0.5 * x[j] + mask[j]);
        double sum = 0;
        for (int j = 0; j < 30; j++) sum += Math.exp(0.5 * x[j] + mask[j] - max);
        for (int j = 0; j < len; j++) {
            double e = j < 30 ? Math.exp(0.5 * x[j] + mask[j] - max) / sum : 0;
            assertEquals(e, y[j], 1e-6 * Math.max(e, 1e-3), "element " + j);
        }
    }

    @Test
    void simdPathMatchesScalarPath() {
        if (!Simd.ENABLED) return; // the scalar path is then the only one, checked above
        Random r = new Random(4);
        for (int len : new int[] {1, 7, 16, 33, 128, 131}) {
            float[] x = new float[len];
            float[] g = new float[len];
            float[] mask = new float[len];
            for (int j = 0; j < len; j++) {
                x[j] = (float) r.nextGaussian() * 3;
                g[j] = (float) r.nextGaussian();
                mask[j] = j % 3 == 1 ? Float.NEGATIVE_INFINITY : 0f;
            }
            int limit = Math.max(1, len - 2);
            float[] a = new float[len];
            float[] b = new float[len];
            SoftmaxRows.scalarForward(x, 0, 0.3f, mask, limit, len, a, 0, new float[len + SoftmaxRows.SCRATCH]);
            SoftmaxRowsSimd.forward(x, 0, 0.3f, mask, limit, len, b, 0, new float[len + SoftmaxRows.SCRATCH]);
            for (int j = 0; j < len; j++) assertEquals(a[j], b[j], 2e-7f, "forward, length " + len + ", element " + j);
            float[] da = new float[len];
            float[] db = new float[len];
            SoftmaxRows.scalarBackward(a, 0, g, 0, 0.3f, len, da, 0);
            SoftmaxRowsSimd.backward(a, 0, g, 0, 0.3f, len, db, 0, new float[SoftmaxRows.SCRATCH]);
            for (int j = 0; j < len; j++) assertEquals(da[j], db[j], 1e-6f, "backward, length " + len + ", element " + j);
        }
        float[] allMasked = {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY};
        float[] y = {9, 9};
        SoftmaxRowsSimd.forward(new float[] {1, 2}, 0, 1f, allMasked, 2, 2, y, 0, new float[2 + SoftmaxRows.SCRATCH]);
        assertArrayEquals(new float[] {0, 0}, y);
    }
}
