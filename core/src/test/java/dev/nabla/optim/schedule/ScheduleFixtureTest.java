package dev.nabla.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nabla.optim.Adam;
import dev.nabla.optim.AdamConfig;
import dev.nabla.optim.OptimFixtures;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.ParamGroup;
import dev.nabla.optim.Sgd;
import dev.nabla.optim.SgdConfig;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
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
 * Compares every schedule's lr (and cycled momentum) sequence with torch.optim.lr_scheduler's over 40
 * steps, for two parameter groups (lr 0.1 and 0.02). Both sides compute in double with the same
 * formulas in the same order, so the tolerance is tight (rtol 1e-10): only the last bits of cos and
 * pow may differ between Java and glibc.
 */
class ScheduleFixtureTest {
    private static final double RTOL = 1e-10;
    private static final double ATOL = 1e-15;
    private static final OptimFixtures.Fixture FX = OptimFixtures.load("optim_schedules.safetensors");

    @TestFactory
    Stream<DynamicTest> everyScheduleMatchesTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Iterator<String> it = FX.cases().fieldNames(); it.hasNext(); ) {
            String name = it.next();
            tests.add(DynamicTest.dynamicTest(name, () -> run(name, FX.cases().get(name))));
        }
        return tests.stream();
    }

    @Test
    void fixtureCoversEverySchedule() {
        Set<String> kinds = new TreeSet<>();
        FX.cases().forEach(c -> collect(c.get("scheduler"), kinds));
        assertEquals(new TreeSet<>(Set.of("StepLR", "MultiStepLR", "ExponentialLR", "ConstantLR", "LinearLR", "PolynomialLR",
                "CosineAnnealingLR", "CosineAnnealingWarmRestarts", "CyclicLR", "OneCycleLR", "SequentialLR", "ChainedScheduler",
                "ReduceLROnPlateau")), kinds);
    }

    private static void collect(JsonNode spec, Set<String> kinds) {
        kinds.add(spec.get("type").asText());
        if (spec.has("schedulers")) spec.get("schedulers").forEach(s -> collect(s, kinds));
    }

    private static void run(String name, JsonNode spec) {
        Optimizer opt = optimizer(spec.get("optimizer").asText());
        JsonNode sched = spec.get("scheduler");
        Tensor lrs = FX.get(name + ".lr");
        Tensor moms = FX.tensors().get(name + ".momentum");
        int steps = lrs.dim(0) - 1;
        assertTrue(steps >= 30, name + ": only " + steps + " steps");
        if (sched.get("type").asText().equals("ReduceLROnPlateau")) {
            ReduceLROnPlateau plateau = plateau(opt, new Kw(sched.get("kwargs")));
            double[] metrics = FX.get(name + ".metrics").toDoubleArray();
            check(name, 0, lrs, moms, opt);
            for (int t = 0; t < steps; t++) {
                plateau.step(metrics[t]);
                check(name, t + 1, lrs, moms, opt);
            }
            return;
        }
        LrScheduler s = build(opt, sched);
        check(name, 0, lrs, moms, opt);
        for (int t = 0; t < steps; t++) {
            opt.step();
            s.step();
            check(name, t + 1, lrs, moms, opt);
            OptimFixtures.assertClose(name + " lastLr at " + (t + 1), OptimFixtures.row(lrs, t + 1), s.lastLr(), RTOL, ATOL);
        }
    }

    private static void check(String name, int t, Tensor lrs, Tensor moms, Optimizer opt) {
        double[] lr = opt.groups().stream().mapToDouble(Optimizer.Group::lr).toArray();
        OptimFixtures.assertClose(name + " lr at " + t, OptimFixtures.row(lrs, t), lr, RTOL, ATOL);
        if (moms != null) {
            double[] m = opt.groups().stream().mapToDouble(Optimizer.Group::momentum).toArray();
            OptimFixtures.assertClose(name + " momentum at " + t, OptimFixtures.row(moms, t), m, RTOL, ATOL);
        }
    }

    /** Two groups of one parameter each, lr 0.1 and 0.02: SGD with momentum 0.9, or Adam. */
    static Optimizer optimizer(String kind) {
        List<ParamGroup> groups = List.of(ParamGroup.of(List.of(Tensor.zeros(2))).withLr(0.1), ParamGroup.of(List.of(Tensor.zeros(2))).withLr(0.02));
        return switch (kind) {
            case "SGD" -> new Sgd(SgdConfig.DEFAULT.withLr(0.1).withMomentum(0.9), groups);
            case "Adam" -> new Adam(AdamConfig.DEFAULT.withLr(0.1), groups);
            default -> throw new AssertionError(kind);
        };
    }

    static LrScheduler build(Optimizer opt, JsonNode spec) {
        String type = spec.get("type").asText();
        if (type.equals("SequentialLR") || type.equals("ChainedScheduler")) {
            List<LrScheduler> subs = new ArrayList<>();
            spec.get("schedulers").forEach(s -> subs.add(build(opt, s)));
            if (type.equals("ChainedScheduler")) return new ChainedScheduler(subs);
            JsonNode ms = spec.get("milestones");
            int[] milestones = new int[ms.size()];
            for (int i = 0; i < milestones.length; i++) milestones[i] = ms.get(i).asInt();
            return new SequentialLR(opt, subs, milestones);
        }
        Kw kw = new Kw(spec.get("kwargs"));
        LrScheduler s = switch (type) {
            case "StepLR" -> new StepLR(opt, kw.i("step_size", -1), kw.d("gamma", 0.1));
            case "MultiStepLR" -> new MultiStepLR(opt, kw.ints("milestones"), kw.d("gamma", 0.1));
            case "ExponentialLR" -> new ExponentialLR(opt, kw.d("gamma", Double.NaN));
            case "ConstantLR" -> new ConstantLR(opt, kw.d("factor", 1.0 / 3), kw.i("total_iters", 5));
            case "LinearLR" -> new LinearLR(opt, kw.d("start_factor", 1.0 / 3), kw.d("end_factor", 1.0), kw.i("total_iters", 5));
            case "PolynomialLR" -> new PolynomialLR(opt, kw.i("total_iters", 5), kw.d("power", 1.0));
            case "CosineAnnealingLR" -> new CosineAnnealingLR(opt, kw.i("T_max", -1), kw.d("eta_min", 0));
            case "CosineAnnealingWarmRestarts" -> new CosineAnnealingWarmRestarts(opt, kw.i("T_0", -1), kw.i("T_mult", 1), kw.d("eta_min", 0));
            case "CyclicLR" -> new CyclicLR(opt, kw.ds("base_lr"), kw.ds("max_lr"), new CyclicLR.Options(
                    kw.d("step_size_up", 2000), kw.d("step_size_down", Double.NaN),
                    CyclicLR.Mode.valueOf(kw.s("mode", "triangular").toUpperCase()), kw.d("gamma", 1.0), null,
                    CyclicLR.ScaleMode.CYCLE, kw.b("cycle_momentum", true), kw.d("base_momentum", 0.8), kw.d("max_momentum", 0.9)));
            case "OneCycleLR" -> new OneCycleLR(opt, kw.ds("max_lr"), kw.i("total_steps", -1), new OneCycleLR.Options(
                    kw.d("pct_start", 0.3), OneCycleLR.Anneal.valueOf(kw.s("anneal_strategy", "cos").toUpperCase()),
                    kw.b("cycle_momentum", true), kw.d("base_momentum", 0.85), kw.d("max_momentum", 0.95),
                    kw.d("div_factor", 25.), kw.d("final_div_factor", 1e4), kw.b("three_phase", false)));
            default -> throw new AssertionError("no Java schedule for " + type);
        };
        kw.checkAllUsed(type);
        return s;
    }

    static ReduceLROnPlateau plateau(Optimizer opt, Kw kw) {
        var o = new ReduceLROnPlateau.Options(ReduceLROnPlateau.Mode.valueOf(kw.s("mode", "min").toUpperCase()), kw.d("factor", 0.1),
                kw.i("patience", 10), kw.d("threshold", 1e-4),
                ReduceLROnPlateau.ThresholdMode.valueOf(kw.s("threshold_mode", "rel").toUpperCase()), kw.i("cooldown", 0),
                kw.has("min_lr") ? kw.ds("min_lr") : new double[] {0}, kw.d("eps", 1e-8));
        kw.checkAllUsed("ReduceLROnPlateau");
        return new ReduceLROnPlateau(opt, o);
    }

    /** Keyword arguments with defaults; fails if the fixture passes one the mapping ignored. */
    static final class Kw {
        private final JsonNode node;
        private final Set<String> used = new HashSet<>();

        Kw(JsonNode node) {
            this.node = node;
        }

        boolean has(String k) {
            return node.has(k);
        }

        double d(String k, double def) {
            used.add(k);
            return node.has(k) ? node.get(k).asDouble() : def;
        }

        int i(String k, int def) {
            used.add(k);
            return node.has(k) ? node.get(k).asInt() : def;
        }

        boolean b(String k, boolean def) {
            used.add(k);
            return node.has(k) ? node.get(k).asBoolean() : def;
        }

        String s(String k, String def) {
            used.add(k);
            return node.has(k) ? node.get(k).asText() : def;
        }

        /** A number or a list of numbers. */
        double[] ds(String k) {
            used.add(k);
            JsonNode v = node.get(k);
            if (!v.isArray()) return new double[] {v.asDouble()};
            double[] out = new double[v.size()];
            for (int j = 0; j < out.length; j++) out[j] = v.get(j).asDouble();
            return out;
        }

        int[] ints(String k) {
            double[] d = ds(k);
            int[] out = new int[d.length];
            for (int j = 0; j < out.length; j++) out[j] = (int) d[j];
            return out;
        }

        void checkAllUsed(String what) {
            node.fieldNames().forEachRemaining(k -> {
                if (!used.contains(k)) throw new AssertionError(what + ": fixture keyword '" + k + "' is not mapped");
            });
        }
    }
}
