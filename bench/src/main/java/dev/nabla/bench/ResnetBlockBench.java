package dev.nabla.bench;

import dev.nabla.models.BasicBlock;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * Forward + backward of one ResNet basic block (64 -> 64 channels, stride 1, identity shortcut; conv-BN-ReLU-conv-BN,
 * add, ReLU, in training mode), batch 32, at 28x28 and 32x32: a step zeroes the gradients, runs the block, takes the
 * mean of the squares of its output and backpropagates into the input and all weights. Metric steps_per_sec: the
 * median of five timed repetitions after a time-based warm-up. The same workload in PyTorch:
 * tools/reference/resnet_block.py.
 */
public final class ResnetBlockBench {
    static final int[] SIZES = {28, 32};
    static final int CHANNELS = 64;
    static final int BATCH = 32;
    private static final int REPETITIONS = 5;

    private ResnetBlockBench() {}

    public static void run(BenchOutput out) {
        run(out, SIZES, 2.0, 1.0);
    }

    /** Measures each size after warmSeconds of warm-up, with repetitions of about repSeconds. */
    public static void run(BenchOutput out, int[] sizes, double warmSeconds, double repSeconds) {
        for (int size : sizes) {
            out.result("resnet-block", "c=" + CHANNELS + ",b=" + BATCH + ",hw=" + size, "steps_per_sec",
                    measure(size, warmSeconds, repSeconds), "steps/s");
        }
    }

    static double measure(int size, double warmSeconds, double repSeconds) {
        Rng rng = Rng.seeded(0);
        BasicBlock block = new BasicBlock(CHANNELS, CHANNELS, 1, rng);
        block.train();
        Tensor x = Tensor.randn(rng, BATCH, CHANNELS, size, size).requiresGrad(true);
        Runnable step = () -> {
            block.zeroGrad();
            x.zeroGrad();
            block.forward(x).square().mean().backward();
        };
        long start = System.nanoTime();
        int steps = 0;
        while ((System.nanoTime() - start) * 1e-9 < warmSeconds || steps < 2) {
            step.run();
            steps++;
        }
        double perStep = (System.nanoTime() - start) * 1e-9 / steps;
        int reps = Math.max(1, (int) Math.round(repSeconds / perStep));
        double[] rates = new double[REPETITIONS];
        for (int r = 0; r < REPETITIONS; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) step.run();
            rates[r] = reps / ((System.nanoTime() - t0) * 1e-9);
        }
        return BenchOutput.median(rates);
    }

    /** Runs the benchmark alone: {@code java ... dev.nabla.bench.ResnetBlockBench [warmSeconds repSeconds]}. */
    public static void main(String[] args) {
        double warm = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        double rep = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        run(new BenchOutput(System.out), SIZES, warm, rep);
    }
}
