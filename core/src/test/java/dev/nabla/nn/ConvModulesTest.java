package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.kernel.Parallel;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Layer construction, init, state-dict keys, bad inputs, float32 against float64, and thread-count determinism. */
class ConvModulesTest {
    private static final int[] ONE = {1};

    @Test
    void maxPool2x2FastPathKeepsTheGeneralRuleForTiesNaNAndInfinities() {
        float nan = Float.NaN, inf = Float.POSITIVE_INFINITY;
        float[] v = {1, 1, 2, 2, -inf, -inf, 5, nan,
                1, 1, 2, 3, -inf, -inf, nan, 5,
                0, 7, 4, 4, 3, nan, 1, 2,
                7, 0, 4, 4, nan, 3, 2, 1};
        Tensor x = Tensor.fromArray(v, 1, 1, 4, 8).requiresGrad(true);
        Tensor x64 = Tensor.fromArray(v, 1, 1, 4, 8).to(DType.FLOAT64).requiresGrad(true); // the general loop
        Tensor y = x.maxPool2d(new int[] {2}, null, new int[] {0}, false);
        Tensor y64 = x64.maxPool2d(new int[] {2}, null, new int[] {0}, false);
        assertArrayEquals(y64.toDoubleArray(), y.toDoubleArray());
        Tensor r = Tensor.arange(1, 9, 1).reshape(1, 1, 2, 4);
        y.mul(r).sum().backward();
        y64.mul(r.to(DType.FLOAT64)).sum().backward();
        assertArrayEquals(x64.grad().toDoubleArray(), x.grad().toDoubleArray());
    }

    @Test
    void conv2dHasPyTorchLayoutKeysAndInitBounds() {
        Conv2d conv = new Conv2d(6, 16, new int[] {5, 3}, ONE, new int[] {0}, ONE, 2, true, Rng.seeded(1));
        assertEquals(List.of("weight", "bias"), List.copyOf(conv.stateDict().keySet()));
        assertArrayEquals(new int[] {16, 3, 5, 3}, conv.weight().dims());
        double bound = 1 / Math.sqrt(3 * 5 * 3);
        for (Tensor t : List.of(conv.weight(), conv.bias())) {
            assertTrue(t.abs().max().item() <= bound, "values within the kaiming_uniform(a=sqrt(5)) bound");
        }
        assertTrue(conv.weight().abs().max().item() > 0.95 * bound, "weights spread over the bound");
        assertEquals(16 * 3 * 5 * 3 + 16, conv.parameterCount());
        assertArrayEquals(new int[] {16, 6, 5}, new Conv1d(6, 16, 5, Rng.seeded(2)).weight().dims());
        assertArrayEquals(new int[] {6, 8, 3, 3}, new ConvTranspose2d(6, 16, new int[] {3}, ONE, new int[] {0}, new int[] {0}, ONE, 2, true, Rng.seeded(3)).weight().dims());
    }

    @Test
    void samePaddingKeepsSizeAndCausalConvIgnoresTheFuture() {
        Conv2d same = Conv2d.same(2, 3, new int[] {4, 3}, new int[] {2, 1}, 1, true, Rng.seeded(4));
        assertArrayEquals(new int[] {2, 3, 7, 5}, same.forward(Tensor.randn(Rng.seeded(5), 2, 2, 7, 5)).dims());
        assertArrayEquals(new int[] {2, 3, 9}, Conv1d.same(2, 3, 4, 3, Rng.seeded(4)).forward(Tensor.randn(Rng.seeded(5), 2, 2, 9)).dims());
        Conv1d causal = Conv1d.causal(2, 3, 3, 2, Rng.seeded(6));
        Tensor x = Tensor.randn(Rng.seeded(7), 1, 2, 10);
        Tensor y = causal.forward(x);
        assertArrayEquals(new int[] {1, 3, 10}, y.dims());
        Tensor x2 = x.copy();
        float[] d = x2.floatData();
        d[9] += 5;
        d[19] += 5;
        x2.markWritten();
        Tensor y2 = causal.forward(x2);
        FixtureCases.assertClose("outputs before the change", y.narrow(2, 0, 9), y2.narrow(2, 0, 9), 0, 0);
        assertTrue(Math.abs(y.get(0, 0, 9) - y2.get(0, 0, 9)) > 1e-3, "the last output sees the last input");
    }

