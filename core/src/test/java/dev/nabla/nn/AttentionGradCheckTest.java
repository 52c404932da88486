package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.GradCheck;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.HeadProjection;
import dev.nabla.tensor.MaskedSoftmax;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Finite-difference checks (float64) of the fused masked softmax, attention and multi-head attention, and their edge cases. */
class AttentionGradCheckTest {
    private static final Rng RNG = Rng.seeded(11);

    private static Tensor d(int... shape) {
        return Tensor.normal(RNG, 0, 1, DType.FLOAT64, shape);
    }

    private static Tensor boolMask(double[] values, int... shape) {
        return Tensor.fromArray(values, DType.BOOL, shape);
    }

    @Test
    void maskedSoftmaxGradient() {
        Tensor mask = d(1, 4, 5);
        GradCheck.check(x -> MaskedSoftmax.apply(x[0], null, false, 0.7), d(2, 4, 5));
        GradCheck.check(x -> MaskedSoftmax.apply(x[0], mask, false, 1.3), d(2, 4, 5));
        GradCheck.check(x -> MaskedSoftmax.apply(x[0], mask, true, 0.5), d(2, 4, 5));
    }

    @Test
    void maskedSoftmaxMatchesSoftmaxWithoutMask() {
        Tensor x = Tensor.randn(RNG, 3, 4, 6);
        FixtureCases.assertClose("masked softmax", x.mul(0.5).softmax(-1), MaskedSoftmax.apply(x, null, false, 0.5), 1e-6, 1e-7);
    }

    @Test
    void attentionGradientWithEachMaskKind() {
        Tensor bm = boolMask(new double[] {0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0}, 3, 4);
        Tensor kpm = boolMask(new double[] {0, 0, 0, 1, 0, 1, 0, 0}, 2, 4);
        Tensor fm = d(2, 1, 3, 4);
        Attention.Mask[] masks = {Attention.Mask.NONE, Attention.Mask.of(bm), Attention.Mask.of(fm), Attention.Mask.NONE.withKeyPadding(kpm),
            Attention.Mask.causalMask().withKeyPadding(kpm).withAttnMask(fm)};
        for (Attention.Mask m : masks) {
            GradCheck.check(x -> Attention.scaledDotProduct(x[0], x[1], x[2], m, 0, null, false).output(), d(2, 2, 3, 5), d(2, 2, 4, 5), d(2, 2, 4, 3));
        }
    }

    @Test
    void headProjectionsGradientAndLayout() {
        GradCheck.check(x -> HeadProjection.toHeads(x[0], x[1], x[2], 2), d(2, 3, 5), d(6, 5), d(6));
        GradCheck.check(x -> HeadProjection.toHeads(x[0], x[1], null, 3), d(2, 4, 5), d(6, 5));
        GradCheck.check(x -> HeadProjection.fromHeads(x[0], x[1], x[2]), d(2, 3, 4, 2), d(5, 6), d(5));
        GradCheck.check(x -> HeadProjection.fromHeads(x[0], x[1], null), d(2, 2, 3, 3), d(4, 6));
        // the same as linear, reshape and transpose
        Tensor x = Tensor.randn(RNG, 2, 3, 5);
        Tensor w = Tensor.randn(RNG, 6, 5);
        Tensor b = Tensor.randn(RNG, 6);
        Tensor heads = HeadProjection.toHeads(x, w, b, 2);
        FixtureCases.assertClose("to_heads", Tensor.linear(x, w, b).reshape(2, 3, 2, 3).transpose(1, 2), heads, 1e-5, 1e-6);
        Tensor wo = Tensor.randn(RNG, 4, 6);
        FixtureCases.assertClose("from_heads", Tensor.linear(heads.transpose(1, 2).reshape(2, 3, 6), wo, null),
                HeadProjection.fromHeads(heads, wo, null), 1e-5, 1e-6);
        assertThrows(IllegalArgumentException.class, () -> HeadProjection.toHeads(x, w, b, 4));
    }

