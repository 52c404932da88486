package dev.nabla.loss;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.nn.FixtureCases;
import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every loss, option and reduction against PyTorch: values and input gradients (nn_losses.safetensors). */
class LossFixtureTest {

    private static final Reduction[] NMS = {Reduction.NONE, Reduction.MEAN, Reduction.SUM};

    private static String n(Reduction r) {
        return r.name().toLowerCase(Locale.ROOT);
    }

    private static CrossEntropyOptions ce(Reduction r) {
        return CrossEntropyOptions.defaults().withReduction(r);
    }

    static Map<String, Function<Tensor[], Tensor>> impls() {
        Map<String, Function<Tensor[], Tensor>> m = new LinkedHashMap<>();
        for (Reduction r : NMS) {
            String s = n(r);
            m.put("mse." + s, x -> Loss.mse(x[0], x[1], r));
            m.put("l1." + s, x -> Loss.l1(x[0], x[1], r));
            m.put("smooth_l1.1." + s, x -> Loss.smoothL1(x[0], x[1], 1, r));
            m.put("huber.1." + s, x -> Loss.huber(x[0], x[1], 1, r));
            m.put("bce." + s, x -> Loss.bce(x[0], x[1], r));
            m.put("bce_logits." + s, x -> Loss.bceWithLogits(x[0], x[1], r));
            m.put("ce." + s, x -> Loss.crossEntropy(x[0], x[1], r));
            m.put("ce.w." + s, x -> Loss.crossEntropy(x[0], x[1], ce(r).withWeight(x[2])));
            m.put("ce.ign." + s, x -> Loss.crossEntropy(x[0], x[1], ce(r)));
            m.put("ce.w.ign." + s, x -> Loss.crossEntropy(x[0], x[1], ce(r).withWeight(x[2])));
            m.put("ce.ls." + s, x -> Loss.crossEntropy(x[0], x[1], ce(r).withLabelSmoothing(0.1)));
            m.put("ce.ls.w.ign." + s, x -> Loss.crossEntropy(x[0], x[1], ce(r).withWeight(x[2]).withLabelSmoothing(0.2)));
            m.put("ce.prob." + s, x -> Loss.crossEntropy(x[0], x[1], r));
            m.put("nll." + s, x -> Loss.nll(x[0], x[1], r));
            m.put("kl." + s, x -> Loss.klDiv(x[0], x[1], r));
            m.put("mm." + s, x -> Loss.multiMargin(x[0], x[1], r));
            m.put("mlsm." + s, x -> Loss.multiLabelSoftMargin(x[0], x[1], null, r));
            m.put("cos." + s, x -> Loss.cosineEmbedding(x[0], x[1], x[2], 0, r));
            m.put("rank." + s, x -> Loss.marginRanking(x[0], x[1], x[2], 0, r));
            m.put("trip." + s, x -> Loss.tripletMargin(x[0], x[1], x[2], 1, 2, 1e-6, false, r));
            m.put("contrastive.1." + s, x -> Loss.contrastive(x[0], x[1], x[2], 1, r));
        }
        m.put("smooth_l1.0.5.mean", x -> Loss.smoothL1(x[0], x[1], 0.5, Reduction.MEAN));
        m.put("smooth_l1.0.mean", x -> Loss.smoothL1(x[0], x[1], 0, Reduction.MEAN));
        m.put("huber.0.5.mean", x -> Loss.huber(x[0], x[1], 0.5, Reduction.MEAN));
        m.put("huber.2.sum", x -> Loss.huber(x[0], x[1], 2, Reduction.SUM));
        m.put("bce.w.mean", x -> Loss.bce(x[0], x[1], x[2], Reduction.MEAN));
        m.put("bce.extreme.none", x -> Loss.bce(x[0], x[1], Reduction.NONE));
        m.put("bce_logits.w.mean", x -> Loss.bceWithLogits(x[0], x[1], x[2], null, Reduction.MEAN));
        m.put("bce_logits.pw.mean", x -> Loss.bceWithLogits(x[0], x[1], null, x[2], Reduction.MEAN));
        m.put("bce_logits.w.pw.sum", x -> Loss.bceWithLogits(x[0], x[1], x[2], x[3], Reduction.SUM));
        m.put("ce.ign2.mean", x -> Loss.crossEntropy(x[0], x[1], CrossEntropyOptions.defaults().withIgnoreIndex(2)));
        m.put("ce.ls.ign.mean", x -> Loss.crossEntropy(x[0], x[1], CrossEntropyOptions.defaults().withLabelSmoothing(0.2)));
        m.put("ce.ls.w.mean", x -> Loss.crossEntropy(x[0], x[1], CrossEntropyOptions.defaults().withWeight(x[2]).withLabelSmoothing(0.3)));
        m.put("ce.kdim.mean", x -> Loss.crossEntropy(x[0], x[1]));
        m.put("ce.kdim.w.ls.none", x -> Loss.crossEntropy(x[0], x[1], ce(Reduction.NONE).withWeight(x[2]).withLabelSmoothing(0.1)));
        m.put("ce.kdim.w.ign.mean", x -> Loss.crossEntropy(x[0], x[1], CrossEntropyOptions.defaults().withWeight(x[2])));
        m.put("ce.unbatched.mean", x -> Loss.crossEntropy(x[0], x[1]));
        m.put("ce.unbatched.w.ls.none", x -> Loss.crossEntropy(x[0], x[1], ce(Reduction.NONE).withWeight(x[2]).withLabelSmoothing(0.1)));
        m.put("ce.prob.w.mean", x -> Loss.crossEntropy(x[0], x[1], CrossEntropyOptions.defaults().withWeight(x[2])));
        m.put("ce.prob.w.ls.none", x -> Loss.crossEntropy(x[0], x[1], ce(Reduction.NONE).withWeight(x[2]).withLabelSmoothing(0.1)));
        m.put("ce.prob.ls.sum", x -> Loss.crossEntropy(x[0], x[1], ce(Reduction.SUM).withLabelSmoothing(0.25)));
        m.put("ce.prob.kdim.mean", x -> Loss.crossEntropy(x[0], x[1]));
        m.put("nll.w.ign.mean", x -> Loss.nll(x[0], x[1], CrossEntropyOptions.defaults().withWeight(x[2])));
        m.put("nll.kdim.w.sum", x -> Loss.nll(x[0], x[1], ce(Reduction.SUM).withWeight(x[2])));
        m.put("kl.batchmean", x -> Loss.klDiv(x[0], x[1], Reduction.BATCHMEAN));
        m.put("kl.logt.batchmean", x -> Loss.klDiv(x[0], x[1], Reduction.BATCHMEAN, true));
        m.put("kl.logt.none", x -> Loss.klDiv(x[0], x[1], Reduction.NONE, true));
        m.put("mm.p2.mean", x -> Loss.multiMargin(x[0], x[1], 2, 1, null, Reduction.MEAN));
        m.put("mm.m0.5.w.sum", x -> Loss.multiMargin(x[0], x[1], 1, 0.5, x[2], Reduction.SUM));
        m.put("mm.unbatched.none", x -> Loss.multiMargin(x[0], x[1], Reduction.NONE));
        m.put("mlsm.w.mean", x -> Loss.multiLabelSoftMargin(x[0], x[1], x[2], Reduction.MEAN));
        m.put("cos.m-0.2.mean", x -> Loss.cosineEmbedding(x[0], x[1], x[2], -0.2, Reduction.MEAN));
        m.put("rank.0.5.mean", x -> Loss.marginRanking(x[0], x[1], x[2], 0.5, Reduction.MEAN));
        m.put("trip.m0.5.p1.mean", x -> Loss.tripletMargin(x[0], x[1], x[2], 0.5, 1, 1e-6, false, Reduction.MEAN));
        m.put("trip.swap.mean", x -> Loss.tripletMargin(x[0], x[1], x[2], 1, 2, 1e-6, true, Reduction.MEAN));
        m.put("trip.p3.m2.sum", x -> Loss.tripletMargin(x[0], x[1], x[2], 2, 3, 1e-6, false, Reduction.SUM));
        m.put("contrastive.3.mean", x -> Loss.contrastive(x[0], x[1], x[2], 3, Reduction.MEAN));
        return m;
    }

    private static final Map<String, Tensor> FX = FixtureCases.load("nn_losses.safetensors");

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return FixtureCases.tests(FX, impls());
    }

    @Test
    void harnessCatchesWrongValuesAndMissingGradients() {
        assertThrows(AssertionError.class, () -> FixtureCases.run(FX, "mse.mean", x -> Loss.mse(x[0], x[1]).mul(1.0002)));
        assertThrows(AssertionError.class, () -> FixtureCases.run(FX, "mse.mean", x -> Loss.mse(x[0], x[1].detach())));
    }
}