    /** Small images run batched into one GEMM; large ones (>= 1024 output pixels) one image per GEMM. */
    @Test
    void float32PathMatchesFloat64Path() {
        Rng rng = Rng.seeded(8);
        // {n, c, h, w, o, k, stride, pad, groups}
        int[][] cases = {{3, 8, 13, 11, 12, 3, 2, 1, 2}, {2, 2, 33, 32, 3, 3, 1, 1, 1}, {2, 4, 32, 32, 6, 1, 1, 0, 2},
            {5, 3, 6, 6, 4, 1, 1, 0, 1}, {1, 3, 40, 30, 2, 3, 1, 1, 1}};
        for (int[] c : cases) {
            Tensor x = Tensor.randn(rng, c[0], c[1], c[2], c[3]);
            Tensor w = Tensor.randn(rng, c[4], c[1] / c[8], c[5], c[5]);
            Tensor b = Tensor.randn(rng, c[4]);
            int oh = (c[2] + 2 * c[7] - c[5]) / c[6] + 1, ow = (c[3] + 2 * c[7] - c[5]) / c[6] + 1;
            Tensor r = Tensor.randn(rng, c[0], c[4], oh, ow);
            Tensor[] f32 = run(x, w, b, r, c);
            Tensor[] f64 = run(x.toDouble(), w.toDouble(), b.toDouble(), r.toDouble(), c);
            String[] what = {"output", "input gradient", "weight gradient", "bias gradient", "transposed output",
                "transposed input gradient", "transposed weight gradient"};
            for (int i = 0; i < f32.length; i++) {
                FixtureCases.assertClose(java.util.Arrays.toString(c) + " " + what[i], f64[i], f32[i], 1e-4, 1e-4);
            }
        }
    }

    private static Tensor[] run(Tensor x0, Tensor w0, Tensor b0, Tensor r, int[] c) {
        Tensor x = x0.detach().copy().requiresGrad(true);
        Tensor w = w0.detach().copy().requiresGrad(true);
        Tensor b = b0.detach().copy().requiresGrad(true);
        Tensor y = x.conv2d(w, b, new int[] {c[6]}, new int[] {c[7]}, ONE, c[8]);
        y.mul(r).sum().backward();
        Tensor xt = r.detach().copy().requiresGrad(true);
        Tensor wt = w0.detach().copy().requiresGrad(true);
        Tensor t = xt.convTranspose2d(wt, null, new int[] {c[6]}, new int[] {c[7]}, new int[] {0}, ONE, c[8]);
        t.square().sum().backward();
        return new Tensor[] {y.detach(), x.grad(), w.grad(), b.grad(), t.detach(), xt.grad(), wt.grad()};
    }

