package dev.nabla.cli;

import dev.nabla.train.Callback;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A per-epoch progress bar with the running loss and ETA, for interactive terminals. */
final class TerminalProgress implements Callback {
    private final int stepsPerEpoch;
    private final int epochs;
    private ProgressBar bar;
    private double lossSum;
    private long samples;

    TerminalProgress(int stepsPerEpoch, int epochs) {
        this.stepsPerEpoch = stepsPerEpoch;
        this.epochs = epochs;
    }

    /** True when stdout is an interactive terminal (progress bars would garble a log file). */
    static boolean interactive() {
        return System.console() != null && System.console().isTerminal();
    }

    @Override
    public void onEpochBegin(int epoch) {
        lossSum = 0;
        samples = 0;
        bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                .setInitialMax(stepsPerEpoch).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
                .continuousUpdate().build();
    }

    @Override
    public void onBatchEnd(int step, Map<String, Double> logs) {
        double n = logs.getOrDefault("size", 1.0);
        lossSum += logs.get("loss") * n;
        samples += (long) n;
        bar.stepTo(step);
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", lossSum / samples));
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (bar != null) bar.close();
        bar = null;
    }
}
