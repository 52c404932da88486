package dev.nabla.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** clipGradNorm / clipGradValue as torch.nn.utils.clip_grad_norm_ / clip_grad_value_. */
class ClipTest {
    private static Tensor withGrad(float... g) {
        Tensor p = Tensor.zeros(g.length).requiresGrad(true);
        p.setGrad(Tensor.fromArray(g, g.length));
        return p;
    }

    @Test
    void euclideanNormOverAllGradientsTogether() {
        Tensor a = withGrad(3, 4);
        Tensor b = withGrad(12);
        Tensor none = Tensor.zeros(2).requiresGrad(true);
        double total = Clip.clipGradNorm(List.of(a, b, none), 6.5);
        assertEquals(13, total, 1e-9);
        float coef = (float) (6.5 / (13 + 1e-6));
        assertArrayEquals(new float[] {3 * coef, 4 * coef}, a.grad().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {12 * coef}, b.grad().toFloatArray(), 1e-6f);
        assertEquals(6.5, Clip.gradNorm(List.of(a, b), 2), 1e-5);
    }

    @Test
    void smallNormsAreLeftAlone() {
        Tensor a = withGrad(0.3f, -0.4f);
        assertEquals(0.5, Clip.clipGradNorm(List.of(a), 1.0), 1e-7);
        assertArrayEquals(new float[] {0.3f, -0.4f}, a.grad().toFloatArray());
    }

    @Test
    void otherNormTypes() {
        Tensor a = withGrad(1, -5, 2);
        Tensor b = withGrad(-3);
        assertEquals(5, Clip.clipGradNorm(List.of(a, b), 100, Double.POSITIVE_INFINITY), 0);
        assertEquals(11, Clip.clipGradNorm(List.of(a, b), 100, 1), 1e-9);
        assertEquals(Math.cbrt(1 + 125 + 8 + 27), Clip.clipGradNorm(List.of(a, b), 100, 3), 1e-6);
        double inf = Clip.clipGradNorm(List.of(a, b), 1, Double.POSITIVE_INFINITY);
        assertEquals(5, inf, 0);
        assertEquals(1, Clip.gradNorm(List.of(a, b), Double.POSITIVE_INFINITY), 1e-5);
        assertThrows(IllegalArgumentException.class, () -> Clip.clipGradNorm(List.of(a), 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Clip.clipGradNorm(List.of(a), -1, 2));
    }

    @Test
    void noGradientsGiveZero() {
        assertEquals(0, Clip.clipGradNorm(List.of(Tensor.zeros(3).requiresGrad(true)), 1));
    }

    @Test
    void nonFiniteNorms() {
        Tensor a = withGrad(1, Float.NaN);
        assertThrows(ArithmeticException.class, () -> Clip.clipGradNorm(List.of(a), 1, 2, true));
        assertTrue(Double.isNaN(Clip.clipGradNorm(List.of(a), 1)));
        assertTrue(Double.isNaN(a.grad().toFloatArray()[0]), "as torch, a NaN norm spreads to the gradients");
        Tensor b = withGrad(1, Float.POSITIVE_INFINITY);
        assertEquals(Double.POSITIVE_INFINITY, Clip.clipGradNorm(List.of(b), 1));
        assertEquals(0f, b.grad().toFloatArray()[0]);
    }

    @Test
    void clipByValue() {
        Tensor a = withGrad(-3, 0.5f, 2);
        Clip.clipGradValue(List.of(a), 1);
        assertArrayEquals(new float[] {-1, 0.5f, 1}, a.grad().toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> Clip.clipGradValue(List.of(a), -1));
    }
}
