package dev.nabla.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.SafeTensors;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Groups, regularization, configs, builders, state dicts and the old constructors of the optimizer base. */
class OptimizerTest {
    private static Tensor param(float... v) {
        return Tensor.fromArray(v, v.length).requiresGrad(true);
    }

    private static void grad(Tensor p, float... g) {
        p.setGrad(Tensor.fromArray(g, g.length));
    }

    @Test
    void sgdStepByHand() {
        Tensor p = param(1, -2);
        Sgd opt = new Sgd(List.of(p), 0.1);
        grad(p, 0.5f, -1);
        opt.step();
        assertArrayEquals(new float[] {0.95f, -1.9f}, p.toFloatArray(), 1e-7f);
    }

    @Test
    void parameterGroupsHaveTheirOwnLrAndWeightDecay() {
        Tensor a = param(1);
        Tensor b = param(1);
        Sgd opt = new Sgd(SgdConfig.DEFAULT.withLr(0.1), ParamGroup.of(List.of(a)), ParamGroup.of(List.of(b)).withLr(0.01).withWeightDecay(1));
        grad(a, 1);
        grad(b, 1);
        opt.step();
        assertEquals(0.9f, a.toFloatArray()[0], 1e-7f);
        assertEquals(1 - 0.01f * 2, b.toFloatArray()[0], 1e-7f); // g + wd*p = 2
        assertEquals(0.1, opt.groups().get(0).lr());
        assertEquals(0.01, opt.groups().get(1).lr());
        assertEquals(0.1, opt.lr());
        opt.setLr(0.5);
        assertEquals(0.5, opt.groups().get(1).lr());
    }

    @Test
    void l1AddsTheSignOfTheParameter() {
        Tensor p = param(2, -3, 0);
        Sgd opt = new Sgd(SgdConfig.DEFAULT.withLr(0.1), ParamGroup.of(List.of(p)).withL1(0.5));
        grad(p, 0, 0, 0);
        opt.step();
        assertArrayEquals(new float[] {1.95f, -2.95f, 0f}, p.toFloatArray(), 1e-7f);
    }

    @Test
    void decoupledWeightDecayShrinksWithoutTouchingTheMoments() {
        Tensor p = param(2);
        AdamW opt = new AdamW(List.of(p), AdamConfig.ADAMW_DEFAULT.withLr(0.1).withWeightDecay(0.5));
        grad(p, 0);
        opt.step();
        // zero gradient: Adam's step is 0/(0 + eps) = 0, only the decay acts
        assertEquals(2 * (1 - 0.1 * 0.5), p.toFloatArray()[0], 1e-6);
        assertEquals(0f, opt.state("0").buffer("exp_avg").toFloatArray()[0]);
        Tensor q = param(2);
        Adam l2 = new Adam(List.of(q), AdamConfig.DEFAULT.withLr(0.1).withWeightDecay(0.5));
        grad(q, 0);
        l2.step();
        assertEquals(0.5f * 2 * 0.1f, l2.state("0").buffer("exp_avg").toFloatArray()[0], 1e-7f); // L2 enters the moments
    }

    @Test
    void parametersWithoutGradientsAreSkipped() {
        Tensor a = param(1);
        Tensor b = param(1);
        Adam opt = new Adam(List.of(a, b), 0.1);
        grad(a, 1);
        opt.step();
        assertEquals(1f, b.toFloatArray()[0]);
        assertNull(opt.state("1"));
        assertEquals(1, opt.state("0").step());
        opt.zeroGrad();
        assertNull(a.grad());
    }

    @Test
    void stepRunsWithoutRecordingAndBumpsTheVersion() {
        Tensor p = param(1, 2);
        int v0 = p.version();
        Sgd opt = new Sgd(List.of(p), 0.1);
        grad(p, 1, 1);
        opt.step();
        assertTrue(p.version() > v0);
        assertTrue(dev.nabla.autograd.Grad.isEnabled());
    }

