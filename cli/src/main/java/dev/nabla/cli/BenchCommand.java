package dev.nabla.cli;

import dev.nabla.bench.BenchOutput;
import dev.nabla.bench.GemmBench;
import dev.nabla.bench.LenetBench;
import dev.nabla.bench.MlpBench;
import dev.nabla.bench.OverheadBench;
import dev.nabla.bench.ResnetBlockBench;
import dev.nabla.bench.RnnBench;
import dev.nabla.bench.TransformerBench;
import dev.nabla.kernel.Parallel;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nabla bench NAME}: prints one JSON object per result line. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run a benchmark: " + BenchCommand.KNOWN + ".")
final class BenchCommand implements Callable<Integer> {
    static final String KNOWN = "gemm, op-overhead, mlp, lenet, resnet-block, lstm, gru, transformer";

    @Parameters(index = "0", description = "benchmark: " + KNOWN)
    String name;

    @Option(names = "--threads", description = "kernel threads (default: all cores)")
    Integer threads;

    @Option(names = "--epochs", defaultValue = "3", description = "epochs for training benchmarks (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--reps", defaultValue = "5", description = "timed repetitions of the lstm, gru and transformer benchmarks (default: ${DEFAULT-VALUE})")
    int reps;

    @Override
    public Integer call() {
        if (threads != null) Parallel.setThreads(threads);
        BenchOutput out = new BenchOutput(System.out);
        switch (name) {
            case "gemm" -> GemmBench.run(System.out);
            case "op-overhead" -> OverheadBench.run(out);
            case "mlp" -> MlpBench.run(out, epochs);
            case "lenet" -> LenetBench.run(out, epochs);
            case "resnet-block" -> ResnetBlockBench.run(out);
            case "lstm", "gru" -> RnnBench.run(out, name, reps);
            case "transformer" -> TransformerBench.run(out, reps);
            default -> throw new IllegalArgumentException("unknown benchmark '" + name + "' (known: " + KNOWN + ")");
        }
        return 0;
    }
}
