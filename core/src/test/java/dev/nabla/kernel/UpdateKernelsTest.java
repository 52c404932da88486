package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fused Adam kernel: SIMD against scalar bit for bit, independence of the thread count, and the
 * flush of subnormal moments (zero state, the same parameters as without it).
 */
class UpdateKernelsTest {
    private static final float B1 = 0.9f, OB1 = 0.1f, B2 = 0.999f, OB2 = 0.001f;

    /** Gradients mixing ordinary values, zeros, tiny values near the subnormal range and a NaN. */
    private static float[] gradients(Random r, int n) {
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = switch (i % 7) {
                case 0 -> 0f;
                case 1 -> (float) r.nextGaussian() * 1e-19f; // g^2 and m come out subnormal
                case 2 -> (float) r.nextGaussian() * 1e-36f;
                default -> (float) r.nextGaussian();
            };
        }
        g[n / 2] = Float.NaN;
        return g;
    }

    /** State whose moments are already subnormal or just above the smallest normal float. */
    private static float[][] state(Random r, int n) {
        float[] p = new float[n], m = new float[n], v = new float[n];
        for (int i = 0; i < n; i++) {
            p[i] = (float) r.nextGaussian();
            m[i] = i % 3 == 0 ? Float.MIN_VALUE * (i % 50) : i % 3 == 1 ? Float.MIN_NORMAL * 1.05f : (float) r.nextGaussian() * 1e-3f;
            v[i] = i % 4 == 0 ? Float.MIN_VALUE * (i % 700) : i % 4 == 1 ? Float.MIN_NORMAL * 1.0005f : (float) Math.abs(r.nextGaussian()) * 1e-6f;
        }
        return new float[][] {p, m, v};
    }

    private static float[][] copy(float[][] s) {
        return new float[][] {s[0].clone(), s[1].clone(), s[2].clone()};
    }

    @Test
    void simdPathMatchesScalarPathBitForBit() {
        if (!Simd.ENABLED) return; // the scalar path is then the only one, checked below against its definition
        Random r = new Random(5);
        for (int n : new int[] {1, 15, 16, 17, 100, 1000}) {
            float[] g = gradients(r, n);
            float[][] init = state(r, n);
            for (float tiny : new float[] {0f, Float.MIN_NORMAL}) {
                float[][] a = copy(init), b = copy(init);
                for (int step = 0; step < 3; step++) {
                    UpdateKernels.adamScalar(a[0], 0, g, 0, a[1], a[2], 0, n, B1, OB1, B2, OB2, 1e-3f, 2f, 1e-8f, 0.99f, tiny);
                    UpdateKernelsSimd.adam(b[0], 0, g, 0, b[1], b[2], 0, n, B1, OB1, B2, OB2, 1e-3f, 2f, 1e-8f, 0.99f, tiny);
                }
                for (int i = 0; i < 3; i++) assertArrayEquals(a[i], b[i], "array " + i + ", n=" + n + ", tiny=" + tiny);
            }
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        int before = Parallel.threads();
        Random r = new Random(6);
        int n = 3 * UpdateKernels.GRAIN + 5;
        float[] g = gradients(r, n);
        float[][] init = state(r, n);
        float[][] one = copy(init), four = copy(init);
        try {
            Parallel.setThreads(1);
            UpdateKernels.adam(one[0], 0, g, 0, one[1], one[2], n, B1, OB1, B2, OB2, 1e-3f, 2f, 1e-8f, 1f, true);
            Parallel.setThreads(4);
            UpdateKernels.adam(four[0], 0, g, 0, four[1], four[2], n, B1, OB1, B2, OB2, 1e-3f, 2f, 1e-8f, 1f, true);
        } finally {
            Parallel.setThreads(before);
        }
        for (int i = 0; i < 3; i++) assertArrayEquals(one[i], four[i], "array " + i);
    }

    @Test
    void scalarPathFollowsTheDefinition() {
        Random r = new Random(7);
        int n = 200;
        float[] g = gradients(r, n);
        float[][] s = state(r, n);
        float[][] e = copy(s);
        UpdateKernels.adamScalar(s[0], 0, g, 0, s[1], s[2], 0, n, B1, OB1, B2, OB2, 1e-3f, 2f, 1e-8f, 0.99f, 0f);
        for (int k = 0; k < n; k++) {
            float m = B1 * e[1][k] + OB1 * g[k];
            float v = B2 * e[2][k] + OB2 * g[k] * g[k];
            float p = e[0][k] * 0.99f - 1e-3f * (m / ((float) Math.sqrt(v) * 2f + 1e-8f));
            assertEquals(m, s[1][k], "m " + k);
            assertEquals(v, s[2][k], "v " + k);
            assertEquals(p, s[0][k], "p " + k);
        }
    }

    @Test
    void flushStoresZeroInsteadOfSubnormalMomentsAndChangesNoParameter() {
        // some steps with gradients, then a long run of zero gradients: without the flush the moments decay into
        // subnormal numbers and stay there (0.9 times the smallest subnormal rounds back to it)
        Random r = new Random(8);
        int n = 64;
        float[] p = new float[n], m = new float[n], v = new float[n];
        for (int i = 0; i < n; i++) p[i] = (float) r.nextGaussian() * 0.1f;
        float[] pf = p.clone(), mf = m.clone(), vf = v.clone();
        float[] zero = new float[n];
        for (int t = 1; t <= 3000; t++) {
            float[] g = t <= 5 ? gradients(r, n) : zero;
            if (t <= 5) g[n / 2] = 0.5f; // no NaN here: the parameters are compared
            double sqrtBc2 = Math.sqrt(1 - Math.pow(0.999, t));
            float inv = (float) (1 / sqrtBc2);
            float stepSize = (float) (1e-3 / (1 - Math.pow(0.9, t)));
            assertTrue(UpdateKernels.flushIsInvisible(1e-8, sqrtBc2));
            UpdateKernels.adam(p, 0, g, 0, m, v, n, B1, OB1, B2, OB2, stepSize, inv, 1e-8f, 1f, false);
            UpdateKernels.adam(pf, 0, g, 0, mf, vf, n, B1, OB1, B2, OB2, stepSize, inv, 1e-8f, 1f, true);
        }
        int subnormal = 0;
        for (int i = 0; i < n; i++) {
            if (isSubnormal(m[i]) || isSubnormal(v[i])) subnormal++;
            assertFalse(isSubnormal(mf[i]) || isSubnormal(vf[i]), "flushed state " + i + ": " + mf[i] + ", " + vf[i]);
        }
        assertTrue(subnormal > n / 2, "without the flush most moments end subnormal, got " + subnormal);
        assertArrayEquals(p, pf, "the flush must not change any parameter");
    }

    @Test
    void zeroClearsExactlyTheRange() {
        int n = 3 * UpdateKernels.GRAIN + 11;
        float[] x = new float[n + 10];
        java.util.Arrays.fill(x, 2.5f);
        UpdateKernels.zero(x, 4, n);
        for (int i = 0; i < x.length; i++) assertEquals(i >= 4 && i < 4 + n ? 0f : 2.5f, x[i], "element " + i);
    }

    @Test
    void flushIsUsedOnlyWhereEpsDominatesASubnormalDenominator() {
        assertTrue(UpdateKernels.flushIsInvisible(1e-8, Math.sqrt(1 - 0.999)));
        assertTrue(UpdateKernels.flushIsInvisible(1e-3, 1));
        assertFalse(UpdateKernels.flushIsInvisible(0, 1));
        assertFalse(UpdateKernels.flushIsInvisible(1e-12, 1));
    }

    private static boolean isSubnormal(float x) {
        return x != 0 && Math.abs(x) < Float.MIN_NORMAL;
    }
}