    @Test
    void multiheadAttentionGradient() {
        Tensor kpm = boolMask(new double[] {0, 0, 1, 0, 0, 0}, 2, 3);
        Attention.Mask mask = Attention.Mask.NONE.withKeyPadding(kpm).withAttnMask(d(4, 3));
        // packed in_proj_weight, cross attention, per-head weights summed into the output through r
        GradCheck.check(x -> MultiheadAttention.attend(x[0], x[1], x[1], new Tensor[] {x[2]}, x[3], null, null, false, x[4], x[5], 2, mask, 0, null,
                false, true).output(), d(2, 4, 6), d(2, 3, 6), d(18, 6), d(18), d(6, 6), d(6));
        // self-attention with the averaged weights checked too, no output bias
        GradCheck.check(x -> {
            MultiheadAttention.Output o = MultiheadAttention.attend(x[0], x[0], x[0], new Tensor[] {x[1]}, x[2], null, null, false, x[3], null, 3,
                    Attention.Mask.causalMask(), 0, null, true, true);
            return Tensor.cat(-1, o.output(), o.weights());
        }, d(2, 4, 6), d(18, 6), d(18), d(6, 6));
        // separate q, k, v projections (kdim 5, vdim 4)
        GradCheck.check(x -> MultiheadAttention.attend(x[0], x[1], x[2], new Tensor[] {x[3], x[4], x[5]}, null, null, null, false, x[6], null, 2,
                Attention.Mask.NONE, 0, null, false, true).output(), d(2, 3, 4), d(2, 5, 5), d(2, 5, 4), d(4, 4), d(4, 5), d(4, 4), d(4, 4));
    }

    @Test
    void biasKvAndZeroAttnGradient() {
        Tensor kpm = boolMask(new double[] {0, 0, 1, 0, 0, 0}, 2, 3);
        Attention.Mask mask = Attention.Mask.NONE.withKeyPadding(kpm).withAttnMask(boolMask(new double[] {0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0}, 4, 3));
        GradCheck.check(x -> MultiheadAttention.attend(x[0], x[1], x[1], new Tensor[] {x[2]}, x[3], x[4], x[5], true, x[6], x[7], 2, mask, 0,
                null, false, true).output(), d(2, 4, 6), d(2, 3, 6), d(18, 6), d(18), d(1, 1, 6), d(1, 1, 6), d(6, 6), d(6));
    }

    @Test
    void fullyMaskedRowsGiveZeroWeightsOutputAndGradient() {
        Tensor q = Tensor.randn(RNG, 1, 3, 4).requiresGrad(true);
        Tensor k = Tensor.randn(RNG, 1, 3, 4).requiresGrad(true);
        Tensor v = Tensor.randn(RNG, 1, 3, 2).requiresGrad(true);
        Tensor mask = boolMask(new double[] {0, 1, 1, 1, 1, 1, 0, 0, 1}, 3, 3); // row 1 masks every key
        Attention.Result r = Attention.scaledDotProduct(q, k, v, Attention.Mask.of(mask), 0, null, true);
        assertEquals(0, r.weights().select(1, 1).abs().sum().item());
        assertEquals(0, r.output().select(1, 1).abs().sum().item());
        assertEquals(1, r.weights().select(1, 0).sum().item(), 1e-6);
        r.output().sum().backward();
        assertEquals(0, q.grad().select(1, 1).abs().sum().item());
        r.output().checkFinite();
        q.grad().checkFinite();
        k.grad().checkFinite();
    }

    @Test
    void causalMaskEqualsTheSubsequentMask() {
        Tensor q = Tensor.randn(RNG, 2, 5, 4);
        Tensor k = Tensor.randn(RNG, 2, 5, 4);
        Tensor v = Tensor.randn(RNG, 2, 5, 3);
        Tensor a = Attention.scaledDotProduct(q, k, v, Attention.Mask.causalMask(), 0, null, false).output();
        Tensor b = Attention.scaledDotProduct(q, k, v, Attention.Mask.of(Transformer.generateSquareSubsequentMask(5)), 0, null, false).output();
        FixtureCases.assertClose("causal", b, a, 1e-6, 1e-7);
    }

    @Test
    void dropoutOnWeightsIsSeededAndScaled() {
        Tensor q = Tensor.randn(RNG, 2, 6, 4);
        Tensor v = Tensor.randn(RNG, 2, 6, 3);
        Attention.Result a = Attention.scaledDotProduct(q, q, v, Attention.Mask.NONE, 0.5, Rng.seeded(5), true);
        Attention.Result b = Attention.scaledDotProduct(q, q, v, Attention.Mask.NONE, 0.5, Rng.seeded(5), true);
        FixtureCases.assertClose("same seed", a.output(), b.output(), 0, 0);
        double[] w = a.weights().toDoubleArray();
        int zeros = 0;
        for (double x : w) if (x == 0) zeros++;
        assertTrue(zeros > w.length / 4 && zeros < 3 * w.length / 4, "about half the weights dropped, got " + zeros + " of " + w.length);
        assertEquals(6.0 * 2, a.weights().sum().item(), 6.0, "rows sum to 1 in expectation");
    }

