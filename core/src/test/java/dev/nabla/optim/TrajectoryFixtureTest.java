package dev.nabla.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the gradient sequences of tools/reference/optim_fixtures.py and compares every step's
 * parameters with PyTorch's (or, for LAMB, AdaMod and Eve, a float64 numpy implementation of the
 * documented formulas). Float32 tolerances as DESIGN.md: rtol 1e-4, atol 1e-5, over all 25 steps.
 */
class TrajectoryFixtureTest {
    static final double RTOL = 1e-4;
    static final double ATOL = 1e-5;
    private static final OptimFixtures.Fixture FX = OptimFixtures.load("optim_trajectories.safetensors");

    /** The optimizers the fixture covers, so a new torch class in the script cannot go untested. */
    private static final Set<String> KNOWN = Set.of("SGD", "Adagrad", "Adadelta", "RMSprop", "Rprop", "Adam", "AdamW",
            "Adamax", "NAdam", "RAdam", "Lamb", "AdaMod", "Eve");

    @TestFactory
    Stream<DynamicTest> everyCaseFollowsTheReference() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Iterator<String> it = FX.cases().fieldNames(); it.hasNext(); ) {
            String name = it.next();
            tests.add(DynamicTest.dynamicTest(name, () -> run(name, FX.cases().get(name))));
        }
        return tests.stream();
    }

    @Test
    void fixtureCoversEveryOptimizer() {
        Set<String> seen = new TreeSet<>();
        FX.cases().forEach(c -> seen.add(c.get("optimizer").asText()));
        assertEquals(new TreeSet<>(KNOWN), seen);
        assertTrue(FX.cases().size() >= 30, "expected 30+ cases, got " + FX.cases().size());
    }

    private static void run(String name, JsonNode spec) {
        float[] init = FX.get("init").toFloatArray();
        Tensor w = Tensor.fromArray(Arrays.copyOfRange(init, 0, 12), 3, 4).requiresGrad(true);
        Tensor b = Tensor.fromArray(Arrays.copyOfRange(init, 12, 17), 5).requiresGrad(true);
        Optimizer opt = build(spec, w, b);
        Tensor grads = FX.get(name + ".grads");
        Tensor params = FX.get(name + ".params");
        double[] losses = FX.get(name + ".loss").toDoubleArray();
        int steps = grads.dim(0);
        assertTrue(steps >= 20, name + ": only " + steps + " steps");
        for (int t = 0; t < steps; t++) {
            float[] g = OptimFixtures.floatRow(grads, t);
            w.setGrad(Tensor.fromArray(Arrays.copyOfRange(g, 0, 12), 3, 4));
            b.setGrad(Tensor.fromArray(Arrays.copyOfRange(g, 12, 17), 5));
            if (opt instanceof Eve eve) eve.step(losses[t]);
            else opt.step();
            double[] actual = new double[17];
            float[] wd = w.toFloatArray();
            float[] bd = b.toFloatArray();
            for (int k = 0; k < 12; k++) actual[k] = wd[k];
            for (int k = 0; k < 5; k++) actual[12 + k] = bd[k];
            OptimFixtures.assertClose(name + " step " + (t + 1), OptimFixtures.row(params, t), actual, RTOL, ATOL);
        }
    }

    /** Builds the Java optimizer for a case from the torch class name and keyword arguments. */
    static Optimizer build(JsonNode spec, Tensor w, Tensor b) {
        String opt = spec.get("optimizer").asText();
        Kw kw = new Kw(spec.get("kwargs"));
        List<ParamGroup> groups = new ArrayList<>();
        JsonNode gs = spec.get("groups");
        if (gs == null) {
            groups.add(ParamGroup.of(List.of(w, b)));
        } else {
            Tensor[] ps = {w, b};
            for (int i = 0; i < 2; i++) {
                JsonNode g = gs.get(i);
                ParamGroup pg = ParamGroup.of(List.of(ps[i]));
                if (g.has("lr")) pg = pg.withLr(g.get("lr").asDouble());
                if (g.has("weight_decay")) pg = pg.withWeightDecay(g.get("weight_decay").asDouble());
                groups.add(pg);
            }
        }
        Optimizer o = switch (opt) {
            case "SGD" -> new Sgd(new SgdConfig(kw.d("lr", 1e-3), kw.d("momentum", 0), kw.d("dampening", 0),
                    kw.b("nesterov", false), kw.d("weight_decay", 0)), groups);
            case "Adagrad" -> new Adagrad(new AdagradConfig(kw.d("lr", 1e-2), kw.d("lr_decay", 0), kw.d("weight_decay", 0),
                    kw.d("initial_accumulator_value", 0), kw.d("eps", 1e-10)), groups);
            case "Adadelta" -> new Adadelta(new AdadeltaConfig(kw.d("lr", 1.0), kw.d("rho", 0.9), kw.d("eps", 1e-6),
                    kw.d("weight_decay", 0)), groups);
            case "RMSprop" -> new RmsProp(new RmsPropConfig(kw.d("lr", 1e-2), kw.d("alpha", 0.99), kw.d("eps", 1e-8),
                    kw.d("weight_decay", 0), kw.d("momentum", 0), kw.b("centered", false)), groups);
            case "Rprop" -> new Rprop(new RpropConfig(kw.d("lr", 1e-2), kw.pair("etas", 0, 0.5), kw.pair("etas", 1, 1.2),
                    kw.pair("step_sizes", 0, 1e-6), kw.pair("step_sizes", 1, 50)), groups);
            case "Adam" -> new Adam(adam(kw, 0), groups);
            case "AdamW" -> new AdamW(adam(kw, 1e-2), groups);
            case "Adamax" -> new Adamax(new AdamaxConfig(kw.d("lr", 2e-3), kw.pair("betas", 0, 0.9), kw.pair("betas", 1, 0.999),
                    kw.d("eps", 1e-8), kw.d("weight_decay", 0)), groups);
            case "NAdam" -> new NAdam(new NAdamConfig(kw.d("lr", 2e-3), kw.pair("betas", 0, 0.9), kw.pair("betas", 1, 0.999),
                    kw.d("eps", 1e-8), kw.d("weight_decay", 0), kw.d("momentum_decay", 4e-3), false), groups);
            case "RAdam" -> new RAdam(new RAdamConfig(kw.d("lr", 1e-3), kw.pair("betas", 0, 0.9), kw.pair("betas", 1, 0.999),
                    kw.d("eps", 1e-8), kw.d("weight_decay", 0), false), groups);
            case "Lamb" -> new Lamb(new LambConfig(kw.d("lr", 1e-3), kw.d("beta1", 0.9), kw.d("beta2", 0.999), kw.d("eps", 1e-6),
                    kw.d("weight_decay", 0), kw.b("bias_correction", true), kw.d("trust_clip", Double.POSITIVE_INFINITY)), groups);
            case "AdaMod" -> new AdaMod(new AdaModConfig(kw.d("lr", 1e-3), kw.d("beta1", 0.9), kw.d("beta2", 0.999),
                    kw.d("beta3", 0.999), kw.d("eps", 1e-8), kw.d("weight_decay", 0)), groups);
            case "Eve" -> new Eve(new EveConfig(kw.d("lr", 1e-3), kw.d("beta1", 0.9), kw.d("beta2", 0.999), kw.d("beta3", 0.999),
                    kw.d("eps", 1e-8), kw.d("clip", 10), kw.d("loss_min", 0), kw.d("weight_decay", 0)), groups);
            default -> throw new AssertionError("no Java optimizer for " + opt);
        };
        kw.checkAllUsed(opt);
        if (gs != null) {
            for (int i = 0; i < 2; i++) {
                if (gs.get(i).has("momentum")) o.groups().get(i).setMomentum(gs.get(i).get("momentum").asDouble());
            }
        }
        return o;
    }

    private static AdamConfig adam(Kw kw, double defaultWd) {
        return new AdamConfig(kw.d("lr", 1e-3), kw.pair("betas", 0, 0.9), kw.pair("betas", 1, 0.999), kw.d("eps", 1e-8),
                kw.d("weight_decay", defaultWd), kw.b("amsgrad", false));
    }

    /** Keyword arguments with defaults; fails if the fixture passes one the mapping ignored. */
    static final class Kw {
        private final JsonNode node;
        private final Set<String> used = new HashSet<>(Set.of("foreach"));

        Kw(JsonNode node) {
            this.node = node;
        }

        double d(String k, double def) {
            used.add(k);
            return node.has(k) ? node.get(k).asDouble() : def;
        }

        boolean b(String k, boolean def) {
            used.add(k);
            return node.has(k) ? node.get(k).asBoolean() : def;
        }

        double pair(String k, int i, double def) {
            used.add(k);
            return node.has(k) ? node.get(k).get(i).asDouble() : def;
        }

        void checkAllUsed(String opt) {
            node.fieldNames().forEachRemaining(k -> {
                if (!used.contains(k)) throw new AssertionError(opt + ": fixture keyword '" + k + "' is not mapped");
            });
        }
    }
}
