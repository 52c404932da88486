package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.Grad;
import org.junit.jupiter.api.Test;

/** Graph mechanics: accumulation, detach, no-grad scopes, retained graphs, in-place safety. */
class AutogradTest {

    @Test
    void gradientsAccumulateUntilCleared() {
        Tensor w = Tensor.of(1f, 2f).requiresGrad(true);
        w.mul(3).sum().backward();
        w.mul(3).sum().backward();
        assertArrayEquals(new float[] {6, 6}, w.grad().toFloatArray());
        w.zeroGrad();
        assertNull(w.grad());
    }

    @Test
    void sharedSubexpressionsSumTheirGradients() {
        Tensor x = Tensor.of(3f).requiresGrad(true);
        Tensor y = x.mul(x).add(x);
        y.sum().backward();
        assertArrayEquals(new float[] {7}, x.grad().toFloatArray());
    }

    @Test
    void backwardWithUpstreamGradient() {
        Tensor x = Tensor.of(1f, 2f, 3f).requiresGrad(true);
        x.mul(2).backward(Tensor.of(1f, 10f, 100f));
        assertArrayEquals(new float[] {2, 20, 200}, x.grad().toFloatArray());
        assertThrows(IllegalStateException.class, () -> x.mul(2).backward());
    }

    @Test
    void detachAndNoGradStopRecording() {
        Tensor x = Tensor.of(1f).requiresGrad(true);
        assertFalse(x.detach().requiresGrad());
        try (var g = Grad.off()) {
            assertFalse(x.mul(2).requiresGrad());
        }
        assertTrue(x.mul(2).requiresGrad());
    }

    @Test
    void secondBackwardNeedsRetainGraph() {
        Tensor x = Tensor.of(2f).requiresGrad(true);
        Tensor y = x.mul(x).sum();
        y.backward(null, true);
        y.backward(null, false);
        assertArrayEquals(new float[] {8}, x.grad().toFloatArray());
        Tensor z = x.mul(x).sum();
        z.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, z::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
    }

    @Test
    void inPlaceChangeOfSavedTensorIsRefused() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor a = Tensor.of(3f, 4f);
        Tensor y = x.mul(a).sum();
        a.mulInPlace(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("modified in place"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> x.mulInPlace(2));
        try (var g = Grad.off()) {
            x.mulInPlace(2);
        }
        assertArrayEquals(new float[] {2, 4}, x.toFloatArray());
    }

    @Test
    void retainGradOnIntermediate() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor h = x.mul(3).retainGrad();
        h.mul(h).sum().backward();
        assertArrayEquals(new float[] {6, 12}, h.grad().toFloatArray());
        assertArrayEquals(new float[] {18, 36}, x.grad().toFloatArray());
    }

    @Test
    void deepChainDoesNotOverflowTheStack() {
        Tensor x = Tensor.of(1f).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 100_000; i++) y = y.add(0);
        y.sum().backward();
        assertArrayEquals(new float[] {1}, x.grad().toFloatArray());
    }

    @Test
    void castPassesTheGradientBackInTheSourceType() {
        Tensor x = Tensor.wrap(new double[] {1, 2}, DType.FLOAT64, 2).requiresGrad(true);
        Tensor y = x.toFloat();
        assertTrue(y.dtype() == DType.FLOAT32 && y.requiresGrad());
        y.mul(Tensor.of(3f, 4f)).sum().backward();
        assertTrue(x.grad().dtype() == DType.FLOAT64);
        assertArrayEquals(new double[] {3, 4}, x.grad().toDoubleArray());
    }
}