    @Test
    void shapeErrorsNameTheOpAndShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Attention.scaledDotProduct(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 5, 3), Tensor.zeros(2, 5, 2)));
        assertTrue(e.getMessage().contains("scaled_dot_product_attention") && e.getMessage().contains("[2, 5, 3]"), e.getMessage());
        var m = assertThrows(IllegalArgumentException.class, () -> Attention.scaledDotProduct(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 5, 4),
                Tensor.zeros(2, 5, 2), Attention.Mask.of(Tensor.zeros(DType.BOOL, 3, 4)), 0, null, false));
        assertTrue(m.getMessage().contains("attn_mask [3, 4]"), m.getMessage());
        MultiheadAttention mha = new MultiheadAttention(8, 2, RNG);
        var h = assertThrows(IllegalArgumentException.class, () -> mha.forward(Tensor.zeros(4, 2, 6)));
        assertTrue(h.getMessage().contains("[4, 2, 6]"), h.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MultiheadAttention(10, 3, RNG));
    }

    @Test
    void multiheadAttentionHasPyTorchNamesAndInit() {
        MultiheadAttention m = new MultiheadAttention(16, 4, Rng.seeded(1));
        assertEquals(java.util.List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"), java.util.List.copyOf(m.stateDict().keySet()));
        assertEquals(0, m.stateDict().get("in_proj_bias").abs().sum().item());
        assertEquals(0, m.stateDict().get("out_proj.bias").abs().sum().item());
        double bound = Math.sqrt(6.0 / (16 + 48));
        assertTrue(m.stateDict().get("in_proj_weight").abs().max().item() <= bound);
        assertTrue(m.stateDict().get("in_proj_weight").abs().max().item() > 0.9 * bound);
        MultiheadAttention kv = new MultiheadAttention(8, 2, 0, true, 6, 5, false, Rng.seeded(1));
        assertEquals(java.util.List.of("q_proj_weight", "k_proj_weight", "v_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"),
                java.util.List.copyOf(kv.stateDict().keySet()));
        TransformerEncoder enc = TransformerEncoder.of(8, 2, TransformerLayerConfig.defaults().withDimFeedforward(16), 2, true, Rng.seeded(2));
        assertTrue(enc.stateDict().containsKey("layers.1.linear1.bias"));
        assertTrue(enc.stateDict().containsKey("norm.weight"));
        Transformer t = new Transformer(8, 2, 2, 1, TransformerLayerConfig.defaults().withDimFeedforward(16), Rng.seeded(2));
        assertTrue(t.stateDict().containsKey("encoder.layers.1.linear1.bias"));
        assertTrue(t.stateDict().containsKey("decoder.layers.0.multihead_attn.out_proj.weight"));
        assertTrue(t.stateDict().containsKey("decoder.norm.bias"));
    }

    @Test
    void unbatchedInputMatchesBatchOfOne() {
        MultiheadAttention m = new MultiheadAttention(8, 2, Rng.seeded(4));
        Tensor x = Tensor.randn(RNG, 5, 8);
        MultiheadAttention.Output a = m.forward(x, x, x, null, true, null);
        MultiheadAttention.Output b = m.forward(x.unsqueeze(1), x.unsqueeze(1), x.unsqueeze(1), null, true, null);
        FixtureCases.assertClose("unbatched", b.output().squeeze(1), a.output(), 1e-6, 1e-7);
        FixtureCases.assertClose("unbatched weights", b.weights().squeeze(0), a.weights(), 1e-6, 1e-7);
    }

    @Test
    void positionalEncodingsAddToTheInput() {
        PositionalEncoding pe = new PositionalEncoding(6, 10, 0, true, RNG);
        Tensor x = Tensor.zeros(2, 4, 6);
        FixtureCases.assertClose("pe", PositionalEncoding.table(4, 6).unsqueeze(0).expand(2, 4, 6), pe.forward(x), 0, 0);
        LearnedPositionalEmbedding lp = new LearnedPositionalEmbedding(10, 6, false, RNG);
        Tensor y = lp.forward(Tensor.zeros(4, 2, 6).requiresGrad(true));
        y.sum().backward();
        FixtureCases.assertClose("learned grad", Tensor.full(2, 4, 6), lp.weight().grad().narrow(0, 0, 4), 0, 0);
        assertEquals(0, lp.weight().grad().narrow(0, 4, 6).abs().sum().item());
        assertThrows(IllegalArgumentException.class, () -> pe.forward(Tensor.zeros(2, 11, 6)));
    }
}
