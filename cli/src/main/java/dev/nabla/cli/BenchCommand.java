package dev.nabla.cli;

import dev.nabla.bench.BenchOutput;
import dev.nabla.bench.GemmBench;
import dev.nabla.bench.LenetBench;
import dev.nabla.bench.MlpBench;
import dev.nabla.bench.OverheadBench;
import dev.nabla.kernel.Parallel;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nabla bench NAME}: prints one JSON object per result line. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run a benchmark: gemm, op-overhead, mlp, lenet.")
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "benchmark: gemm, op-overhead, mlp, lenet")
    String name;

    @Option(names = "--threads", description = "kernel threads (default: all cores)")
    Integer threads;

    @Option(names = "--epochs", defaultValue = "3", description = "epochs for training benchmarks (default: ${DEFAULT-VALUE})")
    int epochs;

    @Override
    public Integer call() {
        if (threads != null) Parallel.setThreads(threads);
        BenchOutput out = new BenchOutput(System.out);
        switch (name) {
            case "gemm" -> GemmBench.run(System.out);
            case "op-overhead" -> OverheadBench.run(out);
            case "mlp" -> MlpBench.run(out, epochs);
            case "lenet" -> LenetBench.run(out, epochs);
            default -> throw new IllegalArgumentException("unknown benchmark '" + name + "' (known: gemm, op-overhead, mlp, lenet)");
        }
        return 0;
    }
}
