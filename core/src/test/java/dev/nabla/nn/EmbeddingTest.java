package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.GradCheck;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** nn.Embedding against PyTorch (embedding.safetensors) plus a finite-difference check. */
class EmbeddingTest {
    private static final Map<String, Tensor> FX = FixtureCases.load("embedding.safetensors");

    @Test
    void paddingRowMatchesPytorchForwardAndGradient() {
        Embedding e = new Embedding(7, 4, 2, 0, Rng.seeded(1));
        assertTrue(e.loadStateDict(Map.of("weight", FX.get("pad.weight")), true).clean());
        Tensor out = e.forward(FX.get("pad.idx"));
        FixtureCases.assertClose("embedding out", FX.get("pad.out"), out);
        out.mul(FX.get("pad.r")).sum().backward();
        FixtureCases.assertClose("embedding grad", FX.get("pad.grad"), e.weight().grad());
    }

    @Test
    void maxNormRenormalizesLookedUpRowsLikePytorch() {
        Embedding e = new Embedding(6, 3, Embedding.NONE, 1.0, Rng.seeded(1));
        e.loadStateDict(Map.of("weight", FX.get("maxnorm.weight")), true);
        FixtureCases.assertClose("max-norm out", FX.get("maxnorm.out"), e.forward(FX.get("maxnorm.idx")));
        FixtureCases.assertClose("max-norm table after", FX.get("maxnorm.after"), e.weight());
    }

    @Test
    void paddingRowStartsAtZeroAndDefaultsFollowPytorch() {
        Embedding e = new Embedding(5, 3, 0, 0, Rng.seeded(2));
        for (int j = 0; j < 3; j++) assertEquals(0.0, e.weight().get(0, j));
        assertEquals(java.util.List.of("weight"), java.util.List.copyOf(e.stateDict().keySet()));
        Embedding last = new Embedding(5, 3, -1, 0, Rng.seeded(2)); // PyTorch's padding_idx=-1 is the last row
        for (int j = 0; j < 3; j++) assertEquals(0.0, last.weight().get(4, j));
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Tensor idx = Tensor.fromArray(new double[] {3, 0, 3, 1, 2, 3}, DType.INT64, 2, 3);
        GradCheck.check(x -> Tensor.embedding(x[0], idx, -1), Tensor.uniform(Rng.seeded(3), -1, 1, DType.FLOAT64, 4, 5));
    }

    @Test
    void fromPretrainedCopiesAndFreezes() {
        Tensor table = Tensor.uniform(Rng.seeded(4), -1, 1, 3, 2);
        Embedding e = Embedding.fromPretrained(table, true);
        assertEquals(table.get(2, 1), e.forward(Tensor.fromArray(new double[] {2}, DType.INT64, 1)).get(0, 1));
        assertTrue(e.parameters().stream().noneMatch(Tensor::requiresGrad));
    }

    @Test
    void badIndicesNameTheOp() {
        Embedding e = new Embedding(4, 2, Rng.seeded(5));
        var ex = assertThrows(IndexOutOfBoundsException.class, () -> e.forward(Tensor.fromArray(new double[] {4}, DType.INT64, 1)));
        assertTrue(ex.getMessage().contains("embedding"), ex.getMessage());
        var ex2 = assertThrows(IllegalArgumentException.class, () -> e.forward(Tensor.zeros(2)));
        assertTrue(ex2.getMessage().contains("INT64"), ex2.getMessage());
    }
}
