package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.Grad;
import dev.nabla.autograd.GradCheck;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Weight normalization against PyTorch (weight_norm.safetensors, tools/reference/zoo_fixtures.py) and by finite differences. */
class WeightNormTest {
    private static final Map<String, Tensor> FX = FixtureCases.load("weight_norm.safetensors");
    private static final int[] ONE = {1};

    @TestFactory
    Stream<DynamicTest> pytorchCases() {
        Map<String, Function<Tensor[], Tensor>> impls = Map.of(
                "wn.linear", x -> Tensor.linear(x[0], WeightNorm.weight(x[1], x[2]), x[3]),
                "wn.conv2d.s2p1", x -> x[0].conv2d(WeightNorm.weight(x[1], x[2]), x[3], new int[] {2}, new int[] {1}, ONE, 1));
        return FixtureCases.tests(FX, impls);
    }

    @Test
    void pytorchWeightNormedConvStateDictLoads() {
        WeightNormConv2d conv = new WeightNormConv2d(3, 4, 3, 2, 1, Rng.seeded(1));
        Map<String, Tensor> sd = new LinkedHashMap<>();
        FX.forEach((k, v) -> {
            if (k.startsWith("wnmod.sd.")) sd.put(k.substring("wnmod.sd.".length()), v);
        });
        assertEquals(sd.keySet(), conv.stateDict().keySet());
        assertTrue(conv.loadStateDict(sd, true).clean());
        try (var g = Grad.off()) {
            FixtureCases.assertClose("output", FX.get("wnmod.y"), conv.forward(FX.get("wnmod.x")));
        }
    }

    @Test
    void gradientsByFiniteDifferences() {
        Rng r = Rng.seeded(3);
        GradCheck.check(x -> Tensor.linear(x[0], WeightNorm.weight(x[1], x[2]), x[3]),
                Tensor.uniform(r, -1, 1, DType.FLOAT64, 3, 4), Tensor.uniform(r, 0.5, 1.5, DType.FLOAT64, 2, 1),
                Tensor.uniform(r, -1, 1, DType.FLOAT64, 2, 4), Tensor.uniform(r, -1, 1, DType.FLOAT64, 2));
        GradCheck.check(x -> x[0].conv2d(WeightNorm.weight(x[1], x[2]), null, ONE, ONE, ONE, 1),
                Tensor.uniform(r, -1, 1, DType.FLOAT64, 1, 2, 4, 3), Tensor.uniform(r, 0.5, 1.5, DType.FLOAT64, 3, 1, 1, 1),
                Tensor.uniform(r, -1, 1, DType.FLOAT64, 3, 2, 2, 2));
    }

    @Test
    void startsOutAsThePlainLayerWithPytorchNames() {
        WeightNormLinear wn = new WeightNormLinear(5, 3, Rng.seeded(7));
        Linear plain = new Linear(5, 3, Rng.seeded(7));
        assertEquals(List.of("bias", "weight_g", "weight_v"), List.copyOf(wn.stateDict().keySet()));
        assertEquals(List.of(3, 1), List.of(wn.weightG().dim(0), wn.weightG().dim(1)));
        Tensor x = Tensor.randn(Rng.seeded(2), 4, 5);
        FixtureCases.assertClose("initial output", plain.forward(x), wn.forward(x));
        WeightNormConv2d c = new WeightNormConv2d(2, 3, 3, 1, 1, Rng.seeded(8));
        Conv2d pc = new Conv2d(2, 3, 3, 1, 1, Rng.seeded(8));
        Tensor xi = Tensor.randn(Rng.seeded(3), 2, 2, 5, 5);
        FixtureCases.assertClose("initial conv output", pc.forward(xi), c.forward(xi));
        // training moves g and v: both get gradients
        c.forward(xi).square().sum().backward();
        assertTrue(c.weightG().grad().abs().sum().item() > 0);
        assertTrue(c.weightV().grad().abs().sum().item() > 0);
        assertThrows(IllegalArgumentException.class, () -> wn.forward(Tensor.zeros(4, 4)));
        assertThrows(IllegalArgumentException.class, () -> WeightNorm.weight(Tensor.ones(3), Tensor.ones(3, 5)));
    }
}
