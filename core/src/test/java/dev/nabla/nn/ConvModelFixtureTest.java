package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.Grad;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A small CNN loads PyTorch's state dict without renaming and gives PyTorch's outputs (conv_model.safetensors). */
class ConvModelFixtureTest {
    private static final Map<String, Tensor> FX = FixtureCases.load("conv_model.safetensors");

    @Test
    void pytorchStateDictLoadsAndOutputsMatch() {
        Rng rng = Rng.seeded(0);
        Sequential net = new Sequential(
                new Conv2d(2, 4, 3, 1, 1, rng), new BatchNorm2d(4), new Activation.ReLU(), new MaxPool2d(2),
                new Conv2d(4, 6, new int[] {3}, new int[] {2}, new int[] {1}, new int[] {1}, 2, false, rng), new GroupNorm(3, 6),
                new AdaptiveAvgPool2d(1), new Flatten(), new LayerNorm(6), new Linear(6, 3, rng));
        Map<String, Tensor> sd = new LinkedHashMap<>();
        FX.forEach((k, v) -> {
            if (k.startsWith("sd.")) sd.put(k.substring(3), v);
        });
        assertTrue(net.loadStateDict(sd, true).clean());
        Tensor x = FX.get("x");
        net.eval();
        try (var g = Grad.off()) {
            FixtureCases.assertClose("eval output", FX.get("y_eval"), net.forward(x));
        }
        net.train();
        FixtureCases.assertClose("train output", FX.get("y_train"), net.forward(x));
        BatchNorm2d bn = (BatchNorm2d) net.get(1);
        FixtureCases.assertClose("running mean", FX.get("running_mean_after"), bn.runningMean());
        FixtureCases.assertClose("running var", FX.get("running_var_after"), bn.runningVar());
    }
}
