package dev.nabla.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Adam's moments of a gradient that has become zero: stored as zero rather than as subnormal numbers (slow on
 * every later step) where eps makes that invisible, kept exactly where it does not (eps = 0), and in either case
 * the parameters follow the unflushed float32 rule.
 */
class AdamSubnormalTest {
    private static final int N = 40;
    private static final int STEPS = 2500;

    /** Runs STEPS steps: ordinary gradients for 5, then zeros; returns {parameters, exp_avg, exp_avg_sq}. */
    private static float[][] run(Function<List<Tensor>, Optimizer> make) {
        float[] init = new float[N];
        for (int i = 0; i < N; i++) init[i] = 0.05f * (i - N / 2) + 0.01f;
        Tensor p = Tensor.fromArray(init, N).requiresGrad(true);
        Optimizer opt = make.apply(List.of(p));
        for (int t = 1; t <= STEPS; t++) {
            float[] g = new float[N];
            if (t <= 5) for (int i = 0; i < N; i++) g[i] = (float) Math.sin(i * 1.7 + t) * (i % 2 == 0 ? 1e-3f : 1f);
            p.setGrad(Tensor.fromArray(g, N));
            opt.step();
        }
        Map<String, Tensor> s = opt.stateDict().tensors();
        return new float[][] {p.toFloatArray(), s.get("state.0.exp_avg").toFloatArray(), s.get("state.0.exp_avg_sq").toFloatArray()};
    }

    /** Adam's float32 arithmetic without any flush (with AMSGrad's running maximum of v if ams): torch's, with 1/sqrt(bc2) multiplied. */
    private static float[] reference(double eps, boolean ams) {
        float[] p = new float[N], m = new float[N], v = new float[N], vmax = new float[N];
        for (int i = 0; i < N; i++) p[i] = 0.05f * (i - N / 2) + 0.01f;
        for (int t = 1; t <= STEPS; t++) {
            float stepSize = (float) (1e-3 / (1 - StrictMath.pow(0.9, t)));
            float invSqrtBc2 = (float) (1 / Math.sqrt(1 - StrictMath.pow(0.999, t)));
            for (int i = 0; i < N; i++) {
                float g = t <= 5 ? (float) Math.sin(i * 1.7 + t) * (i % 2 == 0 ? 1e-3f : 1f) : 0f;
                m[i] = 0.9f * m[i] + 0.1f * g;
                v[i] = 0.999f * v[i] + 0.001f * g * g;
                vmax[i] = Math.max(vmax[i], v[i]);
                p[i] -= stepSize * (m[i] / ((float) Math.sqrt(ams ? vmax[i] : v[i]) * invSqrtBc2 + (float) eps));
            }
        }
        return p;
    }

    private static int subnormals(float[] x) {
        int c = 0;
        for (float f : x) if (f != 0 && Math.abs(f) < Float.MIN_NORMAL) c++;
        return c;
    }

    @Test
    void defaultEpsStoresZeroMomentsAndTakesTorchsSteps() {
        float[][] r = run(ps -> new Adam(ps, 1e-3));
        assertEquals(0, subnormals(r[1]) + subnormals(r[2]));
        assertArrayEquals(reference(1e-8, false), r[0]);
    }

    @Test
    void amsgradLoopFlushesToo() {
        float[][] r = run(ps -> new Adam(ps, AdamConfig.DEFAULT.withLr(1e-3).withAmsgrad(true)));
        assertEquals(0, subnormals(r[1]) + subnormals(r[2]));
        assertArrayEquals(reference(1e-8, true), r[0]);
    }

    @Test
    void zeroEpsKeepsSubnormalMomentsExactly() {
        float[][] r = run(ps -> new Adam(ps, AdamConfig.DEFAULT.withLr(1e-3).withEps(0)));
        assertTrue(subnormals(r[1]) > 0, "eps = 0: the decayed moments stay subnormal, as in torch");
        assertArrayEquals(reference(0, false), r[0]);
    }
}
