package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** EmbeddingBag against torch.nn.functional.embedding_bag (text.safetensors, tools/reference/text_fixtures.py). */
class EmbeddingBagFixtureTest {
    private static final Map<String, Tensor> FX = FixtureCases.load("text.safetensors");

    /** Runs the module with the fixture's weight loaded through its state dict, so the weight's gradient is checked. */
    private static Function<Tensor[], Tensor> bag(EmbeddingBag.Mode mode, Integer pad, boolean lastOffset, int offsetsAt, int pswAt) {
        return x -> {
            var options = EmbeddingBag.Options.defaults().mode(mode).paddingIdx(pad).includeLastOffset(lastOffset);
            EmbeddingBag m = new EmbeddingBag(x[0].dim(0), x[0].dim(1), options, Rng.seeded(0));
            // the module gets the fixture's weight through its state dict and must give the functional
            // op's output exactly; the functional op runs on x[0] itself, so its gradients are compared
            m.loadStateDict(Map.of("weight", x[0].detach()), true);
            FixtureCases.assertClose("module weight after loadStateDict", x[0].detach(), m.weight().detach());
            Tensor offsets = offsetsAt < 0 ? null : x[offsetsAt];
            Tensor psw = pswAt < 0 ? null : x[pswAt];
            Tensor viaModule = m.forward(x[1], offsets, psw);
            Tensor viaOp = dev.nabla.tensor.EmbeddingBags.embeddingBag(x[0], x[1], offsets, psw,
                    dev.nabla.tensor.EmbeddingBags.Mode.valueOf(mode.name()), pad, lastOffset);
            FixtureCases.assertClose("module vs functional", viaOp.detach(), viaModule.detach(), 0, 0);
            return viaOp;
        };
    }

    static Map<String, Function<Tensor[], Tensor>> impls() {
        Map<String, Function<Tensor[], Tensor>> m = new LinkedHashMap<>();
        for (EmbeddingBag.Mode mode : EmbeddingBag.Mode.values()) {
            String n = mode.name().toLowerCase();
            m.put("embedding_bag." + n + ".2d", bag(mode, null, false, -1, -1));
            m.put("embedding_bag." + n + ".offsets", bag(mode, null, false, 2, -1));
            m.put("embedding_bag." + n + ".pad0.2d", bag(mode, 0, false, -1, -1));
        }
        m.put("embedding_bag.max.pad-1.offsets", bag(EmbeddingBag.Mode.MAX, -1, false, 2, -1));
        m.put("embedding_bag.sum.lastoffset", bag(EmbeddingBag.Mode.SUM, null, true, 2, -1));
        m.put("embedding_bag.mean.lastoffset", bag(EmbeddingBag.Mode.MEAN, null, true, 2, -1));
        m.put("embedding_bag.sum.psw.offsets", bag(EmbeddingBag.Mode.SUM, null, false, 2, 3));
        m.put("embedding_bag.sum.psw.2d", bag(EmbeddingBag.Mode.SUM, null, false, -1, 2));
        m.put("embedding_bag.sum.psw.pad3.offsets", bag(EmbeddingBag.Mode.SUM, 3, false, 2, 3));
        return m;
    }

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return FixtureCases.tests(FX, impls());
    }

    @Test
    void moduleGradientReachesItsWeight() {
        Tensor w = FX.get("embedding_bag.sum.offsets.in0");
        EmbeddingBag m = new EmbeddingBag(w.dim(0), w.dim(1), EmbeddingBag.Mode.SUM, Rng.seeded(3));
        m.loadStateDict(Map.of("weight", w), true);
        Tensor out = m.forward(FX.get("embedding_bag.sum.offsets.in1"), FX.get("embedding_bag.sum.offsets.in2"));
        out.mul(FX.get("embedding_bag.sum.offsets.r")).sum().backward();
        FixtureCases.assertClose("weight gradient", FX.get("embedding_bag.sum.offsets.grad0"), m.weight().grad());
    }

    @Test
    void defaultInitIsStandardNormalWithZeroPaddingRow() {
        EmbeddingBag m = new EmbeddingBag(400, 50, EmbeddingBag.Options.defaults().paddingIdx(-2), Rng.seeded(7));
        assertEquals(java.util.List.of("weight"), java.util.List.copyOf(m.stateDict().keySet()));
        double[] w = m.weight().toDoubleArray();
        double sum = 0, sq = 0;
        for (double v : w) {
            sum += v;
            sq += v * v;
        }
        double mean = sum / w.length;
        double std = Math.sqrt(sq / w.length - mean * mean);
        assertEquals(0, mean, 0.02);
        assertEquals(1, std, 0.02);
        for (int j = 0; j < 50; j++) assertEquals(0, m.weight().get(398, j));
        assertTrue(m.weight().requiresGrad());
        assertEquals(EmbeddingBag.Mode.MEAN, m.options().mode());
        assertTrue(m.toString().contains("padding_idx=398"), m.toString());
    }

    @Test
    void badInputsNameTheOpAndShapes() {
        EmbeddingBag m = new EmbeddingBag(5, 2, EmbeddingBag.Mode.MEAN, Rng.seeded(1));
        var e1 = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.indices(1, 2, 3)));
        assertTrue(e1.getMessage().contains("embedding_bag") && e1.getMessage().contains("[3]"), e1.getMessage());
        var e2 = assertThrows(IndexOutOfBoundsException.class, () -> m.forward(Tensor.indices(1, 5).reshape(1, 2)));
        assertTrue(e2.getMessage().contains("index 5") && e2.getMessage().contains("[5, 2]"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class,
                () -> m.forward(Tensor.indices(1, 2), Tensor.indices(0), Tensor.ones(2)));
        assertTrue(e3.getMessage().contains("per_sample_weights") && e3.getMessage().contains("SUM"), e3.getMessage());
        var e4 = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.indices(1, 2), Tensor.indices(1, 2)));
        assertTrue(e4.getMessage().contains("must start at 0"), e4.getMessage());
        var e5 = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(2, 3)));
        assertTrue(e5.getMessage().contains("INT64"), e5.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EmbeddingBag(5, 2, EmbeddingBag.Options.defaults().paddingIdx(5), Rng.seeded(1)));
        var e6 = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.indices(0, 1), Tensor.indices(0, 3)));
        assertTrue(e6.getMessage().contains("non-decreasing"), e6.getMessage());
        assertEquals(DType.FLOAT32, m.forward(Tensor.indices(0, 1, 2).reshape(1, 3)).dtype());
    }
}
