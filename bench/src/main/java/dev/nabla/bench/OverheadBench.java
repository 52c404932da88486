package dev.nabla.bench;

import dev.nabla.autograd.Grad;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * Per-op framework overhead, as ../shared/reference/overhead.py measures it for PyTorch:
 * microseconds per 10-element add (new result), with and without graph recording.
 */
public final class OverheadBench {
    private OverheadBench() {}

    private static final int REPS = 5;

    public static void run(BenchOutput out) {
        Rng rng = Rng.seeded(0);
        Tensor a = Tensor.randn(rng, 10);
        Tensor b = Tensor.randn(rng, 10);
        double noGrad;
        try (var g = Grad.off()) {
            noGrad = perOpMicros(() -> a.add(b), 2_000_000);
        }
        out.result("op-overhead", "add10", "overhead", noGrad, "us");
        Tensor ag = Tensor.randn(rng, 10).requiresGrad(true);
        Tensor bg = Tensor.randn(rng, 10).requiresGrad(true);
        out.result("op-overhead", "add10-grad", "overhead", perOpMicros(() -> ag.add(bg), 2_000_000), "us");
        out.result("op-overhead", "add10-sum-backward", "overhead", perOpMicros(() -> {
            ag.add(bg).sum().backward();
            return ag;
        }, 500_000), "us");
        MlpStep.run(out);
    }

    /** Median over repetitions of the mean time per call, in microseconds. */
    static double perOpMicros(java.util.function.Supplier<Object> op, int n) {
        Object sink = null;
        for (int i = 0; i < n / 4; i++) sink = op.get();
        double[] times = new double[REPS];
        for (int r = 0; r < REPS; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) sink = op.get();
            times[r] = (System.nanoTime() - t0) / 1e3 / n;
        }
        if (sink == null) throw new IllegalStateException();
        return BenchOutput.median(times);
    }
}
