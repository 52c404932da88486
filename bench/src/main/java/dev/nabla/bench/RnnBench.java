package dev.nabla.bench;

import dev.nabla.autograd.Grad;
import dev.nabla.nn.GRU;
import dev.nabla.nn.LSTM;
import dev.nabla.nn.RNNBase;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.lang.management.ManagementFactory;

/**
 * The recurrent workload of ../shared/reference/rnn.py: one layer, input 64, hidden 256, sequence 100, batch 32; a
 * step is zero grads + forward over the whole sequence + loss mean(out^2) + backward (no optimizer). Prints the
 * median steps/s of {@code reps} timed repetitions of 10 steps each (after 3 warm-up repetitions), the
 * forward-only (no-grad) rate, and bytes allocated per training step.
 */
public final class RnnBench {
    static final int T = 100, B = 32, I = 64, H = 256;
    private static final int STEPS_PER_REP = 10;

    private RnnBench() {}

    /** kind: "lstm" or "gru". */
    public static void run(BenchOutput out, String kind, int reps) {
        if (reps < 1) throw new IllegalArgumentException("RnnBench: reps must be >= 1, got " + reps);
        Rng rng = Rng.seeded(0);
        RNNBase m = switch (kind) {
            case "lstm" -> new LSTM(I, H, rng);
            case "gru" -> new GRU(I, H, rng);
            default -> throw new IllegalArgumentException("RnnBench: unknown kind '" + kind + "' (known: lstm, gru)");
        };
        Tensor x = Tensor.randn(rng, T, B, I);
        for (int i = 0; i < 3 * STEPS_PER_REP; i++) step(m, x);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double[] rates = new double[reps];
        long a0 = threads.getCurrentThreadAllocatedBytes();
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < STEPS_PER_REP; i++) step(m, x);
            rates[r] = STEPS_PER_REP / ((System.nanoTime() - t0) / 1e9);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - a0;
        String shape = "T=" + T + ",B=" + B + ",I=" + I + ",H=" + H;
        out.result(kind, shape, "steps_per_sec", BenchOutput.median(rates), "steps/s");
        double[] fwd = new double[reps];
        try (var g = Grad.off()) {
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < STEPS_PER_REP; i++) m.forward(x);
                fwd[r] = STEPS_PER_REP / ((System.nanoTime() - t0) / 1e9);
            }
        }
        out.result(kind, shape + ",forward-only", "steps_per_sec", BenchOutput.median(fwd), "steps/s");
        out.result(kind, "train-step", "allocated_per_step", allocated / (double) (reps * STEPS_PER_REP) / (1 << 20), "MiB");
    }

    private static void step(RNNBase m, Tensor x) {
        m.zeroGrad();
        Tensor out = m.forward(x);
        out.square().mean().backward();
    }

    public static void main(String[] args) {
        run(new BenchOutput(System.out), args.length > 0 ? args[0] : "lstm", args.length > 1 ? Integer.parseInt(args[1]) : 5);
    }
}