    @Test
    void configsValidateAndNameTheProblem() {
        var e = assertThrows(IllegalArgumentException.class, () -> AdamConfig.DEFAULT.withBetas(0.9, 1.0));
        assertTrue(e.getMessage().contains("AdamConfig") && e.getMessage().contains("beta2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SgdConfig.DEFAULT.withLr(-1));
        assertThrows(IllegalArgumentException.class, () -> SgdConfig.DEFAULT.withNesterov(true));
        assertThrows(IllegalArgumentException.class, () -> SgdConfig.DEFAULT.withMomentum(0.9).withDampening(0.1).withNesterov(true));
        assertThrows(IllegalArgumentException.class, () -> RpropConfig.DEFAULT.withEtas(1.1, 1.2));
        assertThrows(IllegalArgumentException.class, () -> RpropConfig.DEFAULT.withStepSizes(1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> AdadeltaConfig.DEFAULT.withRho(1.5));
        assertThrows(IllegalArgumentException.class, () -> EveConfig.DEFAULT.withClip(0.5));
        assertThrows(IllegalArgumentException.class, () -> LambConfig.DEFAULT.withTrustClip(0));
        assertThrows(IllegalArgumentException.class, () -> AdagradConfig.DEFAULT.withEps(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ParamGroup.of(List.of(param(1))).withL1(-1));
        assertEquals(0.01, AdamConfig.ADAMW_DEFAULT.weightDecay());
        assertEquals(new SgdConfig(0.1, 0.9, 0, true, 0), SgdConfig.DEFAULT.withLr(0.1).withMomentum(0.9).withNesterov(true));
    }

    @Test
    void badParameterListsAreRefused() {
        Tensor p = param(1);
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(), 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(p, p), 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(Tensor.zeros(DType.FLOAT64, 2)), 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(Tensor.zeros(2, 3).transpose(0, 1)), 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(SgdConfig.DEFAULT,
                ParamGroup.of(Map.of("w", param(1))), ParamGroup.of(Map.of("w", param(2)))));
    }

    @Test
    void momentumIsAGroupSettingThatSchedulesCanChange() {
        Tensor p = param(0);
        Sgd opt = new Sgd(List.of(p), SgdConfig.DEFAULT.withLr(1).withMomentum(0.5));
        assertEquals(0.5, opt.groups().get(0).momentum());
        grad(p, 1);
        opt.step(); // buf = 1
        opt.groups().get(0).setMomentum(0.25);
        opt.step(); // buf = 0.25 + 1
        assertEquals(-2.25f, p.toFloatArray()[0], 1e-7f);
        assertEquals(0.9, new Adam(List.of(param(1)), 0.1).groups().get(0).momentum()); // beta1
        Adagrad ada = new Adagrad(List.of(param(1)), AdagradConfig.DEFAULT);
        assertTrue(!ada.groups().get(0).hasMomentum());
        assertThrows(IllegalStateException.class, () -> ada.groups().get(0).setMomentum(0.9));
    }

    @Test
    void buildersApplyConfigAndGroups() {
        Tensor a = param(1, 2);
        Tensor b = param(3);
        Adam opt = Adam.of(List.of(a)).lr(0.01).with(c -> c.withBetas(0.8, 0.99).withAmsgrad(true))
                .group(ParamGroup.of(List.of(b)).withLr(0.1)).build();
        AdamConfig c = (AdamConfig) opt.config();
        assertEquals(0.01, c.lr());
        assertEquals(0.8, c.beta1());
        assertTrue(c.amsgrad());
        assertEquals(2, opt.groups().size());
        assertEquals(0.1, opt.groups().get(1).lr());
        assertEquals(0.8, opt.groups().get(1).momentum());
        assertEquals(List.of("0", "1"), opt.names());
        assertEquals(0.01, AdamW.of(List.of(param(1))).build().groups().get(0).weightDecay());
    }

    @Test
    void legacyConstructorsKeepWorking() {
        Tensor p = param(1);
        Optimizer sgd = new Sgd(List.of(p), 0.1, 0.9, 0, false, 0);
        assertEquals(0.1, sgd.lr());
        Optimizer adam = new Adam(List.of(p), 1e-3, 0.9, 0.999, 1e-8, 0, false, false);
        Adam adamW = Adam.adamW(List.of(p), 1e-3, 0.01);
        assertTrue(adamW.decoupled());
        assertEquals(0.01, adamW.groups().get(0).weightDecay());
        // Adam.adamW and AdamW take the same steps
        Tensor q1 = param(1, -1);
        Tensor q2 = param(1, -1);
        Adam legacy = Adam.adamW(List.of(q1), 0.1, 0.2);
        AdamW modern = new AdamW(List.of(q2), AdamConfig.ADAMW_DEFAULT.withLr(0.1).withWeightDecay(0.2));
        for (int i = 0; i < 3; i++) {
            grad(q1, 0.3f, 0.7f);
            grad(q2, 0.3f, 0.7f);
            legacy.step();
            modern.step();
        }
        assertArrayEquals(q2.toFloatArray(), q1.toFloatArray());
        assertEquals(1e-3, adam.lr());
    }

    /** Every optimizer, for the state-dict round trip and the learning test. */
    static Map<String, Function<List<Tensor>, Optimizer>> all() {
        Map<String, Function<List<Tensor>, Optimizer>> m = new LinkedHashMap<>();
        m.put("Sgd", p -> new Sgd(p, SgdConfig.DEFAULT.withLr(0.05).withMomentum(0.9).withNesterov(true)));
        m.put("Adagrad", p -> new Adagrad(p, AdagradConfig.DEFAULT.withLr(0.3)));
        m.put("Adadelta", p -> new Adadelta(p, AdadeltaConfig.DEFAULT.withLr(10)));
        m.put("RmsProp", p -> new RmsProp(p, RmsPropConfig.DEFAULT.withLr(0.02).withCentered(true).withMomentum(0.5)));
        m.put("Rprop", p -> new Rprop(p, RpropConfig.DEFAULT.withLr(0.05)));
        m.put("Adam", p -> new Adam(p, AdamConfig.DEFAULT.withLr(0.05).withAmsgrad(true)));
        m.put("AdamW", p -> new AdamW(p, AdamConfig.ADAMW_DEFAULT.withLr(0.05)));
        m.put("Adamax", p -> new Adamax(p, AdamaxConfig.DEFAULT.withLr(0.1)));
        m.put("NAdam", p -> new NAdam(p, NAdamConfig.DEFAULT.withLr(0.05)));
        m.put("RAdam", p -> new RAdam(p, RAdamConfig.DEFAULT.withLr(0.1)));
        m.put("Lamb", p -> new Lamb(p, LambConfig.DEFAULT.withLr(0.05)));
        m.put("AdaMod", p -> new AdaMod(p, AdaModConfig.DEFAULT.withLr(0.1).withBeta3(0.9)));
        m.put("Eve", p -> new Eve(p, EveConfig.DEFAULT.withLr(0.05)));
        return m;
    }

    /** Gradients of 0.5*sum(s*(p - t)^2) with per-element scales s; returns the loss. */
    static double quadraticGrads(List<Tensor> params) {
        double loss = 0;
        int i = 0;
        for (Tensor p : params) {
            float[] v = p.toFloatArray();
            float[] g = new float[v.length];
            for (int k = 0; k < v.length; k++, i++) {
                float s = (float) Math.pow(10, (i % 5) - 3);
                float t = (float) Math.sin(i);
                g[k] = s * (v[k] - t);
                loss += 0.5 * s * (v[k] - t) * (v[k] - t);
            }
            p.setGrad(Tensor.fromArray(g, p.dims()));
        }
        return loss;
    }

    private static void step(Optimizer opt, double loss) {
        if (opt instanceof Eve eve) eve.step(loss);
        else opt.step();
    }

    private static List<Tensor> freshParams() {
        Rng rng = Rng.seeded(3);
        return List.of(Tensor.randn(rng, 3, 4).requiresGrad(true), Tensor.randn(rng, 6).requiresGrad(true));
    }

    /** Saving after 5 steps and loading into a fresh optimizer continues exactly as the original. */
    @Test
    void stateDictRoundTripContinuesIdentically(@TempDir Path dir) {
        for (var e : all().entrySet()) {
            List<Tensor> a = freshParams();
            Optimizer first = e.getValue().apply(a);
            for (int t = 0; t < 5; t++) step(first, quadraticGrads(a));
            first.groups().get(0).setLr(first.groups().get(0).lr() * 0.5); // as a schedule would
            OptimizerState state = first.stateDict();
            Path file = dir.resolve(e.getKey() + ".safetensors");
            SafeTensors.save(state.asTensors(), Map.of("optimizer", state.optimizer()), file);

            List<Tensor> b = freshParams();
            try (var off = dev.nabla.autograd.Grad.off()) {
                for (int i = 0; i < a.size(); i++) b.get(i).copyFromInPlace(a.get(i));
            }
            Optimizer second = e.getValue().apply(b);
            SafeTensors.Contents read = SafeTensors.read(file);
            second.loadStateDict(OptimizerState.fromTensors(read.metadata().get("optimizer"), read.tensors()));
            assertEquals(first.lr(), second.lr(), e.getKey());
            for (int t = 0; t < 5; t++) {
                step(first, quadraticGrads(a));
                step(second, quadraticGrads(b));
            }
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).toFloatArray(), b.get(i).toFloatArray(), e.getKey() + " param " + i);
            }
        }
    }

