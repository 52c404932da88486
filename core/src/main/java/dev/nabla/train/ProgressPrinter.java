package dev.nabla.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Prints one plain line per epoch (for logs and pipes; a terminal progress bar is the CLI's), e.g.
 * <pre>
 * epoch 3/10  train_loss 0.2143  train_accuracy 0.9390  val_loss 0.2410  val_accuracy 0.9333  lr 0.001  0.4s  7512 samples/s
 * </pre>
 * and the stop reason, if training stopped early.
 */
public final class ProgressPrinter implements Callback {
    private final PrintStream out;
    private TrainContext context;

    /** Prints to standard output. */
    public ProgressPrinter() {
        this(System.out);
    }

    public ProgressPrinter(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void onTrainBegin(TrainContext context) {
        this.context = context;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        out.println(line(epoch, context.epochs(), logs));
    }

    @Override
    public void onTrainEnd(TrainContext context) {
        if (context.history().stopped()) out.println(context.history().stopReason());
    }

    /** The line printed for an epoch. */
    public static String line(int epoch, int epochs, Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs));
        logs.forEach((k, v) -> {
            switch (k) {
                case "epoch", "seconds", "samples_per_sec" -> { }
                case "lr" -> sb.append(String.format(Locale.ROOT, "  lr %.4g", v));
                default -> sb.append(String.format(Locale.ROOT, "  %s %.4f", k, v));
            }
        });
        Double s = logs.get("seconds");
        if (s != null) sb.append(String.format(Locale.ROOT, "  %.1fs", s));
        Double sps = logs.get("samples_per_sec");
        if (sps != null) sb.append(String.format(Locale.ROOT, "  %.0f samples/s", sps));
        return sb.toString();
    }
}
