package dev.nabla.train;

import dev.nabla.autograd.Grad;
import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Stops training when a monitored value (an epoch log key such as {@code val_loss}) has not improved
 * by more than {@code minDelta} for {@code patience} epochs in a row, as Keras's EarlyStopping.
 * With {@code restoreBestWeights} (the default here) it keeps an in-memory copy of the model's state
 * dict from the best epoch and loads it back when training ends, whether it stopped early, ran all
 * epochs, or ended by a non-finite loss, so the model holds the best epoch's weights and buffers.
 * A NaN value never counts as an improvement; a missing key is an error naming the keys there are.
 */
public final class EarlyStopping implements Callback {
    private final String monitor;
    private final int patience;
    private Mode mode = Mode.AUTO;
    private double minDelta;
    private boolean restoreBestWeights = true;

    private TrainContext context;
    private Mode resolved;
    private double best;
    private int bestEpoch;
    private int wait;
    private int stoppedEpoch;
    private Map<String, Tensor> bestState;

    public EarlyStopping(String monitor, int patience) {
        if (monitor == null || monitor.isEmpty()) throw new IllegalArgumentException("EarlyStopping: monitor must be named");
        if (patience < 0) throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
        this.monitor = monitor;
        this.patience = patience;
    }

    /** MIN, MAX, or AUTO (default; see {@link Mode#AUTO}). */
    public EarlyStopping mode(Mode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /** The least change that counts as an improvement (default 0). */
    public EarlyStopping minDelta(double minDelta) {
        if (!(minDelta >= 0)) throw new IllegalArgumentException("EarlyStopping: minDelta must be >= 0, got " + minDelta);
        this.minDelta = minDelta;
        return this;
    }

    public EarlyStopping restoreBestWeights(boolean restore) {
        this.restoreBestWeights = restore;
        return this;
    }

    @Override
    public void onTrainBegin(TrainContext context) {
        this.context = context;
        resolved = mode.resolve(monitor);
        best = Double.NaN;
        bestEpoch = 0;
        wait = 0;
        stoppedEpoch = 0;
        bestState = null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Double v = logs.get(monitor);
        if (v == null) {
            throw new IllegalStateException("EarlyStopping: monitored '" + monitor + "' is not in the epoch logs " + logs.keySet());
        }
        if (resolved.improves(v, best, minDelta)) {
            best = v;
            bestEpoch = epoch;
            wait = 0;
            if (restoreBestWeights) bestState = snapshot();
            return;
        }
        wait++;
        if (wait >= patience) { // as Keras; patience 0 stops at the first epoch without improvement
            stoppedEpoch = epoch;
            context.requestStop(String.format(Locale.ROOT,
                    "early stopping at epoch %d: %s did not improve by more than %s for %d epoch%s (best %.6g at epoch %d)",
                    epoch, monitor, minDelta, wait, wait == 1 ? "" : "s", best, bestEpoch));
        }
    }

    private Map<String, Tensor> snapshot() {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        try (var g = Grad.off()) {
            context.model().stateDict().forEach((k, t) -> copy.put(k, t.detach().copy()));
        }
        return copy;
    }

    @Override
    public void onTrainEnd(TrainContext context) {
        if (restoreBestWeights && bestState != null) context.model().loadStateDict(bestState, true);
    }

    /** The best monitored value seen (NaN before any). */
    public double best() {
        return best;
    }

    /** The epoch of the best value, from 1 (0 before any). */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The epoch at which it asked training to stop, or 0 if it did not. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }
}
