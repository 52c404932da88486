package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.nabla.kernel.Parallel;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A transformer encoder step gives the same bits on 1 and 2 threads (DESIGN.md: fixed partitions). */
class TransformerDeterminismTest {
    private static float[][] step(int threads) {
        int before = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            TransformerLayerConfig cfg = TransformerLayerConfig.defaults().withDimFeedforward(64).withDropout(0.1).withBatchFirst(true);
            TransformerEncoder enc = TransformerEncoder.of(32, 4, cfg, 2, true, Rng.seeded(5));
            Tensor x = Tensor.randn(Rng.seeded(6), 4, 40, 32);
            Tensor kpm = Tensor.arange(40).ge(35).unsqueeze(0).expand(4, 40).contiguous();
            Tensor out = enc.forward(x, null, kpm, true);
            out.square().mean().backward();
            return new float[][] {out.toFloatArray(), enc.namedParameters().get("layers.0.self_attn.in_proj_weight").grad().toFloatArray(),
                enc.namedParameters().get("layers.1.linear1.weight").grad().toFloatArray()};
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void sameBitsOnOneAndTwoThreads() {
        float[][] a = step(1);
        float[][] b = step(2);
        for (int i = 0; i < a.length; i++) assertArrayEquals(a[i], b[i], 0f, "result " + i);
    }
}
