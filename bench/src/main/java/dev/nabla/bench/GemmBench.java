package dev.nabla.bench;

import dev.nabla.kernel.Gemm;
import java.io.PrintStream;
import java.util.SplittableRandom;

/** Square float32 matrix products, n = 64 ... 2048, in GFLOP/s (median of timed repetitions). */
public final class GemmBench {
    private GemmBench() {}

    public static void run(PrintStream stream) {
        BenchOutput out = new BenchOutput(stream);
        for (int n : new int[] {64, 128, 256, 512, 1024, 2048}) {
            float[] a = random(n * n, 1);
            float[] b = random(n * n, 2);
            float[] c = new float[n * n];
            double flops = 2.0 * n * n * n;
            int reps = (int) Math.max(3, Math.min(20_000, 3e9 / flops / 10));
            for (int i = 0; i < reps; i++) Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
            double[] gflops = new double[7];
            for (int r = 0; r < gflops.length; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
                gflops[r] = flops * reps / (System.nanoTime() - t0);
            }
            out.result("gemm", "n=" + n, "gflops", BenchOutput.median(gflops), "GFLOP/s");
        }
    }

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }
}
