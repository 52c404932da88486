package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Initializers checked statistically (bounds exact; sample moments within a few standard errors of the
 * formula; the samples have 10^5 or more elements) and structurally (orthogonality, fans, determinism).
 */
class InitTest {

    private static double mean(Tensor t) {
        return t.toDouble().mean().item();
    }

    private static double var(Tensor t) {
        return t.toDouble().var(false).item();
    }

    private static double maxAbs(Tensor t) {
        return t.toDouble().abs().max().item();
    }

    private static Tensor param(int... shape) {
        return Tensor.zeros(shape).requiresGrad(true);
    }

    @Test
    void fansFollowPyTorch() {
        assertEquals(new Init.Fans(784, 256), Init.fans(Tensor.zeros(256, 784)));
        assertEquals(new Init.Fans(4 * 9, 8 * 9), Init.fans(Tensor.zeros(8, 4, 3, 3)));
        assertThrows(IllegalArgumentException.class, () -> Init.fans(Tensor.zeros(5)));
    }

    @Test
    void constantsFillParametersInPlace() {
        Tensor w = param(3, 4);
        int v = w.version();
        assertEquals(7.0, Init.constant(w, 7).toDoubleArray()[5]);
        assertTrue(w.version() > v);
        assertEquals(0.0, maxAbs(Init.zeros(w)));
        assertEquals(12.0, Init.ones(w).sum().item());
        assertArrayEquals(Tensor.eye(3, 4).toFloatArray(), Init.eye(w).toFloatArray());
        assertTrue(w.requiresGrad());
    }

    @Test
    void uniformAndNormalHaveTheirMoments() {
        Tensor u = Init.uniform(param(400, 500), Rng.seeded(1), -2, 3);
        assertTrue(u.min().item() >= -2 && u.max().item() < 3);
        assertEquals(0.5, mean(u), 0.01);
        assertEquals(25.0 / 12, var(u), 25.0 / 12 * 0.01);
        Tensor n = Init.normal(param(400, 500), Rng.seeded(2), 1.5, 0.5);
        assertEquals(1.5, mean(n), 0.005);
        assertEquals(0.25, var(n), 0.25 * 0.01);
    }

    @Test
    void xavierUsesBothFans() {
        int out = 300;
        int in = 500;
        double bound = Math.sqrt(6.0 / (in + out));
        Tensor u = Init.xavierUniform(param(out, in), Rng.seeded(3));
        assertTrue(maxAbs(u) <= bound);
        assertTrue(maxAbs(u) > 0.99 * bound);
        assertEquals(2.0 / (in + out), var(u), 0.015 * 2.0 / (in + out));
        Tensor g = Init.xavierNormal(param(out, in), Rng.seeded(4), 5.0 / 3);
        assertEquals(25.0 / 9 * 2.0 / (in + out), var(g), 0.015 * 25.0 / 9 * 2.0 / (in + out));
        assertEquals(0, mean(g), 0.01 * Math.sqrt(var(g)));
    }

