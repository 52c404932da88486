package dev.nabla.bench;

import dev.nabla.models.BasicBlock;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.lang.management.ManagementFactory;

/**
 * Forward + backward of one ResNet basic block (64 -> 64 channels, stride 1, identity shortcut; conv-BN-ReLU-conv-BN,
 * add, ReLU, in training mode), batch 32, at 28x28 and 32x32: a step zeroes the gradients, runs the block, takes the
 * mean of the squares of its output and backpropagates into the input and all weights. Metrics: steps_per_sec, the
 * median of five timed repetitions after a time-based warm-up, and cpu_ms_per_step, the process CPU time per step
 * over the same repetitions (median), which moves much less than wall time when other processes share the cores.
 * The same workload in PyTorch: tools/reference/resnet_block.py.
 */
public final class ResnetBlockBench {
    static final int[] SIZES = {28, 32};
    static final int CHANNELS = 64;
    static final int BATCH = 32;
    private static final int REPETITIONS = 5;

    private ResnetBlockBench() {}

    /**
     * Warm-up per size: the Winograd kernels reach their compiled speed only after a few hundred convolutions
     * (at 2 s the 28x28 case measured 12.6 steps/s, at 8 s 15.6); PyTorch's figure is the same with either.
     */
    static final double WARM_SECONDS = 8.0, REP_SECONDS = 2.0;

    public static void run(BenchOutput out) {
        run(out, SIZES, WARM_SECONDS, REP_SECONDS);
    }

    /** Measures each size after warmSeconds of warm-up, with repetitions of about repSeconds. */
    public static void run(BenchOutput out, int[] sizes, double warmSeconds, double repSeconds) {
        for (int size : sizes) {
            double[] m = measure(size, warmSeconds, repSeconds);
            String c = "c=" + CHANNELS + ",b=" + BATCH + ",hw=" + size;
            out.result("resnet-block", c, "steps_per_sec", m[0], "steps/s");
            out.result("resnet-block", c, "cpu_ms_per_step", m[1], "ms");
        }
    }

    /** {median steps/s, median process CPU milliseconds per step}. */
    static double[] measure(int size, double warmSeconds, double repSeconds) {
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
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] rates = new double[REPETITIONS];
        double[] cpu = new double[REPETITIONS];
        for (int r = 0; r < REPETITIONS; r++) {
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) step.run();
            rates[r] = reps / ((System.nanoTime() - t0) * 1e-9);
            cpu[r] = (os.getProcessCpuTime() - c0) / 1e6 / reps;
        }
        return new double[] {BenchOutput.median(rates), BenchOutput.median(cpu)};
    }

    /** Runs the benchmark alone: {@code java ... dev.nabla.bench.ResnetBlockBench [warmSeconds repSeconds]}. */
    public static void main(String[] args) {
        double warm = args.length > 0 ? Double.parseDouble(args[0]) : WARM_SECONDS;
        double rep = args.length > 1 ? Double.parseDouble(args[1]) : REP_SECONDS;
        run(new BenchOutput(System.out), SIZES, warm, rep);
    }
}
