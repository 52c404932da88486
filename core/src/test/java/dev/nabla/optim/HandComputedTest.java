package dev.nabla.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Steps of the optimizers that torch.optim lacks (LAMB, AdaMod, Eve, backstitch) and of torch's
 * 2.1+ options that Debian's 1.13 cannot produce (decoupled weight decay in NAdam and RAdam), worked
 * out by hand from the formulas in each class's documentation.
 */
class HandComputedTest {
    private static Tensor param(float... v) {
        return Tensor.fromArray(v, v.length).requiresGrad(true);
    }

    private static void grad(Tensor p, float... g) {
        p.setGrad(Tensor.fromArray(g, g.length));
    }

    /**
     * LAMB's first step: m^ = g, v^ = g^2, so r = g/(|g| + eps) ~ sign(g). With p = (3, 4) (norm 5)
     * and g = (1, -2): u = (1/(1+eps), -2/(2+eps)) + wd*p.
     */
    @Test
    void lambFirstStepIsTheTrustRatioTimesTheAdamDirection() {
        double eps = 1e-6;
        double lr = 0.1;
        Tensor p = param(3, 4);
        Lamb opt = new Lamb(List.of(p), LambConfig.DEFAULT.withLr(lr));
        grad(p, 1, -2);
        opt.step();
        double u0 = 1 / (1 + eps);
        double u1 = -2 / (2 + eps);
        double ratio = 5 / Math.hypot(u0, u1); // ~ 5/sqrt(2)
        assertArrayEquals(new float[] {(float) (3 - lr * ratio * u0), (float) (4 - lr * ratio * u1)}, p.toFloatArray(), 1e-5f);
        assertEquals(ratio, opt.state("0").scalars().get("trust_ratio"), 1e-6 * ratio); // u is float32

        // with weight decay 0.1: u = r + 0.1*p = (1.3, -0.6) (to 1e-6)
        Tensor q = param(3, 4);
        Lamb wd = new Lamb(List.of(q), LambConfig.DEFAULT.withLr(lr).withWeightDecay(0.1));
        grad(q, 1, -2);
        wd.step();
        double[] u = {u0 + 0.3, u1 + 0.4};
        double r = 5 / Math.hypot(u[0], u[1]);
        assertArrayEquals(new float[] {(float) (3 - lr * r * u[0]), (float) (4 - lr * r * u[1])}, q.toFloatArray(), 1e-5f);

        // a trust clip of 1 caps the ratio (5/sqrt 2 > 1)
        Tensor c = param(3, 4);
        Lamb clipped = new Lamb(List.of(c), LambConfig.DEFAULT.withLr(lr).withTrustClip(1));
        grad(c, 1, -2);
        clipped.step();
        assertArrayEquals(new float[] {(float) (3 - lr * u0), (float) (4 - lr * u1)}, c.toFloatArray(), 1e-5f);

        // a zero parameter norm uses ratio 1
        Tensor z = param(0, 0);
        Lamb zero = new Lamb(List.of(z), LambConfig.DEFAULT.withLr(lr));
        grad(z, 1, -2);
        zero.step();
        assertArrayEquals(new float[] {(float) (-lr * u0), (float) (-lr * u1)}, z.toFloatArray(), 1e-6f);
    }

    /** LAMB's ratio is per tensor (layer): two tensors with different norms move by different amounts. */
    @Test
    void lambTrustRatioIsPerTensor() {
        Tensor small = param(0.3f, 0.4f);
        Tensor large = param(30, 40);
        Lamb opt = new Lamb(List.of(small, large), LambConfig.DEFAULT.withLr(0.01));
        grad(small, 1, 1);
        grad(large, 1, 1);
        opt.step();
        double d1 = 0.3 - small.toFloatArray()[0];
        double d2 = 30 - large.toFloatArray()[0];
        assertEquals(100, d2 / d1, 1e-3);
    }

