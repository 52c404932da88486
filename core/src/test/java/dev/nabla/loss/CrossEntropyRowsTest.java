package dev.nabla.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.GradCheck;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The fused cross-entropy of [N, C] logits and in-range class indices (mean): its gradient by finite
 * differences, and the same loss and gradient as the composite (log-softmax, pick, mean), which the torch
 * fixtures of LossFixtureTest check; the cases it leaves to the composite.
 */
class CrossEntropyRowsTest {
    private static final int[] TARGETS = {3, 0, 9, 9, 4, 1, 7, 2, 5, 6, 8, 0, 3};

    /** -mean_i log_softmax(x)[i, t_i] from primitives: the composite's arithmetic. */
    private static Tensor composite(Tensor x, int[] t) {
        int n = x.dim(0), c = x.dim(1);
        double[] onehot = new double[n * c];
        for (int i = 0; i < n; i++) onehot[i * c + t[i]] = 1;
        return x.logSoftmax(1).mul(Tensor.wrap(onehot, x.dtype(), n, c)).sum().neg().div(n);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Tensor y = Tensor.indices(2, 0, 3, 3, 1, 0);
        assertNotNull(CrossEntropyRows.meanOrNull(Tensor.zeros(DType.FLOAT64, 6, 4), y, -100), "the fused path applies here");
        GradCheck.check(x -> Loss.crossEntropy(x[0], y), Tensor.randn(Rng.seeded(1), 6, 4).to(DType.FLOAT64).mul(3));
    }

    @Test
    void sameLossAndGradientAsTheComposite() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x0 = Tensor.randn(Rng.seeded(2), TARGETS.length, 10).to(dtype).mul(4);
            Tensor a = x0.detach().copy().requiresGrad(true);
            Tensor b = x0.detach().copy().requiresGrad(true);
            Tensor la = Loss.crossEntropy(a, Tensor.indices(TARGETS));
            Tensor lb = composite(b, TARGETS);
            la.mul(2.5).backward();
            lb.mul(2.5).backward();
            double tol = dtype == DType.FLOAT32 ? 1e-6 : 1e-12;
            assertEquals(lb.item(), la.item(), tol * Math.abs(lb.item()), dtype.toString());
            assertArrayEquals(b.grad().toDoubleArray(), a.grad().toDoubleArray(), tol, dtype + " gradient");
            assertEquals(dtype, la.dtype());
            assertEquals(dtype, a.grad().dtype());
        }
    }

    @Test
    void othersTakeTheComposite() {
        Tensor x = Tensor.randn(Rng.seeded(3), 4, 5);
        assertNull(CrossEntropyRows.meanOrNull(x, Tensor.indices(0, 1, -100, 2), -100), "an ignored target");
        assertNull(CrossEntropyRows.meanOrNull(x, Tensor.indices(0, 1, 2, 2), 2), "an ignoreIndex inside the class range");
        assertNull(CrossEntropyRows.meanOrNull(x, Tensor.indices(0, 1, 5, 2), -100), "an out-of-range target (the composite throws)");
        assertNull(CrossEntropyRows.meanOrNull(Tensor.randn(Rng.seeded(3), 2, 4, 5), Tensor.indices(0, 1), -100), "more than 2 dimensions");
        Tensor inf = Tensor.fromArray(new float[] {1, Float.POSITIVE_INFINITY, 0, 2}, 2, 2);
        assertNull(CrossEntropyRows.meanOrNull(inf, Tensor.indices(0, 1), -100), "non-finite logits");
        assertTrue(Double.isNaN(Loss.crossEntropy(inf, Tensor.indices(0, 1)).item()), "the composite's answer: NaN");
        // the composite's ignoreIndex inside the class range: the mean over the other rows
        Tensor t = Tensor.indices(0, 1, 2, 2);
        double ignoring = Loss.crossEntropy(x, t, CrossEntropyOptions.defaults().withIgnoreIndex(2)).item();
        assertEquals(composite(x.slice(0, 0, 2), new int[] {0, 1}).item(), ignoring, 1e-6);
    }
}
