package dev.nabla.nn;

import dev.nabla.autograd.GradCheck;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.EmbeddingBags;
import dev.nabla.tensor.EmbeddingBags.Mode;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Finite-difference checks (float64) of embedding_bag's weight and per-sample-weight gradients. */
class EmbeddingBagGradCheckTest {
    private static Tensor rnd(long seed, int... shape) {
        return Tensor.uniform(Rng.seeded(seed), -1, 1, DType.FLOAT64, shape);
    }

    private static final Tensor IDX_1D = Tensor.indices(4, 0, 2, 2, 5, 1, 3, 0, 5);
    private static final Tensor OFFSETS = Tensor.indices(0, 2, 2, 6);
    private static final Tensor IDX_2D = Tensor.indices(1, 3, 3, 0, 5, 2, 0, 0, 4).reshape(3, 3);

    @Test
    void allModesOnBothLayouts() {
        for (Mode mode : Mode.values()) {
            for (Integer pad : new Integer[] {null, 0}) {
                GradCheck.check(x -> EmbeddingBags.embeddingBag(x[0], IDX_1D, OFFSETS, null, mode, pad, false), rnd(1, 6, 3));
                GradCheck.check(x -> EmbeddingBags.embeddingBag(x[0], IDX_2D, null, null, mode, pad, false), rnd(2, 6, 4));
            }
        }
        GradCheck.check(x -> EmbeddingBags.embeddingBag(x[0], IDX_1D, Tensor.indices(0, 3, 9), null, Mode.MEAN, null, true), rnd(5, 6, 2));
    }

    @Test
    void perSampleWeights() {
        GradCheck.check(x -> EmbeddingBags.embeddingBag(x[0], IDX_1D, OFFSETS, x[1], Mode.SUM, null, false), rnd(3, 6, 3), rnd(4, 9));
        GradCheck.check(x -> EmbeddingBags.embeddingBag(x[0], IDX_2D, null, x[1], Mode.SUM, 3, false), rnd(6, 6, 2), rnd(7, 3, 3));
    }

    @Test
    void stridedWeightView() {
        GradCheck.check(x -> EmbeddingBags.embeddingBag(x[0].t(), IDX_2D, null, null, Mode.SUM, null, false), rnd(8, 3, 6));
    }
}