    /**
     * AdaMod's first step: eta = lr*sqrt(1-b2)/(1-b1) / (sqrt(1-b2)|g| + eps) ~ lr/((1-b1)|g|), the
     * bound s = (1-b3)*eta is smaller, so the step is (1-b3)*eta*m = (1-b3)*lr*sign(g).
     */
    @Test
    void adaModFirstStepIsBoundedByTheAverageStepSize() {
        double lr = 0.1;
        Tensor p = param(1, 1);
        AdaMod opt = new AdaMod(List.of(p), AdaModConfig.DEFAULT.withLr(lr).withBeta3(0.9).withEps(0));
        grad(p, 2, -0.5f);
        opt.step();
        assertArrayEquals(new float[] {(float) (1 - 0.1 * lr), (float) (1 + 0.1 * lr)}, p.toFloatArray(), 1e-6f);
        // second step with the same gradient: eta2 = lr*sqrt(1-b2^2)/(1-b1^2)/(sqrt(v2)+0) and
        // v2 = (1-b2^2) g^2, m2 = (1-b1^2) g, so eta2*m2 = lr*sign(g) again; s2 = 0.9*s1 + 0.1*eta2
        double b1 = 0.9;
        double b2 = 0.999;
        double g = 2;
        double eta1 = lr * Math.sqrt(1 - b2) / (1 - b1) / (Math.sqrt(1 - b2) * g);
        double eta2 = lr * Math.sqrt(1 - b2 * b2) / (1 - b1 * b1) / (Math.sqrt(1 - b2 * b2) * g);
        double s2 = 0.9 * (0.1 * eta1) + 0.1 * eta2;
        double m2 = (1 - b1 * b1) * g;
        grad(p, 2, -0.5f);
        opt.step();
        assertEquals(1 - 0.1 * lr - Math.min(eta2, s2) * m2, p.toFloatArray()[0], 1e-6);
        // decoupled weight decay multiplies by (1 - lr*wd) first; a zero gradient then moves nothing else
        Tensor q = param(2);
        AdaMod wd = new AdaMod(List.of(q), AdaModConfig.DEFAULT.withLr(lr).withWeightDecay(0.5));
        grad(q, 0);
        wd.step();
        assertEquals(2 * (1 - lr * 0.5), q.toFloatArray()[0], 1e-6);
    }

    /**
     * Eve: the first step is Adam's (~ lr*sign(g)); with losses 2 then 1.5 and L* = 0,
     * 1/d~ = 1.5/0.5 = 3, so d2 = b3*1 + (1-b3)/3, and the second step is Adam's divided by d2.
     */
    @Test
    void eveDividesAdamsStepByTheLossFeedback() {
        double lr = 0.1;
        double b3 = 0.9;
        Tensor p = param(1);
        Tensor ref = param(1);
        Eve eve = new Eve(List.of(p), EveConfig.DEFAULT.withLr(lr).withBeta3(b3));
        Adam adam = new Adam(List.of(ref), AdamConfig.DEFAULT.withLr(lr));
        grad(p, 1);
        grad(ref, 1);
        eve.step(2.0);
        adam.step();
        assertEquals(1.0, eve.d());
        assertArrayEquals(ref.toFloatArray(), p.toFloatArray());
        float before = p.toFloatArray()[0];
        float adamBefore = ref.toFloatArray()[0];
        grad(p, 1);
        grad(ref, 1);
        eve.step(1.5);
        adam.step();
        double d2 = b3 + (1 - b3) / 3;
        assertEquals(d2, eve.d(), 1e-12);
        double adamStep = adamBefore - ref.toFloatArray()[0];
        assertEquals(adamStep / d2, before - p.toFloatArray()[0], 1e-6);
    }

