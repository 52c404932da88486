package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.kernel.Gemm;
import dev.nabla.kernel.Im2col;
import dev.nabla.kernel.Parallel;
import dev.nabla.nn.FixtureCases;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The Winograd F(2x2, 3x3) passes against the float64 convolution (which runs im2col or the shifted path): odd
 * and even image sizes (partial tiles), output channels that are not a whole 32-column panel, asymmetric and
 * zero padding, the transposed convolution that reuses the passes, and thread-count determinism.
 */
class WinogradConvolutionTest {
    private static final int[] ONE = {1};

    @Test
    void matchesTheFloat64Convolution() {
        Rng rng = Rng.seeded(21);
        // {n, c, h, w, o, top, bottom, left, right}
        // The last case has too few channels for the forward pass and the input gradient: only its weight
        // gradient runs here.
        int[][] cases = {{3, 32, 8, 8, 32, 1, 1, 1, 1}, {2, 32, 7, 9, 48, 1, 1, 1, 1}, {2, 32, 6, 5, 32, 0, 2, 1, 0},
            {1, 32, 1, 1, 32, 1, 1, 1, 1}, {5, 32, 12, 10, 32, 2, 2, 2, 2}, {2, 48, 5, 4, 32, 0, 0, 0, 0},
            {3, 16, 9, 8, 16, 1, 1, 1, 1}};
        for (int[] c : cases) {
            int[] pads = {c[5], c[6], c[7], c[8]};
            int oh = c[2] + c[5] + c[6] - 2, ow = c[3] + c[7] + c[8] - 2;
            var spec = new Convolution.Spec(c[0], c[1], c[4], 1,
                    new Im2col.Geometry(c[1], c[2], c[3], 3, 3, 1, 1, c[5], c[7], 1, 1, oh, ow));
            assertEquals(Gemm.simd() && c[1] >= 32, WinogradConvolution.suits(DType.FLOAT32, spec), "forward pass of " + spec);
            assertEquals(Gemm.simd(), WinogradConvolution.suitsWeight(DType.FLOAT32, spec), "weight gradient of " + spec);
            Tensor x = Tensor.randn(rng, c[0], c[1], c[2], c[3]);
            Tensor w = Tensor.randn(rng, c[4], c[1], 3, 3).mul(0.2);
            Tensor b = Tensor.randn(rng, c[4]);
            Tensor r = Tensor.randn(rng, c[0], c[4], oh, ow);
            Tensor[] f32 = run(x, w, b, r, pads);
            Tensor[] f64 = run(x.toDouble(), w.toDouble(), b.toDouble(), r.toDouble(), pads);
            String[] what = {"output", "input gradient", "weight gradient", "bias gradient"};
            for (int i = 0; i < f32.length; i++) {
                FixtureCases.assertClose(Arrays.toString(c) + " " + what[i], f64[i], f32[i], 1e-4, 1e-4);
            }
        }
    }

    private static Tensor[] run(Tensor x0, Tensor w0, Tensor b0, Tensor r, int[] pads) {
        Tensor x = x0.detach().copy().requiresGrad(true);
        Tensor w = w0.detach().copy().requiresGrad(true);
        Tensor b = b0.detach().copy().requiresGrad(true);
        Tensor y = x.conv2d(w, b, ONE, pads, ONE, 1);
        y.mul(r).sum().backward();
        return new Tensor[] {y.detach(), x.grad(), w.grad(), b.grad()};
    }

    @Test
    void transposedConvolutionRunsTheSamePasses() {
        Rng rng = Rng.seeded(22);
        Tensor x = Tensor.randn(rng, 2, 32, 6, 7);
        Tensor w = Tensor.randn(rng, 32, 48, 3, 3).mul(0.2);
        Tensor[] f32 = transposed(x, w), f64 = transposed(x.toDouble(), w.toDouble());
        for (int i = 0; i < f32.length; i++) FixtureCases.assertClose("transposed " + i, f64[i], f32[i], 1e-4, 1e-4);
    }

    private static Tensor[] transposed(Tensor x0, Tensor w0) {
        Tensor x = x0.detach().copy().requiresGrad(true);
        Tensor w = w0.detach().copy().requiresGrad(true);
        Tensor y = x.convTranspose2d(w, null, ONE, ONE, new int[] {0}, ONE, 1);
        assertArrayEquals(new int[] {2, 48, 6, 7}, y.dims());
        y.square().sum().backward();
        return new Tensor[] {y.detach(), x.grad(), w.grad()};
    }

    @Test
    void resultsDoNotDependOnThreadCount() {
        Rng rng = Rng.seeded(23);
        Tensor x = Tensor.randn(rng, 7, 32, 10, 9);
        Tensor w = Tensor.randn(rng, 32, 32, 3, 3);
        Tensor r = Tensor.randn(rng, 7, 32, 10, 9);
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Tensor[] one = run(x, w, Tensor.zeros(32), r, new int[] {1});
            Parallel.setThreads(3);
            Tensor[] three = run(x, w, Tensor.zeros(32), r, new int[] {1});
            for (int i = 0; i < one.length; i++) {
                assertArrayEquals(one[i].toFloatArray(), three[i].toFloatArray(), "result " + i);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
