package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Batch, layer, group and instance norm against PyTorch (conv_norm.safetensors), float32. */
class NormFixtureTest {
    private static final Map<String, Tensor> FX = FixtureCases.load("conv_norm.safetensors");

    /** Training-mode batch norm through the module (fresh running stats), checked against F.batchNorm. */
    private static Tensor bnTrain(Tensor[] x) {
        BatchNorm bn = x[0].rank() == 4 ? new BatchNorm2d(x[0].dim(1)) : new BatchNorm1d(x[0].dim(1));
        bn.loadStateDict(Map.of("weight", x[1], "bias", x[2], "running_mean", Tensor.zeros(x[0].dim(1)),
                "running_var", Tensor.ones(x[0].dim(1)), "num_batches_tracked", Tensor.scalar(0, dev.nabla.tensor.DType.INT64)), true);
        Tensor viaModule = bn.forward(x[0]);
        Tensor viaF = F.batchNorm(x[0], null, null, x[1], x[2], true, 0.1, 1e-5);
        FixtureCases.assertClose("module vs functional", viaF.detach(), viaModule.detach(), 1e-6, 1e-6);
        return viaF;
    }

    static Map<String, Function<Tensor[], Tensor>> impls() {
        Map<String, Function<Tensor[], Tensor>> m = new LinkedHashMap<>();
        m.put("batch_norm.2d.train", NormFixtureTest::bnTrain);
        m.put("batch_norm.1d.train", NormFixtureTest::bnTrain);
        m.put("batch_norm.1d.3d.train", NormFixtureTest::bnTrain);
        m.put("batch_norm.2d.eval", x -> F.batchNorm(x[0], x[3], x[4], x[1], x[2], false, 0.1, 1e-5));
        m.put("layer_norm.2", x -> F.layerNorm(x[0], new int[] {4, 5}, x[1], x[2], 1e-5));
        m.put("layer_norm.1", x -> F.layerNorm(x[0], new int[] {5}, x[1], x[2], 1e-5));
        m.put("group_norm.3", x -> F.groupNorm(x[0], 3, x[1], x[2], 1e-5));
        m.put("instance_norm", x -> new InstanceNorm(3).forward(x[0]));
        m.put("instance_norm.affine", x -> F.instanceNorm(x[0], x[1], x[2], 1e-5));
        return m;
    }

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return FixtureCases.tests(FX, impls());
    }

    @Test
    void batchNormRunningStatisticsAfterTwoStepsAndEval() {
        BatchNorm2d bn = new BatchNorm2d(3);
        assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"), List.copyOf(bn.stateDict().keySet()));
        bn.loadStateDict(Map.of("weight", FX.get("bnsteps.weight"), "bias", FX.get("bnsteps.bias"), "running_mean", Tensor.zeros(3),
                "running_var", Tensor.ones(3), "num_batches_tracked", Tensor.scalar(0, dev.nabla.tensor.DType.INT64)), true);
        bn.train();
        bn.forward(FX.get("bnsteps.x1"));
        bn.forward(FX.get("bnsteps.x2"));
        FixtureCases.assertClose("running_mean", FX.get("bnsteps.running_mean"), bn.runningMean());
        FixtureCases.assertClose("running_var", FX.get("bnsteps.running_var"), bn.runningVar());
        assertEquals(2, bn.numBatchesTracked());
        assertEquals((long) FX.get("bnsteps.num_batches_tracked").item(), bn.numBatchesTracked());
        bn.eval();
        FixtureCases.assertClose("eval output", FX.get("bnsteps.y3"), bn.forward(FX.get("bnsteps.x3")));
        assertEquals(2, bn.numBatchesTracked(), "eval does not count batches");
    }

    /** Output and input, weight, bias gradients of f at float32 inputs, weighting the output by r. */
    private static Tensor[] run(Function<Tensor[], Tensor> f, Tensor r, Tensor... inputs) {
        Tensor[] vars = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) vars[i] = inputs[i].detach().copy().requiresGrad(true);
        Tensor y = f.apply(vars);
        y.mul(r.to(y.dtype())).sum().backward();
        Tensor[] out = new Tensor[inputs.length + 1];
        out[0] = y.detach();
        for (int i = 0; i < inputs.length; i++) out[i + 1] = vars[i].grad();
        return out;
    }

    private static void assertFusedMatchesComposite(String what, Function<Tensor[], Tensor> f, Tensor r, Tensor... inputs) {
        Tensor[] f32 = run(f, r, inputs);
        Tensor[] f64 = run(f, r.toDouble(), java.util.Arrays.stream(inputs).map(Tensor::toDouble).toArray(Tensor[]::new));
        for (int i = 0; i < f32.length; i++) FixtureCases.assertClose(what + " result " + i, f64[i], f32[i], 1e-4, 1e-4);
    }

    @Test
    void fusedFloat32PathsMatchTheFloat64Composites() {
        dev.nabla.tensor.Rng rng = dev.nabla.tensor.Rng.seeded(3);
        Tensor x = Tensor.randn(rng, 5, 4, 6, 7).mul(3).add(20);
        Tensor w = Tensor.randn(rng, 4);
        Tensor b = Tensor.randn(rng, 4);
        Tensor r = Tensor.randn(rng, 5, 4, 6, 7);
        assertFusedMatchesComposite("batch norm train", v -> F.batchNorm(v[0], null, null, v[1], v[2], true, 0.1, 1e-5), r, x, w, b);
        Tensor rm = Tensor.full(19, 4);
        Tensor rv = Tensor.full(8, 4);
        assertFusedMatchesComposite("batch norm eval", v -> F.batchNorm(v[0], rm.to(v[0].dtype()), rv.to(v[0].dtype()), v[1], v[2], false, 0.1, 1e-5), r, x, w, b);
        Tensor lw = Tensor.randn(rng, 6, 7);
        Tensor lb = Tensor.randn(rng, 6, 7);
        assertFusedMatchesComposite("layer norm", v -> F.layerNorm(v[0], new int[] {6, 7}, v[1], v[2], 1e-5), r, x, lw, lb);
        assertFusedMatchesComposite("layer norm, no affine", v -> F.layerNorm(v[0], new int[] {7}, null, null, 1e-5), r, x);
        assertFusedMatchesComposite("group norm", v -> F.groupNorm(v[0], 2, v[1], v[2], 1e-5), r, x, w, b);
        assertFusedMatchesComposite("instance norm", v -> F.instanceNorm(v[0], null, null, 1e-5), r, x);
        // running statistics: float32 (fused) and float64 (composite) updates agree
        Tensor m32 = Tensor.zeros(4), v32 = Tensor.ones(4);
        Tensor m64 = Tensor.zeros(dev.nabla.tensor.DType.FLOAT64, 4), v64 = Tensor.ones(dev.nabla.tensor.DType.FLOAT64, 4);
        F.batchNorm(x, m32, v32, null, null, true, 0.1, 1e-5);
        F.batchNorm(x.toDouble(), m64, v64, null, null, true, 0.1, 1e-5);
        FixtureCases.assertClose("running mean", m64, m32, 1e-5, 1e-5);
        FixtureCases.assertClose("running var", v64, v32, 1e-5, 1e-5);
    }

    @Test
    void batchNormRejectsOneValuePerChannelInTraining() {
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3).forward(Tensor.ones(1, 3)));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).forward(Tensor.ones(2, 4, 2, 2)));
    }

    @Test
    void layerAndGroupNormModulesMatchFunctional() {
        Tensor x = FX.get("group_norm.3.in0");
        GroupNorm gn = new GroupNorm(3, 6);
        gn.loadStateDict(Map.of("weight", FX.get("group_norm.3.in1"), "bias", FX.get("group_norm.3.in2")), true);
        FixtureCases.assertClose("GroupNorm", FX.get("group_norm.3.out"), gn.forward(x));
        LayerNorm ln = new LayerNorm(4, 5);
        ln.loadStateDict(Map.of("weight", FX.get("layer_norm.2.in1"), "bias", FX.get("layer_norm.2.in2")), true);
        FixtureCases.assertClose("LayerNorm", FX.get("layer_norm.2.out"), ln.forward(FX.get("layer_norm.2.in0")));
    }
}