    @Test
    void kaimingUsesTheChosenFanAndGain() {
        Tensor u = Init.kaimingUniform(param(256, 512), Rng.seeded(5));
        double bound = Math.sqrt(2.0) * Math.sqrt(3.0 / 512);
        assertTrue(maxAbs(u) <= bound && maxAbs(u) > 0.99 * bound);
        Tensor n = Init.kaimingNormal(param(256, 512), Rng.seeded(6), 0, Init.FanMode.FAN_OUT, "relu");
        assertEquals(2.0 / 256, var(n), 0.015 * 2.0 / 256);
        // PyTorch's Linear default is kaiming_uniform with a = sqrt(5): U(-1/sqrt(fan_in), 1/sqrt(fan_in))
        Tensor l = Init.kaimingUniform(param(64, 100), Rng.seeded(7), Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu");
        assertTrue(maxAbs(l) <= 0.1 + 1e-7 && maxAbs(l) > 0.099);
        Tensor conv = Init.kaimingNormal(param(64, 16, 5, 5), Rng.seeded(8), 0, Init.FanMode.FAN_IN, "relu");
        assertEquals(2.0 / 400, var(conv), 0.02 * 2.0 / 400);
    }

    @Test
    void lecunScalesByFanIn() {
        assertEquals(1.0 / 250, var(Init.lecunNormal(param(400, 250), Rng.seeded(9))), 0.015 / 250);
        assertTrue(maxAbs(Init.lecunUniform(param(400, 250), Rng.seeded(9))) <= Math.sqrt(3.0 / 250));
    }

    /** Mean and variance of N(0, 1) truncated to [alpha, beta]. */
    private static double[] truncatedMoments(double alpha, double beta) {
        double z = Special.normalCdf(beta) - Special.normalCdf(alpha);
        double pa = Special.normalPdf(alpha);
        double pb = Special.normalPdf(beta);
        double m = (pa - pb) / z;
        double v = 1 + (alpha * pa - beta * pb) / z - m * m;
        return new double[] {m, v};
    }

    @Test
    void truncatedNormalStaysInBoundsWithTheTruncatedMoments() {
        Tensor t = Init.truncNormal(param(300, 400), Rng.seeded(10), 0.5, 2, -1, 3);
        assertTrue(t.min().item() >= -1 && t.max().item() <= 3);
        double[] mv = truncatedMoments(-0.75, 1.25);
        assertEquals(0.5 + 2 * mv[0], mean(t), 0.01);
        assertEquals(4 * mv[1], var(t), 0.015 * 4 * mv[1]);
        // a far tail (mass 0.6%): drawn by inverting the distribution function
        Tensor tail = Init.truncNormal(param(300, 400), Rng.seeded(11), 0, 1, 2.5, 4);
        assertTrue(tail.min().item() >= 2.5 && tail.max().item() <= 4);
        double[] tm = truncatedMoments(2.5, 4);
        assertEquals(tm[0], mean(tail), 0.003);
        assertEquals(tm[1], var(tail), 0.02 * tm[1]);
        Tensor left = Init.truncNormal(param(1000), Rng.seeded(12), 0, 1, -6, -3);
        assertTrue(left.max().item() <= -3 && left.min().item() >= -6);
    }

    private static void assertOrthonormalRows(Tensor w, double gain) {
        Tensor m = w.reshape(w.dim(0), -1).toDouble();
        Tensor gram = m.dim(0) <= m.dim(1) ? m.matmul(m.t()) : m.t().matmul(m);
        int k = gram.dim(0);
        Tensor expect = Tensor.eye(k).toDouble().mul(gain * gain);
        assertTrue(gram.sub(expect).abs().max().item() < 1e-5 * gain * gain, "W W^T (or W^T W) is gain^2 I");
    }

    @Test
    void orthogonalGivesOrthonormalRowsOrColumns() {
        assertOrthonormalRows(Init.orthogonal(param(64, 32), Rng.seeded(13)), 1);
        assertOrthonormalRows(Init.orthogonal(param(32, 64), Rng.seeded(14)), 1);
        assertOrthonormalRows(Init.orthogonal(param(16, 4, 3, 3), Rng.seeded(15), 2.0), 2);
        assertOrthonormalRows(Init.orthogonal(param(20, 20), Rng.seeded(16)), 1);
        assertArrayEquals(Init.orthogonal(param(8, 5), Rng.seeded(17)).toFloatArray(), Init.orthogonal(param(8, 5), Rng.seeded(17)).toFloatArray());
    }

    @Test
    void orthonormalizeIsTheQrFactorWithPositiveDiagonal() {
        Rng rng = Rng.seeded(18);
        int m = 7;
        int n = 4;
        double[] a = new double[m * n];
        for (int i = 0; i < a.length; i++) a[i] = rng.nextGaussian();
        Tensor q = Tensor.wrap(Init.orthonormalize(a, m, n), DType.FLOAT64, m, n);
        Tensor r = q.t().matmul(Tensor.wrap(a, DType.FLOAT64, m, n)); // R = Q^T A
        for (int i = 0; i < n; i++) {
            assertTrue(r.get(i, i) > 0, "diag(R) > 0");
            for (int j = 0; j < i; j++) assertEquals(0, r.get(i, j), 1e-12, "R is upper triangular");
        }
        assertTrue(q.matmul(r).sub(Tensor.wrap(a, DType.FLOAT64, m, n)).abs().max().item() < 1e-12, "Q R = A");
    }

    @Test
    void lsuvGivesEveryLayerUnitOutputVariance() {
        Rng rng = Rng.seeded(19);
        Sequential net = new Sequential(new Linear(32, 64, rng), new Activation.ReLU(), new Dropout(0.5, rng),
                new Sequential(new Linear(64, 64, rng), new Activation.Tanh()), new Linear(64, 10, rng));
        Tensor batch = Tensor.randn(Rng.seeded(20), 256, 32).mul(5);
        List<Double> reached = Init.lsuv(net, batch, Rng.seeded(21));
        assertEquals(3, reached.size());
        for (double v : reached) assertEquals(1.0, v, 0.1);
        assertTrue(net.isTraining(), "training flag restored");
        net.eval();
        Tensor h = ((Linear) net.get(0)).forward(batch);
        assertEquals(1.0, var(h), 0.1);
        assertEquals(0.0, maxAbs(((Linear) net.get(0)).bias()));
    }

    @Test
    void heInitKeepsReluSignalVarianceThroughDepth() {
        Rng rng = Rng.seeded(22);
        Tensor x = Tensor.randn(rng, 512, 256);
        double first = 0;
        double last = 0;
        for (int layer = 0; layer < 12; layer++) {
            Tensor w = Init.kaimingNormal(Tensor.zeros(256, 256), rng, 0, Init.FanMode.FAN_IN, "relu");
            Tensor pre = x.matmul(w.t());
            double ms = pre.square().mean().item();
            if (layer == 0) first = ms;
            last = ms;
            x = pre.relu();
        }
        assertTrue(last / first > 0.5 && last / first < 2, "pre-activation mean square ratio " + last / first);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Init.calculateGain("swishy"));
        assertThrows(IllegalArgumentException.class, () -> Init.orthogonal(param(5), Rng.seeded(1)));
        assertThrows(IllegalArgumentException.class, () -> Init.truncNormal(param(5), Rng.seeded(1), 0, 1, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> Init.xavierUniform(param(5), Rng.seeded(1)));
    }
}