    @Test
    void resultsDoNotDependOnThreadCount() {
        Rng rng = Rng.seeded(9);
        Tensor x = Tensor.randn(rng, 7, 6, 10, 9);
        Tensor w = Tensor.randn(rng, 8, 6, 3, 3);
        Tensor b = Tensor.randn(rng, 8);
        Tensor r = Tensor.randn(rng, 7, 8, 10, 9);
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Tensor[] one = runAll(x, w, b, r);
            Parallel.setThreads(4);
            Tensor[] four = runAll(x, w, b, r);
            for (int i = 0; i < one.length; i++) assertArrayEquals(one[i].toFloatArray(), four[i].toFloatArray(), "result " + i);
        } finally {
            Parallel.setThreads(saved);
        }
    }

    private static Tensor[] runAll(Tensor x0, Tensor w0, Tensor b0, Tensor r) {
        Tensor x = x0.detach().copy().requiresGrad(true);
        Tensor w = w0.detach().copy().requiresGrad(true);
        Tensor b = b0.detach().copy().requiresGrad(true);
        Tensor y = x.conv2d(w, b, ONE, new int[] {1}, ONE, 1);
        Tensor p = y.maxPool2d(new int[] {2}, null, new int[] {0}, true).add(y.avgPool2d(new int[] {3}, new int[] {2}, new int[] {1}, false, true));
        Tensor t = x.convTranspose2d(w.transpose(0, 1).contiguous(), null, new int[] {2}, new int[] {1}, new int[] {1}, ONE, 1);
        y.mul(r).sum().add(p.sum()).add(t.square().sum()).backward();
        return new Tensor[] {y.detach(), p.detach(), t.detach(), x.grad(), w.grad(), b.grad()};
    }

    @Test
    void badShapesFailWithTheOpAndShapes() {
        Tensor x = Tensor.zeros(2, 3, 5, 5);
        var e = assertThrows(IllegalArgumentException.class, () -> x.conv2d(Tensor.zeros(4, 2, 3, 3), null, ONE, new int[] {0}, ONE, 1));
        assertTrue(e.getMessage().contains("conv2d") && e.getMessage().contains("[2, 3, 5, 5]") && e.getMessage().contains("[4, 2, 3, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.conv2d(Tensor.zeros(4, 3, 7, 7), null, ONE, new int[] {0}, ONE, 1));
        assertThrows(IllegalArgumentException.class, () -> x.conv2d(Tensor.zeros(4, 3, 3, 3), null, new int[] {0}, new int[] {0}, ONE, 1));
        assertThrows(IllegalArgumentException.class, () -> x.conv2d(Tensor.zeros(4, 3, 3, 3).toDouble(), null, ONE, new int[] {0}, ONE, 1));
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, 3, Rng.seeded(1)).forward(Tensor.zeros(2, 4, 5, 5)));
        assertThrows(IllegalArgumentException.class, () -> x.maxPool2d(new int[] {2}, null, new int[] {2}, false));
        assertThrows(IllegalArgumentException.class, () -> x.avgPool2d(new int[] {7}, null, new int[] {0}, false, true));
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, new int[] {3}, ONE, new int[] {0}, ONE, 2, true, Rng.seeded(1)));
        assertThrows(IllegalArgumentException.class, () -> x.convTranspose2d(Tensor.zeros(3, 2, 3, 3), null, new int[] {2}, new int[] {0}, new int[] {2}, ONE, 1));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).forward(Tensor.zeros(2, 3, 4)));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3).eval().forward(Tensor.zeros(2, 4)));
        var ln = assertThrows(IllegalArgumentException.class, () -> new LayerNorm(4, 5).forward(Tensor.zeros(2, 5, 4)));
        assertTrue(ln.getMessage().contains("layer_norm") && ln.getMessage().contains("[2, 5, 4]"), ln.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GroupNorm(4, 6));
        assertThrows(IllegalArgumentException.class, () -> new GroupNorm(2, 6).forward(Tensor.zeros(2, 4, 3)));
        assertThrows(IllegalArgumentException.class, () -> new Upsample(2, Upsample.Mode.NEAREST).forward(Tensor.zeros(2, 3, 4)));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3, 4).maxPool2d(new int[] {2}, null, new int[] {0}, false));
    }

    @Test
    void globalPoolsAndMaxPoolNaN() {
        Tensor x = Tensor.arange(24).reshape(2, 3, 2, 2);
        assertArrayEquals(new float[] {1.5f, 5.5f, 9.5f, 13.5f, 17.5f, 21.5f}, new GlobalAvgPool().forward(x).toFloatArray());
        assertArrayEquals(new float[] {3, 7, 11, 15, 19, 23}, new GlobalMaxPool().forward(x).toFloatArray());
        Tensor n = Tensor.of(1, Float.NaN, 3, 4).reshape(1, 1, 2, 2);
        assertTrue(Double.isNaN(new MaxPool2d(2).forward(n).item()), "NaN propagates through max pooling");
        assertArrayEquals(new int[] {1, 1, 1, 1}, new AdaptiveAvgPool2d(1).forward(n).dims());
    }

    @Test
    void dropout2dZeroesWholeChannelsInTrainingOnly() {
        Dropout2d d = new Dropout2d(0.5, Rng.seeded(10));
        Tensor x = Tensor.ones(4, 8, 3, 3);
        float[] y = d.forward(x).toFloatArray();
        int zeros = 0;
        for (int ch = 0; ch < 32; ch++) {
            float first = y[ch * 9];
            for (int j = 1; j < 9; j++) assertEquals(first, y[ch * 9 + j], "channel " + ch + " is all dropped or all kept");
            assertTrue(first == 0f || first == 2f);
            if (first == 0f) zeros++;
        }
        assertTrue(zeros > 4 && zeros < 28, "about half the channels dropped, got " + zeros);
        d.eval();
        assertSame(x, d.forward(x));
    }

    @Test
    void poolModulesMatchTensorOps() {
        Tensor x = Tensor.randn(Rng.seeded(11), 2, 3, 7, 6);
        FixtureCases.assertClose("MaxPool2d", x.maxPool2d(new int[] {3}, new int[] {2}, new int[] {1}, false), new MaxPool2d(3, 2, 1).forward(x));
        FixtureCases.assertClose("AvgPool2d", x.avgPool2d(new int[] {3}, new int[] {2}, new int[] {1}, false, true), new AvgPool2d(3, 2, 1).forward(x));
        Tensor s = x.reshape(2, 3, 42);
        FixtureCases.assertClose("MaxPool1d", s.maxPool1d(4, 4, 0, false), new MaxPool1d(4).forward(s));
        FixtureCases.assertClose("AvgPool1d", s.avgPool1d(4, 4, 0, false, true), new AvgPool1d(4).forward(s));
        assertEquals(DType.FLOAT32, new AvgPool1d(4).forward(s).dtype());
    }
}
