package dev.nabla.bench;

import dev.nabla.autograd.Grad;
import dev.nabla.nn.TransformerEncoder;
import dev.nabla.nn.TransformerLayerConfig;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * The transformer workload of ../shared/reference/transformer.py: nn.TransformerEncoder with d_model 128,
 * 4 heads, 2 post-norm ReLU layers, feed-forward 512, dropout 0, batch first; input [32, 128, 128]. A step is
 * zero grads + forward + loss mean(out^2) + backward (no optimizer step). Reports training steps/s per
 * repetition of 10 steps and their median, the bytes allocated and the GC time per training step, and evaluation
 * forward steps/s. A step keeps about 110 MB of activations alive from forward to backward and allocates about
 * 300 MB, so a young generation much smaller than that (the launcher's -Xmn128m) promotes activations and spends
 * a large share of the time in GC; the launcher runs {@code nabla bench transformer} with -Xmn1g for that reason.
 */
public final class TransformerBench {
    private TransformerBench() {}

    static final int BATCH = 32;
    static final int SEQ = 128;
    static final int D_MODEL = 128;

    public static void run(BenchOutput out, int reps) {
        Rng rng = Rng.seeded(0);
        TransformerLayerConfig cfg = TransformerLayerConfig.defaults().withDimFeedforward(512).withDropout(0).withBatchFirst(true);
        TransformerEncoder model = TransformerEncoder.of(D_MODEL, 4, cfg, 2, false, rng);
        model.train();
        Tensor x = Tensor.randn(rng, BATCH, SEQ, D_MODEL);
        for (int i = 0; i < 3; i++) step(model, x);
        int steps = 10;
        double[] rates = new double[Math.max(1, reps)];
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long gc0 = gcMillis();
        long a0 = threads.getCurrentThreadAllocatedBytes();
        for (int r = 0; r < rates.length; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) step(model, x);
            rates[r] = steps / ((System.nanoTime() - t0) / 1e9);
            out.result("transformer", "rep=" + (r + 1), "steps_per_sec", rates[r], "steps/s");
        }
        double perStep = (threads.getCurrentThreadAllocatedBytes() - a0) / (double) (steps * rates.length);
        out.result("transformer", "median", "steps_per_sec", BenchOutput.median(rates), "steps/s");
        out.result("transformer", "train-step", "allocated_per_step", perStep / (1 << 20), "MiB");
        out.result("transformer", "train-step", "gc_per_step", (gcMillis() - gc0) / (double) (steps * rates.length), "ms");
        model.eval();
        double[] fwd = new double[rates.length];
        try (var g = Grad.off()) {
            for (int r = 0; r < fwd.length; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < steps; i++) model.forward(x);
                fwd[r] = steps / ((System.nanoTime() - t0) / 1e9);
            }
        }
        out.result("transformer", "eval-forward", "steps_per_sec", BenchOutput.median(fwd), "steps/s");
    }

    private static long gcMillis() {
        long t = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) t += Math.max(0, gc.getCollectionTime());
        return t;
    }

    static void step(TransformerEncoder model, Tensor x) {
        model.zeroGrad();
        model.forward(x).square().mean().backward();
    }

    /** Runs the benchmark alone: {@code java ... dev.nabla.bench.TransformerBench [reps]}. */
    public static void main(String[] args) {
        run(new BenchOutput(System.out), args.length > 0 ? Integer.parseInt(args[0]) : 5);
    }
}
