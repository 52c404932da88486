package dev.nabla.cli;

import dev.nabla.bench.BenchOutput;
import dev.nabla.bench.GemmBench;
import dev.nabla.bench.OverheadBench;
import dev.nabla.kernel.Parallel;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nabla bench NAME}: prints one JSON object per result line. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run a benchmark: gemm, op-overhead.")
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "benchmark: gemm, op-overhead")
    String name;

    @Option(names = "--threads", description = "kernel threads (default: all cores)")
    Integer threads;

    @Override
    public Integer call() {
        if (threads != null) Parallel.setThreads(threads);
        BenchOutput out = new BenchOutput(System.out);
        switch (name) {
            case "gemm" -> GemmBench.run(System.out);
            case "op-overhead" -> OverheadBench.run(out);
            default -> throw new IllegalArgumentException("unknown benchmark '" + name + "' (known: gemm, op-overhead)");
        }
        return 0;
    }
}