    @Test
    void stateDictUsesTorchNamesAndParameterNames() {
        Map<String, Tensor> named = new LinkedHashMap<>();
        named.put("fc1.weight", param(1, 2));
        named.put("fc1.bias", param(3));
        Adam opt = new Adam(AdamConfig.DEFAULT.withAmsgrad(true), ParamGroup.of(named));
        named.values().forEach(p -> p.setGrad(p.onesLike()));
        opt.step();
        OptimizerState s = opt.stateDict();
        assertEquals("Adam", s.optimizer());
        assertNotNull(s.tensors().get("state.fc1.weight.exp_avg"));
        assertNotNull(s.tensors().get("state.fc1.bias.max_exp_avg_sq"));
        assertEquals(1.0, s.scalars().get("state.fc1.weight.step"));
        assertEquals(1e-3, s.scalars().get("param_groups.0.lr"));
        assertEquals(0.9, s.scalars().get("param_groups.0.momentum"));
        // the snapshot is a copy
        s.tensors().get("state.fc1.weight.exp_avg").fillInPlace(7);
        assertEquals(0.1f, opt.state("fc1.weight").buffer("exp_avg").toFloatArray()[0], 1e-7f);
    }

    @Test
    void loadStateDictRefusesMismatches() {
        Tensor p = param(1, 2);
        Adam opt = new Adam(List.of(p), 0.1);
        grad(p, 1, 1);
        opt.step();
        OptimizerState good = opt.stateDict();

        Adam other = new Adam(List.of(param(1, 2, 3)), 0.1);
        var e = assertThrows(IllegalArgumentException.class, () -> other.loadStateDict(good));
        assertTrue(e.getMessage().contains("shape"), e.getMessage());

        Sgd sgd = new Sgd(List.of(param(1, 2)), 0.1);
        assertThrows(IllegalArgumentException.class, () -> sgd.loadStateDict(good));

        Map<String, Double> scalars = new LinkedHashMap<>(good.scalars());
        scalars.put("state.7.step", 1.0);
        Adam fresh = new Adam(List.of(param(1, 2)), 0.1);
        assertThrows(IllegalArgumentException.class, () -> fresh.loadStateDict(new OptimizerState("Adam", good.tensors(), scalars)));
        assertNull(fresh.state("0"), "a failed load changes nothing");
        Map<String, Double> groups = new LinkedHashMap<>(good.scalars());
        groups.put("param_groups.3.lr", 1.0);
        assertThrows(IllegalArgumentException.class, () -> fresh.loadStateDict(new OptimizerState("Adam", good.tensors(), groups)));
        Map<String, Double> unknown = new LinkedHashMap<>(good.scalars());
        unknown.put("nonsense", 1.0);
        assertThrows(IllegalArgumentException.class, () -> fresh.loadStateDict(new OptimizerState("Adam", good.tensors(), unknown)));
        assertEquals(0.1, fresh.lr());

        fresh.loadStateDict(good.asTensors());
        assertEquals(1, fresh.state("0").step());
    }

