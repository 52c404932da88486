package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** L1/L2 penalties (values and gradients lambda sign(theta), 2 lambda theta) and the max-norm constraint. */
class RegularizationTest {

    @Test
    void penaltiesAndTheirGradients() {
        Tensor a = Tensor.of(1f, -2f, 0f).requiresGrad(true);
        Tensor b = Tensor.of(new float[][] {{3, -4}}).requiresGrad(true);
        Tensor l1 = Regularization.l1(List.of(a, b), 0.1);
        assertEquals(1.0, l1.item(), 1e-6);
        l1.backward();
        assertArrayEquals(new float[] {0.1f, -0.1f, 0f}, a.grad().toFloatArray());
        a.zeroGrad();
        b.zeroGrad();
        Tensor l2 = Regularization.l2(List.of(a, b), 0.5);
        assertEquals(15.0, l2.item(), 1e-6);
        l2.backward();
        assertArrayEquals(new float[] {1f, -2f, 0f}, a.grad().toFloatArray());
        assertArrayEquals(new float[] {3f, -4f}, b.grad().toFloatArray());
        assertEquals(0.0, Regularization.l2(List.of()).item());
    }

    @Test
    void maxNormCapsEachOutputUnitsIncomingWeights() {
        Sequential net = new Sequential(new Linear(10, 6, Rng.seeded(1)), new Activation.ReLU(), new Linear(6, 2, Rng.seeded(2)));
        Linear first = (Linear) net.get(0);
        try (var g = dev.nabla.autograd.Grad.off()) {
            first.weight().narrow(0, 0, 3).mulInPlace(20);
        }
        float[] before = first.weight().toFloatArray();
        float[] biasBefore = first.bias().toFloatArray();
        Regularization.maxNorm(net, 1.0);
        Tensor norms = first.weight().norm(2, 1, false);
        for (int i = 0; i < 6; i++) {
            double n = norms.get(i);
            assertTrue(n <= 1.0 + 1e-6, "row " + i + " norm " + n);
            if (i >= 3) {
                for (int j = 0; j < 10; j++) assertEquals(before[i * 10 + j], first.weight().get(i, j), "row " + i + " untouched");
            } else {
                assertEquals(1.0, n, 1e-5);
            }
        }
        assertArrayEquals(biasBefore, first.bias().toFloatArray());
    }
}
