package dev.nabla.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.optim.Sgd;
import dev.nabla.optim.SgdConfig;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** The LR range test on a quadratic, where plain SGD is stable exactly for lr &lt; 2 (curvature 1). */
class LrFinderTest {
    private final Tensor x = Tensor.fromArray(new float[] {3, -2, 1}, 3).requiresGrad(true);

    /** 0.5*|x|^2 with gradient x. */
    private final DoubleSupplier quadratic = () -> {
        float[] v = x.toFloatArray();
        x.setGrad(Tensor.fromArray(v, 3));
        double loss = 0;
        for (float f : v) loss += 0.5 * f * f;
        return loss;
    };

    @Test
    void sweepsExponentiallyStopsOnDivergenceAndRestores() {
        Sgd opt = new Sgd(List.of(x), SgdConfig.DEFAULT.withLr(0.01).withMomentum(0.5));
        LrFinder.Result r = new LrFinder(LrFinder.Options.DEFAULT.withRange(1e-4, 100).withNumIter(60).withSmoothing(0.5)).run(opt, quadratic);
        List<LrFinder.Point> pts = r.points();
        assertTrue(r.diverged());
        assertTrue(pts.size() < 60, "stopped early: " + pts.size());
        double ratio = Math.pow(100 / 1e-4, 1.0 / 59);
        assertEquals(1e-4, pts.get(0).lr(), 1e-18);
        for (int i = 1; i < pts.size(); i++) assertEquals(ratio, pts.get(i).lr() / pts.get(i - 1).lr(), 1e-9);
        // the first smoothed loss is the first loss (bias correction), then the loss falls before it blows up
        assertEquals(pts.get(0).loss(), pts.get(0).smoothedLoss(), 1e-12);
        assertEquals(7.0, pts.get(0).loss(), 1e-6);
        double best = pts.stream().mapToDouble(LrFinder.Point::smoothedLoss).min().orElseThrow();
        assertTrue(best < 1, "best smoothed loss " + best);
        double steep = r.steepestLr();
        assertTrue(steep > 1e-2 && steep < 2, "steepest lr " + steep);
        assertTrue(r.minLossLr() >= steep);
        // restored: parameters, lr, optimizer state
        assertArrayEquals(new float[] {3, -2, 1}, x.toFloatArray());
        assertEquals(0.01, opt.lr());
        assertNull(opt.state("0"));
        assertNull(x.grad());
    }

    @Test
    void withoutRestoreTheModelKeepsTheSteps() {
        Sgd opt = new Sgd(List.of(x), 0.01);
        LrFinder.Result r = new LrFinder(LrFinder.Options.DEFAULT.withRange(1e-3, 1).withNumIter(20).withRestore(false)).run(opt, quadratic);
        assertEquals(20, r.points().size());
        assertTrue(!r.diverged());
        assertTrue(x.toFloatArray()[0] < 3);
    }

    @Test
    void optionsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> LrFinder.Options.DEFAULT.withRange(1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> LrFinder.Options.DEFAULT.withNumIter(1));
        assertThrows(IllegalArgumentException.class, () -> LrFinder.Options.DEFAULT.withSmoothing(1));
        assertThrows(IllegalArgumentException.class, () -> LrFinder.Options.DEFAULT.withDivergeThreshold(1));
    }
}
