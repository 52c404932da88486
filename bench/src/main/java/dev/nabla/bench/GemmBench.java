package dev.nabla.bench;

import dev.nabla.kernel.Gemm;
import dev.nabla.kernel.Parallel;
import java.io.PrintStream;
import java.util.SplittableRandom;

/**
 * Square float32 matrix products C = A B, n = 64 ... 2048, in GFLOP/s (2 n^3 flops per product): for each n a
 * time-based warm-up (the kernels must be C2-compiled before timing: interpreted or C1 code of the Vector API is
 * about a hundred times slower), then the median of seven timed repetitions of about 0.1 s each. Threads: as set
 * by {@link Parallel#setThreads} (e.g. {@code nabla bench gemm --threads T}). Products go through {@link Gemm}, so a
 * native GEMM on the class path takes the sizes it wins (the CLI has OpenBLAS, module {@code openblas}).
 */
public final class GemmBench {
    static final int[] SIZES = {64, 128, 256, 512, 1024, 2048};
    private static final int REPETITIONS = 7;
    private static final double REPETITION_SECONDS = 0.1;

    private GemmBench() {}

    public static void run(PrintStream stream) {
        BenchOutput out = new BenchOutput(stream);
        Gemm.nativeProvider().ifPresent(p -> System.err.println("gemm: large products through " + p.name()
                + " (NABLA_JVM_OPTS=-Dnabla.blas=java for the Java kernels only)"));
        boolean first = true;
        for (int n : SIZES) {
            // The first size also waits for C2 to compile the kernels: after 1 s, one run in seven still timed
            // unoptimized code (n = 64 at 2.8 GFLOP/s instead of about 145).
            out.result("gemm", "n=" + n, "gflops", measure(n, first ? 3.0 : 0.5), "GFLOP/s");
            first = false;
        }
    }

    /** Median GFLOP/s of square n x n products after warming up for about warmSeconds. */
    static double measure(int n, double warmSeconds) {
        float[] a = random(n * n, 1);
        float[] b = random(n * n, 2);
        float[] c = new float[n * n];
        double flops = 2.0 * n * n * n;
        // Warm up, and learn how many products fill one repetition.
        long reps = 1, start = System.nanoTime(), t0;
        double seconds;
        do {
            t0 = System.nanoTime();
            for (long i = 0; i < reps; i++) Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
            seconds = (System.nanoTime() - t0) * 1e-9;
            if (seconds < REPETITION_SECONDS / 4) reps *= 2;
        } while ((System.nanoTime() - start) * 1e-9 < warmSeconds);
        reps = Math.max(1, Math.round(reps * REPETITION_SECONDS / Math.max(seconds, 1e-9)));
        double[] gflops = new double[REPETITIONS];
        for (int r = 0; r < REPETITIONS; r++) {
            t0 = System.nanoTime();
            for (long i = 0; i < reps; i++) Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
            gflops[r] = flops * reps / (System.nanoTime() - t0);
        }
        return BenchOutput.median(gflops);
    }

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    /** {@code GemmBench [threads]}: the same as {@code nabla bench gemm}, without the CLI. */
    public static void main(String[] args) {
        if (args.length > 0) Parallel.setThreads(Integer.parseInt(args[0]));
        run(System.out);
    }
}
