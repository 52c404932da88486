package dev.nabla.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.optim.Adagrad;
import dev.nabla.optim.AdagradConfig;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.Sgd;
import dev.nabla.optim.SgdConfig;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Behaviour of the schedules beyond the torch sequences: state dicts, errors, fractional epochs, plateaus. */
class ScheduleTest {
    private static Sgd sgd(double lr) {
        return new Sgd(List.of(Tensor.zeros(2)), SgdConfig.DEFAULT.withLr(lr).withMomentum(0.9));
    }

    private static double[] run(LrScheduler s, int steps) {
        double[] out = new double[steps];
        for (int i = 0; i < steps; i++) {
            s.step();
            out[i] = s.optimizer().lr();
        }
        return out;
    }

    /** Saving a schedule mid-way and loading it into a new one over a restored optimizer continues identically. */
    @Test
    void stateDictRoundTrip() {
        List<Function<Optimizer, LrScheduler>> makers = List.of(
                o -> new CosineAnnealingWarmRestarts(o, 3, 2, 0.001),
                o -> new SequentialLR(o, List.of(new LinearLR(o, 0.1, 1, 4), new CosineAnnealingLR(o, 10)), 4),
                o -> new ChainedScheduler(List.of(new ConstantLR(o, 0.5, 3), new ExponentialLR(o, 0.9))),
                o -> new OneCycleLR(o, 1.0, 30),
                o -> new CyclicLR(o, 0.01, 0.1, 4));
        for (var make : makers) {
            Sgd a = sgd(0.1);
            LrScheduler sa = make.apply(a);
            run(sa, 7);
            Map<String, Double> state = sa.stateDict();
            var optState = a.stateDict();
            Sgd b = sgd(0.1);
            LrScheduler sb = make.apply(b);
            b.loadStateDict(optState);
            sb.loadStateDict(state);
            assertArrayEquals(run(sa, 10), run(sb, 10), 1e-15, sa.getClass().getSimpleName());
            assertEquals(a.groups().get(0).momentum(), b.groups().get(0).momentum(), 1e-15);
        }
        LrScheduler s = new StepLR(sgd(0.1), 3);
        Map<String, Double> bad = new java.util.LinkedHashMap<>(s.stateDict());
        bad.put("surprise", 1.0);
        assertThrows(IllegalArgumentException.class, () -> s.loadStateDict(bad));
        bad.remove("surprise");
        bad.remove("last_epoch");
        assertThrows(IllegalArgumentException.class, () -> s.loadStateDict(bad));
    }