    /** 1/d stays in [1/c, c] whatever the losses: jumps, plateaus, losses at or below L*. */
    @Test
    void eveFeedbackIsClipped() {
        double c = 3;
        Tensor p = param(1, 2);
        Eve eve = new Eve(List.of(p), EveConfig.DEFAULT.withClip(c).withBeta3(0.5).withLossMin(0.1));
        double[] losses = {5, 5, 1e6, 1e-3, 0.1, -4, 7, 7.000001, 3, 1e9, 0.2, 0.2, 0.2, 50};
        for (double loss : losses) {
            grad(p, 0.1f, -0.2f);
            eve.step(loss);
            double inv = 1 / eve.d();
            assertTrue(inv >= 1 / c - 1e-12 && inv <= c + 1e-12, "1/d = " + inv + " after loss " + loss);
        }
        // a long plateau drives d to 1/c (the largest step), a loss at L* to c (the smallest)
        Eve flat = new Eve(List.of(param(1)), EveConfig.DEFAULT.withClip(c).withBeta3(0));
        flat.params().get(0).setGrad(Tensor.ones(1));
        flat.step(2);
        flat.step(2);
        assertEquals(1 / c, flat.d(), 1e-12);
        flat.step(0);
        assertEquals(c, flat.d(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> flat.step(Double.NaN));
        // a plain step keeps d
        flat.step();
        assertEquals(c, flat.d(), 1e-12);
    }

    @Test
    void eveStateDictKeepsTheFeedback() {
        Tensor p = param(1);
        Eve eve = new Eve(List.of(p), EveConfig.DEFAULT.withBeta3(0.5));
        grad(p, 1);
        eve.step(4);
        eve.step(2);
        OptimizerState s = eve.stateDict();
        Eve other = new Eve(List.of(param(1)), EveConfig.DEFAULT.withBeta3(0.5));
        other.loadStateDict(s);
        assertEquals(eve.d(), other.d());
        assertEquals(2.0, s.scalars().get("eve.prev_loss"));
    }

    /**
     * Backstitch with plain SGD on f(x) = x^2/2 (gradient x): from x, the negative step gives
     * x1 = x + alpha*lr*x, the full step x2 = x1 - (1+alpha)*lr*x1.
     */
    @Test
    void backstitchTakesANegativeThenALargerStep() {
        double lr = 0.1;
        double alpha = 0.3;
        Tensor x = param(2);
        Backstitch bs = new Backstitch(new Sgd(List.of(x), lr), alpha, 1);
        int[] calls = {0};
        double loss = bs.step(() -> {
            calls[0]++;
            float v = x.toFloatArray()[0];
            x.setGrad(Tensor.fromArray(new float[] {v}, 1));
            return 0.5 * v * v;
        });
        double x1 = 2 + alpha * lr * 2;
        double x2 = x1 - (1 + alpha) * lr * x1;
        assertEquals(x2, x.toFloatArray()[0], 1e-6);
        assertEquals(2, calls[0]);
        assertEquals(2.0, loss, 1e-12); // the loss before the step
        assertEquals(lr, bs.inner().lr()); // lr restored
        // on a quadratic the net first-order step equals plain SGD's, the second-order term differs
        assertTrue(Math.abs(x2 - (2 - lr * 2)) < 0.02);
    }

    @Test
    void backstitchIntervalAndValidation() {
        Tensor x = param(1);
        Backstitch bs = new Backstitch(new Sgd(List.of(x), 0.1), 0.3, 3);
        int[] calls = {0};
        for (int i = 0; i < 6; i++) {
            bs.step(() -> {
                calls[0]++;
                x.setGrad(Tensor.ones(1));
                return 0;
            });
        }
        assertEquals(6 + 2, calls[0]); // minibatches 0 and 3 are backstitched
        assertThrows(IllegalArgumentException.class, () -> new Backstitch(new Sgd(List.of(param(1)), 0.1), -0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Backstitch(new Sgd(List.of(param(1)), 0.1), 0.3, 0));
        // a failing closure leaves the lr scale at 1
        Sgd inner = new Sgd(List.of(x), 0.1);
        Backstitch failing = new Backstitch(inner, 0.3, 1);
        int[] n = {0};
        assertThrows(IllegalStateException.class, () -> failing.step(() -> {
            if (n[0]++ == 1) throw new IllegalStateException("boom");
            x.setGrad(Tensor.ones(1));
            return 0;
        }));
        float before = x.toFloatArray()[0];
        x.setGrad(Tensor.ones(1));
        inner.step();
        assertEquals(before - 0.1f, x.toFloatArray()[0], 1e-7f);
    }

    /** NAdam and RAdam with decoupledWeightDecay (torch &gt;= 2.1): p *= 1 - lr*wd before the update. */
    @Test
    void decoupledWeightDecayInNAdamAndRAdam() {
        double lr = 0.1;
        double wd = 0.5;
        Tensor a = param(2);
        NAdam nadam = new NAdam(List.of(a), NAdamConfig.DEFAULT.withLr(lr).withWeightDecay(wd).withDecoupledWeightDecay(true));
        Tensor a2 = param((float) (2 * (1 - lr * wd)));
        NAdam plain = new NAdam(List.of(a2), NAdamConfig.DEFAULT.withLr(lr));
        grad(a, 0.3f);
        grad(a2, 0.3f);
        nadam.step();
        plain.step();
        assertEquals(a2.toFloatArray()[0], a.toFloatArray()[0], 1e-6f);

        Tensor b = param(2);
        RAdam radam = new RAdam(List.of(b), RAdamConfig.DEFAULT.withLr(lr).withWeightDecay(wd).withDecoupledWeightDecay(true));
        grad(b, 0.3f);
        radam.step();
        // step 1: rho_t < 5, so p = p*(1 - lr*wd) - lr*m/(1-b1) = 1.9 - 0.1*0.3
        assertEquals(2 * (1 - lr * wd) - lr * 0.3, b.toFloatArray()[0], 1e-6);
    }
}
