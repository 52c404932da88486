package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Linear, Bilinear, distances, renorm (max-norm) and calculate_gain against PyTorch (nn_layers.safetensors). */
class LayerFixtureTest {
    private static final Map<String, Tensor> FX = FixtureCases.load("nn_layers.safetensors");

    /** Runs a module whose weight and bias come from the fixture inputs, so their gradients are checked too. */
    private static Tensor linearModule(Tensor[] x, boolean bias) {
        Linear lin = new Linear(x[1].dim(1), x[1].dim(0), bias, dev.nabla.tensor.Rng.seeded(0));
        Map<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("weight", x[1]);
        if (bias) sd.put("bias", x[2]);
        lin.loadStateDict(sd, true);
        Tensor viaModule = lin.forward(x[0]);
        Tensor viaF = F.linear(x[0], x[1], bias ? x[2] : null);
        FixtureCases.assertClose("Linear module vs F.linear", viaF.detach(), viaModule.detach(), 1e-6, 1e-6);
        return viaF;
    }

    static Map<String, Function<Tensor[], Tensor>> impls() {
        Map<String, Function<Tensor[], Tensor>> m = new LinkedHashMap<>();
        m.put("linear", x -> linearModule(x, true));
        m.put("linear.nobias", x -> linearModule(x, false));
        m.put("linear.3d", x -> linearModule(x, true));
        m.put("bilinear", x -> F.bilinear(x[0], x[1], x[2], x[3]));
        m.put("bilinear.nobias", x -> F.bilinear(x[0], x[1], x[2], null));
        m.put("pairwise_distance.2", x -> F.pairwiseDistance(x[0], x[1], 2, 1e-6));
        m.put("pairwise_distance.3", x -> F.pairwiseDistance(x[0], x[1], 3, 1e-6));
        m.put("pairwise_distance.1", x -> F.pairwiseDistance(x[0], x[1], 1, 1e-6));
        m.put("cosine_similarity", x -> F.cosineSimilarity(x[0], x[1], 1, 1e-8));
        m.put("cosine_similarity.dim0", x -> F.cosineSimilarity(x[0], x[1], 0, 1e-8));
        m.put("renorm.3", x -> Regularization.maxNorm(x[0].copy(), 3));
        m.put("renorm.3d.1", x -> Regularization.maxNorm(x[0].copy(), 1));
        return m;
    }

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return FixtureCases.tests(FX, impls());
    }

    @Test
    void bilinearModuleLoadsPyTorchWeights() {
        Bilinear b = new Bilinear(4, 3, 2, dev.nabla.tensor.Rng.seeded(1));
        b.loadStateDict(Map.of("weight", FX.get("bilinear.in2"), "bias", FX.get("bilinear.in3")), true);
        FixtureCases.assertClose("Bilinear module", FX.get("bilinear.out"), b.forward(FX.get("bilinear.in0"), FX.get("bilinear.in1")));
    }

    @Test
    void calculateGainMatchesTorch() {
        double[] expected = FX.get("calculate_gain").toDoubleArray();
        String[] names = {"linear", "conv1d", "conv2d", "sigmoid", "tanh", "relu", "leaky_relu", "selu"};
        for (int i = 0; i < names.length; i++) assertEquals(expected[i], Init.calculateGain(names[i]), 1e-15, names[i]);
        assertEquals(expected[names.length], Init.calculateGain("leaky_relu", 0.2), 1e-15, "leaky_relu(0.2)");
    }
}