    @Test
    void fractionalEpochsInWarmRestarts() {
        Sgd opt = sgd(1.0);
        CosineAnnealingWarmRestarts s = new CosineAnnealingWarmRestarts(opt, 4, 1, 0);
        s.step(2.5);
        assertEquals((1 + Math.cos(Math.PI * 2.5 / 4)) / 2, opt.lr(), 1e-15);
        s.step(6.5); // second period, t_cur = 2.5
        assertEquals((1 + Math.cos(Math.PI * 2.5 / 4)) / 2, opt.lr(), 1e-15);
        assertEquals(6, s.lastEpoch());
        CosineAnnealingWarmRestarts m = new CosineAnnealingWarmRestarts(sgd(1.0), 2, 2, 0);
        m.step(7.0); // periods 2, 4, 8: epoch 7 is t_cur = 1 of the period of length 8
        assertEquals((1 + Math.cos(Math.PI * 1 / 8)) / 2, m.optimizer().lr(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> m.step(-1.0));
    }

    @Test
    void oneCycleRefusesToRunPastItsEnd() {
        OneCycleLR s = new OneCycleLR(sgd(0.1), 1.0, 10);
        run(s, 9); // epochs 0..9 are the 10 steps of the cycle
        assertEquals(1.0 / 25 / 1e4, s.optimizer().lr(), 1e-15);
        s.step(); // as torch, epoch == totalSteps is still computed (past the end of the last phase)
        assertThrows(IllegalStateException.class, s::step);
    }

    @Test
    void momentumCyclingNeedsMomentum() {
        Adagrad ada = new Adagrad(List.of(Tensor.zeros(1)), AdagradConfig.DEFAULT);
        assertThrows(IllegalArgumentException.class, () -> new OneCycleLR(ada, 0.1, 10));
        assertThrows(IllegalArgumentException.class, () -> new CyclicLR(ada, 0.01, 0.1, 4));
        new OneCycleLR(ada, new double[] {0.1}, 10, OneCycleLR.Options.DEFAULT.withCycleMomentum(false));
        new CyclicLR(ada, new double[] {0.01}, new double[] {0.1}, CyclicLR.Options.DEFAULT.withStepSizes(4, 4).withCycleMomentum(false));
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new StepLR(sgd(0.1), 0));
        assertThrows(IllegalArgumentException.class, () -> new LinearLR(sgd(0.1), 0, 1, 5));
        assertThrows(IllegalArgumentException.class, () -> new CosineAnnealingLR(sgd(0.1), 0));
        Sgd a = sgd(0.1);
        assertThrows(IllegalArgumentException.class, () -> new SequentialLR(a, List.of(new StepLR(a, 2), new StepLR(a, 3))));
        assertThrows(IllegalArgumentException.class, () -> new SequentialLR(a, List.of(new StepLR(sgd(0.1), 2)), new int[0]));
        assertThrows(IllegalArgumentException.class, () -> new ChainedScheduler(List.of(new StepLR(a, 2), new StepLR(sgd(0.1), 2))));
        assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.Options.DEFAULT.withFactor(1.0));
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau(sgd(0.1), ReduceLROnPlateau.Options.DEFAULT.withMinLr(0.1, 0.2)));
        assertThrows(IllegalArgumentException.class, () -> new LambdaLR(a, e -> 1.0, e -> 1.0));
    }

    @Test
    void lambdaAndWarmupByHand() {
        Sgd opt = sgd(0.2);
        LambdaLR s = new LambdaLR(opt, e -> 1.0 / (1 + e));
        assertEquals(0.2, opt.lr(), 0);
        s.step();
        s.step();
        assertEquals(0.2 / 3, opt.lr(), 1e-15);
        Sgd w = sgd(1.0);
        LinearLR warm = new LinearLR(w, 0.25, 1.0, 3);
        assertArrayEquals(new double[] {0.5, 0.75, 1.0, 1.0}, run(warm, 4), 1e-15);
    }

    /** ReduceLROnPlateau by hand: patience 1, cooldown 1, minLr 0.02. */
    @Test
    void plateauByHand() {
        Sgd opt = sgd(0.1);
        ReduceLROnPlateau p = new ReduceLROnPlateau(opt, ReduceLROnPlateau.Options.DEFAULT.withPatience(1).withCooldown(1)
                .withFactor(0.5).withMinLr(0.02).withThreshold(0.1, ReduceLROnPlateau.ThresholdMode.ABS));
        double[] metrics = {1.0, 0.95, 0.93, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
        double[] expected = {0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.02, 0.02};
        // 0.95 and 0.93 are not better than 1.0 - 0.1: two bad epochs > patience 1 -> halve, cooldown 1.
        // 0.5 is better (best 0.5) and uses up the cooldown; the next two 0.5s are bad -> halve at epoch 5.
        // Epoch 6's bad epoch falls in the cooldown; 7 and 8 are bad -> halve, but not below minLr 0.02.
        for (int i = 0; i < metrics.length; i++) {
            p.step(metrics[i]);
            assertEquals(expected[i], opt.lr(), 1e-15, "epoch " + i);
        }
        assertEquals(0.5, p.best());
        ReduceLROnPlateau q = new ReduceLROnPlateau(sgd(0.1));
        q.loadStateDict(p.stateDict());
        assertEquals(p.stateDict(), q.stateDict());
    }
}
