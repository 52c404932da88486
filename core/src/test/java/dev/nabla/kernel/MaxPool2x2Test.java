package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The SIMD 2x2 max-pool gives the scalar path's values and indices, NaN, ties and signed zeros included. */
class MaxPool2x2Test {
    private static final float[] SPECIAL = {Float.NaN, 0f, -0f, 1f, 1f, -1f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};

    @Test
    void simdMatchesScalarOnEveryCornerCase() {
        assertTrue(Simd.ENABLED, "tests run with jdk.incubator.vector, so the SIMD path must be active");
        SplittableRandom r = new SplittableRandom(7);
        int[][] sizes = {{28, 28}, {10, 10}, {7, 9}, {2, 2}, {6, 40}};
        for (int[] hw : sizes) {
            int h = hw[0], w = hw[1], oh = h / 2, ow = w / 2, base = 3;
            int[] table = MaxPool2x2.table(oh, ow, w);
            for (int trial = 0; trial < 20; trial++) {
                float[] x = new float[base + h * w];
                for (int i = base; i < x.length; i++) {
                    // mostly values from a small set, so that ties, zeros of both signs and NaNs meet in windows
                    x[i] = trial % 2 == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : (float) r.nextGaussian();
                }
                float[] ys = new float[oh * ow + 1], yv = new float[oh * ow + 1];
                int[] as = new int[oh * ow + 1], av = new int[oh * ow + 1];
                MaxPool2x2.scalar(x, base, w, table, 0, table.length, ys, 1, as);
                int done = MaxPool2x2Simd.plane(x, base, w, table, yv, 1, av);
                MaxPool2x2.scalar(x, base, w, table, done, table.length, yv, 1, av);
                assertArrayEquals(as, av, "indices, " + h + "x" + w + " trial " + trial);
                for (int q = 0; q < ys.length; q++) {
                    assertEquals(Float.floatToRawIntBits(ys[q]) == Float.floatToRawIntBits(Float.NaN) ? 1 : 0,
                            Float.isNaN(yv[q]) ? 1 : 0, "NaN at " + q);
                    assertEquals(Float.floatToRawIntBits(ys[q]), Float.floatToRawIntBits(yv[q]), "value bits at " + q);
                }
            }
        }
    }

    @Test
    void scalarFollowsTheRowMajorScan() {
        // window [[1, 3], [3, 2]]: the first maximum, top-right; [[NaN, 1], [2, NaN]]: the last NaN, as PyTorch's scan
        // (which replaces its maximum when val > max or val is NaN)
        float[] x = {1, 3, Float.NaN, 1, 3, 2, 2, Float.NaN};
        int[] table = MaxPool2x2.table(1, 2, 4);
        float[] y = new float[2];
        int[] arg = new int[2];
        MaxPool2x2.plane(x, 0, 4, table, y, 0, arg);
        assertArrayEquals(new int[] {1, 7}, arg);
        assertEquals(3f, y[0]);
        assertTrue(Float.isNaN(y[1]));
    }
}
