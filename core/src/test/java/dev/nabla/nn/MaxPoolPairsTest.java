package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The float32 fast path of 2x2 stride-2 max pooling picks the same elements as the general loop (run here on the
 * same values in float64): the first maximum on ties (signed zeros and infinities included), a NaN over any number,
 * the last of several NaNs.
 */
class MaxPoolPairsTest {
    @Test
    void fastPathMatchesTheGeneralLoopOnTiesAndNaN() {
        float[] v = new float[2 * 3 * 6 * 7];
        Rng rng = Rng.seeded(4);
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextInt(3);  // many ties
            if (v[i] == 0 && i % 2 == 0) v[i] = -0.0f;
        }
        v[0] = Float.NaN;   // plane 0, window (0, 0): top-left ...
        v[8] = Float.NaN;   // ... and bottom-right (row 1, column 1): the later NaN wins
        v[16] = Float.NaN;  // plane 0, window (0, 1): top-right, alone
        v[23] = Float.NaN;  // plane 0, window (1, 1): bottom-left (row 3, column 2), alone
        v[28] = Float.NEGATIVE_INFINITY;  // plane 0, window (2, 0): all four -inf
        v[29] = Float.NEGATIVE_INFINITY;
        v[35] = Float.NEGATIVE_INFINITY;
        v[36] = Float.NEGATIVE_INFINITY;
        Tensor r = Tensor.randn(Rng.seeded(5), 2, 3, 3, 3);
        Tensor x32 = Tensor.fromArray(v, 2, 3, 6, 7).requiresGrad(true);
        Tensor x64 = Tensor.fromArray(v, 2, 3, 6, 7).to(DType.FLOAT64).requiresGrad(true);
        Tensor y32 = new MaxPool2d(2).forward(x32);
        Tensor y64 = new MaxPool2d(2).forward(x64);
        assertArrayEquals(y64.toDoubleArray(), y32.toDoubleArray());
        y32.mul(r).sum().backward();
        y64.mul(r.to(DType.FLOAT64)).sum().backward();
        assertArrayEquals(x64.grad().toDoubleArray(), x32.grad().toDoubleArray(), 1e-6);
        double[] g = x32.grad().toDoubleArray();
        assertArrayEquals(new double[] {0, r.get(0, 0, 0, 0)}, new double[] {g[0], g[8]}, 1e-6, "the last NaN takes the gradient");
        assertEquals(r.get(0, 0, 2, 0), g[28], 1e-6, "all -inf: the first one");
        assertEquals(r.get(0, 0, 1, 1), g[23], 1e-6, "a lone NaN in the bottom row");
    }
}