    /** A learning test: every optimizer brings a badly scaled quadratic (loss 10+) well down in 300 steps. */
    @Test
    void everyOptimizerReducesABadlyScaledQuadratic() {
        for (var e : all().entrySet()) {
            List<Tensor> ps = freshParams();
            Optimizer opt = e.getValue().apply(ps);
            double first = quadraticGrads(ps);
            double loss = first;
            for (int t = 0; t < 300; t++) {
                step(opt, loss);
                loss = quadraticGrads(ps);
            }
            assertTrue(loss < 0.25 * first, e.getKey() + ": loss " + first + " -> " + loss);
        }
    }

    @Test
    void stateBuffersWorkOnViewsOfLargerStorage() {
        // a parameter that is a contiguous slice of a bigger tensor (offset != 0)
        Tensor big = Tensor.arange(0, 10, 1).reshape(2, 5);
        Tensor row = big.slice(0, 1, 2).reshape(5);
        assertTrue(row.isContiguous() && row.dataOffset() == 5);
        Adam opt = new Adam(List.of(row), 0.1);
        row.setGrad(Tensor.ones(5));
        opt.step();
        assertArrayEquals(new float[] {4.9f, 5.9f, 6.9f, 7.9f, 8.9f}, row.toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0, 1, 2, 3, 4}, big.slice(0, 0, 1).reshape(5).toFloatArray());
    }
}
