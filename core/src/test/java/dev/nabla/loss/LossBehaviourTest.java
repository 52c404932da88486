package dev.nabla.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Hand-computed values, edge cases and bad inputs of the losses. */
class LossBehaviourTest {

    private static void assertMessage(Throwable e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
    }

    @Test
    void crossEntropyAtChanceIsLogOfClassCount() {
        Tensor logits = Tensor.zeros(7, 10);
        Tensor y = Tensor.indices(0, 1, 2, 3, 4, 5, 9);
        assertEquals(Math.log(10), Loss.crossEntropy(logits, y).item(), 1e-6);
    }

    @Test
    void halfSumOfSquaresOfTheLeNetExampleIs055() {
        Tensor out = Tensor.of(0.2f, 0.4f, 0.1f, 0.3f);
        Tensor target = Tensor.of(0f, 0f, 1f, 0f);
        assertEquals(0.55, Loss.mse(out, target, Reduction.SUM).item() / 2, 1e-6);
    }

    @Test
    void contrastiveFollowsHadsellsFormula() {
        Tensor a = Tensor.of(new float[][] {{0, 0}, {0, 0}});
        Tensor b = Tensor.of(new float[][] {{3, 4}, {3, 4}});
        Tensor similar = Tensor.of(1f, 0f);
        Tensor v = Loss.contrastive(a, b, similar, 6, Reduction.NONE);
        assertEquals(12.5, v.get(0), 1e-4); // similar: d^2 / 2 with d = 5
        assertEquals(0.5, v.get(1), 1e-4); // dissimilar: max(0, 6 - 5)^2 / 2
    }

    @Test
    void bceClampsLogsAtMinus100AndLogitsNeverOverflow() {
        Tensor p = Tensor.of(0f, 1f, 0f);
        Tensor y = Tensor.of(1f, 0f, 0f);
        Tensor v = Loss.bce(p.copy().requiresGrad(true), y, Reduction.NONE);
        assertEquals(100, v.get(0), 1e-4);
        assertEquals(100, v.get(1), 1e-4);
        assertEquals(0, v.get(2), 1e-6);
        Tensor z = Tensor.of(-1000f, 1000f, 0f).requiresGrad(true);
        Tensor l = Loss.bceWithLogits(z, Tensor.of(1f, 1f, 1f), Reduction.NONE);
        assertEquals(1000, l.get(0), 1e-3);
        assertEquals(0, l.get(1), 1e-6);
        assertEquals(Math.log(2), l.get(2), 1e-6);
        l.sum().backward();
        float[] g = z.grad().toFloatArray();
        assertEquals(-1, g[0], 1e-6);
        assertEquals(0, g[1], 1e-6);
        assertEquals(-0.5, g[2], 1e-6);
    }

    @Test
    void allIgnoredTargetsGiveNaNMeanAsPyTorch() {
        Tensor v = Loss.crossEntropy(Tensor.randn(Rng.seeded(1), 3, 4), Tensor.indices(-100, -100, -100));
        assertTrue(Double.isNaN(v.item()));
    }

    @Test
    void criteriaEqualTheFunctions() {
        Tensor logits = Tensor.randn(Rng.seeded(2), 4, 3);
        Tensor y = Tensor.indices(0, 2, 1, 1);
        assertEquals(Loss.crossEntropy(logits, y).item(), Loss.crossEntropy().apply(logits, y).item());
        Tensor t = Tensor.randn(Rng.seeded(3), 4, 3);
        assertEquals(Loss.mse(logits, t).item(), Loss.mse().apply(logits, t).item());
        assertEquals(Loss.klDiv(logits.logSoftmax(1), t.softmax(1), Reduction.BATCHMEAN).item(),
                Loss.klDiv().apply(logits.logSoftmax(1), t.softmax(1)).item());
    }

    @Test
    void mixedPrecisionTargetsAreWidened() {
        Tensor x = Tensor.randn(Rng.seeded(4), 3, 2).toDouble();
        Tensor t = Tensor.randn(Rng.seeded(5), 3, 2);
        assertEquals(DType.FLOAT64, Loss.mse(x, t).dtype());
        assertEquals(DType.FLOAT64, Loss.bceWithLogits(x, t.sigmoid()).dtype());
    }

    @Test
    void badInputsNameTheLossAndTheShapes() {
        Tensor x = Tensor.zeros(3, 4);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Loss.mse(x, Tensor.zeros(4, 3))), "mse", "[3, 4]", "[4, 3]");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Loss.huber(x, Tensor.zeros(3))), "huber", "[3, 4]", "[3]");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Loss.crossEntropy(x, Tensor.indices(1, 2))), "crossEntropy", "[3, 4]", "[2]");
        assertMessage(assertThrows(IndexOutOfBoundsException.class, () -> Loss.crossEntropy(x, Tensor.indices(1, 4, 0))), "crossEntropy", "target 4", "4 classes");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Loss.crossEntropy(x, Tensor.zeros(3, 5))), "crossEntropy", "[3, 5]", "[3, 4]");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Loss.crossEntropy(x, Tensor.indices(0, 1, 2), CrossEntropyOptions.defaults().withWeight(Tensor.ones(3)))), "crossEntropy", "[3]", "4 classes");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Loss.crossEntropy(x, Tensor.zeros(3, 4), CrossEntropyOptions.defaults().withIgnoreIndex(1))), "ignoreIndex");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Loss.bce(Tensor.of(0.5f, 1.5f), Tensor.of(0f, 1f))), "bce", "1.5");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Loss.mse(x, x, Reduction.BATCHMEAN)), "mse", "BATCHMEAN");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Loss.nll(x, Tensor.indices(0, 1, 2), CrossEntropyOptions.defaults().withLabelSmoothing(0.1))), "nll", "labelSmoothing");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Loss.multiMargin(x, Tensor.indices(0, 1))), "multiMargin", "[3, 4]", "[2]");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Loss.tripletMargin(x, x, Tensor.zeros(3, 5))), "tripletMargin", "[3, 4]", "[3, 5]");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Loss.cosineEmbedding(x, x, Tensor.zeros(4))), "cosineEmbedding", "[3, 4]", "[4]");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Loss.bceWithLogits(x, x, null, Tensor.ones(3), Reduction.MEAN)), "bceWithLogits", "posWeight", "[3]", "[3, 4]");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Loss.klDiv(x, Tensor.zeros(3), Reduction.SUM)), "klDiv", "[3, 4]", "[3]");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Loss.crossEntropy(Tensor.scalar(1), Tensor.indices(0))), "crossEntropy", "scalar");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> CrossEntropyOptions.defaults().withLabelSmoothing(1.5)), "labelSmoothing");
    }

    @Test
    void emptyBatchMeanIsNaNAndSumIsZero() {
        Tensor x = Tensor.zeros(0, 3);
        assertTrue(Double.isNaN(Loss.mse(x, x).item()));
        assertEquals(0, Loss.mse(x, x, Reduction.SUM).item());
    }

    @Test
    void nanInputsPropagate() {
        Tensor x = Tensor.of(Float.NaN, 1f);
        assertTrue(Double.isNaN(Loss.mse(x, Tensor.of(0f, 1f)).item()));
        assertTrue(Double.isNaN(Loss.bceWithLogits(x, Tensor.of(0f, 1f)).item()));
    }
}
